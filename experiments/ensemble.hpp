// Running many replications at once: the runner behind `run --replications` and `compare`.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiments/comparison.hpp"

namespace icsim::experiments {

// One replication: a scenario file run with a seed; with parameter uncertainty, the programme
// effects are drawn from their ranges by the seed (the same draws for every scenario of a
// comparison).
struct ReplicationJob {
  std::string file;
  std::uint64_t seed;
  bool parameter_uncertainty = false;
};

// Command-line overrides applied to every job.
struct EnsembleOverrides {
  std::optional<int> years;
  std::optional<double> scale;
};

// Runs every job in parallel, one thread each (replications side by side scale better than
// threads inside one run), and returns each run's group-`all` measures in job order.
// `done(k, n)` is called after each run, from the thread that ran it.
std::vector<Slice> run_ensemble(const std::vector<ReplicationJob>& jobs, const EnsembleOverrides& overrides, int threads,
                                const std::function<void(int, int)>& done = {});

}  // namespace icsim::experiments
