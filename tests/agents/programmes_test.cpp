// Programmes, budgets and decisions: a programme with no effect changes no resident's history;
// money is conserved from the System's allocation to each unit's spending; decisions take the
// time the configured governance says; pooled programme capacity covers at least as many
// residents as the same money split into units; more downstream capacity never raises delays;
// with every mechanism off the level changes nothing but pooling, and pooling shortens queues.
#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "agents/programmes.hpp"
#include "agents/simulation.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

ScenarioConfig small(int years = 3, double scale = 0.05) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = scale;
  c.run.years = years;
  return c;
}

RunResult run(const ScenarioConfig& c) {
  RunOptions options;
  options.threads = 2;
  return run_simulation(c, options);
}

// Cells of two tables of the same shape whose values differ.
std::size_t differences(const sim::MeasureTable& a, const sim::MeasureTable& b) {
  std::size_t n = 0;
  for (std::size_t p = 0; p < a.periods().size(); ++p) {
    for (std::size_t ar = 0; ar < a.areas().size(); ++ar) {
      for (std::size_t g = 0; g < a.groups().size(); ++g) {
        for (std::size_t m = 0; m < a.measures().size(); ++m) n += a.at(p, ar, g, m) != b.at(p, ar, g, m);
      }
    }
  }
  return n;
}

void fund_all(ScenarioConfig& c, double budget) {
  for (auto& p : c.programmes.programmes) p.budget_gbp_per_year = budget;
}

TEST(Programmes, EligibilityChecksEveryCriterion) {
  EligibilityConfig e;
  e.min_age = 65;
  e.frailty_mask = 0b1100;  // moderate, severe
  e.setting_mask = 0b011;   // own home, home with care
  e.condition_mask = (1u << kDiabetes) | (1u << kCopd);
  e.min_conditions = 1;
  const HealthState ok{static_cast<std::uint16_t>(1u << kCopd), 2, LivingSetting::kOwnHome, false};
  EXPECT_TRUE(eligible(e, 70, ok));
  EXPECT_FALSE(eligible(e, 64, ok));
  EXPECT_FALSE(eligible(e, 70, {ok.conditions, 1, LivingSetting::kOwnHome, false}));
  EXPECT_FALSE(eligible(e, 70, {ok.conditions, 2, LivingSetting::kCareHome, false}));
  EXPECT_FALSE(eligible(e, 70, {static_cast<std::uint16_t>(1u << kDementia), 2, LivingSetting::kOwnHome, false}));
  e.condition_mask = 0;
  e.min_conditions = 2;
  EXPECT_FALSE(eligible(e, 70, ok));
  EXPECT_TRUE(eligible(e, 70, {static_cast<std::uint16_t>((1u << kCopd) | (1u << kDementia)), 2, LivingSetting::kOwnHome, false}));
}

// Funded programmes whose effects are all 1 buy staff and cover residents (with nothing to
// credit them, no body moves money), but, with continuity of care (an effect of its own,
// tested in mechanisms_test.cpp) off, every measure of every area, group and period is
// identical to the run without them.
TEST(Programmes, ZeroEffectProgrammesLeaveEveryHistoryUnchanged) {
  ScenarioConfig base = small();
  base.programmes.mechanisms.continuity.on = false;
  ScenarioConfig zero = base;
  fund_all(zero, 5e6);
  for (auto& p : zero.programmes.programmes) {
    for (auto& e : p.effects) e = {1.0, 1.0, 1.0};
    p.same_day_appointments_per_staff_per_week = 0.0;  // extended access acts through GP capacity
  }
  const RunResult a = run(base), b = run(zero);
  double covered = 0.0;
  for (const auto& row : b.programmes.accounts) covered += row.covered;
  EXPECT_GT(covered, 1000.0) << "the programmes must have run for the test to mean anything";
  ASSERT_EQ(a.measures.rows(), b.measures.rows());
  EXPECT_EQ(differences(a.measures, b.measures), 0u);
  // Real effects but nobody eligible: the per-episode, care-home and inpatient code runs for
  // every need, and still no history changes.
  ScenarioConfig nobody = base;
  fund_all(nobody, 5e6);
  for (auto& p : nobody.programmes.programmes) p.eligible.min_age = 120;
  const RunResult n = run(nobody);
  EXPECT_EQ(n.measures.value("2022", "system", "MSE", "all", "programme_episodes_met"), 0.0);
  EXPECT_EQ(differences(a.measures, n.measures), 0u);
  // The same programmes with their evidence's effects do change histories.
  ScenarioConfig real = base;
  fund_all(real, 5e6);
  const RunResult c = run(real);
  EXPECT_GT(c.measures.value("2022", "system", "MSE", "all", "programme_episodes_met"), 0.0);
  EXPECT_LT(c.measures.value("2022", "system", "MSE", "all", "emergency_admissions"),
            a.measures.value("2022", "system", "MSE", "all", "emergency_admissions"));
}

