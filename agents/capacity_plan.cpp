// Capacity over the horizon (agents/capacity_plan.hpp).
#include "agents/capacity_plan.hpp"

#include <algorithm>
#include <cmath>

namespace icsim::agents {
namespace {

std::int64_t population(const YearPopulation& p, CapacityGrowth growth) {
  return growth == CapacityGrowth::kPopulation65Plus ? p.aged_65_plus : p.all;
}

}  // namespace

double capacity_index(const CapacityTrajectory& plan, int year, const PopulationHistory& history) {
  double index = 1.0;
  int last = 0;  // the last year given at or before `year`; 0: none
  for (const auto& [y, value] : plan.by_year) {
    if (y > year) return index;  // a later year is given: `year` holds the one before
    index = value;
    last = y;
  }
  if (history.empty()) return index;
  // Growth from the start of the last year given, or from the run's first year if that is later.
  const int from = std::max(last, history.begin()->first);
  if (year <= from) return index;
  index *= std::pow(1.0 + plan.growth_per_year, year - from);
  const auto a = history.find(from), b = history.find(year);
  if (plan.then == CapacityGrowth::kHold || a == history.end() || b == history.end()) return index;
  const std::int64_t base = population(a->second, plan.then);
  if (base <= 0) return index;
  const double growth = static_cast<double>(population(b->second, plan.then)) / static_cast<double>(base) - 1.0;
  return index * (1.0 + plan.pace * growth);
}

CapacityIndex capacity_indices(const CapacityPlanConfig& plan, int year, const PopulationHistory& history) {
  CapacityIndex out;
  out.acute_beds = capacity_index(plan.acute_beds, year, history);
  for (const DownstreamService k : enumerators<DownstreamService, kDownstreamServices>()) {
    out.services[k] = capacity_index(plan.services[index(k)], year, history);
  }
  return out;
}

}  // namespace icsim::agents
