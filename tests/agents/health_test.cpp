// Residents' health on a small MSE world: starting prevalence follows the QOF registers, zero
// rates give nothing, episode counts follow a known rate (month by month, with seasons), and
// first-year deaths still follow the life table in aggregate. Tolerances are 4 standard errors of the count being checked.
#include "agents/health.hpp"
#include "agents/keys.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

#include "agents/population.hpp"
#include "agents/simulation.hpp"
#include "sim/calendar.hpp"
#include "sim/parallel.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

ScenarioConfig small(double scale, int years = 1) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = scale;
  c.run.years = years;
  return c;
}

// The starting population exactly as a run builds it (same plan, seed and streams).
struct StartingWorld {
  explicit StartingWorld(const ScenarioConfig& config)
      : plan(plan_population(config)), rng(config.run.seed), start(sim::day_number(config.run.start_date)) {
    sim::Executor executor(1);
    residents = generate_residents(config, plan, rng, executor);
  }
  // Calls f(key, residents, index, age on the first day) for every starting resident.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t p = 0; p < residents.size(); ++p) {
      const Residents& r = residents[p];
      for (std::uint32_t i = 0; i < r.size(); ++i) f(keys::resident(p, i), r, i, age_in_years(r.birth_day(i), start));
    }
  }
  HealthState initial(const HealthModel& health, std::uint64_t key, const Residents& r, std::uint32_t i, int age) const {
    return health.draw_initial(rng, key, r.practice(i), r.sex(i), r.imd_quintile(i), age);
  }

  PopulationPlan plan;
  sim::CounterRng rng;
  sim::DayNumber start;
  std::vector<Residents> residents;
};

// A count of independent events with probabilities p_i has variance sum p_i (1 - p_i), which
// is at most n p (1 - p) for the mean p: the binomial with the overall rate bounds it.
double binomial_se(double expected, double trials) { return std::sqrt(expected * (1.0 - expected / trials)); }

// Starting prevalence of each condition against the QOF registers. Each practice's register
// rate (registered / list_base) applies to its residents in the register's age base, so the
// expected count is the sum over practices of rate x residents of that age.
TEST(Health, InitialPrevalenceMatchesTheQofRegisters) {
  const ScenarioConfig c = small(0.05);
  const StartingWorld world(c);
  const HealthModel health(c, world.plan);
  const std::size_t n_practices = c.world.practices.size();
  std::vector<std::array<double, kConditions>> eligible(n_practices);
  std::array<double, kConditions> observed{};
  world.for_each([&](std::uint64_t key, const Residents& r, std::uint32_t i, int age) {
    const HealthState s = world.initial(health, key, r, i, age);
    for (int k = 0; k < kConditions; ++k) {
      const auto ki = static_cast<std::size_t>(k);
      if (age >= c.health.conditions[ki].min_age) ++eligible[r.practice(i)][ki];
      if (s.conditions & (1u << k)) {
        EXPECT_GE(age, c.health.conditions[ki].min_age) << kConditionIds[ki] << " below the register's base age";
        ++observed[ki];
      }
    }
  });
  std::array<double, kConditions> expected{}, base{};
  ASSERT_EQ(c.health.registers.size(), n_practices * kConditions);
  for (const PracticeRegister& reg : c.health.registers) {
    ASSERT_GT(reg.list_base, 0.0);
    const auto p = static_cast<std::size_t>(reg.practice);
    const auto k = static_cast<std::size_t>(reg.condition);
    expected[k] += reg.registered / reg.list_base * eligible[p][k];
    base[k] += eligible[p][k];
  }
  for (std::size_t k = 0; k < kConditions; ++k) {
    ASSERT_GT(expected[k], 50.0) << kConditionIds[k];
    EXPECT_NEAR(observed[k], expected[k], 4 * binomial_se(expected[k], base[k]))
        << kConditionIds[k] << ": " << observed[k] << " residents on the register, expected " << expected[k];
  }
}

// No episode rate of any kind: no resident, in any health state, ever has an episode, and a
// whole run has no episodes and no care of any kind.
// The practices' register fits run on any threads: the scales, and so the population means
// drawn from them, are the same bit for bit as fitted one practice after another.
TEST(Health, RegisterFitIsTheSameOnTwoThreads) {
  const ScenarioConfig c = small(0.05);
  const StartingWorld world(c);
  sim::Executor two(2);
  const HealthModel serial(c, world.plan), parallel(c, world.plan, &two);
  int fitted = 0;
  for (std::size_t p = 0; p < c.world.practices.size(); ++p) {
    for (int k = 0; k < kConditions; ++k) {
      EXPECT_EQ(serial.practice_scale(static_cast<int>(p), k), parallel.practice_scale(static_cast<int>(p), k));
      fitted += serial.practice_scale(static_cast<int>(p), k) > 0.0;
    }
  }
  EXPECT_GT(fitted, 0);
  for (int k = 0; k < kConditions; ++k) {
    for (int age = 0; age <= 100; age += 5) EXPECT_EQ(serial.mean_prevalence(k, 1, age), parallel.mean_prevalence(k, 1, age));
  }
}