// Each year the units of every level are allocated exactly the funding of the programmes at
// that level (the formula shares it out, decisions only move it between programmes), and each
// unit's allocation is its spending plus what it carries forward, never overspent.
TEST(Programmes, BudgetsBalance) {
  for (const auto formula : {AllocationFormula::kEqualPerHead, AllocationFormula::kWeightedCapitation, AllocationFormula::kNeedBased}) {
    ScenarioConfig c = small();
    fund_all(c, 4e6);
    c.programmes.programmes[kVirtualWards].budget_gbp_per_year = 0.0;
    c.programmes.governance.allocation = formula;
    const RunResult r = run(c);
    std::map<int, double> allocated, spent;
    for (const auto& row : r.programmes.accounts) {
      EXPECT_NEAR(row.allocated_gbp, row.spent_gbp + row.carried_forward_gbp, 1e-6 * row.allocated_gbp);
      EXPECT_LE(row.spent_gbp, row.allocated_gbp * (1 + 1e-9));
      allocated[row.year] += row.allocated_gbp;
      spent[row.year] += row.spent_gbp;
    }
    ASSERT_EQ(allocated.size(), 3u);
    const std::int64_t days_2021 = 365, funded = kProgrammes - 1;  // all but virtual wards
    const double expected = funded * 4e6 * c.population.scale * static_cast<double>(days_2021) / 365.25;
    for (const auto& [year, total] : allocated) EXPECT_NEAR(total, expected, 1e-6 * expected) << "year " << year;
    EXPECT_LT(spent[0], allocated[0]);  // recruiting over the first year leaves money unspent
    EXPECT_GT(r.programmes.decisions.size(), 0u);
  }
}

