// AgeHazard, the first-passage sampler behind deaths, moves, births, onsets and frailty: a
// constant rate gives exponential waiting times, a zero rate gives no event, and the O(1) test
// for "no event in the window" agrees with the search for the day.
#include "agents/age_hazard.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/rng.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// Births spread over ~80 years, so windows start at every day of a year of age and cross
// birthdays of both 365- and 366-day years.
sim::DayNumber birth_of(std::uint32_t i) { return -static_cast<sim::DayNumber>((i * 7919u) % 29220u); }

// With a constant rate r per year, the integrated hazard over t days is r t / 365.25 whatever the
// ages crossed, so P(event before day t) = 1 - exp(-r t / 365.25). Checked at several t with one
// set of draws, each within 4 binomial standard errors.
TEST(AgeHazard, ConstantRateMatchesTheExponentialClosedForm) {
  constexpr double r = 0.3;
  const AgeHazard h = AgeHazard::from_yearly([](int) { return r; });
  EXPECT_DOUBLE_EQ(h.rate_per_day(0), r / kDaysPerYear);
  EXPECT_DOUBLE_EQ(h.rate_per_day(AgeHazard::kMaxAge + 5), r / kDaysPerYear);
  const sim::CounterRng rng(11);
  constexpr int n = 50000;
  constexpr sim::DayNumber window = 3000;
  const std::array<sim::DayNumber, 4> checkpoints = {30, 365, 1461, window};
  std::array<int, 4> by{};
  for (std::uint32_t i = 0; i < n; ++i) {
    const sim::DayNumber from = static_cast<sim::DayNumber>(i % 400);
    const double target = sim::standard_exponential(rng.uniform(1, i, 0));
    const auto day = h.first_day(birth_of(i), from, from + window, target);
    if (!day) continue;
    ASSERT_GE(*day, from);
    ASSERT_LT(*day, from + window);
    for (std::size_t k = 0; k < checkpoints.size(); ++k) by[k] += *day - from < checkpoints[k];
  }
  for (std::size_t k = 0; k < checkpoints.size(); ++k) {
    // The event falls on day d when the hazard is reached during it, so "before day t" is the
    // integrated hazard over t whole days.
    const double p = 1.0 - std::exp(-r * checkpoints[k] / kDaysPerYear);
    EXPECT_NEAR(by[k], n * p, 4 * std::sqrt(n * p * (1 - p))) << "within " << checkpoints[k] << " days";
  }
}

// A rate ratio divides the target: doubling it is the same as doubling the rate.
TEST(AgeHazard, RateRatioScalesTheTarget) {
  const AgeHazard once = AgeHazard::from_yearly([](int age) { return 0.01 * (1 + age % 7); });
  const AgeHazard twice = AgeHazard::from_yearly([](int age) { return 0.02 * (1 + age % 7); });
  const sim::CounterRng rng(5);
  int events = 0;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const double e = sim::standard_exponential(rng.uniform(1, i, 0));
    const auto a = once.first_day(birth_of(i), 0, 20000, e / 2);
    const auto b = twice.first_day(birth_of(i), 0, 20000, e);
    ASSERT_EQ(a.has_value(), b.has_value()) << i;
    if (a) {
      EXPECT_LE(std::abs(*a - *b), 1) << i;  // the two tables may round differently at a day's edge
    }
    events += a.has_value();
  }
  EXPECT_GT(events, 500);
}

TEST(AgeHazard, ZeroRateGivesNoEvent) {
  const AgeHazard none = AgeHazard::from_yearly([](int) { return 0.0; });
  for (double target : {1e-300, 1e-12, 1e-3, 1.0}) {
    for (sim::DayNumber birth : {0, -1, -20000, -47000}) {
      EXPECT_FALSE(none.first_day(birth, 0, 73050, target)) << target << " " << birth;
    }
  }
  EXPECT_EQ(none.integrated(-20000, 40000), 0.0);
  // Zero before an age and positive after: nothing before it, whatever the target.
  const AgeHazard from_50 = AgeHazard::from_yearly([](int age) { return age < 50 ? 0.0 : 1.0; });
  const sim::DayNumber birth = -anniversary(0, 20);
  EXPECT_FALSE(from_50.first_day(birth, 0, anniversary(birth, 50), 1e-12));
  const auto day = from_50.first_day(birth, 0, anniversary(birth, 51), 1e-12);
  ASSERT_TRUE(day);
  EXPECT_EQ(*day, anniversary(birth, 50));
}

