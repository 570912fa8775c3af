// Seasons: each month's multiplier scaled to a yearly mean of one, and each weekday's to a
// week's, exactly; a wave's excess,
// exactly; the next episode found on the same day a day-by-day search finds it; and a whole run's winter
// occupancy above its summer's with seasons on, and level with them off.
#include "agents/seasons.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <initializer_list>
#include <numbers>

#include "agents/simulation.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

constexpr std::size_t kFall = static_cast<std::size_t>(EpisodeType::kFall);
const sim::DayNumber k2021 = sim::day_number(std::chrono::year{2021} / 1 / 1);

SeasonsConfig falls_twice_in_january() {
  SeasonsConfig c;
  c.on = true;
  for (auto& row : c.by_month) row.fill(1.0);
  c.by_month[kFall][0] = 2.0;
  return c;
}

TEST(Seasons, OffEveryMultiplierIsOne) {
  SeasonsConfig c = falls_twice_in_january();
  c.on = false;
  const Seasons s(c, k2021, 365);
  EXPECT_FALSE(s.on());
  EXPECT_EQ(s.multiplier(EpisodeType::kFall, k2021), 1.0);
  EXPECT_FALSE(Seasons().on());
}

TEST(Seasons, MultipliersKeepTheirRatiosAndAverageOneOverACommonYear) {
  const Seasons s(falls_twice_in_january(), k2021, 365);
  // January's 31 days count twice: 365 / (365 + 31) per ordinary day.
  const double ordinary = 365.0 / 396.0;
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kFall, k2021 + 40), ordinary);
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kFall, k2021 + 10), 2.0 * ordinary);
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kInjury, k2021 + 10), 1.0);  // a flat row stays flat
  double days = 0.0;
  for (sim::DayNumber d = k2021; d < k2021 + 365; ++d) days += s.multiplier(EpisodeType::kFall, d);
  EXPECT_NEAR(days, 365.0, 1e-9);
  std::array<double, kEpisodeTypes> rates{};
  rates[kFall] = 365.0;  // one a day on an average day
  EXPECT_NEAR(s.exposure(rates, k2021, k2021 + 365), 365.0 * 365.0, 1e-6);
  EXPECT_NEAR(s.exposure(rates, k2021, k2021 + 31), 365.0 * 31 * 2.0 * ordinary, 1e-6);
}

// The week: every type's multiplier times the day's, scaled so that a week's days sum to seven;
// 4 January 2021 is a Monday.
TEST(Seasons, EveryTypeFollowsTheWeekScaledToAWeeksMeanOfOne) {
  SeasonsConfig c = falls_twice_in_january();
  c.by_weekday = {3, 1, 1, 1, 1, 0.5, 0.5};  // sums to 8
  const Seasons s(c, k2021, 365);
  const sim::DayNumber monday = k2021 + 3;
  ASSERT_EQ(sim::iso_weekday(monday), 1);
  const double ordinary = 365.0 / 396.0;
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kInjury, monday), 3.0 * 7.0 / 8.0);
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kInjury, monday + 5), 0.5 * 7.0 / 8.0);
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kFall, monday), 2.0 * ordinary * 3.0 * 7.0 / 8.0);
  EXPECT_DOUBLE_EQ(s.multiplier(EpisodeType::kFall, monday + 35), ordinary * 3.0 * 7.0 / 8.0);
  std::array<double, kEpisodeTypes> injury{};
  injury[static_cast<std::size_t>(EpisodeType::kInjury)] = 1.0;
  for (const sim::DayNumber from : {monday, monday + 3, monday + 100}) {
    EXPECT_NEAR(s.exposure(injury, from, from + 7), 7.0, 1e-12);  // any seven days: a week's mean
  }
  c.on = false;  // off: the week is flat too
  EXPECT_EQ(Seasons(c, k2021, 365).multiplier(EpisodeType::kInjury, monday), 1.0);
}

// reach() against the day-by-day definition: the day on which the running exposure first
// reaches the target, or none with the target reduced by the span's exposure.
TEST(Seasons, ReachFindsTheDayADayByDaySearchFinds) {
  SeasonsConfig c = falls_twice_in_january();
  Wave wave{"wave", {}, k2021 + 400, 60, 4.0};  // a steep rise the interpolation must get past
  wave.episodes[kFall] = true;
  c.waves = {wave};
  c.by_weekday = {1.5, 1, 1, 1, 1, 0.6, 0.4};  // a weekly wiggle the interpolation must step through
  const Seasons s(c, k2021, 730);
  std::array<double, kEpisodeTypes> rates{};
  rates[kFall] = 2.0;
  rates[static_cast<std::size_t>(EpisodeType::kInjury)] = 0.5;
  for (const double start_target : {0.001, 1.0, 2.5, 61.3, 400.0, 912.0, 1010.0, 1100.0, 2000.0}) {
    for (const sim::DayNumber from : {k2021, k2021 + 17, k2021 + 300}) {
      const sim::DayNumber until = k2021 + 700;
      double target = start_target;
      const auto found = s.reach(rates, from, until, target);
      std::optional<sim::DayNumber> expected;
      for (sim::DayNumber d = from; d < until && !expected; ++d) {
        if (s.exposure(rates, from, d + 1) >= start_target) expected = d;
      }
      EXPECT_EQ(found, expected) << start_target << " from day " << from - k2021;
      if (!expected) {
        EXPECT_NEAR(target, start_target - s.exposure(rates, from, until), 1e-9);
      }
    }
  }
}

