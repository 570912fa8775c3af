#include "experiments/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "experiments/statistics.hpp"
#include "sim/rng.hpp"

namespace icsim::experiments {
namespace {

constexpr sim::StreamId kBootstrap = 1;

// `resamples` resamplings of n rows with replacement: estimate(rows) for each, and the 2.5th and
// 97.5th percentiles of each component around estimate(all rows).
template <class Estimator>
std::vector<Estimate> bootstrap(std::size_t n, int resamples, std::uint64_t seed, Estimator&& estimate) {
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  const std::vector<double> whole = estimate(rows);
  std::vector<std::vector<double>> draws(whole.size());
  const sim::CounterRng rng(seed);
  for (int b = 0; b < resamples; ++b) {
    for (std::size_t i = 0; i < n; ++i) {
      const double u = rng.uniform(kBootstrap, static_cast<std::uint64_t>(b), static_cast<std::uint32_t>(i));
      rows[i] = std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1);
    }
    const std::vector<double> e = estimate(rows);
    for (std::size_t c = 0; c < e.size(); ++c) {
      if (std::isfinite(e[c])) draws[c].push_back(e[c]);  // a resample the estimator cannot use (NaN) is left out
    }
  }
  std::vector<Estimate> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t c = 0; c < whole.size(); ++c) {
    std::sort(draws[c].begin(), draws[c].end());
    // An interval from fewer than 90% of the resamples would speak only for the others.
    if (resamples == 0) out.push_back({whole[c], whole[c], whole[c]});
    else if (10 * draws[c].size() < 9 * static_cast<std::size_t>(resamples)) out.push_back({whole[c], nan, nan});
    else out.push_back({whole[c], quantile(draws[c], 0.025), quantile(draws[c], 0.975)});
  }
  return out;
}

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// Ranks 1..n, ties given their mean rank.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t m = i; m <= j; ++m) r[order[m]] = rank;
    i = j + 1;
  }
  return r;
}

// The inverse of a small symmetric positive-definite matrix (a correlation matrix) by
// Gauss-Jordan elimination with partial pivoting. (Boost.uBLAS, the stack's matrix library,
// does not compile as C++20 in Debian 12's Boost 1.74.)
std::vector<std::vector<double>> inverse(std::vector<std::vector<double>> m) {
  const std::size_t n = m.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    }
    if (std::abs(m[pivot][c]) < 1e-12) throw std::invalid_argument("icsim: the factors' ranks are collinear");
    std::swap(m[c], m[pivot]);
    std::swap(inv[c], inv[pivot]);
    const double d = m[c][c];
    for (std::size_t k = 0; k < n; ++k) {
      m[c][k] /= d;
      inv[c][k] /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || m[r][c] == 0.0) continue;
      const double f = m[r][c];
      for (std::size_t k = 0; k < n; ++k) {
        m[r][k] -= f * m[c][k];
        inv[r][k] -= f * inv[c][k];
      }
    }
  }
  return inv;
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& fa, const std::vector<double>& fb, const std::vector<std::vector<double>>& fab,
                           int resamples, std::uint64_t seed) {
  const std::size_t n = fa.size(), k = fab.size();
  if (n < 2 || fb.size() != n) throw std::invalid_argument("icsim: Sobol' indices need f(A) and f(B) of the same length, at least 2");
  for (const auto& f : fab) {
    if (f.size() != n) throw std::invalid_argument("icsim: each f(AB_j) needs as many rows as f(A)");
  }
  // Components: V, then S_1..S_k, then ST_1..ST_k. The outputs are centred on their mean first:
  // Saltelli's first-order estimator is not invariant to a constant added to f (it adds the
  // constant times the mean of f(AB_j) - f(A), zero only on average), and a count of admissions
  // has a mean far above its spread; centring also keeps the variance free of cancellation.
  auto estimate = [&](const std::vector<std::size_t>& rows) {
    double sum = 0.0;
    for (std::size_t i : rows) sum += fa[i] + fb[i];
    const double m = 2.0 * static_cast<double>(rows.size());
    const double centre = sum / m;
    double squares = 0.0;
    for (std::size_t i : rows) squares += (fa[i] - centre) * (fa[i] - centre) + (fb[i] - centre) * (fb[i] - centre);
    const double variance = squares / m;
    std::vector<double> out(1 + 2 * k, 0.0);
    out[0] = variance;
    for (std::size_t j = 0; j < k; ++j) {
      double first = 0.0, total = 0.0;
      for (std::size_t i : rows) {
        first += (fb[i] - centre) * (fab[j][i] - fa[i]);
        total += (fa[i] - fab[j][i]) * (fa[i] - fab[j][i]);
      }
      const double r = static_cast<double>(rows.size());
      // An output that does not vary has no shares to give: NaN, not a ranking of zeros.
      const double nan = std::numeric_limits<double>::quiet_NaN();
      out[1 + j] = variance > 0.0 ? first / r / variance : nan;
      out[1 + k + j] = variance > 0.0 ? total / r / (2.0 * variance) : nan;
    }
    return out;
  };
  const std::vector<Estimate> all = bootstrap(n, resamples, seed, estimate);
  SobolIndices out;
  out.variance = all[0].value;
  out.first.assign(all.begin() + 1, all.begin() + 1 + static_cast<std::ptrdiff_t>(k));
  out.total.assign(all.begin() + 1 + static_cast<std::ptrdiff_t>(k), all.end());
  return out;
}

