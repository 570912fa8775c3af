// The demographic rates as hazards by single year of age.
#include "agents/demography.hpp"

#include <algorithm>

#include "agents/age_bands.hpp"

namespace icsim::agents {

Demography::Demography(const DemographyConfig& config) {
  for (int sex = 0; sex < kSexes; ++sex) {
    const auto s = static_cast<std::size_t>(sex);
    hazards_[static_cast<std::size_t>(Hazard::kDeath)][s] = AgeHazard::from_yearly([&](int age) {
      return config.mortality_rate[s][static_cast<std::size_t>(std::min(age, kLifeTableMaxAge))] * config.mortality_multiplier;
    });
    hazards_[static_cast<std::size_t>(Hazard::kMoveAway)][s] = AgeHazard::from_yearly([&](int age) {
      return config.out_migration_rate[static_cast<std::size_t>(census_band_of_age(age))];
    });
    hazards_[static_cast<std::size_t>(Hazard::kBirth)][s] = AgeHazard::from_yearly([&](int age) {
      return (sex == 0 && age >= 15 && age < 50) ? config.fertility_rate[static_cast<std::size_t>((age - 15) / 5)] : 0.0;
    });
  }
}

}  // namespace icsim::agents
