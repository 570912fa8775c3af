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
#include "agents/measures.hpp"
#include "agents/model.hpp"
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
  double simulate_seconds = 0.0;         // the daily loop, of which by phase:
  std::vector<double> phase_seconds;     //   in pipeline order (agents/pipeline.hpp)
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
  int opel;              // the day's escalation level (flow.acute.escalation)
  std::int64_t listed;   // on the site's elective waiting list (flow.acute.electives)
};

// One downstream pool on the first day (after its starting users took their places) and at the
// end of each month (pools.csv).
struct PoolMonth {
  std::string date;     // ISO date
  std::string service;  // downstream service id
  std::string pool;     // "council/area", the council alone at System level, or the NHS area
  std::string council;  // the owning council's id; empty for an NHS service
  std::int64_t capacity;
  std::int64_t in_use;
  std::int64_t placements;        // since the start, from the pool's queues, wherever placed
  std::int64_t placed_elsewhere;  // of which in another council's places (shared brokerage)
};

// One discharge team on the first day and at the end of each month (discharge_teams.csv).
struct TeamMonth {
  std::string date;     // ISO date
  std::string team;     // the area the team serves (the System, a Place or a PCN)
  double funded_wte;    // clinical whole-time equivalents its budget pays for (at the full population)
  int posts;
  int in_post;
  std::int64_t queued;      // fit patients waiting for the team at the day's end (at the run's scale)
  std::int64_t assessed;    // since the start
  std::int64_t escalated;   // since the start: assessed by the trust's duty team after escalation_days
  std::int64_t queue_days;  // patient-days in its queue since the start
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
  std::vector<PoolMonth> pools;          // by date, then service, then pool
  std::vector<TeamMonth> teams;          // by date, then team (none with the team mechanism off)
  ProgrammeReport programmes;
};

struct Run;

// A run that can be driven day by day (for benchmarks and tools); run_simulation() drives it
// from start to end.
class Simulation {
 public:
  Simulation(Model model, RunOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Generates the residents and schedules their lives (day 0 state).
  void build();
  // Runs every phase of one simulation day, 0-based, in order (agents/pipeline.hpp).
  void step(int sim_day);
  int num_days() const;
  // Tabulates the measures; call after the last day.
  RunResult finish();

 private:
  std::unique_ptr<Run> run_;
};

RunResult run_simulation(Model model, RunOptions options);
// For a configuration built in code (tests): frozen (checked) in a copy first.
RunResult run_simulation(const ScenarioConfig& config, const RunOptions& options);

}  // namespace icsim::agents
