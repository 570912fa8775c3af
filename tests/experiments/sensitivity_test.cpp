// Sweep designs and sensitivity estimators against what is known exactly:
// - designs: a factorial's every combination; a Latin hypercube's one point per stratum in each
//   dimension; the Sobol' sequence's first points and its balance (2^m points, one in each
//   interval of length 2^-m of every coordinate); Morris trajectories moving one factor at a
//   time by delta on the grid;
// - indices: Sobol' first-order and total indices of the Ishigami function and the Sobol' G
//   function within their bootstrap intervals of the analytic values; Morris mu* and sigma of a
//   linear model exactly, and sigma of an interaction above zero; partial rank correlations of a
//   monotone model; the split of variance between parameters and replication noise.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include <gtest/gtest.h>

#include "experiments/designs.hpp"
#include "experiments/sensitivity.hpp"
#include "sim/rng.hpp"
#include "sim/samplers.hpp"

namespace icsim::experiments {
namespace {

TEST(Designs, AFactorialHoldsEveryCombinationTheLastDimensionFastest) {
  const std::vector<Point> p = factorial({2, 3});
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0], (Point{0.25, 1.0 / 6.0}));
  EXPECT_EQ(p[1], (Point{0.25, 0.5}));
  EXPECT_EQ(p[2], (Point{0.25, 5.0 / 6.0}));
  EXPECT_EQ(p[3], (Point{0.75, 1.0 / 6.0}));
  EXPECT_EQ(factorial({1}), (std::vector<Point>{{0.5}}));
}

TEST(Designs, ALatinHypercubeHasOnePointInEachStratumOfEachDimension) {
  constexpr int n = 50, k = 4;
  const std::vector<Point> p = latin_hypercube(n, k, 11);
  ASSERT_EQ(p.size(), static_cast<std::size_t>(n));
  for (int j = 0; j < k; ++j) {
    std::set<int> strata;
    for (const Point& x : p) {
      ASSERT_GE(x[static_cast<std::size_t>(j)], 0.0);
      ASSERT_LT(x[static_cast<std::size_t>(j)], 1.0);
      strata.insert(static_cast<int>(x[static_cast<std::size_t>(j)] * n));
    }
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n)) << "dimension " << j;
  }
  EXPECT_EQ(latin_hypercube(n, k, 11), p);  // a pure function of its seed
  EXPECT_NE(latin_hypercube(n, k, 12), p);
}

// The first points of the Sobol' sequence in two dimensions (after the origin), and its balance:
// with the origin, the first 2^m points put exactly one coordinate in each of 2^m equal
// intervals, in every dimension; so the 2^m - 1 after it fill every interval but the first.
TEST(Designs, TheSobolSequenceIsTheKnownSequenceAndBalanced) {
  const std::vector<Point> p = sobol_sequence(4, 2);
  EXPECT_EQ(p[0], (Point{0.5, 0.5}));
  EXPECT_EQ(p[1], (Point{0.75, 0.25}));
  EXPECT_EQ(p[2], (Point{0.25, 0.75}));
  EXPECT_EQ(p[3], (Point{0.375, 0.375}));
  constexpr int m = 8, k = 12;
  const std::vector<Point> net = sobol_sequence((1 << m) - 1, k);
  for (int j = 0; j < k; ++j) {
    std::set<int> cells;
    for (const Point& x : net) cells.insert(static_cast<int>(std::ldexp(x[static_cast<std::size_t>(j)], m)));
    EXPECT_EQ(cells.size(), (std::size_t{1} << m) - 1) << "dimension " << j;
    EXPECT_FALSE(cells.contains(0)) << "dimension " << j;
  }
}

TEST(Designs, SaltelliMatricesShareAllButOneColumn) {
  const SaltelliDesign d = saltelli(64, 3);
  ASSERT_EQ(d.ab.size(), 3u);
  for (std::size_t j = 0; j < 3; ++j) {
    for (std::size_t i = 0; i < 64; ++i) {
      for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(d.ab[j][i][c], c == j ? d.b[i][c] : d.a[i][c]);
    }
  }
  for (std::size_t i = 0; i < 64; ++i) EXPECT_NE(d.a[i], d.b[i]);
}

TEST(Designs, MorrisTrajectoriesMoveEachFactorOnceByDeltaOnTheGrid) {
  constexpr int r = 30, k = 5, levels = 4;
  const double delta = 2.0 / 3.0;
  for (const MorrisTrajectory& t : morris(r, k, levels, 3)) {
    ASSERT_EQ(t.points.size(), static_cast<std::size_t>(k + 1));
    std::set<int> moved(t.factor.begin(), t.factor.end());
    EXPECT_EQ(moved.size(), static_cast<std::size_t>(k));
    for (std::size_t s = 0; s < t.factor.size(); ++s) {
      EXPECT_NEAR(std::abs(t.step[s]), delta, 1e-12);
      for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j) {
        const double change = t.points[s + 1][j] - t.points[s][j];
        EXPECT_NEAR(change, j == static_cast<std::size_t>(t.factor[s]) ? t.step[s] : 0.0, 1e-12);
      }
    }
    for (const Point& x : t.points) {
      for (double v : x) {
        EXPECT_GE(v, -1e-12);
        EXPECT_LE(v, 1.0 + 1e-12);
        EXPECT_NEAR(v * (levels - 1), std::round(v * (levels - 1)), 1e-9);  // on the grid
      }
    }
  }
  EXPECT_THROW(morris(2, 2, 3, 1), std::invalid_argument);
}

