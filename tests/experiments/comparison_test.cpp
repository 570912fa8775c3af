// Paired comparison: exact arithmetic on known replications, and common random numbers in the
// whole model (a change that touches nothing before the costs leaves every other measure
// identical, replication by replication).
#include "experiments/comparison.hpp"
#include "experiments/replications.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

// Programme totals and decision counts are each scenario's mean over its replications.
TEST(Comparison, ProgrammeTotalsAndDecisionsAreMeansOverReplications) {
  std::vector<Slice> runs;
  for (double spent : {100.0, 200.0}) {  // replication 0 then 1, each comparator then what-if
    runs.push_back(one_cell(1));
    Slice what_if = one_cell(1);
    what_if.programmes = {{"2021", "virtual_wards", "system", 300.0, spent, 2.0, 1.0, 50.0, spent / 10.0}};
    what_if.decisions = {{"pcn", "passed", spent / 100.0}};
    runs.push_back(what_if);
  }
  EXPECT_EQ(programme_totals_csv(runs, {"base", "fund"}),
            "scenario,year,programme,level,allocated_gbp,spent_gbp,funded_wte,staff_in_post,eligible,covered\n"
            "fund,2021,virtual_wards,system,300.00,150.00,2.000,1.000,50.0,15.0\n");
  EXPECT_EQ(decision_counts_csv(runs, {"base", "fund"}), "scenario,level,outcome,decisions\nfund,pcn,passed,1.5\n");
  EXPECT_THROW(programme_totals_csv(runs, {"base", "fund", "other"}), std::invalid_argument);
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

// A small world's run: the System, one Place and one PCN; a year and a month; the headline
// measures and one other; every value `base` plus the cell's index times `step`.
Slice small_run(double base, double step) {
  Slice s{{"2021", "2021-01"},
          {{"system", "MSE", "MSE"}, {"place", "thurrock", "Thurrock"}, {"pcn", "U1", "U1 PCN"}},
          {kHeadlineMeasures.begin(), kHeadlineMeasures.end()},
          {}};
  s.measures.push_back("births");
  s.values.resize(s.periods.size() * s.areas.size() * s.measures.size());
  for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = base + step * static_cast<double>(i);
  return s;
}

TEST(Comparison, EachScenarioAgainstOneComparatorInTheOrderGiven) {
  // Two replications, each the comparator's run then scenarios a and b.
  std::vector<Slice> runs = {small_run(10, 0), small_run(10, 1), small_run(10, 0),
                             small_run(12, 0), small_run(12, 1), small_run(12, 0)};
  const std::vector<Comparison> cs = compare_each(runs, {"a", "b"});
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].scenario, "a");
  EXPECT_EQ(cs[1].scenario, "b");
  EXPECT_EQ(cs[0].replications, 2u);
  for (std::size_t i = 0; i < cs[0].difference.size(); ++i) {
    EXPECT_DOUBLE_EQ(cs[0].difference[i], static_cast<double>(i)) << i;
    EXPECT_EQ(cs[0].half_width[i], 0.0);  // the same difference in both replications
    EXPECT_EQ(cs[1].difference[i], 0.0);  // b is the comparator again
  }
  EXPECT_THROW(compare_each({small_run(1, 0), small_run(1, 0), small_run(1, 0)}, {"a"}), std::invalid_argument);
  EXPECT_THROW(compare_each({small_run(1, 0), small_run(1, 0)}, {}), std::invalid_argument);

  // comparison.csv: a leading scenario column, one block of every cell per scenario.
  const std::string csv = comparison_csv(cs);
  const std::size_t cells = runs.front().values.size();
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), 1 + 2 * cells);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "scenario,period,level,area,measure,baseline_mean,scenario_mean,difference,difference_low,difference_high,"
            "unpaired_low,unpaired_high");
  EXPECT_NE(csv.find("\na,2021,system,MSE,emergency_admissions,11,11,0,0,0,"), std::string::npos);
  EXPECT_NE(csv.find("\nb,2021-01,pcn,U1,births,"), std::string::npos);
  EXPECT_LT(csv.find("\na,"), csv.find("\nb,"));
}

