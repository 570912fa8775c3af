// Levers, coalitions and Shapley values (experiments/attribution.hpp): exact checks on value
// functions whose Shapley values are known.
#include "experiments/attribution.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <cmath>
#include <numeric>
#include <set>

#include <gtest/gtest.h>

namespace icsim::experiments {
namespace {
using nlohmann::json;

// An additive game plus an interaction: lever 0 and lever 2 together add `pair`, shared equally.
double game(Coalition c, const std::vector<double>& own, double pair) {
  double v = 100.0;  // the empty coalition's value need not be zero
  for (std::size_t i = 0; i < own.size(); ++i) {
    if ((c >> i & 1u) != 0) v += own[i];
  }
  if ((c & 0b101u) == 0b101u) v += pair;
  return v;
}

TEST(Attribution, ExactShapleyValuesOfAKnownGameWithADummyAtZero) {
  const std::vector<double> own = {3.0, 10.0, -1.5, 0.0, 7.25};  // lever 3 does nothing
  const ShapleyPlan plan = plan_shapley(own.size(), 6, 0, 1);
  ASSERT_TRUE(plan.exact);
  EXPECT_EQ(plan.coalitions.size(), 32u);
  const auto rows = shapley_contributions(plan, [&](Coalition c) { return game(c, own, 4.0); });
  ASSERT_EQ(rows.size(), 1u);
  const std::vector<double>& phi = rows[0];
  EXPECT_NEAR(phi[0], 3.0 + 2.0, 1e-12);
  EXPECT_NEAR(phi[1], 10.0, 1e-12);
  EXPECT_NEAR(phi[2], -1.5 + 2.0, 1e-12);
  EXPECT_EQ(phi[3], 0.0);  // exactly: every marginal contribution is zero
  EXPECT_NEAR(phi[4], 7.25, 1e-12);
  const double whole = game(31, own, 4.0) - game(0, own, 4.0);
  EXPECT_NEAR(std::accumulate(phi.begin(), phi.end(), 0.0), whole, 1e-12);
}

TEST(Attribution, SampledOrderingsAreAntitheticPairsAndAddUpInEachPair) {
  const std::vector<double> own = {3.0, 10.0, -1.5, 0.0, 7.25, 1.0, -2.0, 5.0};
  const ShapleyPlan plan = plan_shapley(own.size(), 6, 5, 42);
  ASSERT_FALSE(plan.exact);
  ASSERT_EQ(plan.orderings.size(), 10u);
  for (std::size_t o = 0; o < plan.orderings.size(); o += 2) {
    std::vector<int> sorted = plan.orderings[o];
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, std::vector<int>({0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(plan.orderings[o + 1], std::vector<int>(plan.orderings[o].rbegin(), plan.orderings[o].rend()));
  }
  EXPECT_EQ(plan.coalitions.front(), 0u);
  EXPECT_EQ(plan.coalitions.back(), 255u);
  EXPECT_LE(plan.coalitions.size(), 2u + 5u * 2u * 7u);
  EXPECT_EQ(plan_shapley(own.size(), 6, 5, 42).orderings, plan.orderings);  // the seed decides them
  EXPECT_NE(plan_shapley(own.size(), 6, 5, 43).orderings, plan.orderings);

  std::set<Coalition> asked;
  const auto rows = shapley_contributions(plan, [&](Coalition c) {
    asked.insert(c);
    return game(c, own, 4.0);
  });
  EXPECT_EQ(std::vector<Coalition>(asked.begin(), asked.end()), plan.coalitions);  // exactly the plan's, each once
  ASSERT_EQ(rows.size(), 5u);
  const double whole = game(255, own, 4.0) - game(0, own, 4.0);
  for (const auto& row : rows) {
    EXPECT_NEAR(std::accumulate(row.begin(), row.end(), 0.0), whole, 1e-12);
    EXPECT_EQ(row[3], 0.0);
    EXPECT_NEAR(row[1], 10.0, 1e-12);  // no interaction: its marginal is the same in every ordering
    EXPECT_NEAR(row[0] + row[2], 3.0 - 1.5 + 4.0, 1e-12);  // the pair's interaction falls to one of them
  }
}

TEST(Attribution, ContributionIntervalsAddTheSpreadOfReplicationsAndOfOrderingPairs) {
  // One column (exact): the interval of the mean over replications.
  const Contribution exact = summarise_contribution({{1.0}, {2.0}, {3.0}, {6.0}});
  EXPECT_DOUBLE_EQ(exact.mean, 3.0);
  const double sd = std::sqrt(((4.0 + 1.0 + 0.0 + 9.0) / 3.0) / 4.0);
  EXPECT_NEAR(exact.high - exact.mean, 3.182446305284263 * sd, 1e-9);  // t(0.975, 3)
  EXPECT_NEAR(exact.mean - exact.low, exact.high - exact.mean, 1e-12);
  // Rows differ by replication, columns by ordering pair: both spreads count.
  const Contribution both = summarise_contribution({{1.0, 3.0}, {2.0, 4.0}, {3.0, 5.0}});
  EXPECT_DOUBLE_EQ(both.mean, 3.0);
  const double var = 1.0 / 3.0 + 2.0 / 2.0;  // row means 2,3,4 (variance 1); column means 2,4 (variance 2)
  EXPECT_NEAR(both.high - both.mean, 12.706204736174698 * std::sqrt(var), 1e-9);  // t(0.975, 1)
  EXPECT_THROW(summarise_contribution({{5.0}}), std::invalid_argument);
}

TEST(Attribution, LeversAreProgrammesAndSectionPartsAndCoalitionsSetOnlyTheirs) {
  const json comparator = {{"name", "base"},
                           {"description", "the comparator"},
                           {"run", {{"seed", 1}}},
                           {"programmes", {{"library", {{"a", {{"budget", 0}, {"staff", 2}}}, {"b", {{"budget", 0}}}}}, {"governance", {{"x", 1}}}}},
                           {"flow", {{"capacity_plan", {{"beds", {1, 2, 3}}}}, {"stay", {{"cv", 1.0}}}}}};
  json what_if = comparator;
  what_if["name"] = "what-if";
  what_if["description"] = "changes three things";
  what_if["run"]["seed"] = 2;
  what_if["programmes"]["library"]["a"]["budget"] = 5;
  what_if["programmes"]["library"]["a"]["staff"] = 3;
  what_if["programmes"]["library"]["b"]["budget"] = 1;
  what_if["flow"]["capacity_plan"]["beds"] = {1, 2, 4};
  what_if["flow"]["capacity_plan"]["new"] = true;
  const std::vector<Lever> levers = levers_between(comparator, what_if);
  ASSERT_EQ(levers.size(), 3u);
  EXPECT_EQ(levers[0].id, "flow/capacity_plan");
  EXPECT_EQ(levers[0].pointers, std::vector<std::string>({"/flow/capacity_plan/beds", "/flow/capacity_plan/new"}));  // arrays whole
  EXPECT_EQ(levers[1].id, "programme a");
  EXPECT_EQ(levers[1].pointers.size(), 2u);
  EXPECT_EQ(levers[2].id, "programme b");

  json none = coalition_scenario(comparator, what_if, levers, 0, "c0");
  json all = coalition_scenario(comparator, what_if, levers, 0b111, "c7");
  json only_a = coalition_scenario(comparator, what_if, levers, 0b010, "c2");
  EXPECT_EQ(none["name"], "c0");
  for (json* j : {&none, &all, &only_a}) j->erase("description");
  json expect_all = what_if, expect_none = comparator;
  expect_all["name"] = "c7";
  expect_all["run"] = comparator["run"];  // run settings are not a lever
  expect_all.erase("description");
  expect_none["name"] = "c0";
  expect_none.erase("description");
  EXPECT_EQ(all, expect_all);
  EXPECT_EQ(none, expect_none);
  EXPECT_EQ(only_a["programmes"]["library"]["a"], what_if["programmes"]["library"]["a"]);
  EXPECT_EQ(only_a["programmes"]["library"]["b"], comparator["programmes"]["library"]["b"]);
  EXPECT_EQ(only_a["flow"], comparator["flow"]);
  // A key the what-if removes is removed by its lever.
  json removes = comparator;
  removes["flow"]["stay"].erase("cv");
  const std::vector<Lever> removal = levers_between(comparator, removes);
  ASSERT_EQ(removal.size(), 1u);
  EXPECT_FALSE(coalition_scenario(comparator, removes, removal, 1, "r")["flow"]["stay"].contains("cv"));
}

}  // namespace
}  // namespace icsim::experiments
