// The state of one run, shared by the daily phases (agents/phases/), and the resident
// lifecycle they all use: counting a resident in their reporting cell and scheduling their
// life's events. Internal to agents/.
#pragma once
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "agents/age_bands.hpp"
#include "agents/care_pathway.hpp"
#include "agents/demography.hpp"
#include "agents/health.hpp"
#include "agents/hospital_flow.hpp"
#include "agents/measures.hpp"
#include "agents/model.hpp"
#include "agents/population.hpp"
#include "agents/programmes.hpp"
#include "agents/residents.hpp"
#include "agents/simulation.hpp"
#include "sim/calendar.hpp"
#include "sim/event_queue.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

// Counting cells: report band x sex x IMD quintile.
inline constexpr int kCells = kReportBands * kSexes * kImdQuintiles;
constexpr int cell_of(int band, int sex, int quintile) { return (band * kSexes + sex) * kImdQuintiles + quintile; }

// Event kinds, in the order they run within a day: an episode on the day of death still
// happens, and births precede their mother's death or move.
enum class EventKind : std::uint8_t { kAgeBand, kBirth, kEpisode, kHealthChange, kDeath, kMoveAway, kEndOfLife };
inline constexpr int kEventKinds = 7;

// A health event's detail: the transition and the health version it was drawn under.
constexpr std::uint16_t health_detail(int transition, int version) { return static_cast<std::uint16_t>(transition | version << 4); }
constexpr int transition_of(std::uint16_t detail) { return detail & 15; }
constexpr int version_of(std::uint16_t detail) { return detail >> 4; }

// An episode of need on its way through the care pathway today.
struct ActiveEpisode {
  std::uint32_t resident;
  int cell;
  int node;            // where it is: waiting for a slot there, once parked
  int steps;           // routing draws so far (the draw's occasion)
  bool turned_away;    // a GP same-day request found no slot
  EpisodeView view;
  bool acsc;
  bool by_ambulance = false;  // brought to A&E by ambulance
  bool admitted_from_ae = false;
};

// Everything one PCN owns; only the worker handling that PCN touches it during a phase.
struct Partition {
  Residents residents;
  sim::EventCalendar events;
  std::vector<std::int32_t> current;  // [cell][stock]
  std::vector<std::int32_t> flows;    // [month][slot][cell]
  std::vector<std::int32_t> stocks;   // [month + 1][cell][stock]; row 0 is the start
  std::vector<std::pair<int, std::int32_t>> arrivals;  // (practice, count) this month
  std::vector<ActiveEpisode> episodes;  // today's, then those waiting for a GP slot
  std::vector<ActiveEpisode> waiting;
  std::vector<std::int32_t> slots_left;  // same-day GP slots today, by practice of the PCN
  std::int32_t extended_left = 0;        // extended-access slots today, for the PCN's residents
  std::vector<FlowPerson> admissions;    // today's emergency admissions, for the hospital flow
  std::vector<FlowPerson> ae_visits;     // today's A&E attendances not ending in admission
  std::vector<std::pair<DownstreamService, FlowPerson>> referrals;  // today's community care needs
  // Long-term places (home care, care homes) freed today by deaths and moves, by resident: the
  // flow frees the place wherever it is held.
  std::vector<std::pair<DownstreamService, std::uint32_t>> releases;
  std::vector<std::pair<DownstreamService, std::uint32_t>> arrivals_in_care;  // in-migrants with a package or in a care home
  std::vector<std::uint32_t> hospital_exits;  // inpatients who died or moved away today
  std::vector<std::uint16_t> discharged_on;   // by resident: 1 + the day they last left hospital; 0: never
  std::vector<std::uint16_t> death_on;        // by resident: the day of the death last drawn (end-of-life stays)
  RiskSums risk;                              // the starting population's (build only)
  std::size_t index = 0;
  std::int64_t events_processed = 0;

  std::int32_t* flow_row(int month, int slot) {
    return &flows[(static_cast<std::size_t>(month) * kFlows + static_cast<std::size_t>(slot)) * kCells];
  }
  std::int64_t residents_now() const;
};

// One simulation day as the phases see it.
struct Day {
  int sim_day;
  int month;
  sim::DayNumber today;
  bool weekend;
  bool last_of_month;
};

// What the care-pathway phase keeps: each practice's same-day slots.
struct PracticeSlots {
  std::vector<int> local_practice;  // a practice's index within its PCN
  std::vector<double> daily_slots;  // same-day slots per weekday, by practice
};

// What in-migration keeps: each Place's growth base and who arrives.
struct InMigrationPlan {
  std::vector<std::int64_t> place_start;
  std::vector<std::vector<int>> place_practices;
  std::vector<std::vector<double>> practice_weight_cum;
  std::vector<std::vector<double>> migrant_profile_cum;
  std::vector<int> pcn_of_practice;
};

