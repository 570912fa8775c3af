// Paired comparison: exact arithmetic on known replications, and common random numbers in the
// whole model (a change that touches nothing before the costs leaves every other measure
// identical, replication by replication).
#include "experiments/comparison.hpp"
#include "experiments/replications.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "agents/simulation.hpp"
#include "tests/test_support.hpp"

namespace icsim::experiments {
namespace {

Slice one_cell(double v) { return Slice{{"2021"}, {{"system", "MSE", "MSE"}}, {"x"}, {v}}; }

TEST(Comparison, PairedAndUnpairedIntervalsFromKnownValues) {
  // Baseline 10, 12, 14; scenario 11, 14, 15: differences 1, 2, 1.
  const Comparison c = compare({one_cell(10), one_cell(12), one_cell(14)}, {one_cell(11), one_cell(14), one_cell(15)});
  EXPECT_DOUBLE_EQ(c.baseline_mean[0], 12.0);
  EXPECT_NEAR(c.scenario_mean[0], 40.0 / 3.0, 1e-12);
  EXPECT_NEAR(c.difference[0], 4.0 / 3.0, 1e-12);
  const double t = 4.302652729911275;  // Student's t, 0.975, 2 degrees of freedom
  // Paired: sd of (1, 2, 1) = sqrt(1/3); half-width t sd / sqrt(3).
  EXPECT_NEAR(c.half_width[0], t * std::sqrt(1.0 / 3.0) / std::sqrt(3.0), 1e-9);
  // Unpaired: variances 4 and 13/3, added, over 3.
  EXPECT_NEAR(c.unpaired_half_width[0], t * std::sqrt((4.0 + 13.0 / 3.0) / 3.0), 1e-9);
}

TEST(Comparison, MismatchedRunsAreRejected) {
  EXPECT_THROW(compare({one_cell(1)}, {one_cell(1)}), std::invalid_argument);
  Slice other = one_cell(1);
  other.measures = {"y"};
  EXPECT_THROW(compare({one_cell(1), one_cell(2)}, {one_cell(1), other}), std::invalid_argument);
}

TEST(Comparison, CommonRandomNumbersLeaveUntouchedMeasuresIdentical) {
  agents::ScenarioConfig base = *testing::baseline().model;
  base.population.scale = 0.02;
  base.run.years = 1;
  agents::ScenarioConfig what = base;
  what.flow.costs.ae *= 2.0;  // changes one output, nothing residents do
  std::vector<Slice> b, s;
  for (std::uint64_t r = 0; r < 3; ++r) {
    base.run.seed = what.run.seed = 100 + r;
    agents::RunOptions options;
    options.threads = 2;
    b.push_back(all_group(agents::run_simulation(base, options).measures));
    s.push_back(all_group(agents::run_simulation(what, options).measures));
  }
  const Comparison c = compare(b, s);
  int cost_cells_changed = 0;
  for (std::size_t p = 0; p < c.layout.periods.size(); ++p) {
    for (std::size_t a = 0; a < c.layout.areas.size(); ++a) {
      for (std::size_t m = 0; m < c.layout.measures.size(); ++m) {
        const std::size_t i = c.layout.index(p, a, m);
        if (c.layout.measures[m] == "cost_nhs_gbp") {
          cost_cells_changed += c.difference[i] > 0.0;
          continue;
        }
        ASSERT_EQ(c.difference[i], 0.0) << c.layout.measures[m];
        ASSERT_EQ(c.half_width[i], 0.0) << c.layout.measures[m];
      }
    }
  }
  EXPECT_GT(cost_cells_changed, 10);
  // Replications differ from each other, so unpaired runs would see noise that pairing removes.
  EXPECT_NE(b[0].values, b[1].values);
}

// Means and percentiles by linear interpolation between order statistics (type 7): for 1..5,
// the 2.5th percentile is 1 + 0.1 (4 x 0.025 = 0.1 of the way from 1 to 2), the median 3, the
// 97.5th 4.9.
TEST(Replications, MeanAndPercentilesOfKnownValues) {
  const ReplicationSummary s = summarise({one_cell(5), one_cell(1), one_cell(3), one_cell(2), one_cell(4)});
  EXPECT_EQ(s.replications, 5u);
  EXPECT_DOUBLE_EQ(s.mean[0], 3.0);
  EXPECT_NEAR(s.p2_5[0], 1.1, 1e-12);
  EXPECT_DOUBLE_EQ(s.p50[0], 3.0);
  EXPECT_NEAR(s.p97_5[0], 4.9, 1e-12);
  const ReplicationSummary single = summarise({one_cell(7)});
  EXPECT_EQ(single.p2_5[0], 7.0);
  EXPECT_EQ(single.p97_5[0], 7.0);
  EXPECT_THROW(summarise({}), std::invalid_argument);
}

}  // namespace
}  // namespace icsim::experiments