MorrisEffects morris_effects(const std::vector<MorrisTrajectory>& trajectories, const std::vector<std::vector<double>>& f,
                             int resamples, std::uint64_t seed) {
  if (trajectories.size() < 2 || f.size() != trajectories.size()) {
    throw std::invalid_argument("icsim: Morris effects need at least two trajectories and an output for each");
  }
  const std::size_t k = trajectories.front().factor.size();
  // effects[t][j]: trajectory t's elementary effect of factor j.
  std::vector<std::vector<double>> effects(trajectories.size(), std::vector<double>(k));
  for (std::size_t t = 0; t < trajectories.size(); ++t) {
    const MorrisTrajectory& tr = trajectories[t];
    if (tr.factor.size() != k || f[t].size() != k + 1) throw std::invalid_argument("icsim: a trajectory needs k + 1 outputs");
    for (std::size_t s = 0; s < k; ++s) {
      effects[t][static_cast<std::size_t>(tr.factor[s])] = (f[t][s + 1] - f[t][s]) / tr.step[s];
    }
  }
  // Components: mu*_1..mu*_k, then sigma_1..sigma_k.
  auto estimate = [&](const std::vector<std::size_t>& rows) {
    std::vector<double> out(2 * k, 0.0);
    const double r = static_cast<double>(rows.size());
    for (std::size_t j = 0; j < k; ++j) {
      double absolute = 0.0, sum = 0.0, squares = 0.0;
      for (std::size_t t : rows) {
        absolute += std::abs(effects[t][j]);
        sum += effects[t][j];
        squares += effects[t][j] * effects[t][j];
      }
      out[j] = absolute / r;
      out[k + j] = std::sqrt(std::max(0.0, (squares - sum * sum / r) / (r - 1.0)));
    }
    return out;
  };
  const std::vector<Estimate> all = bootstrap(trajectories.size(), resamples, seed, estimate);
  return {{all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k)}, {all.begin() + static_cast<std::ptrdiff_t>(k), all.end()}};
}

std::vector<double> partial_rank_correlations(const std::vector<Point>& x, const std::vector<double>& y) {
  const std::size_t n = y.size();
  if (n < 3 || x.size() != n) throw std::invalid_argument("icsim: partial rank correlations need a row of x for each y, at least 3");
  const std::size_t k = x.front().size();
  // Columns of ranks, standardised: the factors, then the output.
  std::vector<std::vector<double>> z(k + 1);
  for (std::size_t j = 0; j <= k; ++j) {
    std::vector<double> column(n);
    for (std::size_t i = 0; i < n; ++i) column[i] = j < k ? x[i][j] : y[i];
    z[j] = ranks(column);
    const double m = mean_of(z[j]);
    double ss = 0.0;
    for (double& v : z[j]) {
      v -= m;
      ss += v * v;
    }
    for (double& v : z[j]) v /= std::sqrt(ss);
  }
  std::vector<std::vector<double>> c(k + 1, std::vector<double>(k + 1));
  for (std::size_t a = 0; a <= k; ++a) {
    for (std::size_t b = 0; b <= k; ++b) c[a][b] = std::inner_product(z[a].begin(), z[a].end(), z[b].begin(), 0.0);
  }
  const std::vector<std::vector<double>> p = inverse(std::move(c));
  std::vector<double> out(k);
  for (std::size_t j = 0; j < k; ++j) out[j] = -p[j][k] / std::sqrt(p[j][j] * p[k][k]);
  return out;
}

