// Paired comparison of two scenarios over replications. Replication r of both uses the same
// seed, and every random draw is keyed by entity and decision, so residents the change does not
// touch live the same lives in both (common random numbers): differences come from the change.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/measure_table.hpp"

namespace icsim::experiments {

// The group-`all` values of a run's table, [period][area][measure], with their labels.
struct Slice {
  std::vector<std::string> periods;
  std::vector<sim::Area> areas;
  std::vector<std::string> measures;
  std::vector<double> values;
  std::size_t index(std::size_t period, std::size_t area, std::size_t measure) const {
    return (period * areas.size() + area) * measures.size() + measure;
  }
};
Slice all_group(const sim::MeasureTable& table);

// Per cell: the mean of each scenario over replications, the mean paired difference
// (scenario - baseline) with its Student's t 95% half-width, and the half-width the same runs
// would give if unpaired (Welch: the two variances added).
struct Comparison {
  Slice layout;  // labels only
  std::size_t replications = 0;
  std::vector<double> baseline_mean, scenario_mean, difference, half_width, unpaired_half_width;
};
// `baseline[r]` and `scenario[r]` come from replication r; all slices share one layout.
Comparison compare(const std::vector<Slice>& baseline, const std::vector<Slice>& scenario);

// comparison.csv: period,level,area,measure,baseline_mean,scenario_mean,difference,
// difference_low,difference_high,unpaired_low,unpaired_high.
std::string comparison_csv(const Comparison& c);

}  // namespace icsim::experiments
