// Capacity over the horizon: the index a plan gives each year, exactly; the flow's sites and
// pools taking it; and a whole run's beds following the plan.
#include "agents/capacity_plan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "agents/simulation.hpp"
#include "tests/agents/flow_support.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

CapacityTrajectory plan(std::vector<std::pair<int, double>> by_year, CapacityGrowth then = CapacityGrowth::kHold, double pace = 1.0,
                        double growth = 0.0) {
  return {std::move(by_year), then, pace, growth};
}

const PopulationHistory kHistory = {{2021, {1000, 200}}, {2022, {1010, 210}}, {2023, {1020, 230}}, {2024, {1030, 250}}};

TEST(CapacityPlan, GivenYearsHoldUntilTheNextAndOneBeforeTheFirst) {
  const CapacityTrajectory p = plan({{2022, 0.9}, {2024, 1.2}});
  EXPECT_EQ(capacity_index(p, 2021, kHistory), 1.0);
  EXPECT_EQ(capacity_index(p, 2022, kHistory), 0.9);
  EXPECT_EQ(capacity_index(p, 2023, kHistory), 0.9);
  EXPECT_EQ(capacity_index(p, 2024, kHistory), 1.2);
  EXPECT_EQ(capacity_index(p, 2030, kHistory), 1.2);
  EXPECT_EQ(capacity_index(plan({}), 2024, kHistory), 1.0);
}

TEST(CapacityPlan, AfterTheLastYearTheIndexFollowsItsPopulationByPace) {
  // From the start of 2022 (the last year given) to 2024: all residents +1.98%, aged 65+ +19.05%.
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2022, 0.9}}, CapacityGrowth::kPopulation), 2024, kHistory), 0.9 * 1030.0 / 1010.0);
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2022, 0.9}}, CapacityGrowth::kPopulation65Plus), 2024, kHistory), 0.9 * 250.0 / 210.0);
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2022, 0.9}}, CapacityGrowth::kPopulation65Plus, 0.5), 2024, kHistory),
                   0.9 * (1.0 + 0.5 * (250.0 / 210.0 - 1.0)));
  // No year given: growth from the run's first year.
  EXPECT_DOUBLE_EQ(capacity_index(plan({}, CapacityGrowth::kPopulation65Plus), 2023, kHistory), 230.0 / 200.0);
  // A year given before the run starts: growth from the run's first year.
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2019, 1.1}}, CapacityGrowth::kPopulation65Plus), 2022, kHistory), 1.1 * 210.0 / 200.0);
  // A year not yet counted: no population growth.
  EXPECT_EQ(capacity_index(plan({{2022, 0.9}}, CapacityGrowth::kPopulation65Plus), 2026, kHistory), 0.9);
}

TEST(CapacityPlan, GrowthPerYearCompoundsFromTheLastYearGiven) {
  EXPECT_EQ(capacity_index(plan({{2022, 1.0}}, CapacityGrowth::kHold, 1.0, 0.02), 2022, kHistory), 1.0);
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2022, 1.0}}, CapacityGrowth::kHold, 1.0, 0.02), 2024, kHistory), 1.02 * 1.02);
  EXPECT_DOUBLE_EQ(capacity_index(plan({{2022, 1.0}}, CapacityGrowth::kPopulation65Plus, 1.0, 0.02), 2024, kHistory),
                   1.02 * 1.02 * 250.0 / 210.0);
}

TEST(CapacityPlan, TheFlowTakesTheIndexForSitesAndPools) {
  using namespace flow_testing;
  const FlowConfig config = [] {
    FlowConfig c = quiet_config();
    c.acute.escalation.beds_share[0] = 0.1;  // escalation off: OPEL 1 always
    return c;
  }();
  Capacities caps;
  caps[DownstreamService::kReablement] = {40, 25};
  const sim::CounterRng rng(7);
  HospitalFlow flow(config, layout(200, 2, caps), rng, 10);
  EXPECT_EQ(flow.bed_limit(0), 220);
  CapacityIndex index;
  index.acute_beds = 1.1;
  index.services[DownstreamService::kReablement] = 0.9;
  flow.set_capacity(index);
  EXPECT_EQ(flow.bed_limit(0), 242);  // 220 base beds and 22 escalation beds
  EXPECT_EQ(flow.capacity(DownstreamService::kReablement, 0), 36);
  EXPECT_EQ(flow.capacity(DownstreamService::kReablement, 1), 23);  // 22.5 rounded away from zero
  EXPECT_EQ(flow.capacity(DownstreamService::kHomeCareService, 0), 0);
}

// A whole run: each year's beds are the plan's index times each site's beds, rounded, and the
// places of each pool likewise; nothing else decides them.
TEST(CapacityPlan, ARunsBedsFollowThePlanYearByYear) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = 0.1;
  c.run.years = 3;
  c.flow.capacity_plan = {};
  c.flow.capacity_plan.acute_beds = plan({{2022, 0.9}, {2023, 1.2}});
  c.flow.capacity_plan.services[index(DownstreamService::kReablement)] = plan({{2022, 0.5}});
  RunOptions options;
  options.threads = 2;
  const RunResult r = run_simulation(c, options);
  for (const auto& [year, index] : {std::pair{"2021", 1.0}, {"2022", 0.9}, {"2023", 1.2}}) {
    double beds = 0.0;
    for (const auto& p : c.world.providers) {
      if (p.kind != ProviderKind::kAcuteSite) continue;
      beds += static_cast<double>(std::llround(static_cast<double>(std::llround(static_cast<double>(p.general_acute_beds) * 0.1)) * index));
    }
    EXPECT_EQ(r.measures.value(year, "system", "MSE", "all", "beds_available"), beds) << year;
  }
  std::map<std::string, std::int64_t> first_day;
  int checked = 0;
  for (const PoolMonth& m : r.pools) {
    if (m.service != "reablement") continue;
    if (m.date == "2021-01-01") first_day[m.pool] = m.capacity;
    if (m.date == "2021-12-31") {
      EXPECT_EQ(m.capacity, first_day.at(m.pool)) << m.pool;
    }
    if (m.date == "2022-06-30") {
      EXPECT_EQ(m.capacity, std::llround(static_cast<double>(first_day.at(m.pool)) * 0.5)) << m.pool;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace icsim::agents