TEST(Health, ZeroEpisodeRatesGiveNoEpisodesAndNoCare) {
  ScenarioConfig c = small(0.02, 2);
  for (auto& e : c.health.episodes) e.rate.fill(0.0);
  for (auto& k : c.health.conditions) k.exacerbation_rate = 0.0;
  // No needs for care arising at home either: every care measure then comes from episodes.
  c.flow.community.home_care_entry.fill(0.0);
  c.flow.community.care_home_entry.fill(0.0);
  for (auto& s : c.flow.services) s.community_rate = 0.0;
  c.health.end_of_life.on = false;  // nor admissions before a death, which are not episodes
  c.flow.acute.electives.on = false;  // nor planned admissions from the waiting lists
  const StartingWorld world(c);
  const HealthModel health(c, world.plan);
  const sim::DayNumber century = world.start + 36525;
  int checked = 0;
  world.for_each([&](std::uint64_t key, const Residents& r, std::uint32_t i, int age) {
    const HealthState s = world.initial(health, key, r, i, age);
    EXPECT_FALSE(health.next_episode(world.rng, key, 0, r.birth_day(i), health.episode_risk(r.imd_quintile(i), s), world.start, century));
    ++checked;
  });
  ASSERT_GT(checked, 10000);
  // The sickest, frailest state too, in every band and quintile.
  const HealthState worst{static_cast<std::uint16_t>((1u << kConditions) - 1), kFrailtyLevels - 1, LivingSetting::kCareHome};
  for (int band = 0; band < kReportBands; ++band) {
    for (int q = 0; q < kImdQuintiles; ++q) {
      for (double rate : health.episode_rates(band, q, worst)) EXPECT_EQ(rate, 0.0);
    }
  }
  EXPECT_FALSE(health.next_episode(world.rng, 1, 0, world.start - 30000, health.episode_risk(0, worst), world.start, century));

  RunOptions options;
  options.threads = 2;
  const RunResult run = run_simulation(c, options);
  EXPECT_EQ(run.stats.episodes, 0);
  const auto& t = run.measures;
  // Care measures: episodes and everything after it in the flows, and every outcome.
  const auto& names = t.measures();
  const auto first_care = std::find(names.begin(), names.end(), "episodes");
  ASSERT_NE(first_care, names.end());
  int care_measures = 0;
  for (auto m = first_care; m != names.end(); ++m) {
    if (m->rfind("prevalence_", 0) == 0 || m->rfind("frailty_", 0) == 0 || m->rfind("living_", 0) == 0) continue;
    // Stocks of people living with care, and what follows from them, are not care from episodes.
    if (*m == "care_home_days" || *m == "home_care_days" || m->rfind("days_at_home", 0) == 0 || *m == "beds_available" ||
        *m == "cost_social_care_gbp") {
      continue;
    }
    ++care_measures;
    const auto mi = static_cast<std::size_t>(m - names.begin());
    double total = 0;
    for (std::size_t p = 0; p < t.periods().size(); ++p)
      for (std::size_t a = 0; a < t.areas().size(); ++a)
        for (std::size_t g = 0; g < t.groups().size(); ++g) total += std::abs(t.at(p, a, g, mi));
    EXPECT_EQ(total, 0.0) << *m;
  }
  EXPECT_GE(care_measures, 20);
  // People still die and the population is still ill: only the episodes are gone.
  EXPECT_GT(t.value("2021", "system", "MSE", "all", "deaths"), 0.0);
  EXPECT_GT(t.value("2021", "system", "MSE", "all", "prevalence_hypertension"), 0.0);
}