// Observed dashboards: two PCNs, each funding one programme aimed at emergency admissions (and
// so A&E attendances) and one aimed at A&E attendances alone. In the second year PCN A's
// admissions fall by a fifth while everything else stays as the year before, A's and B's. A's
// first review credits the admissions programme with the admissions fewer than its own trend
// and its peer predict, and proposes moving money to it from the other, which saw no change.
// B's own counts did not change, but against its peer's fall its admissions look a quarter too
// high: it blames its admissions programme and moves money away from it (a body can be wrong).
TEST(Programmes, ObservedDashboardsCreditTheAreasChangeAgainstItsTrendAndPeers) {
  ProgrammesConfig c = testing::baseline().model->programmes;
  for (auto& p : c.programmes) {
    p.budget_gbp_per_year = 0.0;
    for (auto& e : p.effects) e.central = 1.0;
  }
  constexpr int kAdmissionsProgramme = kFrailtyCaseManagement, kAeProgramme = kSocialPrescribing;
  for (const int k : {kAdmissionsProgramme, kAeProgramme}) {
    c.programmes[static_cast<std::size_t>(k)].budget_gbp_per_year = 1e6;
    c.programmes[static_cast<std::size_t>(k)].level = CommissioningLevel::kPcn;
    c.programmes[static_cast<std::size_t>(k)].ramp_months = 1;
  }
  c.programmes[kAdmissionsProgramme].effects[kUrgentEpisodesEffect].central = 0.9;
  c.programmes[kAeProgramme].effects[kMinorEpisodesEffect].central = 0.9;
  c.governance.observed_dashboards = true;
  c.governance.dashboard_noise_cv = 0.0;
  c.governance.review_months = 3;
  c.governance.reporting_lag_months = 0;
  ProgrammeLayout layout;
  layout.unit_of_pcn = {std::vector<int>{0, 0}, std::vector<int>{0, 0}, std::vector<int>{0, 1}};
  layout.unit_ids = {std::vector<std::string>{"S"}, std::vector<std::string>{"P"}, std::vector<std::string>{"A", "B"}};
  layout.practices_of_pcn = {1, 1};
  c.governance.partner_agree_probability = 1.0;
  for (int m = 0; m < 24; ++m) {
    layout.month_first_day.push_back(m * 30);
    layout.year_of_month.push_back(m / 12);
  }
  ProgrammePortfolio portfolio(c, layout, sim::CounterRng(1));
  std::vector<std::vector<double>> residents(2, std::vector<double>(kReportBands * kImdQuintiles, 0.0));
  residents[0][9 * kImdQuintiles] = residents[1][9 * kImdQuintiles] = 10000;
  portfolio.set_counts(std::vector<std::vector<double>>(kProgrammes, std::vector<double>{2000, 2000}), residents);
  for (int m = 0; m < 16; ++m) {
    for (int pcn = 0; pcn < 2; ++pcn) {
      const double admissions = pcn == 0 && m >= 12 ? 80.0 : 100.0;
      portfolio.observe(pcn, m, {admissions, 300.0, 500.0, 50.0, 5.0}, 10000.0);
    }
  }
  for (int day = 0; day <= 15 * 30; ++day) portfolio.begin_day(day);
  ASSERT_EQ(portfolio.decisions().size(), 2u);
  const Decision& d = portfolio.decisions()[0];
  EXPECT_EQ(d.unit, 0);
  EXPECT_EQ(d.from_programme, kAeProgramme);
  EXPECT_EQ(d.to_programme, kAdmissionsProgramme);
  EXPECT_EQ(d.evidence_first_month, 12);
  EXPECT_DOUBLE_EQ(d.return_from, 0.0);  // A&E attendances as the year before, as among peers
  EXPECT_GT(d.return_to, 0.0);           // 60 admissions fewer than expected in the quarter
  EXPECT_EQ(d.outcome.rule, "pcn_practices_majority");
  const Decision& b = portfolio.decisions()[1];
  EXPECT_EQ(b.unit, 1);
  EXPECT_EQ(b.from_programme, kAdmissionsProgramme);
  EXPECT_EQ(b.to_programme, kAeProgramme);
  EXPECT_LT(b.return_from, 0.0);  // 75 admissions more than the peer's trend predicts
  EXPECT_DOUBLE_EQ(b.return_to, 0.0);
}

// Each formula shares a level's funding out to its units as it says. Two PCNs under one Place
// and System: the first young and deprived, the second old and affluent, 1,000 residents each.
TEST(Programmes, AllocationFormulasShareFundingAsTheySay) {
  auto first_year_allocation = [](AllocationFormula formula) {
    ProgrammesConfig c = testing::baseline().model->programmes;
    for (auto& p : c.programmes) p.budget_gbp_per_year = 0.0;
    c.programmes[kSocialPrescribing].budget_gbp_per_year = 1e6;
    c.programmes[kSocialPrescribing].level = CommissioningLevel::kPcn;
    c.governance.allocation = formula;
    ProgrammeLayout layout;
    layout.unit_of_pcn = {std::vector<int>{0, 0}, std::vector<int>{0, 0}, std::vector<int>{0, 1}};
    layout.unit_ids = {std::vector<std::string>{"S"}, std::vector<std::string>{"P"}, std::vector<std::string>{"A", "B"}};
    for (int m = 0; m < 12; ++m) {
      layout.month_first_day.push_back(m * 30);
      layout.year_of_month.push_back(0);
    }
    ProgrammePortfolio portfolio(c, layout, sim::CounterRng(1));
    std::vector<std::vector<double>> residents(2, std::vector<double>(kReportBands * kImdQuintiles, 0.0));
    residents[0][3 * kImdQuintiles + 0] = 1000;  // 15-24, most deprived quintile
    residents[1][9 * kImdQuintiles + 4] = 1000;  // 75-84, least deprived quintile
    portfolio.set_counts(std::vector<std::vector<double>>(kProgrammes, std::vector<double>{500, 500}), residents);
    for (int day = 0; day < 360; ++day) portfolio.begin_day(day);
    portfolio.finish();
    std::array<double, 2> allocated{};
    for (const auto& row : portfolio.accounts()) allocated[static_cast<std::size_t>(row.unit)] += row.allocated_gbp;
    return std::pair{allocated, c.governance};
  };
  const auto [equal, g] = first_year_allocation(AllocationFormula::kEqualPerHead);
  EXPECT_NEAR(equal[0] / equal[1], 1.0, 1e-12);
  const auto [weighted, g2] = first_year_allocation(AllocationFormula::kWeightedCapitation);
  EXPECT_NEAR(weighted[0] / weighted[1], g.capitation_weight[3] / g.capitation_weight[9], 1e-12);
  const auto [need, g3] = first_year_allocation(AllocationFormula::kNeedBased);
  EXPECT_NEAR(need[0] / need[1], g.capitation_weight[3] * (1 + g.deprivation_uplift) / g.capitation_weight[9], 1e-12);
  EXPECT_NEAR(need[0] + need[1], 1e6 * 360 / 365.25, 1e-6);
}

