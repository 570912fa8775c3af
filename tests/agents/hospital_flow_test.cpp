// Hospital flow against queueing theory, and its bookkeeping. The flow is driven directly, with
// a stand-in for the rest of the model:
// - Little's law: with Poisson admissions and known stays, mean beds occupied = arrivals per
//   day x mean nights;
// - Erlang C: one downstream pool of c places with exponential episodes gives the M/M/c
//   probability that all places are busy and the mean queue;
// - pooling: the same capacity split into k pools waits longer, as the theory predicts;
// - conservation: beds never exceed base plus escalation; every admission is discharged, dies or
//   is still in hospital; unlimited downstream capacity gives no delays.
// Statistical tolerances are 4 standard errors, estimated from independent replications.
#include "agents/hospital_flow.hpp"
#include "tests/agents/flow_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>

#include "agents/age_bands.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

using flow_testing::Capacities;
using flow_testing::layout;
using flow_testing::quiet_config;
using flow_testing::TestWorld;

// Poisson admissions a day from PCN 0, each a new resident aged `age` with `frailty`.
std::vector<FlowPerson> arrivals(const sim::CounterRng& rng, int day, double per_day, int age = 50, int frailty = 0) {
  const std::int64_t n = sim::poisson(per_day, rng.uniform(999, 0, static_cast<std::uint32_t>(day)));
  std::vector<FlowPerson> out;
  for (std::int64_t k = 0; k < n; ++k) {
    const std::uint64_t key = static_cast<std::uint64_t>(day) << 16 | static_cast<std::uint64_t>(k);
    out.push_back({key, 0, 0, age, frailty, LivingSetting::kOwnHome, EpisodeType::kLtcExacerbation});
  }
  return out;
}

// Mean and standard error of the mean over replications.
std::pair<double, double> mean_se(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return {mean, std::sqrt(ss / (n - 1.0) / n)};
}

// Erlang C: probability that an arrival finds all c servers busy, offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 1.0;  // sum of a^k / k! for k < c
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c;  // a^c / c!
  const double rho = a / c;
  return last / (1.0 - rho) / (sum + last / (1.0 - rho));
}

// E[max(1, round(X))] for X lognormal with this mean and coefficient of variation, by
// integrating the density over the rounding intervals.
double mean_rounded_nights(double mean, double cv) {
  const double s2 = std::log(1.0 + cv * cv), mu = std::log(mean) - 0.5 * s2, s = std::sqrt(s2);
  auto cdf = [&](double x) { return x <= 0.0 ? 0.0 : 0.5 * std::erfc(-(std::log(x) - mu) / (s * std::sqrt(2.0))); };
  double e = 1.0 * cdf(1.5);  // rounds to 0 or 1: one night
  for (int n = 2; n < 2000; ++n) e += n * (cdf(n + 0.5) - cdf(n - 0.5));
  return e;
}

TEST(HospitalFlow, MeanOccupancyFollowsLittlesLaw) {
  FlowConfig c = quiet_config();
  c.stay.mean_days.fill(6.0);
  c.stay.cv = 0.6;
  constexpr double lambda = 30.0;
  constexpr int days = 1500, warm_up = 100;
  std::vector<double> occupancy;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    const sim::CounterRng rng(100 + rep);
    HospitalFlow flow(c, layout(100000, 1, {}), rng, days);
    TestWorld world;
    double sum = 0.0;
    for (int day = 0; day < days; ++day) {
      flow.step(day, arrivals(rng, day, lambda), world);
      if (day >= warm_up) sum += static_cast<double>(flow.beds_occupied(0));
    }
    occupancy.push_back(sum / (days - warm_up));
  }
  const auto [mean, se] = mean_se(occupancy);
  const double expected = lambda * mean_rounded_nights(6.0, 0.6);
  EXPECT_NEAR(mean, expected, 4 * se) << "expected " << expected;
  EXPECT_LT(se, 0.01 * expected);  // the test can tell a 4% error apart
}

