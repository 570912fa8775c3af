// Counter-based random numbers: pure functions of their keys, uniform, and independent across
// streams, entities and occasions. Statistical tests use fixed seeds and 4-standard-error bounds.
#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

namespace icsim::sim {
namespace {

TEST(CounterRng, SameKeysGiveSameDraws) {
  const CounterRng a(42), b(42);
  for (std::uint32_t i = 0; i < 100; ++i) EXPECT_EQ(a.block(3, i, 7), b.block(3, i, 7));
}

TEST(CounterRng, EveryKeyComponentChangesTheDraw) {
  const CounterRng rng(42);
  const RandomBlock base = rng.block(1, 1000, 5);
  EXPECT_NE(CounterRng(43).block(1, 1000, 5), base);
  EXPECT_NE(rng.block(2, 1000, 5), base);
  EXPECT_NE(rng.block(1, 1001, 5), base);
  EXPECT_NE(rng.block(1, 1000 + (std::uint64_t{1} << 32), 5), base);  // the partition half
  EXPECT_NE(rng.block(1, 1000, 6), base);
}

TEST(CounterRng, UniformsAreInTheOpenInterval) {
  EXPECT_GT(open_unit_interval(0, 0), 0.0);
  EXPECT_LT(open_unit_interval(0xffffffffu, 0xffffffffu), 1.0);
}

// Mean 1/2 and variance 1/12: the mean of n draws is within 4 standard errors.
TEST(CounterRng, UniformMeanAndVariance) {
  const CounterRng rng(2021);
  constexpr int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(9, static_cast<std::uint64_t>(i), 0);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  // Var of u^2 is 1/5 - 1/9 = 4/45.
  EXPECT_NEAR(sum_sq / n, 1.0 / 3, 4 * std::sqrt(4.0 / 45 / n));
}

// Chi-square over 20 equal bins: with 19 degrees of freedom, 43.8 is the 0.999 quantile.
TEST(CounterRng, UniformHistogramPassesChiSquare) {
  const CounterRng rng(7);
  constexpr int bins = 20, n = 100000;
  std::vector<int> counts(bins, 0);
  for (int i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(rng.uniform(1, 5, static_cast<std::uint32_t>(i)) * bins)];
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / bins) * (c - n / bins) / (n / static_cast<double>(bins));
  EXPECT_LT(chi2, 43.8);
}

// Neighbouring streams and entities are uncorrelated: the sample correlation of paired draws is
// within 4 standard errors (1/sqrt(n)) of zero.
TEST(CounterRng, NeighbouringStreamsAndEntitiesAreUncorrelated) {
  const CounterRng rng(99);
  constexpr int n = 100000;
  auto correlation = [&](auto first, auto second) {
    double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; ++i) {
      const double x = first(i), y = second(i);
      sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    const double cov = sxy / n - sx / n * sy / n;
    return cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  };
  const double bound = 4.0 / std::sqrt(n);
  EXPECT_LT(std::abs(correlation([&](int i) { return rng.uniform(1, static_cast<std::uint64_t>(i), 0); },
                                 [&](int i) { return rng.uniform(2, static_cast<std::uint64_t>(i), 0); })), bound);
  EXPECT_LT(std::abs(correlation([&](int i) { return rng.uniform(1, static_cast<std::uint64_t>(i), 0); },
                                 [&](int i) { return rng.uniform(1, static_cast<std::uint64_t>(i) + 1, 0); })), bound);
  EXPECT_LT(std::abs(correlation([&](int i) { return rng.uniform2(1, static_cast<std::uint64_t>(i), 0)[0]; },
                                 [&](int i) { return rng.uniform2(1, static_cast<std::uint64_t>(i), 0)[1]; })), bound);
}

}  // namespace
}  // namespace icsim::sim
