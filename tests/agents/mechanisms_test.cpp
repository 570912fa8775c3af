// The mechanisms through which a programme's level changes what it does, each in the direction
// its theory predicts: a budget's establishment; absences cut a small team's capacity more in
// proportion than a large one's; one large team recruits more slowly than many small ones;
// turnover and recruitment give the vacancy rate renewal theory predicts; the c-statistic is
// computed exactly and the score error reproduces it; a better score covers residents of higher
// risk; continuity lowers ACSC admissions; extended access adds same-day GP appointments.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "agents/keys.hpp"
#include "agents/simulation.hpp"
#include "agents/targeting.hpp"
#include "agents/workforce.hpp"
#include "sim/samplers.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

WorkforceConfig workforce() {
  WorkforceConfig w;
  w.on = true;
  w.recruitment_days = 90;
  w.campaigns_per_month = 1000;
  w.turnover_per_year = 0.2;
  w.absence_share = 0.08;
  w.cover_share = 0.1;
  w.management_wte = 0.2;
  w.staff_per_manager = 10;
  w.team_fixed_cost_gbp = 10000;
  return w;
}

// Fixed costs first, then the lead's 0.2 and one manager per ten: 20 WTE = 18 clinical + 2.
TEST(Workforce, ABudgetPaysFixedCostsManagementAndClinicalTime) {
  const TeamEstablishment e = establishment(1'010'000, 50'000, workforce());
  EXPECT_NEAR(e.clinical_wte, 18.0, 1e-12);
  EXPECT_NEAR(e.management_wte, 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(establishment(15'000, 50'000, workforce()).clinical_wte, 0.0);  // not even the lead
  WorkforceConfig off = workforce();
  off.on = false;
  EXPECT_DOUBLE_EQ(establishment(1'010'000, 50'000, off).clinical_wte, 20.2);
}

// Mean share of in-post time available over many days, for a team of n whole posts all filled.
double available_share(int n, const WorkforceConfig& w, int days) {
  Team team;
  team.fund(n);
  WorkforceConfig no_turnover = w;
  no_turnover.turnover_per_year = 0.0;
  no_turnover.recruitment_days = 0.0;
  const sim::CounterRng rng(7);
  for (int d = 0; d < 3; ++d) team.step(d, no_turnover, rng, keys::team(0, 0, static_cast<std::size_t>(n)));  // everyone starts
  double sum = 0.0;
  for (int d = 3; d < 3 + days; ++d) {
    team.step(d, no_turnover, rng, keys::team(0, 0, static_cast<std::size_t>(n)));
    sum += team.available_wte(w) / team.in_post_wte();
  }
  return sum / days;
}

// The expected share available: X of n present, X ~ Binomial(n, 1 - absence), each covering
// up to cover_share more, so min(n, X (1 + cover)) / n.
double expected_share(int n, const WorkforceConfig& w) {
  double sum = 0.0;
  for (int x = 0; x <= n; ++x) {
    const double p = std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                              x * std::log(1 - w.absence_share) + (n - x) * std::log(w.absence_share));
    sum += p * std::min(1.0, x * (1 + w.cover_share) / n);
  }
  return sum;
}

TEST(Workforce, AbsencesCutASmallTeamsCapacityMoreInProportion) {
  const WorkforceConfig w = workforce();
  constexpr int kDays = 20000;
  // Each day's share lies in [0, 1], so its standard error is at most 0.5 / sqrt(days).
  const double tolerance = 4 * 0.5 / std::sqrt(kDays);
  const double two = available_share(2, w, kDays), fifty = available_share(50, w, kDays);
  EXPECT_NEAR(two, expected_share(2, w), tolerance);
  EXPECT_NEAR(fifty, expected_share(50, w), tolerance);
  EXPECT_GT(fifty - two, 0.05);  // 0.92 against 0.99
  // Without cover, every size loses the same share on average.
  WorkforceConfig no_cover = w;
  no_cover.cover_share = 0.0;
  EXPECT_NEAR(available_share(2, no_cover, kDays), 1 - w.absence_share, tolerance);
  EXPECT_NEAR(available_share(50, no_cover, kDays), 1 - w.absence_share, tolerance);
}

// One pipeline starts at most campaigns_per_month campaigns in 30 days: one team of 40 posts
// with 2 a month has at most 12 starters in 180 days; twenty teams of two start all at once,
// and each starter arrives within 180 days with chance 1 - e^-2 (mean 90 days).
TEST(Workforce, OneLargeTeamRecruitsMoreSlowlyThanManySmallOnes) {
  WorkforceConfig w = workforce();
  w.campaigns_per_month = 2;
  w.turnover_per_year = 0.0;
  const sim::CounterRng rng(11);
  Team large;
  large.fund(40);
  std::vector<Team> small(20);
  for (Team& t : small) t.fund(2);
  for (int d = 0; d < 180; ++d) {
    large.step(d, w, rng, keys::team(1, 0, 0));
    for (std::size_t u = 0; u < small.size(); ++u) small[u].step(d, w, rng, keys::team(1, 2, u));
  }
  EXPECT_LE(large.in_post(), 12);
  int small_in_post = 0;
  for (const Team& t : small) small_in_post += t.in_post();
  const double p = 1 - std::exp(-179.0 / 90.0), mean = 40 * p, sd = std::sqrt(40 * p * (1 - p));
  EXPECT_NEAR(small_in_post, mean, 4 * sd);
}

// With campaigns unlimited, a post alternates between filled (mean 1/turnover) and vacant
// (a day to start the campaign plus the lead time): the long-run vacant share follows.
TEST(Workforce, TurnoverAndRecruitmentGiveTheRenewalVacancyRate) {
  const WorkforceConfig w = workforce();
  const sim::CounterRng rng(3);
  Team team;
  team.fund(400);
  double vacant = 0.0, days = 0.0;
  for (int d = 0; d < 6000; ++d) {
    team.step(d, w, rng, keys::team(2, 0, 0));
    if (d >= 1000) {
      vacant += team.posts() - team.in_post();
      days += team.posts();
    }
  }
  const double filled_days = kDaysPerYear / w.turnover_per_year, vacant_days = 1.0 + w.recruitment_days - 0.5;  // whole days: the floor of the lead time
  const double expected = vacant_days / (filled_days + vacant_days);
  EXPECT_NEAR(vacant / days, expected, 0.15 * expected);  // 400 posts x 14 cycles: about 2% relative error
}

TEST(Targeting, CStatisticCountsConcordantPairsExactly) {
  // Annual rates with chances p = 1 - e^-rate of a need; the higher-scored resident has the
  // need with weight p_i (1 - p_j).
  const std::vector<double> rates = {0.1, 0.5, 2.0};
  const std::vector<double> p = {1 - std::exp(-0.1), 1 - std::exp(-0.5), 1 - std::exp(-2.0)};
  auto w = [&](int i, int j) { return p[static_cast<std::size_t>(i)] * (1 - p[static_cast<std::size_t>(j)]); };
  const double all = w(0, 1) + w(0, 2) + w(1, 0) + w(1, 2) + w(2, 0) + w(2, 1);
  EXPECT_NEAR(c_statistic(rates, {1, 2, 3}), (w(1, 0) + w(2, 0) + w(2, 1)) / all, 1e-12);
  EXPECT_NEAR(c_statistic(rates, {3, 2, 1}), (w(0, 1) + w(0, 2) + w(1, 2)) / all, 1e-12);
  EXPECT_NEAR(c_statistic(rates, {1, 1, 1}), 0.5, 1e-12);
}

// A population with lognormal risks: the error found for a c reproduces it, and a unit with a
// better score fills the same caseload with residents of higher true risk.
TEST(Targeting, ABetterScoreCoversResidentsOfHigherRisk) {
  const sim::CounterRng rng(5);
  constexpr int kN = 40000;
  std::vector<double> rates(kN), z(kN);
  for (int i = 0; i < kN; ++i) {
    const auto u = rng.uniform2(1, static_cast<std::uint64_t>(i), 0);
    const auto v = rng.uniform2(2, static_cast<std::uint64_t>(i), 0);
    rates[static_cast<std::size_t>(i)] = 0.3 * std::exp(0.9 * sim::standard_normal(u[0], u[1]));
    z[static_cast<std::size_t>(i)] = sim::standard_normal(v[0], v[1]);
  }
  auto covered_risk = [&](double c) {
    const double sigma = score_error_for(c, rates, z);
    std::vector<double> scores(kN);
    CaseloadList list;
    for (std::size_t i = 0; i < rates.size(); ++i) {
      scores[i] = std::log(rates[i]) + sigma * z[i];
      list.add(CaseloadList::bin(scores[i]));
    }
    EXPECT_NEAR(c_statistic(rates, scores), c, 1e-4);
    list.finish();
    const CaseloadList::Cut cut = list.cut(4000);
    double risk = 0.0, n = 0.0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
      if (!in_caseload(cut, CaseloadList::bin(scores[i]), [&] { return rng.uniform(3, i, 0); })) continue;
      risk += rates[i];
      n += 1;
    }
    EXPECT_NEAR(n, 4000, 4 * std::sqrt(4000.0));  // the last bin is shared by draws
    return risk / n;
  };
  const double mean = std::accumulate(rates.begin(), rates.end(), 0.0) / kN;
  const double weak = covered_risk(0.62), strong = covered_risk(0.68);
  EXPECT_GT(weak, mean);
  EXPECT_GT(strong, weak * 1.05);
}

TEST(Targeting, ACaseloadTakesTheTopOfTheList) {
  CaseloadList list;
  list.add(10, 5);
  list.add(20, 3);
  list.add(30, 2);
  list.finish();
  EXPECT_EQ(list.size(), 10);
  const CaseloadList::Cut four = list.cut(4);  // 2 in bin 30, then 2 of bin 20's 3
  EXPECT_EQ(four.bin, 20);
  EXPECT_NEAR(four.share, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(list.cut(2).bin, 30);
  EXPECT_NEAR(list.cut(2).share, 1.0, 1e-12);
  EXPECT_EQ(list.cut(10).share, 1.0);
  EXPECT_FALSE(in_caseload(list.cut(0), CaseloadList::kBins - 1, [] { return 0.0; }));
  // Scores beyond the bins, infinite or not a number, land in the end bins.
  EXPECT_EQ(CaseloadList::bin(-HUGE_VAL), 0);
  EXPECT_EQ(CaseloadList::bin(std::nan("")), 0);
  EXPECT_EQ(CaseloadList::bin(HUGE_VAL), CaseloadList::kBins - 1);
  EXPECT_EQ(CaseloadList::bin(1e300), CaseloadList::kBins - 1);
}

// Continuity: a PCN-delivered case-finding programme for residents with long-term conditions,
// with no effect of its own, lowers ACSC admissions only through continuity of care. Summed
// over three seeds; with common random numbers, the on and off runs differ only by the needs
// continuity meets.
TEST(Continuity, ContinuityWithThePracticeTeamLowersAcscAdmissions) {
  auto acsc = [](bool on) {
    double total = 0.0, met = 0.0;
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      ScenarioConfig c = *testing::baseline().model;
      c.population.scale = 0.05;
      c.run.years = 2;
      c.run.seed = seed;
      auto& m = c.programmes.mechanisms;
      m.continuity.on = on;
      m.continuity.upc_gain = {0.0, 0.0, 0.3};
      auto& p = c.programmes.programmes[kLtcCaseFinding];
      p.level = CommissioningLevel::kPcn;
      p.budget_gbp_per_year = 20e6;
      for (auto& e : p.effects) e = {1.0, 1.0, 1.0};
      RunOptions options;
      options.threads = 2;
      const RunResult r = run_simulation(c, options);
      for (const char* year : {"2021", "2022"}) {
        total += r.measures.value(year, "system", "MSE", "all", "emergency_admissions_acsc");
        met += r.measures.value(year, "system", "MSE", "all", "programme_episodes_met");
      }
    }
    return std::pair{total, met};
  };
  const auto [with, met_with] = acsc(true);
  const auto [without, met_without] = acsc(false);
  EXPECT_EQ(met_without, 0.0);
  EXPECT_GT(met_with, 0.0);
  EXPECT_LT(with, without);
}

// Extended access works through GP capacity: with the whole population covered and no workforce
// losses, its staff (residents / caseload_per_staff) add same_day_appointments_per_staff_per_week
// appointments a week, Monday to Saturday. At full scale demand exceeds them on weekdays (those
// their practice turned away ask) but not on Saturdays (only needs arising in extended hours
// ask), so most are used but not all. The needs seen there are GP contacts that otherwise went
// to 111, an urgent treatment centre or A&E.
TEST(ExtendedAccess, ExtendedAccessAddsSameDayGpAppointments) {
  auto run = [](double budget) {
    ScenarioConfig c = *testing::baseline().model;
    c.run.years = 1;
    c.programmes.mechanisms.workforce.on = false;
    auto& p = c.programmes.programmes[kExtendedGpAccess];
    p.level = CommissioningLevel::kPcn;
    p.budget_gbp_per_year = budget;
    RunOptions options;
    options.threads = 2;
    return run_simulation(c, options);
  };
  const RunResult off = run(0.0);
  const RunResult on = run(50e6);  // more than enough to cover everyone: coverage is capped at 1
  auto value = [](const RunResult& r, const char* measure) { return r.measures.value("2021", "system", "MSE", "all", measure); };
  const auto& p = testing::baseline().model->programmes.programmes[kExtendedGpAccess];
  const double offered = value(on, "person_years") / p.caseload_per_staff * p.same_day_appointments_per_staff_per_week * 365.0 / 7.0;
  const double extended = value(on, "gp_extended_access_contacts");
  EXPECT_EQ(value(off, "gp_extended_access_contacts"), 0.0);
  EXPECT_GT(extended, 0.6 * offered);
  EXPECT_LT(extended, 1.02 * offered);
  EXPECT_NEAR(value(on, "gp_same_day_contacts") - value(off, "gp_same_day_contacts"), extended, 0.1 * extended);
  EXPECT_LT(value(on, "gp_same_day_unavailable"), value(off, "gp_same_day_unavailable"));
  EXPECT_LT(value(on, "ae_attendances"), value(off, "ae_attendances"));
}

}  // namespace
}  // namespace icsim::agents