std::vector<Estimate> partial_rank_correlations(const std::vector<Point>& x, const std::vector<double>& y, int resamples,
                                                std::uint64_t seed) {
  return bootstrap(y.size(), resamples, seed, [&](const std::vector<std::size_t>& rows) {
    std::vector<Point> xs;
    std::vector<double> ys;
    for (std::size_t i : rows) {
      xs.push_back(x[i]);
      ys.push_back(y[i]);
    }
    // A resample of few points against the factors can repeat rows until their ranks are
    // collinear: it gives no estimate and is left out of the interval. The whole sample (the
    // rows in order, each once) must give one.
    const bool whole = std::is_sorted(rows.begin(), rows.end()) && std::adjacent_find(rows.begin(), rows.end()) == rows.end();
    if (whole) return partial_rank_correlations(xs, ys);
    try {
      return partial_rank_correlations(xs, ys);
    } catch (const std::invalid_argument&) {
      return std::vector<double>(x.front().size(), std::numeric_limits<double>::quiet_NaN());
    }
  });
}

std::vector<double> main_effect_shares(const std::vector<Point>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || y.empty()) throw std::invalid_argument("icsim: main effects need one output per point");
  const double mean = mean_of(y);
  double total = 0.0;
  for (double v : y) total += (v - mean) * (v - mean);
  std::vector<double> out(x.front().size(), 0.0);
  if (total <= 0.0) return out;
  for (std::size_t j = 0; j < out.size(); ++j) {
    std::map<double, std::pair<double, std::size_t>> levels;  // level -> (sum, count)
    for (std::size_t i = 0; i < y.size(); ++i) {
      auto& [sum, count] = levels[x[i][j]];
      sum += y[i];
      ++count;
    }
    double between = 0.0;
    for (const auto& [level, sc] : levels) {
      const double d = sc.first / static_cast<double>(sc.second) - mean;
      between += static_cast<double>(sc.second) * d * d;
    }
    out[j] = between / total;
  }
  return out;
}

VarianceSplit split_variance(const std::vector<std::vector<double>>& y) {
  if (y.size() < 2) throw std::invalid_argument("icsim: a variance split needs at least two points");
  const std::size_t n = y.front().size();
  std::vector<double> means;
  double within = 0.0;
  for (const auto& point : y) {
    if (point.size() < 2) throw std::invalid_argument("icsim: a variance split needs at least two replications a point");
    if (point.size() != n) throw std::invalid_argument("icsim: a variance split needs the same replications (seeds) at every point");
    const double m = mean_of(point);
    double ss = 0.0;
    for (double v : point) ss += (v - m) * (v - m);
    within += ss / static_cast<double>(n - 1);
    means.push_back(m);
  }
  const double points = static_cast<double>(y.size());
  const double noise = within / points;
  const double m = mean_of(means);
  double ss = 0.0;
  for (double v : means) ss += (v - m) * (v - m);
  const double between = ss / (points - 1.0);
  // Replication r of every point shares its seed (common random numbers), so a seed's effect on
  // the output is common to all points and adds nothing to the spread of their means: what
  // does is the residual of the points-by-seeds table (its interaction mean square), which for
  // independent replications estimates the within-point variance as well.
  std::vector<double> seed_means(n, 0.0);
  for (const auto& point : y) {
    for (std::size_t r = 0; r < n; ++r) seed_means[r] += point[r] / points;
  }
  double residual = 0.0;
  for (std::size_t p = 0; p < y.size(); ++p) {
    for (std::size_t r = 0; r < n; ++r) {
      const double e = y[p][r] - means[p] - seed_means[r] + m;
      residual += e * e;
    }
  }
  residual /= (points - 1.0) * static_cast<double>(n - 1);
  return {std::max(0.0, between - residual / static_cast<double>(n)), noise};
}

}  // namespace icsim::experiments