GovernanceConfig governance() { return testing::baseline().model->programmes.governance; }

TEST(Governance, EachLevelDecidesAsConfigured) {
  GovernanceConfig g = governance();
  const sim::CounterRng rng(7);
  g.pcn_decision_days = 14;
  g.partner_agree_probability = 1.0;
  const auto pcn = govern(CommissioningLevel::kPcn, 100, g, rng, 1, 5);
  EXPECT_EQ(pcn.decided_day, 114);
  EXPECT_TRUE(pcn.passed);
  EXPECT_EQ(pcn.rule, "pcn_practices_majority");
  g.place_board_interval_days = 30;
  const auto place = govern(CommissioningLevel::kPlace, 100, g, rng, 2);
  EXPECT_EQ(place.decided_day, 120);
  EXPECT_EQ(place.rule, "place_board_majority");
  g.sle_interval_days = 30;
  g.board_interval_days = 60;
  const auto system = govern(CommissioningLevel::kSystem, 100, g, rng, 3);
  EXPECT_EQ(system.decided_day, 120);
  EXPECT_EQ(system.rule, "sle_consensus");
  // No member ever agrees: every rung of the ladder is climbed and the proposal fails.
  g.partner_agree_probability = 0.0;
  g.facilitator_days = 45;
  const auto refused = govern(CommissioningLevel::kSystem, 100, g, rng, 4);
  // SLE day 120, board 180, SLE 210, facilitator 255, board 300.
  EXPECT_FALSE(refused.passed);
  EXPECT_EQ(refused.decided_day, 300);
  EXPECT_EQ(refused.rounds, 5);
  const auto place_refused = govern(CommissioningLevel::kPlace, 100, g, rng, 5);
  EXPECT_FALSE(place_refused.passed);
  EXPECT_EQ(place_refused.decided_day, 180);  // meetings on days 120, 150, 180
  const auto pcn_refused = govern(CommissioningLevel::kPcn, 100, g, rng, 6, 5);
  EXPECT_FALSE(pcn_refused.passed);
  EXPECT_EQ(pcn_refused.rule, "pcn_practices_refused");
}

// A PCN's proposal passes when more than half its practices agree: P(X > n/2) for X ~
// Binomial(n, p). Shares over 4,000 proposals, within 4 standard errors.
TEST(Governance, APcnsPracticesCanRefuseItsProposals) {
  GovernanceConfig g = governance();
  g.partner_agree_probability = 0.6;
  const sim::CounterRng rng(11);
  for (const int practices : {2, 5, 8}) {
    double expected = 0.0;
    for (int k = practices / 2 + 1; k <= practices; ++k) {
      expected += std::tgamma(practices + 1.0) / std::tgamma(k + 1.0) / std::tgamma(practices - k + 1.0) * std::pow(0.6, k) *
                  std::pow(0.4, practices - k);
    }
    const int n = 4000;
    int passed = 0;
    for (int i = 0; i < n; ++i) passed += govern(CommissioningLevel::kPcn, 0, g, rng, static_cast<std::uint64_t>(i), practices).passed;
    EXPECT_NEAR(passed / static_cast<double>(n), expected, 4.0 * std::sqrt(expected * (1.0 - expected) / n)) << practices;
  }
}