// The hospital flow and what the engine keeps about the acute sites.
struct HospitalState {
  std::optional<HospitalFlow> flow;
  std::vector<int> sites;                        // providers that are acute sites, in world order
  std::vector<std::vector<std::int32_t>> site_flows;  // by site: [month][slot][cell]
  std::vector<FlowPerson> admissions;            // today's, in PCN order
  std::vector<FlowPerson> ae_visits;             // today's A&E attendances not admitted, in PCN order
  int month = 0;                                 // the month counts go to
  PopulationHistory populations;                 // residents at each year's start, for the capacity plan
  std::vector<PoolMonth> pools;                  // the pools on the first day and each month end
  std::vector<TeamMonth> teams;                  // the discharge teams, on the same days
};

struct ProgrammeState {
  std::optional<ProgrammePortfolio> portfolio;
  // By partition and resident index: units work from the scores of their last count, so a
  // resident's bin changes only at counts, and one who arrived or became eligible since is on
  // no list until the next.
  std::vector<std::vector<ScoreCard>> scores;
  bool on = false;  // any programme is funded
  // By effect: the funded programmes that change it, in programme order.
  std::array<std::vector<int>, kProgrammeEffects> by_effect;
  std::array<std::uint32_t, kProgrammeEffects> effect_mask{};  // the same, a bit per programme
};

struct Run;
// In-migrants arriving with a package or into a care home take their places (agents/phases/hospital.cpp).
void settle_arrivals(Run& run, const Day& day);

struct Run {
  Run(Model model, RunOptions options);

  Model model;  // frozen: the run only reads it
  const ScenarioConfig& config;
  RunOptions options;
  sim::Calendar calendar;
  sim::CounterRng rng;
  sim::Executor executor;
  Demography demography;
  CarePathway pathway;
  std::optional<HealthModel> health;
  PopulationPlan plan;
  std::vector<Partition> partitions;
  PracticeSlots practices;
  InMigrationPlan migration;
  HospitalState hospital;
  ProgrammeState programmes;
  RunStats stats;

  // --- The resident lifecycle (agents/lives.cpp).
  // Inline: called for every event (the event loop is in another file).
  int cell(const Partition& part, std::uint32_t i, sim::DayNumber day) const {
    const Residents& r = part.residents;
    return cell_of(report_band_of_age(age_in_years(r.birth_day(i), day)), r.sex(i), r.imd_quintile(i));
  }
  // Adds (+1) or removes (-1) a resident and everything counted about them in a cell.
  static void count(const Residents& r, std::uint32_t i, std::vector<std::int32_t>& current, int c, int sign) {
    std::int32_t* row = &current[static_cast<std::size_t>(c * kStocks)];
    row[kStockResidents] += sign;
    for (unsigned mask = r.conditions(i); mask != 0; mask &= mask - 1) row[kStockConditions + std::countr_zero(mask)] += sign;
    row[kStockFrailty + r.frailty(i)] += sign;
    row[kStockSettings + index(r.setting(i))] += sign;
  }
  static void count(Partition& part, std::uint32_t i, int c, int sign) { count(part.residents, i, part.current, c, sign); }
  static HealthState state_of(const Residents& r, std::uint32_t i) {
    return {r.conditions(i), r.frailty(i), r.setting(i), r.care_pending(i)};
  }
  // Schedules a new or starting resident's life from `sim_day` on (after the band they were
  // counted in on `counted_on`).
  void schedule_life(std::size_t p, std::uint32_t i, int sim_day, sim::DayNumber counted_on);
  void schedule_health(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion);
  void schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion);
  void schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion,
                        const HealthModel::EpisodeRisk& risk);
  void schedule_next_birth(std::size_t p, std::uint32_t i, int from_sim_day, sim::DayNumber until_day);
  // Health and episodes drawn afresh from tomorrow after a change made outside the events.
  void redraw(std::size_t p, std::uint32_t i, int sim_day);
  // Adds a resident (newborn or in-migrant) to a partition on `sim_day`, counted in `slot`,
  // with their life scheduled from `schedule_from`.
  std::uint32_t add_resident(std::size_t p, int sim_day, int schedule_from, sim::DayNumber birth_day, int practice, int sex,
                             int quintile, int slot);
  FlowPerson flow_person(std::size_t p, std::uint32_t i, int c, sim::DayNumber today, std::optional<EpisodeType> episode_type) const;
  // Residents, and those aged 65+ with moderate or severe frailty, by PCN and cell.
  std::vector<std::vector<std::int64_t>> residents_by_pcn_cell() const;
  std::vector<std::vector<std::int64_t>> frail_at_home() const;

  // --- Invariants, checked after the last day; a failure is a bug (agents/invariants.cpp).
  void check_conservation() const;
  void check_hospital() const;
  sim::DayNumber horizon_end() const { return calendar.absolute(calendar.num_days()); }
};

}  // namespace icsim::agents
