// Demographic hazards: first-passage days agree with a day-by-day integration; event counts
// match their probabilities within 4 standard errors; zero rates give no events.
#include "agents/demography.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "agents/age_bands.hpp"
#include "sim/rng.hpp"
#include "sim/samplers.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

DemographyConfig constant_rates(double death, double move, double birth) {
  DemographyConfig c{};
  for (auto& sex : c.mortality_rate) sex.fill(death);
  c.mortality_multiplier = 1.0;
  c.fertility_rate.fill(birth);
  c.male_birth_share = 0.5;
  c.out_migration_rate.fill(move);
  return c;
}

TEST(Demography, BirthdaysAreWholeDaysOf365Point25) {
  EXPECT_EQ(anniversary(0, 4), 1461);
  EXPECT_EQ(age_in_years(0, 1460), 3);
  EXPECT_EQ(age_in_years(0, 1461), 4);
  for (int k = 1; k < 120; ++k) {
    EXPECT_EQ(age_in_years(100, anniversary(100, k)), k);
    EXPECT_EQ(age_in_years(100, anniversary(100, k) - 1), k - 1);
  }
}

// The O(1) integration must pick the same day as adding up daily rates one day at a time.
TEST(Demography, FirstDayAgreesWithDailyIntegration) {
  const DemographyConfig config = testing::baseline().model->demography;
  const Demography d(config);
  const sim::CounterRng rng(3);
  int compared = 0, exact = 0;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    const auto u = rng.uniform2(1, i, 0);
    const int sex = static_cast<int>(i % 2);
    const Hazard hazard = i % 3 == 0 ? Hazard::kDeath : i % 3 == 1 ? Hazard::kMoveAway : Hazard::kBirth;
    const sim::DayNumber birth = -static_cast<sim::DayNumber>(u[0] * 95 * kDaysPerYear);
    const double target = 0.5 * sim::standard_exponential(u[1]);
    const sim::DayNumber until = 3652;
    const auto fast = d.first_day(hazard, sex, birth, 0, until, target);
    double acc = 0;
    std::optional<sim::DayNumber> slow;
    for (sim::DayNumber day = 0; day < until; ++day) {
      acc += d.rate_per_day(hazard, sex, age_in_years(birth, day));
      if (acc >= target) {
        slow = day;
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
  EXPECT_GT(compared, 300);
  EXPECT_GE(exact, compared - 3);  // only floating-point ties at a day's edge may differ
}

// With a constant rate m per year, the chance of an event within T days is 1 - exp(-m T / 365.25).
TEST(Demography, EventCountMatchesProbabilityWithinFourStandardErrors) {
  const DemographyConfig config = constant_rates(0.08, 0.0, 0.0);
  const Demography d(config);
  const sim::CounterRng rng(17);
  constexpr int n = 40000;
  const sim::DayNumber until = 1000;
  int events = 0;
  double day_sum = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const sim::DayNumber birth = -static_cast<sim::DayNumber>(i % 30000);
    if (const auto day = d.first_day(Hazard::kDeath, 0, birth, 0, until, sim::standard_exponential(rng.uniform(1, i, 0)))) {
      ++events;
      day_sum += *day;
    }
  }
  const double p = 1.0 - std::exp(-0.08 * until / kDaysPerYear);
  EXPECT_NEAR(events, n * p, 4 * std::sqrt(n * p * (1 - p)));
  // Given an event, its day is a truncated exponential; check the mean within 4 standard errors.
  const double rate = 0.08 / kDaysPerYear;
  const double mean = 1 / rate - until * std::exp(-rate * until) / p;
  const double sd = until / std::sqrt(12.0);  // an upper bound for a distribution on [0, until)
  EXPECT_NEAR(day_sum / events, mean - 0.5, 4 * sd / std::sqrt(events));
}

TEST(Demography, ZeroRatesGiveNoEvents) {
  const DemographyConfig config = constant_rates(0.0, 0.0, 0.0);
  const Demography d(config);
  for (double target : {1e-12, 1e-3, 1.0}) {
    for (Hazard h : {Hazard::kDeath, Hazard::kMoveAway, Hazard::kBirth}) {
      EXPECT_FALSE(d.first_day(h, 0, -10000, 0, 36525, target));
    }
  }
}

TEST(Demography, OnlyWomenAged15To49GiveBirth) {
  const DemographyConfig config = constant_rates(0.0, 0.0, 0.1);
  const Demography d(config);
  EXPECT_EQ(d.rate_per_day(Hazard::kBirth, 1, 30), 0.0);
  EXPECT_EQ(d.rate_per_day(Hazard::kBirth, 0, 14), 0.0);
  EXPECT_EQ(d.rate_per_day(Hazard::kBirth, 0, 50), 0.0);
  EXPECT_GT(d.rate_per_day(Hazard::kBirth, 0, 15), 0.0);
  // A 10-year-old girl cannot give birth within 4 years, however small the target.
  EXPECT_FALSE(d.first_day(Hazard::kBirth, 0, -anniversary(0, 10), 0, anniversary(0, 4), 1e-9));
}

}  // namespace
}  // namespace icsim::agents