// With each of 16 members agreeing with probability 0.9, the SLE reaches consensus with
// probability 0.9^16 and otherwise the Partnership Board passes it with P(X >= 12), X ~
// Binomial(16, 0.9) (the 75% rule). Shares over 4,000 proposals, within 4 standard errors.
TEST(Governance, SystemDecisionsFollowConsensusThenSeventyFivePerCentRule) {
  GovernanceConfig g = governance();
  g.system_partners = 16;
  g.partner_agree_probability = 0.9;
  g.supermajority = 0.75;
  const sim::CounterRng rng(11);
  const int n = 4000;
  int consensus = 0, board = 0;
  double delay = 0.0;
  for (int i = 0; i < n; ++i) {
    const auto o = govern(CommissioningLevel::kSystem, 10, g, rng, static_cast<std::uint64_t>(i));
    consensus += o.rule == "sle_consensus";
    board += o.rule == "board_75_percent";
    delay += o.decided_day - 10;
  }
  const double p_consensus = std::pow(0.9, 16);
  double p_75 = 0.0;
  for (int k = 12; k <= 16; ++k) p_75 += std::tgamma(17.0) / (std::tgamma(k + 1.0) * std::tgamma(17.0 - k)) * std::pow(0.9, k) * std::pow(0.1, 16 - k);
  const double p_board = (1 - p_consensus) * p_75;
  EXPECT_NEAR(consensus / double(n), p_consensus, 4 * std::sqrt(p_consensus * (1 - p_consensus) / n));
  EXPECT_NEAR(board / double(n), p_board, 4 * std::sqrt(p_board * (1 - p_board) / n));
  // System decisions wait longer than a PCN's.
  EXPECT_GT(delay / n, g.pcn_decision_days);
}

// In a run, every decision's dates follow the governance of its level.
TEST(Governance, DecisionsInARunFollowTheirLevelsGovernance) {
  ScenarioConfig c = small();
  fund_all(c, 4e6);
  for (auto& p : c.programmes.programmes) p.level = CommissioningLevel::kPcn;
  c.programmes.programmes[kVirtualWards].level = CommissioningLevel::kSystem;
  c.programmes.programmes[kDischargeToAssess].level = CommissioningLevel::kSystem;
  const GovernanceConfig& g = c.programmes.governance;
  const RunResult r = run(c);
  int pcn = 0, system = 0;
  for (const auto& d : r.programmes.decisions) {
    if (d.level == CommissioningLevel::kPcn) {
      ++pcn;
      EXPECT_EQ(d.decided_day, d.proposed_day + g.pcn_decision_days);
    } else {
      ++system;
      EXPECT_GE(d.decided_day, d.proposed_day);
      if (d.outcome.rule == "sle_consensus") {
        EXPECT_EQ(d.decided_day % g.sle_interval_days, 0);
      }
    }
    if (d.outcome.passed) {
      EXPECT_EQ(d.effective_day, d.decided_day + g.mobilisation_days);
    }
  }
  EXPECT_GT(pcn, 0);
  EXPECT_GT(system, 0);
}