// A condition whose age profile is zero everywhere: no resident has it at the start, on
// arrival or later, because its onset rate follows the profile.
TEST(Health, ConditionWithZeroProfileHasNoPrevalenceOrOnsets) {
  ScenarioConfig c = small(0.02, 3);
  c.health.conditions[kCopd].age_profile.fill(0.0);
  const StartingWorld world(c);
  HealthModel health(c, world.plan);
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int age = 0; age <= AgeHazard::kMaxAge; ++age) EXPECT_EQ(health.mean_prevalence(kCopd, sex, age), 0.0);
  }
  RiskSums sums;
  std::vector<HealthState> states;
  world.for_each([&](std::uint64_t key, const Residents& r, std::uint32_t i, int age) {
    states.push_back(world.initial(health, key, r, i, age));
    EXPECT_FALSE(states.back().conditions & (1u << kCopd));
    health.accumulate(sums, states.back(), r.sex(i), age);
  });
  health.finalise(sums);
  // Follow each starting resident's health for 30 years, transition after transition.
  const sim::DayNumber until = world.start + 30 * 365;
  std::size_t n = 0;
  int transitions = 0, onsets = 0;
  world.for_each([&](std::uint64_t key, const Residents& r, std::uint32_t i, int) {
    HealthState s = states[n++];
    sim::DayNumber from = world.start;
    while (const auto e = health.next_transition(world.rng, key, static_cast<std::uint32_t>(from - world.start), r.birth_day(i),
                                                 r.sex(i), r.imd_quintile(i), r.practice(i), s, from, until)) {
      ++transitions;
      if (e->transition == kDeathTransition) break;
      if (e->transition == kNeedsHomeCareTransition || e->transition == kNeedsCareHomeTransition) {
        s.care_pending = true;  // referred for care: not a health change
      } else if (e->transition == kFrailtyStepTransition) {
        ++s.frailty;
      } else {
        ++onsets;
        EXPECT_NE(e->transition, kCopd);
        s.conditions = static_cast<std::uint16_t>(s.conditions | (1u << e->transition));
      }
      from = e->day + 1;
    }
  });
  EXPECT_GT(onsets, 1000);  // other conditions start as usual
  EXPECT_GT(transitions, onsets);

  RunOptions options;
  options.threads = 2;
  const RunResult run = run_simulation(c, options);
  for (const char* year : {"2021", "2022", "2023"}) {
    EXPECT_EQ(run.measures.value(year, "system", "MSE", "all", "prevalence_copd"), 0.0) << year;
    EXPECT_GT(run.measures.value(year, "system", "MSE", "all", "prevalence_asthma"), 0.0) << year;
  }
}

// Falls at a constant rate r per year for everyone, every other episode type and exacerbation
// at zero.
ScenarioConfig falls_only(double r) {
  ScenarioConfig c = small(0.05);
  for (auto& e : c.health.episodes) e.rate.fill(0.0);
  for (auto& k : c.health.conditions) k.exacerbation_rate = 0.0;
  EpisodeTypeConfig& fall = c.health.episodes[index(EpisodeType::kFall)];
  fall.rate.fill(r);
  fall.deprivation_ratio = 1.0;
  fall.frailty_rr.fill(1.0);
  fall.setting_rr.fill(1.0);
  fall.condition_rr.fill(1.0);
  return c;
}

// Every starting resident's episodes over the first `days` days (nobody dies here), by the
// calendar month they fall in, with the resident-days of each month.
struct EpisodeCounts {
  std::array<double, 12> episodes{};
  std::array<double, 12> resident_days{};
  int wrong_type = 0;  // episodes not falls
};

EpisodeCounts count_episodes(const ScenarioConfig& c, sim::DayNumber days) {
  const StartingWorld world(c);
  const HealthModel health(c, world.plan);
  auto month = [](sim::DayNumber d) { return static_cast<unsigned>(sim::civil_date(d).month()) - 1; };
  EpisodeCounts n;
  world.for_each([&](std::uint64_t key, const Residents& rs, std::uint32_t i, int) {
    const HealthState s = world.initial(health, key, rs, i, age_in_years(rs.birth_day(i), world.start));
    const sim::DayNumber end = world.start + days;
    sim::DayNumber from = world.start;
    const HealthModel::EpisodeRisk risk = health.episode_risk(rs.imd_quintile(i), s);
    while (const auto day = health.next_episode(world.rng, key, static_cast<std::uint32_t>(from - world.start), rs.birth_day(i),
                                                risk, from, end)) {
      ASSERT_GE(*day, from);
      ASSERT_LT(*day, end);
      ++n.episodes[month(*day)];
      const EpisodeDraw d = health.draw_episode(world.rng, key, static_cast<std::uint32_t>(*day - world.start),
                                                age_in_years(rs.birth_day(i), *day), risk, *day, false);
      n.wrong_type += d.type != EpisodeType::kFall;
      from = *day + 1;
    }
    for (sim::DayNumber d = world.start; d < end; ++d) ++n.resident_days[month(d)];
  });
  return n;
}