TEST(Comparison, HeadlineHasAColumnGroupPerScenarioAligned) {
  // Scenario "a" differs by the cell index (up to 35), "wider-named" by a thousand times it,
  // with noise, so the second group's columns are wider than the first's.
  Slice noisy = small_run(10, 1000);
  noisy.values[0] += 7;
  const std::vector<Comparison> cs =
      compare_each({small_run(10, 0), small_run(10, 1), small_run(10, 1000), small_run(12, 0), small_run(12, 1), noisy},
                   {"a", "wider-named"});
  const std::string table = headline_table("comparator", cs);
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; (end = table.find('\n', at)) != std::string::npos; at = end + 1) {
    lines.push_back(table.substr(at, end - at));
  }
  EXPECT_NE(lines[0].find("Differences from comparator"), std::string::npos);
  EXPECT_NE(lines[0].find("2 paired replications"), std::string::npos);
  EXPECT_NE(lines[2].find("a"), std::string::npos);
  const std::size_t second = lines[2].find("wider-named");
  ASSERT_NE(second, std::string::npos);
  const std::string& header = lines[3];
  EXPECT_EQ(header.rfind("area", 0), 0u);
  // Rows: the System's and the Place's year, each headline measure; a blank line between the areas.
  std::vector<std::string> rows(lines.begin() + 4, lines.end());
  ASSERT_EQ(rows.size(), 2 * kHeadlineMeasures.size() + 1);
  EXPECT_EQ(rows[kHeadlineMeasures.size()], "");
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(kHeadlineMeasures.size()));
  for (std::size_t k = 0; k < kHeadlineMeasures.size(); ++k) {
    EXPECT_EQ(rows[k].rfind("MSE", 0), 0u) << rows[k];
    EXPECT_NE(rows[k].find(kHeadlineMeasures[k]), std::string::npos) << rows[k];
    EXPECT_EQ(rows[kHeadlineMeasures.size() + k].rfind("Thurrock", 0), 0u);
  }
  EXPECT_EQ(table.find("U1"), std::string::npos);      // PCNs are not in the headline
  EXPECT_EQ(table.find("2021-01"), std::string::npos);  // nor are months
  // Aligned: every row as long as the others, the differences ending under "difference", the
  // second group starting under its name.
  const std::size_t difference_end = header.find("difference") + 10;
  for (const std::string& row : rows) {
    EXPECT_EQ(row.size(), rows.front().size()) << row;
    EXPECT_EQ(row[difference_end - 1], '0') << row;  // a.1f value ends there: 0.0, 1.0, ...
    EXPECT_EQ(row[difference_end], ' ') << row;
    EXPECT_EQ(row[second - 1], ' ') << row;
    EXPECT_NE(row[second + 9], ' ') << row;  // wider-named's difference ends under its header's end
  }
  EXPECT_EQ(header.find("difference", difference_end), second);
}

TEST(Comparison, MedianNarrowingOverTheHeadlineCells) {
  // Replications differ by 0, 5 and 10 in both: paired differences are exact (no paired
  // interval), so there is nothing to narrow.
  const std::vector<Comparison> cs = compare_each(
      {small_run(0, 1), small_run(1, 1), small_run(5, 1), small_run(6, 1), small_run(10, 1), small_run(11, 1)}, {"a"});
  EXPECT_EQ(median_narrowing(cs[0]), 0.0);
  Comparison c = cs[0];
  for (std::size_t i = 0; i < c.half_width.size(); ++i) c.half_width[i] = c.unpaired_half_width[i] / (i % 2 == 0 ? 2.0 : 4.0);
  // The headline cells are 0-4 (the System's year) and 6-10 (the Place's): six even, ratio 2,
  // and four odd, ratio 4, so the median (the upper middle) is 2; over every cell it would be 4.
  EXPECT_DOUBLE_EQ(median_narrowing(c), 2.0);
  for (std::size_t i = 0; i < c.half_width.size(); ++i) {
    if (i % 6 == 0) c.half_width[i] = c.unpaired_half_width[i] / 3.0;
  }
  EXPECT_DOUBLE_EQ(median_narrowing(c), 3.0);  // cells 0 and 6 now 3: 2 2 2 2 3 3 4 4 4 4
  Slice missing = small_run(0, 1);
  missing.measures.back() = "other";
  missing.measures.front() = "not_emergency_admissions";
  c.layout = missing;
  EXPECT_THROW(median_narrowing(c), std::invalid_argument);
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
