// Running many replications at once: the runner behind `run --replications` and `compare`.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/model.hpp"
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

// Runs jobs in parallel, one thread each (replications side by side scale better than threads
// inside one run). Each scenario is loaded once, when first named, and shared read-only by its
// replications: they differ only in the seed of their run options (and, with parameter
// uncertainty, in a copy's effects). Batch after batch reuse the loaded models.
class Ensemble {
 public:
  Ensemble(EnsembleOverrides overrides, int threads) : overrides_(overrides), threads_(threads) {}
  // Each run's group-`all` measures in job order. `done(k, n)` is called after each run, from
  // the thread that ran it.
  std::vector<Slice> run(const std::vector<ReplicationJob>& jobs, const std::function<void(int, int)>& done = {});
  // Values worked out from each run's whole table (every group), by its scenario file, kept as
  // the slice's `targets`: the calibration targets, say, which the slice's groups cannot give.
  using Observer = std::function<std::vector<double>(const std::string& file, const sim::MeasureTable& measures)>;
  void observe(Observer observer) { observer_ = std::move(observer); }

 private:
  EnsembleOverrides overrides_;
  int threads_;
  std::map<std::string, agents::Model> models_;
  Observer observer_;
};

// One batch of jobs with an ensemble of its own.
std::vector<Slice> run_ensemble(const std::vector<ReplicationJob>& jobs, const EnsembleOverrides& overrides, int threads,
                                const std::function<void(int, int)>& done = {});

}  // namespace icsim::experiments
