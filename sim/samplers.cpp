// Deterministic apportionment and cumulative weights.
#include "sim/samplers.hpp"

#include <numeric>

namespace icsim::sim {

std::vector<double> cumulative_sums(std::span<const double> weights) {
  std::vector<double> out(weights.size());
  std::partial_sum(weights.begin(), weights.end(), out.begin());
  return out;
}

std::vector<std::int64_t> apportion(std::span<const double> weights, std::int64_t total) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || sum <= 0.0 || total <= 0) return parts;
  std::vector<std::pair<double, std::size_t>> remainders;
  remainders.reserve(weights.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    const double whole = std::floor(exact);
    parts[i] = static_cast<std::int64_t>(whole);
    assigned += parts[i];
    remainders.emplace_back(exact - whole, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total; ++k, ++assigned) {
    ++parts[remainders[k % remainders.size()].second];
  }
  return parts;
}

}  // namespace icsim::sim
