// Our own samplers over uniforms from CounterRng. Fixed algorithms (inversion and first
// passage), never std::*_distribution, whose algorithms differ between standard libraries.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
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

std::vector<double> cumulative_sums(std::span<const double> weights);

// The time at which the integrated hazard of a piecewise-constant rate, starting at t0, first
// reaches `target` (a standard exponential draw gives the time of a first event). `rate_at(t)`
// returns {rate per unit time at t, end of the piece containing t}. nullopt if not reached
// before t_end.
template <class RateAt>
std::optional<double> first_passage_time(double t0, double t_end, double target, RateAt rate_at) {
  double t = t0;
  double integrated = 0.0;
  while (t < t_end) {
    auto [rate, piece_end] = rate_at(t);
    piece_end = std::min(piece_end, t_end);
    const double increment = rate * (piece_end - t);
    if (rate > 0.0 && integrated + increment >= target) return t + (target - integrated) / rate;
    integrated += increment;
    t = piece_end;
  }
  return std::nullopt;
}

// Splits `total` into whole numbers proportional to `weights` (Hamilton's largest-remainder
// method; ties go to the lower index). The parts sum to `total` exactly.
std::vector<std::int64_t> apportion(std::span<const double> weights, std::int64_t total);

}  // namespace icsim::sim
