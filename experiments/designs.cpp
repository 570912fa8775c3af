#include "experiments/designs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/random/sobol.hpp>

#include "sim/rng.hpp"

namespace icsim::experiments {
namespace {

// Streams of the designs' own draws (a design's seed is its own: these never meet a run's).
constexpr sim::StreamId kStrata = 1, kWithin = 2, kMorrisBase = 3, kMorrisOrder = 4, kSeededPermutation = 5;

// A random permutation of 0..n-1 (Fisher-Yates), keyed by the dimension.
std::vector<int> permutation(int n, const sim::CounterRng& rng, sim::StreamId stream, std::uint64_t key) {
  std::vector<int> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  for (int i = n - 1; i > 0; --i) {
    const auto j = static_cast<int>(rng.uniform(stream, key, static_cast<std::uint32_t>(i)) * (i + 1));
    std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(std::min(j, i))]);
  }
  return p;
}

}  // namespace

std::vector<int> seeded_permutation(int n, std::uint64_t seed, std::uint64_t key) {
  return permutation(n, sim::CounterRng(seed), kSeededPermutation, key);
}

std::vector<Point> factorial(const std::vector<int>& levels) {
  std::size_t total = 1;
  for (int l : levels) {
    if (l < 1) throw std::invalid_argument("icsim: a factorial design needs at least one level per dimension");
    total *= static_cast<std::size_t>(l);
  }
  std::vector<Point> out(total, Point(levels.size()));
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t rest = i;
    for (std::size_t j = levels.size(); j-- > 0;) {
      const auto l = static_cast<std::size_t>(levels[j]);
      out[i][j] = (static_cast<double>(rest % l) + 0.5) / static_cast<double>(l);
      rest /= l;
    }
  }
  return out;
}

std::vector<Point> latin_hypercube(int n, int k, std::uint64_t seed) {
  const sim::CounterRng rng(seed);
  std::vector<Point> out(static_cast<std::size_t>(n), Point(static_cast<std::size_t>(k)));
  for (int j = 0; j < k; ++j) {
    const std::vector<int> strata = permutation(n, rng, kStrata, static_cast<std::uint64_t>(j));
    for (int i = 0; i < n; ++i) {
      const double u = rng.uniform(kWithin, static_cast<std::uint64_t>(j), static_cast<std::uint32_t>(i));
      out[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = (strata[static_cast<std::size_t>(i)] + u) / n;
    }
  }
  return out;
}

std::vector<Point> sobol_sequence(int n, int k, std::uint64_t skip) {
  boost::random::sobol engine(static_cast<std::size_t>(k));
  engine.discard(skip * static_cast<std::uint64_t>(k));  // the engine yields one coordinate at a time
  std::vector<Point> out(static_cast<std::size_t>(n), Point(static_cast<std::size_t>(k)));
  for (Point& p : out) {
    for (double& x : p) x = std::ldexp(static_cast<double>(engine()), -64);  // its 64-bit integers over 2^64
  }
  return out;
}

SaltelliDesign saltelli(int n, int k) {
  const std::vector<Point> both = sobol_sequence(n, 2 * k, 1);  // after (0.5, ..., 0.5), where A's row would be B's
  SaltelliDesign d;
  for (const Point& p : both) {
    d.a.emplace_back(p.begin(), p.begin() + k);
    d.b.emplace_back(p.begin() + k, p.end());
  }
  d.ab.assign(static_cast<std::size_t>(k), d.a);
  for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j) {
    for (std::size_t i = 0; i < d.a.size(); ++i) d.ab[j][i][j] = d.b[i][j];
  }
  return d;
}

std::vector<MorrisTrajectory> morris(int r, int k, int levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("icsim: a Morris design needs an even number of levels");
  const sim::CounterRng rng(seed);
  const double unit = 1.0 / (levels - 1);
  const double delta = levels / (2.0 * (levels - 1));
  const int lower_levels = levels / 2;  // base values 0 .. 1 - delta on the grid: levels/2 of them
  std::vector<MorrisTrajectory> out(static_cast<std::size_t>(r));
  for (int t = 0; t < r; ++t) {
    MorrisTrajectory& tr = out[static_cast<std::size_t>(t)];
    Point x(static_cast<std::size_t>(k));
    std::vector<double> direction(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j) {
      const auto key = static_cast<std::uint64_t>(t) << 32 | static_cast<std::uint32_t>(j);
      const auto u = rng.uniform2(kMorrisBase, key, 0);
      const double base = std::min(static_cast<int>(u[0] * lower_levels), lower_levels - 1) * unit;
      const bool up = u[1] < 0.5;
      x[static_cast<std::size_t>(j)] = up ? base : base + delta;  // a step down starts a delta higher
      direction[static_cast<std::size_t>(j)] = up ? delta : -delta;
    }
    tr.points.push_back(x);
    for (int j : permutation(k, rng, kMorrisOrder, static_cast<std::uint64_t>(t))) {
      x[static_cast<std::size_t>(j)] += direction[static_cast<std::size_t>(j)];
      tr.points.push_back(x);
      tr.factor.push_back(j);
      tr.step.push_back(direction[static_cast<std::size_t>(j)]);
    }
  }
  return out;
}

}  // namespace icsim::experiments
