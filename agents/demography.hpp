// Demographic hazards (death by the life table, leaving the area, giving birth) and the
// first-passage sampling of when each happens.
#pragma once
#include <array>
#include <optional>

#include "agents/age_hazard.hpp"
#include "agents/config.hpp"

namespace icsim::agents {

enum class Hazard { kDeath, kMoveAway, kBirth };

class Demography {
 public:
  static constexpr int kMaxAge = AgeHazard::kMaxAge;

  explicit Demography(const DemographyConfig& config);

  const AgeHazard& hazard(Hazard hazard, int sex) const {
    return hazards_[static_cast<std::size_t>(hazard)][static_cast<std::size_t>(sex)];
  }
  // Rate per day at a whole age for a sex.
  double rate_per_day(Hazard h, int sex, int age_years) const { return hazard(h, sex).rate_per_day(age_years); }

  // The first day in [from_day, until_day) on which the event happens, given a standard
  // exponential draw `target`; nullopt if it does not happen.
  std::optional<sim::DayNumber> first_day(Hazard h, int sex, sim::DayNumber birth_day, sim::DayNumber from_day,
                                          sim::DayNumber until_day, double target) const {
    return hazard(h, sex).first_day(birth_day, from_day, until_day, target);
  }

 private:
  std::array<std::array<AgeHazard, kSexes>, 3> hazards_{};
};

}  // namespace icsim::agents
