// Tabulation: a run's monthly counts rolled into its measure table (agents/measures.hpp says
// how each measure is counted or derived).
#pragma once
#include <cstdint>
#include <vector>

#include "agents/config.hpp"
#include "agents/run.hpp"
#include "sim/calendar.hpp"
#include "sim/measure_table.hpp"
#include "sim/parallel.hpp"

namespace icsim::agents {

struct TabulationInput {
  const WorldConfig& world;
  const sim::Calendar& calendar;
  const UnitCosts& costs;
  std::vector<const std::vector<std::int32_t>*> pcn_flows;   // by PCN: [month][slot][cell]
  std::vector<const std::vector<std::int32_t>*> pcn_stocks;  // by PCN: [month + 1][cell][stock]
  std::vector<const std::vector<std::int32_t>*> site_flows;  // by acute site: [month][slot][cell]
  const std::vector<int>& sites;                             // the sites' providers
  std::vector<std::vector<std::int64_t>> site_bed_days;     // by acute site: [month] base beds summed over its nights
};

sim::MeasureTable tabulate(const TabulationInput& input, sim::Executor& executor);

}  // namespace icsim::agents
