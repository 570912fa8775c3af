// Samplers: exact apportionment; categorical and exponential draws within 4 standard errors.
#include "sim/samplers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "sim/rng.hpp"

namespace icsim::sim {
namespace {

TEST(Apportion, PartsSumToTheTotalAndFollowLargestRemainders) {
  const std::vector<double> w = {1, 1, 1};
  EXPECT_EQ(apportion(w, 10), (std::vector<std::int64_t>{4, 3, 3}));  // ties go to the lower index
  const std::vector<double> lists = {12963, 7561, 4219, 11705, 87};
  for (std::int64_t total : {0, 1, 999, 123457}) {
    const auto parts = apportion(lists, total);
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}), total);
    for (std::size_t i = 0; i < lists.size(); ++i) {
      const double exact = static_cast<double>(total) * lists[i] / 36535.0;
      EXPECT_LE(std::abs(static_cast<double>(parts[i]) - exact), 1.0);
    }
  }
}

TEST(Apportion, ZeroWeightsGetNothing) {
  EXPECT_EQ(apportion(std::vector<double>{0, 2, 0}, 5), (std::vector<std::int64_t>{0, 5, 0}));
  EXPECT_EQ(apportion(std::vector<double>{0, 0}, 5), (std::vector<std::int64_t>{0, 0}));
}

TEST(Categorical, FrequenciesMatchWeights) {
  const std::vector<double> weights = {0.1, 0.0, 0.5, 0.4};
  const auto cum = cumulative_sums(weights);
  const CounterRng rng(5);
  constexpr int n = 100000;
  std::vector<int> counts(weights.size(), 0);
  for (int i = 0; i < n; ++i) ++counts[categorical(cum, rng.uniform(1, 0, static_cast<std::uint32_t>(i)))];
  EXPECT_EQ(counts[1], 0);  // a zero weight is never drawn
  for (std::size_t k = 0; k < weights.size(); ++k) {
    const double p = weights[k];
    EXPECT_NEAR(counts[k], n * p, 4 * std::sqrt(n * p * (1 - p)) + 1e-9) << "category " << k;
  }
}

TEST(Exponential, MeanIsOneWithinFourStandardErrors) {
  const CounterRng rng(11);
  constexpr int n = 100000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += standard_exponential(rng.uniform(4, static_cast<std::uint64_t>(i), 0));
  EXPECT_NEAR(sum / n, 1.0, 4.0 / std::sqrt(n));
}

}  // namespace
}  // namespace icsim::sim
