// Replications side by side in one task arena.
#include "experiments/ensemble.hpp"

#include <atomic>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "agents/programmes.hpp"
#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"

namespace icsim::experiments {

std::vector<Slice> run_ensemble(const std::vector<ReplicationJob>& jobs, const EnsembleOverrides& overrides, int threads,
                                const std::function<void(int, int)>& done) {
  std::vector<Slice> slices(jobs.size());
  std::atomic<int> finished = 0;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      auto loaded = scenarios::load_scenario(jobs[j].file, {jobs[j].seed, overrides.years, overrides.scale});
      if (jobs[j].parameter_uncertainty) agents::draw_uncertain_effects(loaded.config.programmes, jobs[j].seed);
      agents::RunOptions options;
      options.threads = 1;
      slices[j] = all_group(agents::run_simulation(loaded.config, options).measures);
      const int k = ++finished;
      if (done) done(k, static_cast<int>(jobs.size()));
    });
  });
  return slices;
}

}  // namespace icsim::experiments
