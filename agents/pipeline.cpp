// The daily pipeline table, its checks, and the walk over it.
#include "agents/pipeline.hpp"

#include <fmt/format.h>

#include "agents/run.hpp"
#include "sim/clock.hpp"

namespace icsim::agents {

// Each phase's entry points, defined in its own file under agents/phases/.
void programmes_day(Run&, const Day&, std::size_t);
void prepare_programmes(Run&);
void life_events(Run&, const Day&, std::size_t pcn);
void hospital_intake(Run&, const Day&, std::size_t);
void prepare_hospital(Run&);
void care_pathway(Run&, const Day&, std::size_t pcn);
void prepare_care_pathway(Run&);
void hospital_discharges(Run&, const Day&, std::size_t);
void hospital_admissions(Run&, const Day&, std::size_t);
void in_migration(Run&, const Day&, std::size_t);
void prepare_in_migration(Run&);
void month_end_stocks(Run&, const Day&, std::size_t pcn);
void community_base(Run&, const Day&, std::size_t);
void programme_counts(Run&, const Day&, std::size_t);

namespace {
using enum State;

// icsim:table
constexpr Phase kPipeline[] = {
    {"programmes", Mode::kWhole, Due::kEveryDayWithProgrammes, false, of(kProgrammeState, kProgrammeCounts), of(kProgrammeState),
     programmes_day, prepare_programmes,
     "budgets allocated at a year's start, decisions that take effect today, staff in post, spending and coverage; on "
     "review days the bodies' dashboard reviews and proposals (7.17-7.19)"},
    {"life_events", Mode::kEachPcn, Due::kEveryDay, false,
     of(kResidentAttributes, kResidentState, kEventCalendars, kProgrammeState),
     of(kResidentAttributes, kResidentState, kEventCalendars, kRunningCounts, kPathwayCounts, kEpisodes, kHandOffs, kProgrammeCounts),
     life_events, nullptr,
     "the day's events in order of kind, then resident (the table below): birthdays that cross an age band, births, "
     "episodes of need arising, health transitions, deaths, moves away"},
    {"hospital_intake", Mode::kWhole, Due::kEveryDay, false, of(kHandOffs, kResidentAttributes, kResidentState),
     of(kHospital, kHandOffs), hospital_intake, prepare_hospital,
     "what the events handed to the hospital flow: long-term places freed by deaths and moves, community referrals "
     "queued, inpatients who died or moved"},
    {"care_pathway", Mode::kEachPcn, Due::kEveryDay, false, of(kEpisodes, kResidentAttributes, kGpSlots, kProgrammeState),
     of(kEpisodes, kGpSlots, kPathwayCounts, kAdmissions, kProgrammeCounts), care_pathway, prepare_care_pathway,
     "today's episodes follow the pathway to their outcomes; practices share out their same-day slots among the "
     "episodes asking for them (7.8)"},
    {"hospital_discharges", Mode::kWhole, Due::kEveryDay, true,
     of(kHospital, kResidentAttributes, kResidentState, kCommunityBase, kRunningCounts),
     of(kHospital, kResidentState, kEventCalendars, kRunningCounts, kHospitalCounts), hospital_discharges, nullptr,
     "the first half of the hospital flow: on a year's first day, beds and places from the capacity plan; electives "
     "whose nights are done go home; ended "
     "short-term episodes, fit inpatients moved on or delayed, pools served in order (7.11-7.13)"},
    {"hospital_admissions", Mode::kWhole, Due::kEveryDay, false,
     of(kAdmissions, kHospital, kResidentAttributes, kResidentState),
     of(kAdmissions, kHospital, kHospitalCounts, kResidentState, kEventCalendars, kRunningCounts), hospital_admissions,
     nullptr,
     "the morning's electives: additions to the lists and, on working days, bookings admitted or cancelled; then today's "
     "admissions, in PCN order, given beds or left waiting in A&E (through the departments, hour by hour, when on); bed "
     "days and delayed days counted"},
    {"in_migration", Mode::kWhole, Due::kMonthEnd, false, of(kResidentAttributes, kRunningCounts, kHospital),
     of(kResidentAttributes, kResidentState, kEventCalendars, kRunningCounts, kPathwayCounts, kHandOffs, kHospital), in_migration,
     prepare_in_migration,
     "each Place tops up towards its growth path (7.4); arrivals with a package or into a care home take a free place in "
     "their pool or wait at home for one (7.13)"},
    {"month_end_stocks", Mode::kEachPcn, Due::kMonthEnd, false, of(kRunningCounts), of(kMonthEndStocks),
     month_end_stocks, nullptr,
     "residents, conditions, frailty and living settings recorded by PCN, age band, sex and IMD quintile"},
    {"community_base", Mode::kWhole, Due::kMonthEnd, false, of(kRunningCounts), of(kCommunityBase), community_base,
     nullptr, "the bases of short-term community referrals (frail residents at home) and of additions to the elective lists refreshed"},
    {"programme_counts", Mode::kWhole, Due::kMonthEndWithProgrammes, false,
     of(kResidentAttributes, kResidentState, kRunningCounts, kPathwayCounts), of(kProgrammeState), programme_counts, nullptr,
     "the month's observable counts of each PCN onto the dashboards; programmes re-count their eligible residents before "
     "each review, year and start"},
};

}  // namespace

static_assert(side_by_side_phases_are_apart(kPipeline), "phases that run side by side touch the same state");

std::span<const Phase> pipeline() { return kPipeline; }

namespace {
bool due(const Phase& phase, const Run& run, const Day& day) {
  switch (phase.due) {
    case Due::kEveryDay: return true;
    case Due::kEveryDayWithProgrammes: return run.programmes.on;
    case Due::kMonthEnd: return day.last_of_month;
    case Due::kMonthEndWithProgrammes: return day.last_of_month && run.programmes.on;
  }
  return false;
}

void run_phase(Run& run, const Phase& phase, const Day& day) {
  if (phase.mode == Mode::kWhole) {
    phase.run(run, day, 0);
    return;
  }
  run.executor.for_each(run.partitions.size(), [&](std::size_t p) { phase.run(run, day, p); });
}
}  // namespace

void run_pipeline(Run& run, const Day& day, double* seconds) {
  for (std::size_t k = 0; k < std::size(kPipeline); ++k) {
    const Phase& phase = kPipeline[k];
    const bool paired = k + 1 < std::size(kPipeline) && kPipeline[k + 1].alongside_previous;
    if (!due(phase, run, day)) {
      k += paired;
      continue;
    }
    const auto start = sim::Clock::now();
    if (!paired) {
      run_phase(run, phase, day);
      seconds[k] += sim::seconds_since(start);
      continue;
    }
    // One whole-run phase as a task beside the per-PCN phase: timed on its own thread.
    const std::size_t whole = phase.mode == Mode::kWhole ? k : k + 1;
    const std::size_t each = whole == k ? k + 1 : k;
    double whole_seconds = 0.0;
    run.executor.for_each_alongside(
        [&] {
          const auto t = sim::Clock::now();
          kPipeline[whole].run(run, day, 0);
          whole_seconds = sim::seconds_since(t);
        },
        run.partitions.size(), [&](std::size_t p) { kPipeline[each].run(run, day, p); });
    seconds[each] += sim::seconds_since(start);
    seconds[whole] += whole_seconds;
    ++k;
  }
}

void prepare_pipeline(Run& run) {
  for (const Phase& phase : kPipeline) {
    if (phase.prepare != nullptr) phase.prepare(run);
  }
}

std::string_view state_id(State state) {
  switch (state) {
    case State::kResidentAttributes: return "resident attributes";
    case State::kResidentState: return "resident state";
    case State::kEventCalendars: return "event calendars";
    case State::kRunningCounts: return "running counts";
    case State::kMonthEndStocks: return "month-end stocks";
    case State::kPathwayCounts: return "pathway counts";
    case State::kHospitalCounts: return "hospital counts";
    case State::kEpisodes: return "today's episodes";
    case State::kGpSlots: return "GP slots";
    case State::kHandOffs: return "hand-offs to the flow";
    case State::kAdmissions: return "today's admissions and A&E attendances";
    case State::kHospital: return "hospital";
    case State::kProgrammeState: return "programmes";
    case State::kProgrammeCounts: return "programme counts";
    case State::kCommunityBase: return "community base";
  }
  return "";
}

namespace {
std::string states_text(States states) {
  std::string out;
  for (int k = 0; k < kStateKinds; ++k) {
    if ((states >> k & 1u) == 0) continue;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", state_id(static_cast<State>(1u << k)));
  }
  return out;
}

std::string_view when_text(Due due) {
  switch (due) {
    case Due::kEveryDay: return "every day";
    case Due::kEveryDayWithProgrammes: return "every day, when a programme is funded";
    case Due::kMonthEnd: return "last day of each month";
    case Due::kMonthEndWithProgrammes: return "last day of each month, when a programme is funded";
  }
  return "";
}
}  // namespace

std::string pipeline_markdown() {
  std::string out = "| # | phase | how | when | what it does | reads | writes |\n|---|---|---|---|---|---|---|\n";
  for (std::size_t k = 0; k < std::size(kPipeline); ++k) {
    const Phase& phase = kPipeline[k];
    std::string how = phase.mode == Mode::kEachPcn ? "each PCN in parallel" : "whole run";
    if (phase.alongside_previous) how += fmt::format(", alongside `{}`", kPipeline[k - 1].name);
    out += fmt::format("| {} | `{}` | {} | {} | {} | {} | {} |\n", k + 1, phase.name, how, when_text(phase.due), phase.summary,
                       states_text(phase.reads), states_text(phase.writes));
  }
  return out;
}

std::string pipeline_text() {
  std::string out;
  for (std::size_t k = 0; k < std::size(kPipeline); ++k) {
    const Phase& phase = kPipeline[k];
    out += fmt::format("{:2} {} ({}{}; {})\n   {}\n   reads: {}\n   writes: {}\n", k + 1, phase.name,
                       phase.mode == Mode::kEachPcn ? "each PCN in parallel" : "whole run",
                       phase.alongside_previous ? fmt::format(", alongside {}", kPipeline[k - 1].name) : "", when_text(phase.due),
                       phase.summary, states_text(phase.reads), states_text(phase.writes));
  }
  return out;
}

}  // namespace icsim::agents
