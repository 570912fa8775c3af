// The sequential rule for a relative precision, checked replication by replication.
#include "experiments/precision.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "experiments/statistics.hpp"

namespace icsim::experiments {

std::string watched_description(Watched watched) {
  const std::string values = "the System's headline measures in each calendar year";
  switch (watched) {
    case Watched::kMeans: return values;
    case Watched::kDifferences: return values + ", as each scenario's paired difference from the first, over the first's mean";
    case Watched::kMeansAndDifferences: return values + ", of each scenario and of each one's paired difference from the first";
  }
  return values;
}

Widest widest_interval(const std::vector<Slice>& runs, std::size_t per_replication, std::size_t n, Watched watched) {
  const std::size_t k = per_replication;
  if (k == 0 || n < 2 || runs.size() < n * k) {
    throw std::invalid_argument("icsim: an interval needs at least 2 replications, each with its runs");
  }
  const Slice& layout = runs.front();
  const double dn = static_cast<double>(n);
  const double t = student_t_975(dn - 1.0);
  Widest widest;
  widest.ratio = -1.0;
  // Run s's value in a cell, or its difference from the first run's, over replications.
  auto consider = [&](const HeadlineCell& h, std::size_t s, bool difference) {
    auto value = [&](std::size_t r) {
      const double x = runs[r * k + s].values[h.cell];
      return difference ? x - runs[r * k].values[h.cell] : x;
    };
    double mean = 0.0, reference = 0.0;  // sums in replication order
    for (std::size_t r = 0; r < n; ++r) {
      mean += value(r) / dn;
      reference += runs[r * k + (difference ? 0 : s)].values[h.cell] / dn;
    }
    double squares = 0.0;
    for (std::size_t r = 0; r < n; ++r) squares += (value(r) - mean) * (value(r) - mean);
    const double half_width = t * std::sqrt(squares / (dn - 1.0) / dn);
    const double ratio = half_width == 0.0   ? 0.0
                         : reference == 0.0  ? std::numeric_limits<double>::infinity()
                                             : half_width / std::abs(reference);
    if (ratio > widest.ratio) widest = {ratio, fmt::format("{} {}", layout.periods[h.period], layout.measures[h.measure]), s, difference};
  };
  for (const HeadlineCell& h : headline_cells(layout)) {
    if (layout.areas[h.area].level != "system") continue;
    if (watched != Watched::kDifferences) {
      for (std::size_t s = 0; s < k; ++s) consider(h, s, false);
    }
    if (watched != Watched::kMeans) {
      for (std::size_t s = 1; s < k; ++s) consider(h, s, true);
    }
  }
  if (widest.ratio < 0.0) throw std::invalid_argument("icsim: the runs have no calendar year of the System to check");
  return widest;
}

std::vector<Slice> run_to_precision(const PrecisionRule& rule, std::size_t per_replication, Watched watched, std::size_t batch,
                                    const std::function<std::vector<Slice>(std::size_t first, std::size_t count)>& run_batch,
                                    PrecisionOutcome& outcome, const std::function<void(std::size_t, const Widest&)>& checked) {
  if (!(rule.relative > 0.0) || rule.minimum < 2 || rule.maximum < rule.minimum || batch == 0 || per_replication == 0) {
    throw std::invalid_argument("icsim: a precision rule needs P > 0, at least 2 replications before it is checked, a maximum no "
                                "smaller, and batches of at least one");
  }
  const std::size_t k = per_replication;
  outcome = {};
  std::vector<Slice> runs;
  std::size_t checked_up_to = rule.minimum - 1;
  for (;;) {
    const std::size_t have = runs.size() / k;
    const std::size_t want = have < rule.minimum ? rule.minimum : std::min(have + batch, rule.maximum);
    std::vector<Slice> more = run_batch(have, want - have);
    if (more.size() != (want - have) * k) throw std::logic_error("icsim: a batch of replications returned the wrong number of runs");
    for (auto& run : more) runs.push_back(std::move(run));
    outcome.replications_run = want;
    for (std::size_t n = checked_up_to + 1; n <= want; ++n) {
      outcome.widest = widest_interval(runs, k, n, watched);
      if (checked) checked(n, outcome.widest);
      outcome.met = outcome.widest.ratio <= rule.adjusted();
      if (outcome.met || n == rule.maximum) {
        outcome.replications = n;
        runs.resize(n * k);
        return runs;
      }
    }
    checked_up_to = want;
  }
}

std::string describe(const PrecisionRule& rule, const PrecisionOutcome& outcome) {
  return fmt::format("{} replications: the widest 95% interval, {}, is {:.2f}% of its mean; the rule for P = {:g}% needs at most "
                     "{:.2f}%{}",
                     outcome.replications, outcome.widest.cell, 100.0 * outcome.widest.ratio, 100.0 * rule.relative,
                     100.0 * rule.adjusted(),
                     outcome.met ? "" : fmt::format(", not met by the maximum of {} replications", rule.maximum));
}

}  // namespace icsim::experiments
