// The whole model's response to downstream capacity: with the same seed (common random
// numbers), less home care capacity delays more patients awaiting home care and more home
// care capacity delays fewer; unlimited capacity everywhere leaves only hand-off and choice
// delays.
#include <gtest/gtest.h>

#include "agents/simulation.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

double delayed(const RunResult& r, const char* group) {
  double total = 0.0;
  for (const char* year : {"2022", "2023"}) total += r.measures.value(year, "system", "MSE", group, "delayed_transfer_days");
  return total;
}

RunResult run_with(double home_care_factor, double everything_factor = 1.0) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = 0.1;
  c.run.years = 3;
  for (auto& s : c.flow.services) {
    s.capacity *= everything_factor;
    s.initial_occupancy /= everything_factor;  // care homes: the same residents in more places
  }
  c.flow.services[index(DownstreamService::kHomeCareService)].capacity *= home_care_factor;
  RunOptions options;
  options.threads = 2;
  return run_simulation(c, options);
}

TEST(FlowCapacity, HomeCareCapacityMovesDelaysAwaitingHomeCare) {
  const RunResult base = run_with(1.0), less = run_with(0.7), more = run_with(1.3);
  const double d_base = delayed(base, "reason_awaiting_home_care"), d_less = delayed(less, "reason_awaiting_home_care"),
               d_more = delayed(more, "reason_awaiting_home_care");
  EXPECT_GT(d_less, d_base + 100) << "less capacity: " << d_less << ", baseline: " << d_base;
  EXPECT_LE(d_more, d_base) << "more capacity: " << d_more << ", baseline: " << d_base;
  EXPECT_GT(delayed(less, "all"), delayed(base, "all"));
}

TEST(FlowCapacity, UnlimitedDownstreamCapacityLeavesOnlyHandOffAndChoiceDelays) {
  const RunResult r = run_with(1.0, 1e6);
  for (const char* reason : {"reason_awaiting_home_care", "reason_awaiting_reablement", "reason_awaiting_intermediate_care_bed",
                             "reason_awaiting_care_home"}) {
    EXPECT_EQ(delayed(r, reason), 0.0) << reason;
  }
  EXPECT_GT(delayed(r, "reason_awaiting_assessment"), 0.0);
}

}  // namespace
}  // namespace icsim::agents
