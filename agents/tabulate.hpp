// Tabulation: a run's monthly counts rolled into its measure table (agents/measures.hpp says
// how each measure is counted or derived).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "agents/config.hpp"
#include "agents/run.hpp"
#include "sim/calendar.hpp"
#include "sim/measure_table.hpp"
#include "sim/parallel.hpp"

namespace icsim::agents {

// One acute site's nights in one month: its base beds summed over them, its days at each
// escalation level (OPEL 1-4) and its elective list summed over them.
struct SiteMonth {
  std::int64_t bed_nights = 0;
  std::array<std::int64_t, kEscalationLevels> level_days{};
  std::int64_t listed_nights = 0;  // its elective list summed over the nights
};

struct TabulationInput {
  const WorldConfig& world;
  const sim::Calendar& calendar;
  const UnitCosts& costs;
  std::vector<const std::vector<std::int32_t>*> pcn_flows;   // by PCN: [month][slot][cell]
  std::vector<const std::vector<std::int32_t>*> pcn_stocks;  // by PCN: [month + 1][cell][stock]
  std::vector<const std::vector<std::int32_t>*> site_flows;  // by acute site: [month][slot][cell]
  const std::vector<int>& sites;                             // the sites' providers
  std::vector<std::vector<SiteMonth>> site_months;          // by acute site: [month] its nights' beds and levels
};

sim::MeasureTable tabulate(const TabulationInput& input, sim::Executor& executor);

}  // namespace icsim::agents