// After each episode the next is drawn from the following day, so a resident has an episode on
// each day independently with probability q = 1 - exp(-r / 365.25): over D resident-days the
// count is binomial(D, q), whose mean is r x (D / 365.25 resident-years) to within r / 730.5.
TEST(Health, EpisodeCountMatchesAConstantRate) {
  constexpr double r = 1.5;
  const EpisodeCounts n = count_episodes(falls_only(r), 365);
  const double episodes = std::accumulate(n.episodes.begin(), n.episodes.end(), 0.0);
  const double resident_days = std::accumulate(n.resident_days.begin(), n.resident_days.end(), 0.0);
  const double q = 1.0 - std::exp(-r / kDaysPerYear);
  const double expected = resident_days * q;
  const double resident_years = resident_days / kDaysPerYear;
  ASSERT_NEAR(expected, r * resident_years, r * resident_years * r / (2 * kDaysPerYear));
  EXPECT_NEAR(episodes, expected, 4 * std::sqrt(resident_days * q * (1 - q)))
      << episodes << " episodes in " << resident_years << " resident-years at " << r << " a year";
  EXPECT_EQ(n.wrong_type, 0);
}

// With seasons on, a day in month k has the rate r x m_k, m the month's relative rate scaled so
// that a common year's days average one: each month's count is binomial with its own q.
TEST(Health, EpisodeRatesFollowTheSeasonsMonthByMonth) {
  constexpr double r = 1.5;
  ScenarioConfig c = falls_only(r);
  c.health.seasons.on = true;
  const std::array<double, 12> relative = {2.0, 1.5, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1.25};
  c.health.seasons.by_month[index(EpisodeType::kFall)] = relative;
  double year_days = 0.0;
  for (unsigned k = 0; k < 12; ++k) {
    year_days += relative[k] * static_cast<unsigned>((std::chrono::year{2021} / std::chrono::month{k + 1} / std::chrono::last).day());
  }
  const EpisodeCounts n = count_episodes(c, 365);
  for (std::size_t k = 0; k < 12; ++k) {
    const double q = 1.0 - std::exp(-r * relative[k] * 365.0 / year_days / kDaysPerYear);
    const double expected = n.resident_days[k] * q;
    EXPECT_NEAR(n.episodes[k], expected, 4 * std::sqrt(expected * (1 - q))) << "month " << k + 1;
  }
  // January's rate is four times July's: far beyond the noise.
  EXPECT_GT(n.episodes[0] / n.resident_days[0], 3.5 * n.episodes[6] / n.resident_days[6]);
  EXPECT_EQ(n.wrong_type, 0);
}

// With nobody arriving (no births; no out-migration and Places shrinking on paper, so no
// in-migrants), first-year deaths are those of the starting residents. Mortality by health state
// is scaled so each age and sex dies at the life-table rate on average, so the expected count is
// the life table applied to each resident: 1 - exp(-H), H the integrated m_x over the year
// (m at the age on the first day until the birthday, then at the next age). The frailest die
// first, so the model runs about 2% below this over the year; at scale 0.2 that is about one
// standard error, while a mis-scaled relative risk would be many.
TEST(Health, FirstYearDeathsMatchTheLifeTableInAggregate) {
  ScenarioConfig c = small(0.2);
  c.demography.fertility_rate.fill(0.0);
  c.demography.out_migration_rate.fill(0.0);
  for (auto& place : c.world.places) place.growth_per_year = -0.05;
  const StartingWorld world(c);
  const sim::Calendar calendar(c.run.start_date, 1);
  const sim::DayNumber end = world.start + calendar.num_days();
  double expected = 0, variance = 0;
  world.for_each([&](std::uint64_t, const Residents& r, std::uint32_t i, int age) {
    const auto& m = c.demography.mortality_rate[static_cast<std::size_t>(r.sex(i))];
    auto rate = [&](int a) { return m[static_cast<std::size_t>(std::min(a, kLifeTableMaxAge))] * c.demography.mortality_multiplier; };
    const sim::DayNumber birthday = std::min(end, anniversary(r.birth_day(i), age + 1));
    const double h = (rate(age) * (birthday - world.start) + rate(age + 1) * (end - birthday)) / kDaysPerYear;
    const double q = 1.0 - std::exp(-h);
    expected += q;
    variance += q * (1 - q);
  });
  RunOptions options;
  options.threads = 2;
  const RunResult run = run_simulation(c, options);
  const auto& t = run.measures;
  ASSERT_EQ(t.value("2021", "system", "MSE", "all", "births"), 0.0);
  ASSERT_EQ(t.value("2021", "system", "MSE", "all", "migration_in"), 0.0);
  ASSERT_EQ(t.value("2021", "system", "MSE", "all", "migration_out"), 0.0);
  const double deaths = t.value("2021", "system", "MSE", "all", "deaths");
  EXPECT_NEAR(deaths, expected, 4 * std::sqrt(variance)) << "expected " << expected << " (4 SE = " << 4 * std::sqrt(variance) << ")";
}

}  // namespace
}  // namespace icsim::agents
