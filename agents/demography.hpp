// Demographic hazards (death, leaving the area, giving birth) and the first-passage sampling of
// when each happens. Ages count in years of 365.25 days, so birthdays are exact day numbers.
#pragma once
#include <algorithm>
#include <array>
#include <optional>

#include "agents/config.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {

// Whole years of age on `day` for someone born on `birth_day`.
inline int age_in_years(sim::DayNumber birth_day, sim::DayNumber day) {
  return static_cast<int>((4 * static_cast<std::int64_t>(day - birth_day)) / 1461);
}
// The day someone born on `birth_day` reaches `years` of age.
inline sim::DayNumber anniversary(sim::DayNumber birth_day, int years) {
  return birth_day + static_cast<sim::DayNumber>((1461 * static_cast<std::int64_t>(years) + 3) / 4);
}

enum class Hazard { kDeath, kMoveAway, kBirth };

class Demography {
 public:
  static constexpr int kMaxAge = 130;  // ages beyond are treated as this age

  explicit Demography(const DemographyConfig& config);

  // Rate per day at a whole age for a sex.
  double rate_per_day(Hazard hazard, int sex, int age_years) const {
    return rates_[static_cast<std::size_t>(hazard)][static_cast<std::size_t>(sex)]
                 [static_cast<std::size_t>(std::clamp(age_years, 0, kMaxAge))];
  }

  // The first day in [from_day, until_day) on which the event happens, given a standard
  // exponential draw `target` (integrated hazard to reach); nullopt if it does not happen.
  std::optional<sim::DayNumber> first_day(Hazard hazard, int sex, sim::DayNumber birth_day,
                                          sim::DayNumber from_day, sim::DayNumber until_day,
                                          double target) const;

 private:
  // Integrated hazard from birth to a point in time, in O(1) from the cumulative table.
  double integrated(Hazard hazard, int sex, sim::DayNumber birth_day, sim::DayNumber day) const;

  using AgeTable = std::array<double, kMaxAge + 2>;
  std::array<std::array<AgeTable, kSexes>, 3> rates_{};
  // cumulative_[h][sex][k]: integrated hazard from birth to the k-th birthday. Years of age are
  // 365 or 366 days in a pattern that depends only on k, so one table serves every birth day.
  std::array<std::array<AgeTable, kSexes>, 3> cumulative_{};
};

}  // namespace icsim::agents