// A model's outputs over a Saltelli design, and their indices.
template <class F>
SobolIndices indices_of(F&& f, int n, int k) {
  const SaltelliDesign d = saltelli(n, k);
  std::vector<double> fa, fb;
  std::vector<std::vector<double>> fab(static_cast<std::size_t>(k));
  for (std::size_t i = 0; i < d.a.size(); ++i) {
    fa.push_back(f(d.a[i]));
    fb.push_back(f(d.b[i]));
    for (std::size_t j = 0; j < fab.size(); ++j) fab[j].push_back(f(d.ab[j][i]));
  }
  return sobol_indices(fa, fb, fab, 300, 5);
}

void expect_within(const Estimate& e, double expected, const char* what, std::size_t j) {
  EXPECT_LE(e.low, expected) << what << " " << j + 1 << ": " << e.value;
  EXPECT_GE(e.high, expected) << what << " " << j + 1 << ": " << e.value;
  EXPECT_LT(e.high - e.low, 0.1) << what << " " << j + 1;  // narrow enough to mean something
}

// Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: S = (0.314, 0.442, 0), ST = (0.558, 0.442, 0.244).
TEST(Sensitivity, SobolIndicesOfTheIshigamiFunctionAreTheAnalyticOnes) {
  constexpr double a = 7.0, b = 0.1, pi = std::numbers::pi;
  auto ishigami = [&](const Point& u) {
    const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  };
  const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  const double d1 = b * pi4 / 5 + b * b * pi8 / 50 + 0.5, d2 = a * a / 8, d13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = d1 + d2 + d13;
  const SobolIndices s = indices_of(ishigami, 1 << 14, 3);
  EXPECT_NEAR(s.variance, v, 0.02 * v);
  const double first[] = {d1 / v, d2 / v, 0.0}, total[] = {(d1 + d13) / v, d2 / v, d13 / v};
  for (std::size_t j = 0; j < 3; ++j) {
    expect_within(s.first[j], first[j], "S", j);
    expect_within(s.total[j], total[j], "ST", j);
  }
}

// Sobol' G with a = (0, 1, 4.5, 9, 99, 99): V_j = 1 / (3 (1 + a_j)^2), V = prod(1 + V_j) - 1.
TEST(Sensitivity, SobolIndicesOfTheSobolGFunctionAreTheAnalyticOnes) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  auto g = [&](const Point& u) {
    double y = 1.0;
    for (std::size_t j = 0; j < a.size(); ++j) y *= (std::abs(4 * u[j] - 2) + a[j]) / (1 + a[j]);
    return y;
  };
  std::vector<double> vj;
  double product = 1.0;
  for (double aj : a) {
    vj.push_back(1.0 / (3 * (1 + aj) * (1 + aj)));
    product *= 1 + vj.back();
  }
  const double v = product - 1.0;
  const SobolIndices s = indices_of(g, 1 << 14, static_cast<int>(a.size()));
  for (std::size_t j = 0; j < a.size(); ++j) {
    expect_within(s.first[j], vj[j] / v, "S", j);
    expect_within(s.total[j], vj[j] * product / (1 + vj[j]) / v, "ST", j);
  }
}

std::vector<std::vector<double>> outputs(const std::vector<MorrisTrajectory>& ts, double (*f)(const Point&)) {
  std::vector<std::vector<double>> out;
  for (const MorrisTrajectory& t : ts) {
    out.emplace_back();
    for (const Point& x : t.points) out.back().push_back(f(x));
  }
  return out;
}

// A linear model's elementary effects are its coefficients exactly: mu* is their size and sigma
// 0, with intervals of no width. An interaction's effects vary, so its sigma is above zero.
TEST(Sensitivity, MorrisEffectsOfALinearModelAreItsCoefficients) {
  const std::vector<MorrisTrajectory> ts = morris(40, 3, 4, 9);
  const MorrisEffects linear = morris_effects(ts, outputs(ts, [](const Point& x) { return 3 * x[0] - 2 * x[1] + 0 * x[2]; }), 200, 1);
  const double coefficients[] = {3, 2, 0};
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(linear.mu_star[j].value, coefficients[j], 1e-9);
    EXPECT_NEAR(linear.mu_star[j].high - linear.mu_star[j].low, 0.0, 1e-9);
    EXPECT_NEAR(linear.sigma[j].value, 0.0, 1e-9);
  }
  const MorrisEffects product = morris_effects(ts, outputs(ts, [](const Point& x) { return x[0] * x[1]; }), 200, 1);
  EXPECT_GT(product.sigma[0].low, 0.0);
  EXPECT_GT(product.sigma[1].low, 0.0);
  EXPECT_NEAR(product.mu_star[2].value, 0.0, 1e-12);
}

