// Demographic hazards (death, leaving the area, giving birth) and the first-passage sampling of
// when each happens. Ages count in years of 365.25 days, so birthdays are exact day numbers.
#pragma once
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
  explicit Demography(const DemographyConfig& config) : config_(config) {}

  // Rate per day at a whole age for a sex.
  double rate_per_day(Hazard hazard, int sex, int age_years) const;

  // The first day in [from_day, until_day) on which the event happens, given a standard
  // exponential draw `target` (integrated hazard to reach); nullopt if it does not happen.
  std::optional<sim::DayNumber> first_day(Hazard hazard, int sex, sim::DayNumber birth_day,
                                          sim::DayNumber from_day, sim::DayNumber until_day,
                                          double target) const;

  const DemographyConfig& config() const { return config_; }

 private:
  const DemographyConfig& config_;
};

}  // namespace icsim::agents
