// Sensitivity analysis of a sweep's outputs: variance-based (Sobol') indices from a Saltelli
// design, Morris's elementary effects, partial rank correlations for a Latin hypercube, and the
// split of a measure's variance between the parameters and replication noise. Intervals are
// bootstrap percentiles, the resamples keyed by a seed (so the same on every machine).
#pragma once
#include <cstdint>
#include <vector>

#include "experiments/designs.hpp"

namespace icsim::experiments {

struct Estimate {
  double value, low, high;  // the estimate and its 95% bootstrap interval
};

// First-order and total indices of each of k factors from the outputs at A, B and each AB_j
// (SaltelliDesign): first order by Saltelli et al. (2010), S_j = mean((f(B) - m) (f(AB_j) - f(A))) / V
// with f centred on m, the pooled mean of f(A) and f(B), so that adding a constant to f changes
// nothing; total by Jansen (1999), ST_j = mean((f(A) - f(AB_j))^2) / (2 V); V the variance of
// f(A) and f(B) pooled. The bootstrap resamples the n rows `resamples` times.
struct SobolIndices {
  std::vector<Estimate> first, total;
  double variance;
};
SobolIndices sobol_indices(const std::vector<double>& fa, const std::vector<double>& fb, const std::vector<std::vector<double>>& fab,
                           int resamples, std::uint64_t seed);

// Each factor's elementary effects (f(points[s + 1]) - f(points[s])) / step[s], one a
// trajectory: mu* the mean of their absolute values (Campolongo et al. 2007), sigma their
// standard deviation. f[t][s] is the output at trajectory t's point s. The bootstrap resamples
// trajectories.
struct MorrisEffects {
  std::vector<Estimate> mu_star, sigma;
};
MorrisEffects morris_effects(const std::vector<MorrisTrajectory>& trajectories, const std::vector<std::vector<double>>& f,
                             int resamples, std::uint64_t seed);

// The partial rank correlation of each factor with the output (Latin hypercube designs): the
// correlation of their ranks once the ranks of the other factors are accounted for linearly,
// from the inverse of the rank correlation matrix.
std::vector<double> partial_rank_correlations(const std::vector<Point>& x, const std::vector<double>& y);
// The same with bootstrap intervals: the rows resampled `resamples` times, ranks taken afresh in
// each resample.
std::vector<Estimate> partial_rank_correlations(const std::vector<Point>& x, const std::vector<double>& y, int resamples,
                                                std::uint64_t seed);

// A full factorial grid: each factor's main-effect share, the variance of the output's means at
// its levels over the output's variance (population variances; for a balanced grid, its
// first-order index exactly). 0 when the output does not vary.
std::vector<double> main_effect_shares(const std::vector<Point>& x, const std::vector<double>& y);

// A measure's variance over a design's points split into the parameters' and replication
// noise: y[p][r] is point p's replication r (the same number at every point, at least two),
// replication r of every point run with the same seed. Noise is the mean variance within points
// (one run's spread about its point's mean). The parameters' is the variance of the point means
// less the part noise adds to it (at least 0): the residual mean square of the points-by-seeds
// table over the replications, so that an effect of the seed shared by all points is not taken
// for spread between them.
struct VarianceSplit {
  double parameters, noise;
};
VarianceSplit split_variance(const std::vector<std::vector<double>>& y);

}  // namespace icsim::experiments
