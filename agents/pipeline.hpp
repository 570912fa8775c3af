// The daily pipeline: the one statement of what runs each day, in what order, how, when, and
// what each phase reads and writes. The engine walks this table; the per-phase timings in the
// manifest and the step-order section of docs/model.md come from it. Phases that run side by
// side must not write what the other reads or writes: checked when the code compiles.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace icsim::agents {

struct Run;
struct Day;

// The parts of a run's state the phases share. Each is a logical region: the monthly counts,
// for instance, are one array, but the care pathway's slots and the hospital flow's are apart.
enum class State : std::uint32_t {
  kResidentAttributes = 1u << 0,  // who exists, and birth day, sex, deprivation, practice (fixed once added)
  kResidentState = 1u << 1,       // status, health, living setting, hospital flags, last discharge
  kEventCalendars = 1u << 2,      // each PCN's scheduled events
  kRunningCounts = 1u << 3,       // residents by cell and stock, now
  kMonthEndStocks = 1u << 4,      // the running counts as at each month's end
  kPathwayCounts = 1u << 5,       // monthly counts of demography, episodes and the care pathway
  kHospitalCounts = 1u << 6,      // monthly counts of the hospital flow, by PCN and by site
  kEpisodes = 1u << 7,            // today's episodes and those waiting for a GP slot
  kGpSlots = 1u << 8,             // same-day GP slots left today
  kHandOffs = 1u << 9,            // places freed and taken, referrals and inpatients leaving: events to the flow
  kAdmissions = 1u << 10,         // today's emergency admissions and A&E attendances: the pathway to the flow
  kHospital = 1u << 11,           // beds, stays, downstream pools and their queues
  kProgrammeState = 1u << 12,         // budgets, staff, coverage and the bodies' decisions
  kProgrammeCounts = 1u << 13,    // what programmes met, prevented and supported, for the dashboards
  kCommunityBase = 1u << 14,      // frail residents at home, whom community referrals come from
};
using States = std::uint32_t;
template <class... S>
constexpr States of(S... states) {
  return (static_cast<States>(states) | ... | 0u);
}
inline constexpr int kStateKinds = 15;
std::string_view state_id(State state);

enum class Mode : std::uint8_t {
  kEachPcn,  // called once per PCN, PCNs in parallel; writes only that PCN's part of each state
  kWhole,    // called once with the whole run (it may parallelise within, deterministically)
};

enum class Due : std::uint8_t {
  kEveryDay,
  kEveryDayWithProgrammes,   // only when some programme is funded
  kMonthEnd,                 // the last day of each month
  kMonthEndWithProgrammes,
};

struct Phase {
  std::string_view name;  // also the manifest's phase_seconds key: simulate_<name>
  Mode mode;
  Due due;
  bool alongside_previous;  // runs side by side with the phase before it (one kWhole, one kEachPcn)
  States reads;
  States writes;
  void (*run)(Run&, const Day&, std::size_t pcn);  // pcn is 0 for kWhole phases
  void (*prepare)(Run&);                           // once, after the residents are built; may be null
  std::string_view summary;                        // for docs/model.md
};

// Phases side by side come in pairs, one whole-run and one per PCN, due together, and neither
// writes what the other reads or writes.
consteval bool side_by_side_phases_are_apart(std::span<const Phase> phases) {
  if (phases.empty() || phases[0].alongside_previous) return false;
  for (std::size_t k = 1; k < phases.size(); ++k) {
    if (!phases[k].alongside_previous) continue;
    const Phase& a = phases[k - 1];
    const Phase& b = phases[k];
    if (a.alongside_previous || a.mode == b.mode || a.due != b.due) return false;
    if ((a.writes & (b.reads | b.writes)) != 0 || (b.writes & (a.reads | a.writes)) != 0) return false;
  }
  return true;
}

// The phases in the order they run each day.
std::span<const Phase> pipeline();

// Runs every phase due on `day`, in order, adding each phase's seconds to `seconds[k]`.
void run_pipeline(Run& run, const Day& day, double* seconds);
// Calls each phase's prepare, in order.
void prepare_pipeline(Run& run);
// The step order as a Markdown list, for docs/model.md (tools/update-docs writes it there).
std::string pipeline_markdown();
// The same as text, a phase a few lines.
std::string pipeline_text();

}  // namespace icsim::agents
