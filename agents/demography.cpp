// Piecewise-constant hazards by single year of age, integrated exactly between birthdays.
#include "agents/demography.hpp"

#include <algorithm>
#include <cmath>

#include "agents/age_bands.hpp"

namespace icsim::agents {

Demography::Demography(const DemographyConfig& config) {
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int age = 0; age <= kMaxAge; ++age) {
      const auto s = static_cast<std::size_t>(sex);
      const auto a = static_cast<std::size_t>(age);
      rates_[static_cast<std::size_t>(Hazard::kDeath)][s][a] =
          config.mortality_rate[s][static_cast<std::size_t>(std::min(age, kLifeTableMaxAge))] * config.mortality_multiplier / kDaysPerYear;
      rates_[static_cast<std::size_t>(Hazard::kMoveAway)][s][a] =
          config.out_migration_rate[static_cast<std::size_t>(census_band_of_age(age))] / kDaysPerYear;
      rates_[static_cast<std::size_t>(Hazard::kBirth)][s][a] =
          (sex == 0 && age >= 15 && age < 50) ? config.fertility_rate[static_cast<std::size_t>((age - 15) / 5)] / kDaysPerYear : 0.0;
    }
    for (std::size_t h = 0; h < rates_.size(); ++h) {
      auto& cum = cumulative_[h][static_cast<std::size_t>(sex)];
      const auto& rate = rates_[h][static_cast<std::size_t>(sex)];
      cum[0] = 0.0;
      for (int age = 0; age <= kMaxAge; ++age) {
        const auto days_in_year = static_cast<double>(anniversary(0, age + 1) - anniversary(0, age));
        cum[static_cast<std::size_t>(age + 1)] = cum[static_cast<std::size_t>(age)] + rate[static_cast<std::size_t>(age)] * days_in_year;
      }
    }
  }
}

double Demography::integrated(Hazard hazard, int sex, sim::DayNumber birth_day, sim::DayNumber day) const {
  const int age = std::min(age_in_years(birth_day, day), kMaxAge);
  const auto h = static_cast<std::size_t>(hazard);
  const auto s = static_cast<std::size_t>(sex);
  return cumulative_[h][s][static_cast<std::size_t>(age)] +
         rates_[h][s][static_cast<std::size_t>(age)] * static_cast<double>(day - anniversary(birth_day, age));
}

std::optional<sim::DayNumber> Demography::first_day(Hazard hazard, int sex, sim::DayNumber birth_day,
                                                    sim::DayNumber from_day, sim::DayNumber until_day,
                                                    double target) const {
  if (from_day >= until_day) return std::nullopt;
  // Most residents have no such event in the window: decide that in O(1) from the table.
  const double start = integrated(hazard, sex, birth_day, from_day);
  if (integrated(hazard, sex, birth_day, until_day) - start < target) return std::nullopt;
  // Otherwise find the year of age in which the integrated hazard reaches start + target.
  const double goal = start + target;
  const auto& cum = cumulative_[static_cast<std::size_t>(hazard)][static_cast<std::size_t>(sex)];
  int age = std::min(age_in_years(birth_day, from_day), kMaxAge);
  while (age < kMaxAge && cum[static_cast<std::size_t>(age + 1)] <= goal) ++age;
  const double rate = rate_per_day(hazard, sex, age);
  const double into_year = (goal - cum[static_cast<std::size_t>(age)]) / rate;
  const auto day = anniversary(birth_day, age) + static_cast<sim::DayNumber>(std::floor(into_year));
  return std::clamp(day, from_day, until_day - 1);
}

}  // namespace icsim::agents
