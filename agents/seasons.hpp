// Episode rates through the year: each episode type's multiplier in each calendar month, scaled
// so that its mean over a year is one (a season moves need between months without adding to
// the year's), times every type's by day of the week (when people present: Monday busiest),
// scaled to a week's mean of one, and the multipliers summed day by day over the horizon, so that the next episode
// of the non-homogeneous Poisson process is found by a search rather than day by day. Types
// with the same row share one sum (the baseline has three rows for six types), and the search
// interpolates, since the sums are nearly straight: a few steps, not a bisection's dozen.
// Waves (flu, COVID, RSV) are shocks on top: over a wave's days its types' rates rise by a
// raised cosine to `peak` at the midpoint and fall back, adding need rather than moving it.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "agents/config.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {

class Seasons {
 public:
  // Flat: every multiplier one.
  Seasons() = default;
  Seasons(const SeasonsConfig& config, sim::DayNumber start, int num_days);

  // Seasons or any wave.
  bool on() const { return on_; }
  double multiplier(EpisodeType type, sim::DayNumber day) const;
  // Every type's multiplier on `day` (one calendar lookup).
  std::array<double, kEpisodeTypes> multipliers(sim::DayNumber day) const;
  // Sum over types of rate x multiplier-days in [from, to) (rates per year: the result is in
  // year-days, as the episode clock's target is).
  double exposure(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber to) const;
  // The day in [from, until) during which the exposure from `from` reaches `target`, or
  // nullopt with `target` less the whole span's exposure.
  std::optional<sim::DayNumber> reach(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber until,
                                      double& target) const;

 private:
  double cumulative(std::size_t row, sim::DayNumber day) const;
  // A type's multiplier on `day` computed from the months, the week and the waves.
  double computed(std::size_t type, std::size_t month, double weekday, sim::DayNumber day) const;
  double weekday_of(sim::DayNumber day) const;
  // The product of the waves' factors on `day` for a type (or row) in `waves`.
  double wave_factor(std::uint32_t waves, sim::DayNumber day) const;
  // Each row's summed rate: the exposure's weights.
  std::array<double, kEpisodeTypes> row_rates(const std::array<double, kEpisodeTypes>& rates) const;
  // Each row's multiplier-days before `day`.
  std::array<double, kEpisodeTypes> cumulative_by_row(sim::DayNumber day) const;
  double exposure_by_row(const std::array<double, kEpisodeTypes>& row_rates, const std::array<double, kEpisodeTypes>& at_from,
                         sim::DayNumber to) const;

  bool on_ = false;
  sim::DayNumber start_ = 0;
  std::array<std::array<double, 12>, kEpisodeTypes> month_{};  // scaled multipliers by type
  std::array<double, 7> weekday_{1, 1, 1, 1, 1, 1, 1};         // scaled, Monday first
  std::vector<Wave> waves_;
  std::array<std::uint32_t, kEpisodeTypes> waves_of_{};         // bit w: the type is in wave w
  std::array<std::size_t, kEpisodeTypes> row_of_{};             // each type's distinct row
  std::size_t rows_ = 0;
  // Within the horizon, by day then row, so that one day's rows share a cache line: each row's
  // multiplier on the day, and its multiplier-days before the day (one day more).
  std::vector<double> daily_, cumulative_;
  sim::DayNumber num_days_ = 0;
};

}  // namespace icsim::agents