// Replications of anonymous community referrals to reablement: Poisson arrivals of lambda a
// day per PCN, exponential episodes, pools as given (one pool, or one per PCN). Returns, per
// replication, the time averages over the pools of "all places busy" and of the queue length.
struct PoolRun {
  std::vector<double> busy, queue;
};
PoolRun run_pools(const std::vector<std::int64_t>& capacity, int pcns, double lambda_per_pcn, double mean_days, int reps) {
  FlowConfig c = quiet_config();
  c.services[index(DownstreamService::kReablement)].mean_days = mean_days;
  c.services[index(DownstreamService::kReablement)].community_rate = lambda_per_pcn * kDaysPerYear;  // per eligible resident-year
  constexpr int days = 8000, warm_up = 500;
  PoolRun out;
  for (int rep = 0; rep < reps; ++rep) {
    const sim::CounterRng rng(static_cast<std::uint64_t>(rep) + 1);
    Capacities caps{};
    caps[DownstreamService::kReablement] = capacity;
    HospitalFlow flow(c, layout(10, pcns, caps), rng, days);
    flow.set_community_base(std::vector<std::vector<std::int64_t>>(static_cast<std::size_t>(pcns), {1}));
    TestWorld world;
    double busy = 0.0, queue = 0.0;
    for (int day = 0; day < days; ++day) {
      flow.step(day, {}, world);
      if (day < warm_up) continue;
      for (int p = 0; p < flow.pools(DownstreamService::kReablement); ++p) {
        EXPECT_LE(flow.in_use(DownstreamService::kReablement, p), capacity[static_cast<std::size_t>(p)]);
        busy += flow.in_use(DownstreamService::kReablement, p) >= capacity[static_cast<std::size_t>(p)] ? 1.0 : 0.0;
        queue += static_cast<double>(flow.queued(DownstreamService::kReablement, p));
      }
    }
    const double samples = static_cast<double>((days - warm_up) * flow.pools(DownstreamService::kReablement));
    out.busy.push_back(busy / samples);
    out.queue.push_back(queue / samples);
  }
  return out;
}

// M/M/c with c = 10, a = 8 (rho = 0.8). Episodes last 50 days on average, so whole-day steps
// shift the result by about 1% (a day in 50), well inside the tolerance.
TEST(HospitalFlow, DownstreamPoolReproducesErlangC) {
  constexpr int c = 10;
  constexpr double mean_days = 50.0, lambda = 0.16, a = lambda * mean_days;
  const PoolRun run = run_pools({c}, 1, lambda, mean_days, 30);
  const double p_wait = erlang_c(c, a);
  const double lq = p_wait * (a / c) / (1.0 - a / c);
  const auto [busy, busy_se] = mean_se(run.busy);
  const auto [queue, queue_se] = mean_se(run.queue);
  EXPECT_NEAR(busy, p_wait, 4 * busy_se) << "Erlang C " << p_wait;
  EXPECT_NEAR(queue, lq, 4 * queue_se) << "mean queue " << lq;
  EXPECT_LT(busy_se, 0.05 * p_wait);
  // Mean wait by Little's law on the queue: Wq = Lq / lambda, in days.
  EXPECT_NEAR(queue / lambda, lq / lambda, 4 * queue_se / lambda);
}

// Escalation in steps: each morning the site's level counts the thresholds last night's
// occupancy reached, and its limit is the base plus that level's escalation beds. Demand rising
// and falling over 100-day waves takes the site through every level, up and down.
TEST(HospitalFlow, EscalationOpensInStepsWithLastNightsOccupancy) {
  FlowConfig c = quiet_config();
  c.acute.escalation = {true, {0.8, 0.9, 1.0}, {0.0, 0.05, 0.1, 0.2}, {1.0, 1.0, 1.0, 1.0}};
  const sim::CounterRng rng(11);
  constexpr int days = 400;
  HospitalFlow flow(c, layout(100, 1, {}), rng, days);
  TestWorld world;
  std::array<int, 4> days_at{};
  for (int day = 0; day < days; ++day) {
    const double last_night = static_cast<double>(flow.beds_occupied(0)) / 100.0;
    const int level = 1 + (last_night >= 0.8 ? 1 : 0) + (last_night >= 0.9 ? 1 : 0) + (last_night >= 1.0 ? 1 : 0);
    const double per_day = 20.0 * (1.0 + 0.4 * std::sin(2.0 * std::numbers::pi * day / 100.0));  // 5 nights each
    flow.step(day, arrivals(rng, day, per_day), world);
    ASSERT_EQ(flow.escalation_level(0), level) << "day " << day;
    ASSERT_EQ(flow.bed_limit(0), 100 + std::llround(100.0 * c.acute.escalation.beds_share[static_cast<std::size_t>(level - 1)]));
    ASSERT_LE(flow.beds_occupied(0), flow.bed_limit(0));
    ++days_at[static_cast<std::size_t>(level - 1)];
  }
  for (int k = 0; k < 4; ++k) EXPECT_GT(days_at[static_cast<std::size_t>(k)], 10) << "days at OPEL " << k + 1;
}