TEST(AgeHazard, EmptyWindowHasNoEvent) {
  const AgeHazard h = AgeHazard::from_yearly([](int) { return 100.0; });
  EXPECT_FALSE(h.first_day(0, 500, 500, 1e-9));
  EXPECT_FALSE(h.first_day(0, 500, 400, 1e-9));
}

// A hazard that varies by age, with gaps of zero, for the search tests below.
AgeHazard varied() {
  return AgeHazard::from_yearly([](int age) {
    if (age >= 20 && age < 25) return 0.0;
    return 0.0005 * std::exp(0.09 * age) + (age < 1 ? 0.004 : 0.0);
  });
}

// The O(1) test "does the integrated hazard reach the target before until_day" must agree with
// the search: the day found in a long window is the answer for every shorter window that
// contains it, and no shorter window that ends on or before it has an event.
TEST(AgeHazard, NoEventShortcutAgreesWithTheSearch) {
  const AgeHazard h = varied();
  const sim::CounterRng rng(23);
  int found = 0, checked = 0, mismatched = 0;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const auto u = rng.uniform2(2, i, 0);
    const sim::DayNumber birth = -static_cast<sim::DayNumber>(u[0] * 100 * kDaysPerYear);
    const sim::DayNumber from = static_cast<sim::DayNumber>(i % 1000);
    const double target = sim::standard_exponential(u[1]);
    const auto day = h.first_day(birth, from, from + 40000, target);
    if (!day) continue;
    ++found;
    const auto rounds = rng.uniform2(3, i, 0);
    for (sim::DayNumber until : {from + 1, *day, *day + 1, *day + 2, from + 1 + static_cast<sim::DayNumber>(rounds[0] * (*day - from + 1)),
                                 *day + 1 + static_cast<sim::DayNumber>(rounds[1] * 5000)}) {
      const auto again = h.first_day(birth, from, until, target);
      ++checked;
      const bool expect_event = *day < until;
      if (again.has_value() != expect_event || (again && *again != *day)) ++mismatched;
    }
  }
  EXPECT_GT(found, 5000);
  // Both paths read the same table, so they agree except, at most, at a floating-point tie on
  // the last day of a window.
  EXPECT_LE(mismatched, 3) << "of " << checked;
}

// The search lands on the day a day-by-day sum of the daily rates first reaches the target.
TEST(AgeHazard, SearchAgreesWithDailyIntegration) {
  const AgeHazard h = varied();
  const sim::CounterRng rng(29);
  int compared = 0, exact = 0;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    const auto u = rng.uniform2(4, i, 0);
    const sim::DayNumber birth = -static_cast<sim::DayNumber>(u[0] * 90 * kDaysPerYear);
    const double target = 0.3 * sim::standard_exponential(u[1]);
    const sim::DayNumber until = 5000;
    const auto fast = h.first_day(birth, 0, until, target);
    double acc = 0;
    std::optional<sim::DayNumber> slow;
    for (sim::DayNumber d = 0; d < until; ++d) {
      acc += h.rate_per_day(age_in_years(birth, d));
      if (acc >= target) {
        slow = d;
        break;
      }
    }
    ASSERT_EQ(fast.has_value(), slow.has_value()) << "case " << i;
    if (fast) {
      ++compared;
      EXPECT_LE(std::abs(*fast - *slow), 1) << "case " << i;
      exact += *fast == *slow;
    }
  }
  EXPECT_GT(compared, 500);
  EXPECT_GE(exact, compared - 3);
  // The integrated hazard is the sum of the daily rates.
  const sim::DayNumber birth = -12345;
  double sum = 0;
  for (sim::DayNumber d = 0; d < 20000; ++d) sum += h.rate_per_day(age_in_years(birth, d));
  EXPECT_NEAR(h.integrated(birth, 20000) - h.integrated(birth, 0), sum, 1e-9 * sum);
}

