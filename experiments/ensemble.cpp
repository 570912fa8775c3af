// Replications side by side in one task arena.
#include "experiments/ensemble.hpp"

#include <atomic>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "agents/programmes.hpp"
#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"

namespace icsim::experiments {

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
      slices[j] = all_group(agents::run_simulation(std::move(model), std::move(options)).measures);
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
