// Means and percentiles over replications.
#include "experiments/replications.hpp"
#include "experiments/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace icsim::experiments {

ReplicationSummary summarise(const std::vector<Slice>& runs) {
  if (runs.empty()) throw std::invalid_argument("icsim: a summary needs at least one replication");
  const Slice& layout = runs.front();
  for (const Slice& s : runs) {
    if (s.values.size() != layout.values.size() || s.measures != layout.measures || s.periods != layout.periods) {
      throw std::invalid_argument("icsim: replications differ in horizon, areas or measures");
    }
  }
  ReplicationSummary out;
  out.layout = Slice{layout.periods, layout.areas, layout.measures, {}};
  out.replications = runs.size();
  const std::size_t cells = layout.values.size();
  out.mean.assign(cells, 0.0);
  out.p2_5.assign(cells, 0.0);
  out.p25.assign(cells, 0.0);
  out.p50.assign(cells, 0.0);
  out.p75.assign(cells, 0.0);
  out.p97_5.assign(cells, 0.0);
  std::vector<double> values(runs.size());
  for (std::size_t i = 0; i < cells; ++i) {
    double sum = 0.0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      values[r] = runs[r].values[i];
      sum += values[r];  // in replication order
    }
    out.mean[i] = sum / static_cast<double>(runs.size());
    std::sort(values.begin(), values.end());
    out.p2_5[i] = quantile(values, 0.025);
    out.p25[i] = quantile(values, 0.25);
    out.p50[i] = quantile(values, 0.5);
    out.p75[i] = quantile(values, 0.75);
    out.p97_5[i] = quantile(values, 0.975);
  }
  return out;
}

std::string summary_csv(const ReplicationSummary& s) {
  std::string out = "period,level,area,measure,mean,p2_5,p25,p50,p75,p97_5\n";
  const Slice& l = s.layout;
  for (std::size_t p = 0; p < l.periods.size(); ++p) {
    for (std::size_t a = 0; a < l.areas.size(); ++a) {
      for (std::size_t m = 0; m < l.measures.size(); ++m) {
        const std::size_t i = l.index(p, a, m);
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", l.periods[p], l.areas[a].level, l.areas[a].name,
                       l.measures[m], s.mean[i], s.p2_5[i], s.p25[i], s.p50[i], s.p75[i], s.p97_5[i]);
      }
    }
  }
  return out;
}

}  // namespace icsim::experiments
