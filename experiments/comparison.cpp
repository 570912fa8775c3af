// Paired differences over replications, with Student's t intervals.
#include "experiments/comparison.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "experiments/statistics.hpp"

namespace icsim::experiments {

Slice all_group(const sim::MeasureTable& table) {
  Slice s{table.periods(), table.areas(), table.measures(), {}};
  s.values.resize(s.periods.size() * s.areas.size() * s.measures.size());
  for (std::size_t p = 0; p < s.periods.size(); ++p) {
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
      for (std::size_t m = 0; m < s.measures.size(); ++m) s.values[s.index(p, a, m)] = table.at(p, a, 0, m);
    }
  }
  return s;
}

Comparison compare(const std::vector<Slice>& baseline, const std::vector<Slice>& scenario) {
  if (baseline.size() != scenario.size() || baseline.size() < 2) {
    throw std::invalid_argument("icsim: a comparison needs the same number of replications of each scenario, at least 2");
  }
  const Slice& layout = baseline.front();
  for (const auto* runs : {&baseline, &scenario}) {
    for (const Slice& s : *runs) {
      if (s.values.size() != layout.values.size() || s.measures != layout.measures || s.periods != layout.periods) {
        throw std::invalid_argument("icsim: the scenarios differ in horizon, areas or measures, so they cannot be compared cell by cell");
      }
    }
  }
  const std::size_t n = baseline.size(), cells = layout.values.size();
  const double dn = static_cast<double>(n);
  const double t = student_t_975(dn - 1.0);
  Comparison c;
  c.layout = Slice{layout.periods, layout.areas, layout.measures, {}};
  c.replications = n;
  c.baseline_mean.assign(cells, 0.0);
  c.scenario_mean.assign(cells, 0.0);
  c.difference.assign(cells, 0.0);
  c.half_width.assign(cells, 0.0);
  c.unpaired_half_width.assign(cells, 0.0);
  // Sums in replication order, so the result never depends on which run finished first.
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < cells; ++i) {
      c.baseline_mean[i] += baseline[r].values[i] / dn;
      c.scenario_mean[i] += scenario[r].values[i] / dn;
    }
  }
  for (std::size_t i = 0; i < cells; ++i) {
    c.difference[i] = c.scenario_mean[i] - c.baseline_mean[i];
    double ss_d = 0.0, ss_b = 0.0, ss_s = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      const double b = baseline[r].values[i] - c.baseline_mean[i], s = scenario[r].values[i] - c.scenario_mean[i];
      ss_d += (s - b) * (s - b);
      ss_b += b * b;
      ss_s += s * s;
    }
    c.half_width[i] = t * std::sqrt(ss_d / (dn - 1.0) / dn);
    c.unpaired_half_width[i] = t * std::sqrt((ss_b + ss_s) / (dn - 1.0) / dn);
  }
  return c;
}

std::string comparison_csv(const Comparison& c) {
  std::string out = "period,level,area,measure,baseline_mean,scenario_mean,difference,difference_low,difference_high,"
                    "unpaired_low,unpaired_high\n";
  const Slice& l = c.layout;
  for (std::size_t p = 0; p < l.periods.size(); ++p) {
    for (std::size_t a = 0; a < l.areas.size(); ++a) {
      for (std::size_t m = 0; m < l.measures.size(); ++m) {
        const std::size_t i = l.index(p, a, m);
        const double d = c.difference[i];
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{}\n", l.periods[p], l.areas[a].level, l.areas[a].name,
                       l.measures[m], c.baseline_mean[i], c.scenario_mean[i], d, d - c.half_width[i], d + c.half_width[i],
                       d - c.unpaired_half_width[i], d + c.unpaired_half_width[i]);
      }
    }
  }
  return out;
}

}  // namespace icsim::experiments
