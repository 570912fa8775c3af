// Replications of one scenario: every measure's mean and its 2.5th, 50th and 97.5th percentiles
// over the replications' values (seeds run.seed, run.seed + 1, ...).
#pragma once
#include <string>
#include <vector>

#include "experiments/comparison.hpp"

namespace icsim::experiments {

struct ReplicationSummary {
  Slice layout;  // labels only
  std::size_t replications = 0;
  std::vector<double> mean, p2_5, p25, p50, p75, p97_5;
};
// Percentiles interpolate linearly between order statistics (type 7 of Hyndman and Fan, as R
// and NumPy do by default). All slices share one layout.
ReplicationSummary summarise(const std::vector<Slice>& runs);

// summary.csv: period,level,area,measure,mean,p2_5,p25,p50,p75,p97_5 (group `all`).
std::string summary_csv(const ReplicationSummary& s);

}  // namespace icsim::experiments
