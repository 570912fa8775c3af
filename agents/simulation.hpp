// One simulation run: the world, its residents and the daily loop that moves them, producing
// the measure table. A run is a value: it owns all its state, so runs can execute side by side.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "agents/config.hpp"
#include "agents/programmes.hpp"
#include "sim/measure_table.hpp"

namespace icsim::agents {

// How to run a model, apart from the model itself: replications and comparisons share one
// loaded configuration and differ only here.
struct RunOptions {
  // Keys every random stream; without it, the scenario's run.seed.
  std::optional<std::uint64_t> seed;
  int threads = 1;
  // Called on the calling thread at each month end with (days done, days in horizon).
  std::function<void(int, int)> progress;
};

struct RunStats {
  std::int64_t residents_start = 0;
  std::int64_t residents_end = 0;
  std::int64_t residents_ever = 0;       // agents created: start + births + in-migrants
  std::int64_t events_processed = 0;
  std::int64_t episodes = 0;             // episodes of need
  std::size_t population_bytes = 0;      // resident arrays and event queues, at the end
  double build_seconds = 0.0;            // population generation, health, first scheduling
  double simulate_seconds = 0.0;         // the daily loop, of which:
  double events_seconds = 0.0;           //   phase 1, the day's events
  double routing_seconds = 0.0;          //   phase 2, episodes along the care pathway
  double flow_seconds = 0.0;             //   phase 3, the hospital flow and downstream care
  double month_end_seconds = 0.0;        //   phases 4-5, in-migration and month-end counts
  double tabulate_seconds = 0.0;         // measures rolled up the containment tree
};

// One acute site at the end of one day (occupancy.csv).
struct SiteOccupancy {
  std::string date;      // ISO date
  std::string site;      // provider id
  std::int64_t beds;     // base general and acute beds
  std::int64_t limit;    // with escalation beds
  std::int64_t occupied; // beds occupied, escalation included
  std::int64_t delayed;  // of which by patients medically fit for discharge
  std::int64_t waiting;  // admitted patients waiting in A&E for a bed
};

// What the programmes did: the bodies' decisions and each programme's yearly accounts.
struct ProgrammeReport {
  std::vector<Decision> decisions;
  std::vector<ProgrammeYear> accounts;
  std::array<std::vector<std::string>, kCommissioningLevels> unit_ids;  // by level
};

struct RunResult {
  sim::MeasureTable measures;
  RunStats stats;
  std::vector<SiteOccupancy> occupancy;  // by day, then site
  ProgrammeReport programmes;
};

// The daily phases, in the order they run each day (documented in docs/model.md).
inline constexpr const char* kDailyPhases[] = {
    "0 programmes (serially, only when a programme is funded): budgets allocated at a year's start, decisions that take "
    "effect, staff in post, spending and coverage; on review days the bodies' dashboard reviews and proposals",
    "1 events (each PCN in parallel): birthdays that cross an age band, births, episodes of need arising, "
    "health transitions (onsets, frailty steps), deaths, moves away",
    "2 care pathway (each PCN in parallel): today's episodes follow the pathway to their outcomes; practices share "
    "out their same-day slots among the episodes asking for them",
    "3 hospital flow (serially, the sites and pools being shared): long-term places freed by deaths and moves, "
    "community referrals queued, ended short-term episodes, fit inpatients moved on or delayed, pools served in "
    "order, today's admissions given beds or left waiting in A&E, bed days and delayed days counted",
    "4 in-migration (last day of each month): each Place tops up towards its growth path",
    "5 month end (last day of each month): residents, conditions, frailty and living settings counted by PCN, age "
    "band, sex and IMD quintile; the base of community referrals refreshed",
};

// The measures a run produces, in table order, and the groups each is broken down by.
std::vector<std::string> measure_names();
std::vector<std::string> group_names();
// Measures that are ratios, means or per-area figures: they do not add up over areas or groups.
std::vector<std::string> non_additive_measures();

class Engine;

// A run that can be driven day by day (for benchmarks and tools); run_simulation() drives it
// from start to end. It keeps references to `config` and `options`: both must outlive it.
class Simulation {
 public:
  Simulation(const ScenarioConfig& config, const RunOptions& options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Generates the residents and schedules their lives (day 0 state).
  void build();
  // Runs every phase of one simulation day, 0-based, in order.
  void step(int sim_day);
  int num_days() const;
  // Tabulates the measures; call after the last day.
  RunResult finish();

 private:
  std::unique_ptr<Engine> engine_;
};

RunResult run_simulation(const ScenarioConfig& config, const RunOptions& options);

}  // namespace icsim::agents
