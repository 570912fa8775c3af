// The synthetic population: how many residents of each sex and age band register with each
// practice, their deprivation, and the generation of one agent per resident.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "agents/config.hpp"
#include "agents/residents.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

// Deterministic, random-free plan of the starting population.
struct PopulationPlan {
  // residents[practice][sex * kCensusAgeBands + band]
  std::vector<std::array<std::int64_t, kSexes * kCensusAgeBands>> residents;
  // Cumulative IMD quintile mix of each practice's residents (last element 1).
  std::vector<std::array<double, kImdQuintiles>> imd_cumulative;
  // Place totals by sex and band, after scaling: what the practices' counts add up to.
  std::vector<std::array<std::int64_t, kSexes * kCensusAgeBands>> place_residents;
  // Registered patients per resident in each Place (list inflation), for the record.
  std::vector<double> place_list_inflation;
};

// Spreads each Place's census residents over its practices by list size, tilted by each
// practice's share of patients aged 50+ (iterative proportional fitting, so Place totals by
// age and sex are kept exactly), and gives each practice a deprivation mix.
PopulationPlan plan_population(const ScenarioConfig& config);

// Draws an exact birth day for someone in a census band on `day` (uniform within the band;
// for 90+, single years weighted by life-table survivorship).
sim::DayNumber draw_birth_day(const DemographyConfig& demography, int sex, int census_band,
                              sim::DayNumber day, double u_year, double u_day);

// One Residents partition per PCN, generated in parallel.
std::vector<Residents> generate_residents(const ScenarioConfig& config, const PopulationPlan& plan,
                                          const sim::CounterRng& rng, sim::Executor& executor);

}  // namespace icsim::agents
