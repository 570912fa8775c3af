// The run: build the residents, walk the daily pipeline (agents/pipeline.hpp) over the
// horizon, tabulate. Each phase lives in its own file under agents/phases/.
#include "agents/simulation.hpp"

#include <algorithm>

#include "agents/keys.hpp"
#include "agents/pipeline.hpp"
#include "agents/run.hpp"
#include "agents/tabulate.hpp"
#include "sim/clock.hpp"

namespace icsim::agents {
namespace {

// Health on day 0, and the relative risks of the starting population, which scale mortality and
// onset so that the average resident follows the life table and the prevalence profiles.
void draw_starting_health(Run& run, std::vector<Residents> residents) {
  const sim::DayNumber start = run.calendar.start_day();
  run.executor.for_each(run.partitions.size(), [&](std::size_t p) {
    Partition& part = run.partitions[p];
    part.index = p;
    part.residents = std::move(residents[p]);
    Residents& r = part.residents;
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      const int age = age_in_years(r.birth_day(i), start);
      const HealthState state = run.health->draw_initial(run.rng, keys::resident(p, i), r.practice(i), r.sex(i), r.imd_quintile(i), age);
      r.set_conditions(i, state.conditions);
      r.set_frailty_setting(i, state.frailty, state.setting);
      run.health->accumulate(part.risk, state, r.sex(i), age);
    }
  });
  RiskSums risk;
  for (const Partition& part : run.partitions) risk.add(part.risk);  // in partition order: deterministic
  run.health->finalise(risk);
}

// Each starting resident counted on day 0 and their life scheduled.
void schedule_starting_lives(Run& run) {
  const std::size_t months = run.calendar.months().size();
  const sim::DayNumber start = run.calendar.start_day();
  run.executor.for_each(run.partitions.size(), [&](std::size_t p) {
    Partition& part = run.partitions[p];
    part.current.assign(kCells * kStocks, 0);
    part.flows.assign(months * kFlows * kCells, 0);
    part.stocks.assign((months + 1) * kCells * kStocks, 0);
    part.events = sim::EventCalendar(run.calendar.num_days());
    part.slots_left.assign(run.config.world.pcns[p].practices.size(), 0);
    part.discharged_on.assign(part.residents.size(), 0);
    part.death_on.assign(part.residents.size(), 0);
    for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
      Run::count(part, i, run.cell(part, i, start), +1);
      run.schedule_life(p, i, 0, start);
    }
    std::copy(part.current.begin(), part.current.end(), part.stocks.begin());
  });
  for (const Partition& part : run.partitions) run.stats.residents_start += part.residents_now();
}

// What the run did, beyond its measures: sizes and counts for the manifest.
void count_totals(const Run& run, RunStats& stats) {
  for (const Partition& part : run.partitions) {
    stats.residents_end += part.residents_now();
    stats.residents_ever += static_cast<std::int64_t>(part.residents.size());
    stats.events_processed += part.events_processed;
    stats.population_bytes +=
        part.residents.capacity_bytes() + part.events.capacity_bytes() + (part.discharged_on.capacity() + part.death_on.capacity()) * sizeof(std::uint16_t);
    const auto episodes = static_cast<std::size_t>(counted_slot("episodes"));
    for (std::size_t i = episodes * kCells; i < part.flows.size(); i += kFlows * kCells) {
      for (int c = 0; c < kCells; ++c) stats.episodes += part.flows[i + static_cast<std::size_t>(c)];
    }
  }
}

std::vector<SiteOccupancy> occupancy(const Run& run) {
  std::vector<SiteOccupancy> out;
  const HospitalFlow& flow = *run.hospital.flow;
  out.reserve(flow.nights().size());
  for (const auto& night : flow.nights()) {
    const auto s = static_cast<std::size_t>(night.site);
    out.push_back({sim::iso_date(sim::civil_date(run.calendar.absolute(night.day))),
                   run.config.world.providers[static_cast<std::size_t>(run.hospital.sites[s])].id, night.beds, night.limit,
                   night.occupied, night.delayed, night.waiting, night.level, night.listed});
  }
  return out;
}

sim::MeasureTable tabulate_run(Run& run) {
  TabulationInput input{run.config.world, run.calendar, run.config.flow.costs, {}, {}, {}, run.hospital.sites, {}};
  input.site_months.assign(run.hospital.sites.size(), std::vector<SiteMonth>(run.calendar.months().size()));
  for (const auto& night : run.hospital.flow->nights()) {
    SiteMonth& month = input.site_months[static_cast<std::size_t>(night.site)][static_cast<std::size_t>(run.calendar.month_of_day(night.day))];
    month.bed_nights += night.beds;
    month.listed_nights += night.listed;
    ++month.level_days[static_cast<std::size_t>(night.level - 1)];
  }
  for (const Partition& part : run.partitions) {
    input.pcn_flows.push_back(&part.flows);
    input.pcn_stocks.push_back(&part.stocks);
  }
  for (const auto& flows : run.hospital.site_flows) input.site_flows.push_back(&flows);
  return tabulate(input, run.executor);
}

}  // namespace

Simulation::Simulation(Model model, RunOptions options) {
  if (!model) throw std::invalid_argument("icsim: a simulation needs a model (agents::freeze)");
  run_ = std::make_unique<Run>(std::move(model), std::move(options));
  run_->stats.phase_seconds.assign(pipeline().size(), 0.0);
}
Simulation::~Simulation() = default;
int Simulation::num_days() const { return run_->calendar.num_days(); }

void Simulation::build() {
  Run& run = *run_;
  const auto start = sim::Clock::now();
  run.plan = plan_population(run.config);
  run.health.emplace(run.config, run.plan, &run.executor);
  draw_starting_health(run, generate_residents(run.config, run.plan, run.rng, run.executor));
  schedule_starting_lives(run);
  prepare_pipeline(run);
  run.stats.build_seconds = sim::seconds_since(start);
}

void Simulation::step(int sim_day) {
  Run& run = *run_;
  const auto start = sim::Clock::now();
  const sim::DayNumber today = run.calendar.absolute(sim_day);
  const Day day{sim_day, run.calendar.month_of_day(sim_day), today, sim::is_weekend(today), run.calendar.is_last_day_of_month(sim_day)};
  run_pipeline(run, day, run.stats.phase_seconds.data());
  run.stats.simulate_seconds += sim::seconds_since(start);
  if (day.last_of_month && run.options.progress) run.options.progress(sim_day + 1, run.calendar.num_days());
}

RunResult Simulation::finish() {
  Run& run = *run_;
  run.check_conservation();
  run.check_hospital();
  const auto start = sim::Clock::now();
  sim::MeasureTable table = tabulate_run(run);
  run.stats.tabulate_seconds = sim::seconds_since(start);
  count_totals(run, run.stats);
  ProgrammePortfolio& programmes = *run.programmes.portfolio;
  programmes.finish();
  return {std::move(table), run.stats, occupancy(run), std::move(run.hospital.pools), std::move(run.hospital.teams),
          {programmes.decisions(), programmes.accounts(), programmes.layout().unit_ids}};
}

RunResult run_simulation(Model model, RunOptions options) {
  Simulation simulation(std::move(model), std::move(options));
  simulation.build();
  for (int day = 0; day < simulation.num_days(); ++day) simulation.step(day);
  return simulation.finish();
}

RunResult run_simulation(const ScenarioConfig& config, const RunOptions& options) {
  return run_simulation(freeze(config), options);
}

}  // namespace icsim::agents
