// Designs for parameter sweeps: points in the unit cube [0, 1)^k, one coordinate per swept
// parameter, which a sweep maps onto each parameter's range or distribution. Every design is a
// pure function of its arguments and seed, so a sweep's points are the same on every machine
// and for any number of processes.
#pragma once
#include <cstdint>
#include <vector>

namespace icsim::experiments {

using Point = std::vector<double>;

// Full factorial: every combination of levels[j] values of dimension j, each the midpoint of
// one of levels[j] equal strata (one level: 0.5); the last dimension varies fastest.
std::vector<Point> factorial(const std::vector<int>& levels);

// Latin hypercube of n points in k dimensions: in each dimension, exactly one point falls in
// each stratum [i/n, (i+1)/n), uniformly within it, the strata paired at random across
// dimensions.
std::vector<Point> latin_hypercube(int n, int k, std::uint64_t seed);

// n points of the k-dimensional Sobol' sequence (Joe and Kuo's direction numbers, from
// Boost.Random), after skipping `skip` points. The sequence starts after the origin, at
// (0.5, ..., 0.5): the origin, a point no design wants, is never given.
std::vector<Point> sobol_sequence(int n, int k, std::uint64_t skip = 0);

// Saltelli's scheme for variance-based indices: matrices A and B of n points each (the two
// halves of one 2k-dimensional Sobol' sequence, after its first point, whose halves are equal), and
// for each dimension j the matrix AB_j, A with
// column j taken from B: n (k + 2) runs.
struct SaltelliDesign {
  std::vector<Point> a, b;
  std::vector<std::vector<Point>> ab;  // ab[j][i]: row i of AB_j
};
SaltelliDesign saltelli(int n, int k);

// Morris's elementary effects: r trajectories of k + 1 points on the grid of `levels` (even) values
// {0, 1/(levels - 1), ..., 1}. From a random base point, each step moves one factor, in a random
// order, by delta = levels / (2 (levels - 1)), up or down (whichever keeps it in [0, 1]).
struct MorrisTrajectory {
  std::vector<Point> points;  // k + 1
  std::vector<int> factor;    // factor[s]: the factor moved from points[s] to points[s + 1]
  std::vector<double> step;   // by +delta or -delta
};
std::vector<MorrisTrajectory> morris(int r, int k, int levels, std::uint64_t seed);

// A random permutation of 0..n-1 (Fisher-Yates) from `seed`, one for each `key`: the orderings
// of a sampled Shapley attribution (experiments/attribution.hpp).
std::vector<int> seeded_permutation(int n, std::uint64_t seed, std::uint64_t key);

}  // namespace icsim::experiments