// Discharge effort: at each level the chance of waiting for the hospital's own discharge process
// is home_process_share x process_rr. No wait at any level is exactly a process share of 0 (the
// same draws), and more effort at OPEL 4, where a full site always is, means fewer delayed days.
TEST(HospitalFlow, DischargeEffortRisesWithEscalation) {
  auto run = [](double share, std::array<double, kEscalationLevels> rr) {
    FlowConfig c = quiet_config();
    c.discharge.home_process_share = share;
    c.discharge.home_process_days = 3.0;
    c.acute.escalation = {true, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.0}, rr};  // OPEL 4 every day
    const sim::CounterRng rng(5);
    constexpr int days = 300;
    HospitalFlow flow(c, layout(200, 1, {}), rng, days);
    TestWorld world;
    for (int day = 0; day < days; ++day) flow.step(day, arrivals(rng, day, 20.0), world);
    return world.totals;
  };
  EXPECT_EQ(run(0.5, {0.0, 0.0, 0.0, 0.0}), run(0.0, {1.0, 1.0, 1.0, 1.0}));
  const auto full = run(0.5, {1.0, 1.0, 1.0, 1.0});
  const auto effort = run(0.5, {1.0, 1.0, 1.0, 0.5});
  const auto delayed = static_cast<std::size_t>(FlowCount::kDelayedDays);
  EXPECT_GT(effort[delayed], 0);
  EXPECT_LT(effort[delayed], full[delayed]);
}

// The same 40 places as one pool for 4 PCNs, or as 4 pools of 10: splitting raises the queue,
// and each arrangement matches its own Erlang C prediction.
TEST(HospitalFlow, SplittingAPoolRaisesWaitingAsTheoryPredicts) {
  constexpr double mean_days = 50.0, lambda = 0.16;
  const PoolRun pooled = run_pools({40}, 4, lambda, mean_days, 20);
  const PoolRun split = run_pools({10, 10, 10, 10}, 4, lambda, mean_days, 20);
  const double lq_pooled = erlang_c(40, 4 * lambda * mean_days) * 0.8 / 0.2;  // one queue for all
  const double lq_split = 4 * erlang_c(10, lambda * mean_days) * 0.8 / 0.2;  // four queues
  const auto [q_pooled, se_pooled] = mean_se(pooled.queue);
  const auto [q_split, se_split] = mean_se(split.queue);
  EXPECT_NEAR(q_pooled, lq_pooled, 4 * se_pooled);
  EXPECT_NEAR(4 * q_split, lq_split, 4 * 4 * se_split);  // split.queue is the mean per pool
  EXPECT_GT(4 * q_split - q_pooled, 4 * std::hypot(4 * se_split, se_pooled));
}

// Beds are never over base plus escalation; patients who find none wait in A&E (counted), and
// every admission ends up discharged, dead or still in hospital.
TEST(HospitalFlow, BedsBindAndEveryAdmissionIsAccountedFor) {
  FlowConfig c = quiet_config();
  c.stay.zero_day_share = 0.2;
  c.stay.cv = 0.8;
  c.acute.escalation.beds_share[0] = 0.1;  // escalation off: OPEL 1 always
  const sim::CounterRng rng(7);
  constexpr int days = 400;
  HospitalFlow flow(c, layout(100, 1, {}), rng, days);
  TestWorld world;
  std::int64_t admitted = 0;
  for (int day = 0; day < days; ++day) {
    const auto today = arrivals(rng, day, 25.0);  // demand of about 125 beds against 110
    admitted += static_cast<std::int64_t>(today.size());
    // A few die: some in hospital, some after going home (reported to the flow either way).
    if (day % 10 == 0 && day >= 3) {
      const std::uint64_t key = static_cast<std::uint64_t>(day - 3) << 16;  // the first admitted 3 days ago
      world.gone[key] = day;
      flow.resident_left(key);
    }
    flow.step(day, today, world);
    ASSERT_LE(flow.beds_occupied(0), flow.bed_limit(0));
    ASSERT_EQ(flow.bed_limit(0), 110);
    ASSERT_EQ(flow.escalation_level(0), 1);  // escalation off
  }
  EXPECT_GT(world.total(FlowCount::kAeWaits), 0);
  EXPECT_GT(world.total(FlowCount::kHospitalDeaths), 0);
  EXPECT_EQ(world.total(FlowCount::kAdmittedHere), admitted);
  std::int64_t discharged = 0;
  for (int k = 0; k < kDischargePathways; ++k) discharged += world.totals[static_cast<std::size_t>(FlowCount::kDischargeFirst) + static_cast<std::size_t>(k)];
  const std::int64_t ended = world.total(FlowCount::kZeroNightStays) + world.total(FlowCount::kSpellsEnded);
  EXPECT_GT(world.total(FlowCount::kZeroNightStays), 0);
  EXPECT_EQ(discharged + world.total(FlowCount::kHospitalDeaths), ended);
  EXPECT_EQ(ended + world.total(FlowCount::kTransfersOut) + flow.inpatients(), admitted);
  EXPECT_EQ(world.total(FlowCount::kOneNightStays) + world.total(FlowCount::kLongerStays), world.total(FlowCount::kSpellsEnded));
}

