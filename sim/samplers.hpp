// Our own samplers over uniforms from CounterRng. Fixed algorithms (inversion and first
// passage), never std::*_distribution, whose algorithms differ between standard libraries.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace icsim::sim {

// Exponential with rate 1 by inversion: u in (0, 1).
inline double standard_exponential(double u) { return -std::log(u); }

// Index i with probability proportional to the i-th weight, given the running sums of the
// weights (cumulative[i] = w_0 + ... + w_i, last element > 0) and u in (0, 1).
inline std::size_t categorical(std::span<const double> cumulative, double u) {
  const double x = u * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

// Standard normal by Box-Muller (the cosine branch): u1, u2 in (0, 1).
inline double standard_normal(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Two independent standard normals by Box-Muller (both branches): u1, u2 in (0, 1).
inline std::array<double, 2> standard_normal_pair(double u1, double u2) {
  const double r = std::sqrt(-2.0 * std::log(u1));
  return {r * std::cos(6.283185307179586 * u2), r * std::sin(6.283185307179586 * u2)};
}

// Lognormal with this mean and coefficient of variation, from two uniforms in (0, 1).
inline double lognormal(double mean, double cv, double u1, double u2) {
  if (mean <= 0.0) return 0.0;
  const double sigma2 = std::log(1.0 + cv * cv);
  return std::exp(std::log(mean) - 0.5 * sigma2 + std::sqrt(sigma2) * standard_normal(u1, u2));
}

// Poisson with the given mean by inversion (sequential search from zero): one uniform per draw.
// Meant for small means (a day's arrivals at one service); exact up to rounding.
inline std::int64_t poisson(double mean, double u) {
  if (mean <= 0.0) return 0;
  double p = std::exp(-mean), cumulative = p;
  std::int64_t k = 0;
  while (u > cumulative && p > 0.0) {
    ++k;
    p *= mean / static_cast<double>(k);
    cumulative += p;
  }
  return k;
}

std::vector<double> cumulative_sums(std::span<const double> weights);

// Splits `total` into whole numbers proportional to `weights` (Hamilton's largest-remainder
// method; ties go to the lower index). The parts sum to `total` exactly.
std::vector<std::int64_t> apportion(std::span<const double> weights, std::int64_t total);

}  // namespace icsim::sim