// The same money for one System team covers at least as many eligible residents as 28 PCN
// teams when nothing else differs: units whose need is below their share waste capacity
// (coverage is capped at all of a unit's eligible residents), a pool does not.
TEST(Programmes, PooledCapacityCoversAtLeastAsManyAsSplitCapacity) {
  auto covered = [](CommissioningLevel level) {
    ScenarioConfig c = small(1);
    auto& m = c.programmes.mechanisms;
    m.workforce.on = false;
    m.targeting.on = false;
    m.continuity.on = false;
    c.programmes.governance.allocation = AllocationFormula::kEqualPerHead;
    auto& p = c.programmes.programmes[kCareHomeEnhancedHealth];
    p.budget_gbp_per_year = 6e6;  // enough for the System's care-home residents (about 10,400 at 120 each), not for every PCN's
    p.level = level;
    p.ramp_months = 0;
    for (auto& e : p.effects) e = {1.0, 1.0, 1.0};  // coverage arithmetic only: both runs' histories identical
    double total = 0.0, eligible = 0.0;
    for (const auto& row : run(c).programmes.accounts) {
      total += row.covered;
      eligible += row.eligible;
    }
    return std::pair{total, eligible};
  };
  const auto [pooled, eligible] = covered(CommissioningLevel::kSystem);
  const auto [split, eligible_split] = covered(CommissioningLevel::kPcn);
  EXPECT_EQ(eligible, eligible_split);
  EXPECT_DOUBLE_EQ(pooled, eligible);  // enough money: all covered
  EXPECT_LT(split, pooled);            // some PCNs' money exceeds their need while others fall short
}

// More of every downstream service never raises delays: mean delayed days over three seeds
// fall (or stay) as capacity rises through 0.8, 1, 1.25 and 1.6 times the baseline.
TEST(Programmes, MoreDownstreamCapacityNeverIncreasesDelays) {
  double previous = 1e300;
  for (const double factor : {0.8, 1.0, 1.25, 1.6}) {
    double total = 0.0;
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      ScenarioConfig c = small(3, 0.1);
      c.run.seed = seed;
      for (auto& s : c.flow.services) {
        s.capacity *= factor;
        s.initial_occupancy /= factor;  // care homes: the same residents in more or fewer places
      }
      const RunResult r = run(c);
      for (const char* year : {"2022", "2023"}) total += r.measures.value(year, "system", "MSE", "all", "delayed_transfer_days");
    }
    EXPECT_LE(total / 3, previous) << "capacity x" << factor;
    previous = total / 3;
  }
}

// Under parameter uncertainty each effect is drawn within its range, the same for the same
// seed, with the triangular distribution's mean (low + central + high) / 3.
TEST(Programmes, UncertainEffectsAreDrawnFromTheirRanges) {
  const ProgrammesConfig base = testing::baseline().model->programmes;
  const UncertainValue ehch = base.programmes[kCareHomeEnhancedHealth].effects[kUrgentEpisodesEffect];
  ASSERT_LT(ehch.low, ehch.high);
  const int n = 4000;
  double sum = 0.0, sum2 = 0.0;
  for (int s = 0; s < n; ++s) {
    ProgrammesConfig c = base;
    draw_uncertain_effects(c, static_cast<std::uint64_t>(s));
    const double v = c.programmes[kCareHomeEnhancedHealth].effects[kUrgentEpisodesEffect].central;
    ASSERT_GE(v, ehch.low);
    ASSERT_LE(v, ehch.high);
    sum += v;
    sum2 += v * v;
    // An effect without a range keeps its value.
    EXPECT_EQ(c.programmes[kCareHomeEnhancedHealth].effects[kLengthOfStayEffect].central, 1.0);
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, (ehch.low + ehch.central + ehch.high) / 3, 4 * sd / std::sqrt(n));
  ProgrammesConfig a = base, b = base;
  draw_uncertain_effects(a, 42);
  draw_uncertain_effects(b, 42);
  EXPECT_EQ(a.programmes[kSocialPrescribing].effects[kMinorEpisodesEffect].central,
            b.programmes[kSocialPrescribing].effects[kMinorEpisodesEffect].central);
}

// The whole model at full scale, every programme and service at one level, with every
// mechanism through which the level acts switched off (workforce, targeting, continuity,
// discharge teams) and no body moving money. Each programme's budget covers all its eligible
// residents at any level, and extended access adds no appointments (its staff would follow
// the split of the money). Capacity holds at the world's for the whole run, so that the places
// each test sets are the places it gets.
ScenarioConfig at_level(CommissioningLevel level, int years) {
  ScenarioConfig c = *testing::baseline().model;
  c.run.years = years;
  c.flow.capacity_plan = {};
  auto& m = c.programmes.mechanisms;
  m.workforce.on = m.targeting.on = m.continuity.on = false;
  c.programmes.governance.reallocation_share = 0.0;
  c.flow.discharge.team.on = false;
  c.flow.discharge.team_level = level;
  c.flow.discharge.home_process_share = 0.0;  // the hospital's own process is the same at every level
  for (auto& p : c.programmes.programmes) {
    p.level = level;
    p.budget_gbp_per_year = 500e6;
    p.ramp_months = 0;  // in post at the start: no unit's ramp leaves its caseload short
    p.same_day_appointments_per_staff_per_week = 0.0;
  }
  for (auto& s : c.flow.services) s.level = level;
  return c;
}

