// Piecewise-constant hazards by single year of age, integrated exactly between birthdays.
#include "agents/demography.hpp"

#include <algorithm>
#include <cmath>

#include "agents/age_bands.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {

double Demography::rate_per_day(Hazard hazard, int sex, int age_years) const {
  switch (hazard) {
    case Hazard::kDeath: {
      const int age = std::clamp(age_years, 0, kLifeTableMaxAge);
      return config_.mortality_rate[static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)] *
             config_.mortality_multiplier / kDaysPerYear;
    }
    case Hazard::kMoveAway:
      return config_.out_migration_rate[static_cast<std::size_t>(census_band_of_age(std::max(age_years, 0)))] /
             kDaysPerYear;
    case Hazard::kBirth:
      if (sex != 0 || age_years < 15 || age_years >= 50) return 0.0;
      return config_.fertility_rate[static_cast<std::size_t>((age_years - 15) / 5)] / kDaysPerYear;
  }
  return 0.0;
}

std::optional<sim::DayNumber> Demography::first_day(Hazard hazard, int sex, sim::DayNumber birth_day,
                                                    sim::DayNumber from_day, sim::DayNumber until_day,
                                                    double target) const {
  if (from_day >= until_day) return std::nullopt;
  const auto rate_at = [&](double t) {
    const int age = age_in_years(birth_day, static_cast<sim::DayNumber>(std::floor(t)));
    return std::pair<double, double>{rate_per_day(hazard, sex, age),
                                     static_cast<double>(anniversary(birth_day, age + 1))};
  };
  const auto t = sim::first_passage_time(static_cast<double>(from_day), static_cast<double>(until_day),
                                         target, rate_at);
  if (!t) return std::nullopt;
  return std::min(static_cast<sim::DayNumber>(std::floor(*t)), until_day - 1);
}

}  // namespace icsim::agents