// One hazard competing alone is exactly the single first-passage sampler.
TEST(CompetingHazards, OneHazardIsTheSingleSampler) {
  const AgeHazard h = AgeHazard::from_yearly([](int age) { return 0.002 * std::exp(0.08 * age); });
  const sim::CounterRng rng(21);
  int events = 0;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    CompetingHazards<1> one;
    one.add(7, h, 1.0);
    const auto u = rng.uniform2(1, i, 0);
    const double target = sim::standard_exponential(u[0]);
    const auto single = h.first_day(birth_of(i), 100, 4000, target);
    const auto competing = one.first(birth_of(i), 100, 4000, target, u[1]);
    ASSERT_EQ(single.has_value(), competing.has_value()) << i;
    if (single) {
      EXPECT_EQ(*single, competing->day) << i;
      EXPECT_EQ(competing->id, 7);
      ++events;
    }
  }
  EXPECT_GT(events, 1000);
}

// Constant rates r1 and r2: the first event is exponential with rate r1 + r2 and is the first
// hazard's with probability r1 / (r1 + r2); a zero multiplier never fires.
TEST(CompetingHazards, ConstantRatesSplitInProportion) {
  constexpr double r1 = 0.2, r2 = 0.6;
  const AgeHazard h1 = AgeHazard::from_yearly([](int) { return r1; });
  const AgeHazard h2 = AgeHazard::from_yearly([](int) { return 0.3; });
  const AgeHazard never = AgeHazard::from_yearly([](int) { return 5.0; });
  const sim::CounterRng rng(22);
  constexpr int n = 40000;
  constexpr sim::DayNumber window = 730;
  int events = 0, first_hazard = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    CompetingHazards<3> hazards;
    hazards.add(1, h1, 1.0);
    hazards.add(3, never, 0.0);
    hazards.add(2, h2, 2.0);  // 0.3 x 2 = r2
    const auto u = rng.uniform2(1, i, 0);
    const auto first = hazards.first(birth_of(i), 0, window, sim::standard_exponential(u[0]), u[1]);
    if (!first) continue;
    ASSERT_NE(first->id, 3);
    ++events;
    first_hazard += first->id == 1;
  }
  const double p = 1.0 - std::exp(-(r1 + r2) * window / kDaysPerYear);
  EXPECT_NEAR(events, n * p, 4 * std::sqrt(n * p * (1 - p)));
  const double share = r1 / (r1 + r2);
  EXPECT_NEAR(first_hazard, events * share, 4 * std::sqrt(events * share * (1 - share)));
}

// With rates that change with age, one draw of the total agrees in distribution with the
// minimum of independent first passages: the share of each outcome within a window matches
// within 4 standard errors of the difference of two independent samples.
TEST(CompetingHazards, AgreesWithIndependentFirstPassages) {
  const AgeHazard rising = AgeHazard::from_yearly([](int age) { return 0.001 * std::exp(0.09 * age); });
  const AgeHazard falling = AgeHazard::from_yearly([](int age) { return 0.4 * std::exp(-0.04 * age); });
  const sim::CounterRng rng(23);
  constexpr int n = 40000;
  std::array<int, 3> competing{}, independent{};  // none, rising first, falling first
  for (std::uint32_t i = 0; i < n; ++i) {
    const sim::DayNumber birth = birth_of(i), from = 0, until = 3650;
    CompetingHazards<2> hazards;
    hazards.add(1, rising, 1.0);
    hazards.add(2, falling, 1.0);
    const auto u = rng.uniform2(1, i, 0);
    const auto first = hazards.first(birth, from, until, sim::standard_exponential(u[0]), u[1]);
    ++competing[first ? static_cast<std::size_t>(first->id) : 0];
    const auto v = rng.uniform2(2, i, 0);
    const auto a = rising.first_day(birth, from, until, sim::standard_exponential(v[0]));
    const auto b = falling.first_day(birth, from, until, sim::standard_exponential(v[1]));
    ++independent[!a && !b ? 0 : !b || (a && *a <= *b) ? 1 : 2];
  }
  for (std::size_t k = 0; k < competing.size(); ++k) {
    const double p = independent[k] / static_cast<double>(n);
    EXPECT_NEAR(competing[k], independent[k], 4 * std::sqrt(2 * n * p * (1 - p))) << "outcome " << k;
  }
}

}  // namespace
}  // namespace icsim::agents
