// Replications side by side in one task arena.
#include "experiments/ensemble.hpp"

#include <atomic>
#include <map>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "agents/programmes.hpp"
#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"
#include "sim/calendar.hpp"

namespace icsim::experiments {

namespace {
// Programmes' accounts summed over units, by year and programme in the order met; decisions
// counted by level and outcome.
void add_programmes(Slice& slice, const agents::ScenarioConfig& config, const agents::ProgrammeReport& report) {
  const sim::Calendar calendar(config.run.start_date, config.run.years);
  std::map<std::pair<int, int>, std::size_t> at;
  for (const auto& a : report.accounts) {
    const auto [it, added] = at.try_emplace({a.year, a.programme}, slice.programmes.size());
    if (added) {
      const auto level = static_cast<std::size_t>(config.programmes.programmes[static_cast<std::size_t>(a.programme)].level);
      slice.programmes.push_back({calendar.years()[static_cast<std::size_t>(a.year)].label,
                                  std::string(agents::kProgrammeIds[static_cast<std::size_t>(a.programme)]),
                                  std::string(agents::kCommissioningLevelIds[level])});
    }
    ProgrammeTotals& t = slice.programmes[it->second];
    t.allocated_gbp += a.allocated_gbp;
    t.spent_gbp += a.spent_gbp;
    t.funded_wte += a.funded_wte;
    t.staff_in_post += a.staff_in_post;
    t.eligible += a.eligible;
    t.covered += a.covered;
  }
  std::map<std::pair<std::string, std::string>, double> counts;
  for (const auto& d : report.decisions) {
    ++counts[{std::string(agents::kCommissioningLevelIds[static_cast<std::size_t>(d.level)]), d.outcome.passed ? "passed" : "refused"}];
  }
  for (const auto& [key, n] : counts) slice.decisions.push_back({key.first, key.second, n});
}
}  // namespace

std::vector<Slice> Ensemble::run(const std::vector<ReplicationJob>& jobs, const std::function<void(int, int)>& done) {
  for (const auto& job : jobs) {
    if (models_.contains(job.file)) continue;
    auto loaded = scenarios::load_scenario(job.file, {std::nullopt, overrides_.years, overrides_.scale});
    models_.emplace(job.file, std::move(loaded.model));
  }
  std::vector<Slice> slices(jobs.size());
  std::atomic<int> finished = 0;
  tbb::task_arena arena(threads_);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      agents::Model model = models_.at(jobs[j].file);
      agents::RunOptions options;
      options.seed = jobs[j].seed;
      options.threads = 1;
      if (jobs[j].parameter_uncertainty) {
        agents::ScenarioConfig drawn = *model;
        agents::draw_uncertain_effects(drawn.programmes, jobs[j].seed);
        model = agents::freeze(std::move(drawn));
      }
      const agents::ScenarioConfig& config = *model;
      const auto result = agents::run_simulation(model, std::move(options));
      slices[j] = all_group(result.measures);
      add_programmes(slices[j], config, result.programmes);
      if (observer_) slices[j].targets = observer_(jobs[j].file, result.measures);
      const int k = ++finished;
      if (done) done(k, static_cast<int>(jobs.size()));
    });
  });
  return slices;
}

std::vector<Slice> run_ensemble(const std::vector<ReplicationJob>& jobs, const EnsembleOverrides& overrides, int threads,
                                const std::function<void(int, int)>& done) {
  return Ensemble(overrides, threads).run(jobs, done);
}

}  // namespace icsim::experiments