// Patients needing support, with downstream capacity far above demand and no hand-off time or
// choice: nobody is delayed. With scarce care-home places, delays appear and are attributed.
TEST(HospitalFlow, UnlimitedDownstreamCapacityGivesNoDelays) {
  FlowConfig c = quiet_config();
  c.discharge.min_age = 65;
  for (auto& row : c.discharge.pathway_share) row = {0.4, 0.3, 0.2, 0.1};
  c.discharge.reablement_share = 0.5;
  c.discharge.choice_share = 0.0;
  for (auto& s : c.services) s.mean_days = 20.0;
  auto run = [&](std::int64_t places) {
    Capacities caps{};
    for (auto& cap : caps) cap = {places};
    const sim::CounterRng rng(9);
    HospitalFlow flow(c, layout(100000, 1, caps), rng, 600);
    TestWorld world;
    for (int day = 0; day < 600; ++day) flow.step(day, arrivals(rng, day, 10.0, 80, 2), world);
    return world;
  };
  const TestWorld plenty = run(1000000);
  EXPECT_GT(plenty.total(FlowCount::kResidentialAdmissions), 100);
  EXPECT_EQ(plenty.total(FlowCount::kDelayedDays), 0);
  const TestWorld scarce = run(20);
  EXPECT_GT(scarce.total(FlowCount::kDelayedDays), 1000);
  std::int64_t by_reason = 0, by_body = 0;
  for (int r = 0; r < kDelayReasons; ++r) by_reason += scarce.totals[static_cast<std::size_t>(FlowCount::kDelayReasonFirst) + static_cast<std::size_t>(r)];
  for (int b = 0; b < kResponsibleBodies; ++b) by_body += scarce.totals[static_cast<std::size_t>(FlowCount::kResponsibleFirst) + static_cast<std::size_t>(b)];
  EXPECT_EQ(by_reason, scarce.total(FlowCount::kDelayedDays));
  EXPECT_EQ(by_body, scarce.total(FlowCount::kDelayedDays));
}

// A resident waiting at home for a care home who is admitted meanwhile: the home referral
// lapses when a place comes up, the hospital's pathway places them once, and the pool counts
// exactly one place for them.
TEST(HospitalFlow, AResidentWaitingAtHomeAndInHospitalIsPlacedOnce) {
  FlowConfig c = quiet_config();
  c.discharge.min_age = 65;
  for (auto& row : c.discharge.pathway_share) row = {0.0, 0.0, 0.0, 1.0};
  c.discharge.support_rr.fill(1.0);
  c.discharge.choice_share = 0.0;
  c.discharge.council_funded_share = 1.0;
  c.stay.mean_days.fill(5.0);
  Capacities caps{};
  caps[DownstreamService::kCareHomePlaces] = {1};
  const sim::CounterRng rng(3);
  HospitalFlow flow(c, layout(100, 1, caps), rng, 30);
  TestWorld world;
  world.settings[7] = LivingSetting::kCareHome;
  flow.settle(DownstreamService::kCareHomePlaces, FlowPerson{7, 0, 0, 90, 3, LivingSetting::kCareHome, std::nullopt}, 0, world);  // the one place is taken
  const FlowPerson r{42, 0, 0, 80, 2, LivingSetting::kOwnHome, EpisodeType::kLtcExacerbation};
  flow.refer(DownstreamService::kCareHomePlaces, FlowPerson{42, 0, 0, 80, 2, LivingSetting::kOwnHome, std::nullopt});
  flow.step(0, {}, world);
  flow.step(1, {r}, world);  // admitted: five nights
  ASSERT_TRUE(world.in_hospital(42));
  flow.release(DownstreamService::kCareHomePlaces, 7, 0);  // a place frees while they are in hospital
  for (int day = 2; day < 30; ++day) flow.step(day, {}, world);
  EXPECT_EQ(world.lapsed, 1);
  EXPECT_EQ(world.setting(42), LivingSetting::kCareHome);
  EXPECT_EQ(world.total(FlowCount::kResidentialAdmissions), 1);
  EXPECT_EQ(flow.in_use(DownstreamService::kCareHomePlaces, 0), 1);
  EXPECT_FALSE(world.in_hospital(42));
  EXPECT_EQ(world.totals[static_cast<std::size_t>(FlowCount::kDischargeFirst) + index(DischargePathway::kCareHomePlacement)], 1);
}