// Places of every downstream service scaled by `factor`; care homes start `occupancy` full.
void scale_places(ScenarioConfig& c, double factor, double occupancy) {
  for (auto& s : c.flow.services) {
    s.capacity *= factor;
    if (s.initial_occupancy > 0.0) s.initial_occupancy = occupancy;
  }
}

// What is left to differ between levels is pooling, and pooling acts only through queues: with
// no queue, PCN, Place and System delivery give every measure of every area, group and period
// identical.
TEST(Levels, WithEveryMechanismOffAndNoQueuesTheLevelChangesNothing) {
  std::vector<RunResult> runs;
  for (const CommissioningLevel level : {CommissioningLevel::kSystem, CommissioningLevel::kPlace, CommissioningLevel::kPcn}) {
    ScenarioConfig c = at_level(level, 1);
    // Fifty times the places of every downstream service: no one waits at any level.
    scale_places(c, 50.0, c.flow.services[index(DownstreamService::kCareHomePlaces)].initial_occupancy / 50.0);
    runs.push_back(run(c));
  }
  const auto value = [](const RunResult& r, const char* measure) { return r.measures.value("2021", "system", "MSE", "all", measure); };
  EXPECT_GT(value(runs[0], "programme_episodes_met"), 10000.0) << "the programmes must have run for the test to mean anything";
  for (const char* reason : {"reason_awaiting_home_care", "reason_awaiting_care_home"}) {
    EXPECT_EQ(runs[0].measures.value("2021", "system", "MSE", reason, "delayed_transfer_days"), 0.0) << reason;
  }
  for (std::size_t i = 1; i < runs.size(); ++i) {
    ASSERT_EQ(runs[0].measures.rows(), runs[i].measures.rows());
    EXPECT_EQ(differences(runs[0].measures, runs[i].measures), 0u) << "level " << i;
  }
}

// With the services' real capacity, the same places split into more, smaller pools keep more
// patients waiting (Erlang C: at a given load, the chance of a wait rises as a pool's servers
// fall; the exact waits of single pools are tested in hospital_flow_test.cpp). So delayed days
// for each pooled service rise from System (council pools with shared brokerage) to Place to
// PCN, and with them all delayed days (care homes, whose places turn over slowly, queue only
// in the PCNs' small pools here).
TEST(Levels, WithEveryMechanismOffPoolingShortensQueues) {
  std::vector<RunResult> runs;
  for (const CommissioningLevel level : {CommissioningLevel::kSystem, CommissioningLevel::kPlace, CommissioningLevel::kPcn}) {
    ScenarioConfig c = at_level(level, 2);
    scale_places(c, 0.75, 0.98);
    runs.push_back(run(c));
  }
  const auto delayed = [&](const RunResult& r, const char* reason) {
    return r.measures.value("2022", "system", "MSE", reason, "delayed_transfer_days");
  };
  for (const char* reason : {"reason_awaiting_home_care", "all"}) {
    EXPECT_GT(delayed(runs[0], reason), 0.0) << reason;
    EXPECT_LT(delayed(runs[0], reason), delayed(runs[1], reason)) << reason << ": System below Place";
    EXPECT_LT(delayed(runs[1], reason), delayed(runs[2], reason)) << reason << ": Place below PCN";
  }
  const char* care_home = "reason_awaiting_care_home";
  EXPECT_LE(delayed(runs[0], care_home), delayed(runs[1], care_home));
  EXPECT_LT(delayed(runs[1], care_home), delayed(runs[2], care_home));
}

}  // namespace
}  // namespace icsim::agents