// A wave over ten weeks from 1 February peaking at twice the rate: a raised cosine sampled at each
// day's middle sums to exactly half its days of excess, it touches only its own types and days,
// and it applies with the months flat when seasons are off.
TEST(Seasons, AWaveAddsHalfItsPeakExcessOverItsDaysAndNothingElsewhere) {
  SeasonsConfig c;
  c.on = false;
  Wave flu{"flu", {}, k2021 + 31, 70, 2.0};
  flu.episodes[static_cast<std::size_t>(EpisodeType::kInfection)] = true;
  c.waves = {flu};
  const Seasons s(c, k2021, 365);
  EXPECT_TRUE(s.on());
  std::array<double, kEpisodeTypes> infection{}, falls{};
  infection[static_cast<std::size_t>(EpisodeType::kInfection)] = 1.0;
  falls[kFall] = 1.0;
  EXPECT_NEAR(s.exposure(infection, flu.start, flu.start + 70), 70.0 * 1.5, 1e-9);
  EXPECT_NEAR(s.exposure(infection, k2021, flu.start), 31.0, 1e-9);
  EXPECT_NEAR(s.exposure(infection, flu.start + 70, k2021 + 365), 365.0 - 31 - 70, 1e-9);
  EXPECT_NEAR(s.exposure(falls, k2021, k2021 + 365), 365.0, 1e-9);
  EXPECT_EQ(s.multiplier(EpisodeType::kFall, flu.start + 35), 1.0);
  EXPECT_NEAR(s.multiplier(EpisodeType::kInfection, flu.start + 35), 1.0 + std::pow(std::sin(std::numbers::pi * 35.5 / 70), 2), 1e-12);
  // With seasons on, the wave multiplies the month's rate.
  SeasonsConfig on = falls_twice_in_january();
  Wave january{"january", {}, k2021, 31, 3.0};
  january.episodes[kFall] = true;
  on.waves = {january};
  const Seasons both(on, k2021, 365);
  EXPECT_NEAR(both.exposure(falls, k2021, k2021 + 31), 31 * 2.0 * 365.0 / 396.0 * 2.0, 1e-9);
}

// Mean G&A occupancy of the months given, from each day's occupied beds and beds.
double occupancy(const RunResult& r, const std::vector<std::string>& months) {
  double occupied = 0.0, beds = 0.0;
  for (const SiteOccupancy& o : r.occupancy) {
    for (const auto& m : months) {
      if (o.date.starts_with(m)) {
        occupied += static_cast<double>(o.occupied);
        beds += static_cast<double>(o.beds);
      }
    }
  }
  return occupied / beds;
}

// The baseline's seasons at full scale (a monthly count at a quarter of it has a noise of about
// 2%, a third of the season), with half as many beds again so that no queue caps the winter, and
// capacity otherwise held. Each of the four winters after the first autumn (December to
// February) against the mean of the summers either side (June to August), so that the trend of
// a growing, ageing population (about 1.8 points of occupancy a year here) cancels: with seasons
// on, winter admissions run above the summer's, and at the stays and discharges of the baseline
// that is about 3 points of occupancy (3.2 measured; -0.55 off); with them off the seasons differ
// only by noise. Three-month means of about 1,700 occupied beds, whose admissions are Poisson
// and whose days are correlated over stays of about a week, put a standard error of about 0.27
// points on the mean difference, so 0.85 points sits three of them from either.
TEST(Seasons, WinterOccupancyExceedsSummersWithSeasonsOnAndNotOff) {
  auto run = [](bool on) {
    ScenarioConfig c = *testing::baseline().model;
    c.population.scale = 1.0;
    c.run.years = 5;
    c.flow.capacity_plan = {};
    c.flow.capacity_plan.acute_beds = {{{2021, 1.5}}, CapacityGrowth::kHold, 1.0, 0.0};
    c.health.seasons.on = on;
    RunOptions options;
    options.threads = 2;
    const RunResult r = run_simulation(c, options);
    auto months = [](int year, std::initializer_list<const char*> ms) {
      std::vector<std::string> names;
      for (const char* m : ms) names.push_back(std::to_string(year) + m);
      return names;
    };
    auto summer = [&](int year) { return occupancy(r, months(year, {"-06", "-07", "-08"})); };
    double difference = 0.0;
    for (int y = 2022; y <= 2025; ++y) {
      std::vector<std::string> winter = months(y, {"-01", "-02"});
      winter.push_back(std::to_string(y - 1) + "-12");
      difference += occupancy(r, winter) - 0.5 * (summer(y - 1) + summer(y));
    }
    return difference / 4.0;
  };
  const double on = run(true);
  const double off = run(false);
  EXPECT_GT(on, 0.0085) << "winter less summer occupancy, seasons on";
  EXPECT_LT(std::abs(off), 0.0085) << "winter less summer occupancy, seasons off";
}

}  // namespace
}  // namespace icsim::agents