// A monotone model of two factors and a third that does nothing, over a Latin hypercube.
TEST(Sensitivity, PartialRankCorrelationsFindTheMonotoneFactors) {
  const std::vector<Point> x = latin_hypercube(300, 3, 4);
  std::vector<double> y;
  for (const Point& p : x) y.push_back(std::exp(2 * p[0]) - p[1]);
  const std::vector<double> prcc = partial_rank_correlations(x, y);
  EXPECT_GT(prcc[0], 0.8);  // not 1: y's ranks are not linear in x1's
  EXPECT_LT(prcc[1], -0.8);
  EXPECT_LT(std::abs(prcc[2]), 0.15);
}

// With few points against the factors (13 factors, 30 points, as the shipped programme-effects
// hypercube), some bootstrap resamples repeat rows until the ranks are collinear: they are left
// out, and every factor still gets an interval around its estimate.
TEST(Sensitivity, PartialRankCorrelationIntervalsSurviveCollinearResamples) {
  const std::vector<Point> x = latin_hypercube(30, 13, 5);
  std::vector<double> y;
  for (const Point& p : x) y.push_back(3 * p[0] + p[1]);
  const std::vector<Estimate> prcc = partial_rank_correlations(x, y, 500, 3);
  ASSERT_EQ(prcc.size(), 13u);
  for (const Estimate& e : prcc) {
    ASSERT_TRUE(std::isfinite(e.low) && std::isfinite(e.high));
    EXPECT_LE(e.low, e.high);
  }
  EXPECT_GT(prcc[0].low, 0.5);
}

// 400 points, 5 replications each with noise of variance 100. With every point's mean the same,
// the point means still vary (by 100 / 5 = 20): the split gives it to noise, and the parameters'
// part is about 0 (within 4 of its standard errors, about 1.4 each). With means 0, 0.1, ..., 39.9
// (variance 133.67) and little noise, the parameters' part is that variance.
TEST(Sensitivity, TheVarianceSplitSeparatesParametersFromReplicationNoise) {
  const sim::CounterRng rng(21);
  auto sweep = [&](double step, double sd) {
    std::vector<std::vector<double>> y(400);
    for (std::size_t p = 0; p < y.size(); ++p) {
      for (std::uint32_t r = 0; r < 5; ++r) {
        const auto u = rng.uniform2(1, p, r);
        y[p].push_back(step * static_cast<double>(p) + sd * sim::standard_normal(u[0], u[1]));
      }
    }
    return split_variance(y);
  };
  const VarianceSplit noise_only = sweep(0.0, 10.0);
  EXPECT_NEAR(noise_only.noise, 100.0, 4 * 100.0 * std::sqrt(2.0 / (400 * 4)));
  EXPECT_LT(noise_only.parameters, 4 * 1.4);
  const VarianceSplit parameters = sweep(0.1, 0.01);
  EXPECT_NEAR(parameters.parameters, 0.01 * 400.0 * 401.0 / 12.0, 0.05);
  EXPECT_NEAR(parameters.noise, 1e-4, 4 * 1e-4 * std::sqrt(2.0 / (400 * 4)));
}

// With common random numbers, replication r of every point shares a seed whose effect (here of
// variance 100) moves all points alike: it is noise in each run, but not spread between the
// points' means, so the parameters' part stays the points' variance (133.67, within 4 standard
// errors of the residual's 0.01 / 5 and of the means' sampling), where subtracting noise / 5
// would take 20 from it; with means all the same, the parameters' part is about 0.
TEST(Sensitivity, TheVarianceSplitDoesNotTakeASharedSeedEffectForNoiseBetweenPoints) {
  const sim::CounterRng rng(22);
  auto sweep = [&](double step) {
    std::vector<std::vector<double>> y(400);
    for (std::size_t p = 0; p < y.size(); ++p) {
      for (std::uint32_t r = 0; r < 5; ++r) {
        const auto seed = rng.uniform2(1, 0, r), own = rng.uniform2(2, p, r);
        y[p].push_back(step * static_cast<double>(p) + 10.0 * sim::standard_normal(seed[0], seed[1]) +
                       0.1 * sim::standard_normal(own[0], own[1]));
      }
    }
    return split_variance(y);
  };
  const VarianceSplit shared = sweep(0.1);
  EXPECT_NEAR(shared.parameters, 0.1 * 0.1 * 400.0 * 401.0 / 12.0, 4 * 0.052);
  EXPECT_GT(shared.noise, 10.0);  // each run's spread about its point's mean includes the seed's effect
  const VarianceSplit flat = sweep(0.0);
  EXPECT_LT(flat.parameters, 4 * 0.01 / 5 * std::sqrt(2.0 / 399));
}

}  // namespace
}  // namespace icsim::experiments
