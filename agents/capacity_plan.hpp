// Capacity over the horizon: each resource's index for a calendar year, from the years a
// scenario gives and, after them, the growth of a population the planners keep pace with.
#pragma once
#include <cstdint>
#include <map>

#include "agents/config.hpp"

namespace icsim::agents {

// Residents at the start of a calendar year, all and aged 65+.
struct YearPopulation {
  std::int64_t all = 0;
  std::int64_t aged_65_plus = 0;
};
// By calendar year, the residents at its start (the run's years so far).
using PopulationHistory = std::map<int, YearPopulation>;

// The index for `year`: 1 before the first year given; the latest year given at or before
// `year`; after the last year given, its index times 1 + pace x (growth of the chosen
// population from the start of the last year given, or of the run if later, to `year`), times
// (1 + growth_per_year) for each year since. Population growth needs both years in `history`;
// without them it is taken as none.
double capacity_index(const CapacityTrajectory& plan, int year, const PopulationHistory& history);

// The indices of every planned resource for a year.
struct CapacityIndex {
  double acute_beds = 1.0;
  EnumArray<DownstreamService, double, kDownstreamServices> services{1.0, 1.0, 1.0, 1.0, 1.0};
};
CapacityIndex capacity_indices(const CapacityPlanConfig& plan, int year, const PopulationHistory& history);

}  // namespace icsim::agents