// Ten admissions a day, each fit after exactly five nights, over Christmas 2022 (Saturday 24 to
// Tuesday 27 December are a weekend and two bank holidays). With no weekend reviews, nobody
// leaves on a day that is not a working day, and each working day discharges everyone who became
// fit since the last one; with seven-day working, ten leave every day once the first are fit.
TEST(HospitalFlow, FitnessAtAWeekendOrBankHolidayWaitsForTheNextWorkingDay) {
  for (const double share : {0.0, 1.0}) {
    FlowConfig c = quiet_config();
    c.discharge.weekend_discharge_share = share;
    const sim::CounterRng rng(7);
    constexpr int days = 28;
    auto l = layout(1000, 1, {});
    l.start_day = sim::day_number(std::chrono::year{2022} / 12 / 12);  // a Monday
    HospitalFlow flow(c, l, rng, days);
    TestWorld world;
    int since_working_day = 0;
    for (int day = 0; day < days; ++day) {
      std::vector<FlowPerson> today;
      for (std::uint64_t k = 0; k < 10; ++k) {
        today.push_back({static_cast<std::uint64_t>(day) << 16 | k, 0, 0, 50, 0, LivingSetting::kOwnHome, EpisodeType::kInfection});
      }
      const std::int64_t before = world.total(FlowCount::kSpellsEnded);
      flow.step(day, today, world);
      const std::int64_t ended = world.total(FlowCount::kSpellsEnded) - before;
      const bool working = sim::is_working_day(l.start_day + day);
      since_working_day = day >= 5 ? since_working_day + 1 : 0;
      const std::int64_t expected = day < 5 ? 0 : share == 1.0 ? 10 : working ? 10 * since_working_day : 0;
      EXPECT_EQ(ended, expected) << "share " << share << ", day " << day;
      if (working) since_working_day = 0;
    }
  }
}

// A thousand admissions on day 0, each fit after five nights and going home. The discharge
// process holds up each with chance 0.4, for max(1, round(3 x Exp(1))) days: those leaving on
// day 5 are binomial, and the held patients' nights, all counted as awaiting the discharge
// process, average that wait's mean (both within four standard errors).
TEST(HospitalFlow, TheDischargeProcessHoldsUpAShareOfHomeDischargesForItsDays) {
  FlowConfig c = quiet_config();
  c.discharge.home_process_share = 0.4;
  c.discharge.home_process_days = 3.0;
  const sim::CounterRng rng(11);
  constexpr int n = 1000, days = 80;
  HospitalFlow flow(c, layout(2 * n, 1, {}), rng, days);
  TestWorld world;
  std::vector<FlowPerson> admitted;
  for (std::uint64_t k = 0; k < n; ++k) admitted.push_back({k + 1, 0, 0, 50, 0, LivingSetting::kOwnHome, EpisodeType::kInfection});
  std::int64_t on_the_day = 0;
  for (int day = 0; day < days; ++day) {
    const std::int64_t before = world.total(FlowCount::kSpellsEnded);
    flow.step(day, day == 0 ? admitted : std::vector<FlowPerson>{}, world);
    if (day == 5) on_the_day = world.total(FlowCount::kSpellsEnded) - before;
  }
  EXPECT_EQ(world.total(FlowCount::kSpellsEnded), n);  // everyone has left by day 80
  EXPECT_NEAR(static_cast<double>(on_the_day), 0.6 * n, 4.0 * std::sqrt(n * 0.6 * 0.4));
  // The wait's mean and variance, exactly: round(3E) = k for 3E in [k - 0.5, k + 0.5).
  double mean = 0.0, square = 0.0;
  for (int k = 0; k < 400; ++k) {
    const double p = std::exp(-std::max(0.0, k - 0.5) / 3.0) - std::exp(-(k + 0.5) / 3.0);
    const double w = std::max(1, k);
    mean += p * w;
    square += p * w * w;
  }
  const double held = static_cast<double>(n - on_the_day);
  const auto process = static_cast<std::size_t>(FlowCount::kDelayReasonFirst) + index(DelayReason::kAwaitingDischargeProcess);
  EXPECT_EQ(world.totals[process], world.total(FlowCount::kDelayedDays));
  EXPECT_NEAR(static_cast<double>(world.totals[process]) / held, mean, 4.0 * std::sqrt((square - mean * mean) / held));
}

}  // namespace
}  // namespace icsim::agents
