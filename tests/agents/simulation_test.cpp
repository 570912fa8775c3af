// Whole runs at reduced scale: identical results for any thread count and when runs share a
// process; demographic accounting balances; the growth path is followed; deaths match the life
// table; zero rates give zero events.
#include "agents/simulation.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <bit>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include "agents/age_bands.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

ScenarioConfig small(double scale = 0.05, int years = 10) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = scale;
  c.run.years = years;
  return c;
}

RunResult run(const ScenarioConfig& c, int threads) {
  RunOptions options;
  options.threads = threads;
  return run_simulation(c, options);
}

bool same_values(const sim::MeasureTable& a, const sim::MeasureTable& b) {
  if (a.rows() != b.rows() || a.periods() != b.periods() || a.groups() != b.groups()) return false;
  for (std::size_t p = 0; p < a.periods().size(); ++p)
    for (std::size_t r = 0; r < a.areas().size(); ++r)
      for (std::size_t g = 0; g < a.groups().size(); ++g)
        for (std::size_t m = 0; m < a.measures().size(); ++m)
          if (std::bit_cast<std::uint64_t>(a.at(p, r, g, m)) != std::bit_cast<std::uint64_t>(b.at(p, r, g, m))) return false;
  return true;
}

TEST(Simulation, IdenticalForAnyThreadCountAndRepeatedRuns) {
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 8);
  const ScenarioConfig c = small();
  const RunResult one = run(c, 1);
  EXPECT_GT(one.stats.events_processed, 0);
  for (int threads : {2, 4, 8}) EXPECT_TRUE(same_values(one.measures, run(c, threads).measures)) << threads << " threads";
  EXPECT_TRUE(same_values(one.measures, run(c, 1).measures)) << "repeated run";
}

TEST(Simulation, RunsSharingAProcessDoNotInterfere) {
  const ScenarioConfig c = small();
  const RunResult alone = run(c, 2);
  RunResult a{sim::MeasureTable({}, {}, {}, {}), {}, {}, {}, {}, {}}, b = a;
  std::thread first([&] { a = run(c, 2); });
  std::thread second([&] { b = run(c, 2); });
  first.join();
  second.join();
  EXPECT_TRUE(same_values(alone.measures, a.measures));
  EXPECT_TRUE(same_values(alone.measures, b.measures));
}

TEST(Simulation, ASeedChangesTheDraws) {
  ScenarioConfig c = small(0.02, 2);
  const RunResult first = run(c, 2);
  c.run.seed += 1;
  EXPECT_FALSE(same_values(first.measures, run(c, 2).measures));
}

// Replications share one model and differ in their run options' seed: the same as a model
// whose run.seed is that seed.
TEST(Simulation, TheRunSeedActsAsTheScenarioSeed) {
  const ScenarioConfig model = small(0.02, 2);
  ScenarioConfig reseeded = model;
  reseeded.run.seed = model.run.seed + 7;
  RunOptions options;
  options.threads = 2;
  options.seed = model.run.seed + 7;
  EXPECT_TRUE(same_values(run(reseeded, 2).measures, run_simulation(model, options).measures));
}

// start + births + in-migration - deaths - out-migration = end, for every area, period and
// group that ageing does not move between (all, sex, deprivation); and periods chain.
TEST(Simulation, DemographicAccountingBalances) {
  const RunResult r = run(small(), 2);
  const auto& t = r.measures;
  const auto measure = [&](const char* name) {
    return static_cast<std::size_t>(std::find(t.measures().begin(), t.measures().end(), name) - t.measures().begin());
  };
  const std::size_t residents = measure("residents"), start = measure("residents_start"), births = measure("births"),
                    deaths = measure("deaths"), in = measure("migration_in"), out = measure("migration_out");
  int checked = 0;
  for (std::size_t p = 0; p < t.periods().size(); ++p) {
    for (std::size_t a = 0; a < t.areas().size(); ++a) {
      for (std::size_t g = 0; g < t.groups().size(); ++g) {
        const std::string& group = t.groups()[g];
        if (group != "all" && group != "female" && group != "male" && group.rfind("imd", 0) != 0) continue;
        EXPECT_EQ(t.at(p, a, g, start) + t.at(p, a, g, births) + t.at(p, a, g, in) - t.at(p, a, g, deaths) - t.at(p, a, g, out),
                  t.at(p, a, g, residents))
            << t.periods()[p] << " " << t.areas()[a].name << " " << group;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
  // Every resident ever created is present at the end, dead, or moved away.
  const double created = t.value("2021", "system", "MSE", "all", "residents_start");
  double births_total = 0, in_total = 0, deaths_total = 0, out_total = 0;
  for (int year = 2021; year <= 2030; ++year) {
    const std::string y = std::to_string(year);
    births_total += t.value(y, "system", "MSE", "all", "births");
    in_total += t.value(y, "system", "MSE", "all", "migration_in");
    deaths_total += t.value(y, "system", "MSE", "all", "deaths");
    out_total += t.value(y, "system", "MSE", "all", "migration_out");
  }
  EXPECT_EQ(static_cast<double>(r.stats.residents_ever), created + births_total + in_total);
  EXPECT_EQ(static_cast<double>(r.stats.residents_end), created + births_total + in_total - deaths_total - out_total);
  // Each month starts where the last one ended.
  EXPECT_EQ(t.value("2021-01", "place", "thurrock", "all", "residents"), t.value("2021-02", "place", "thurrock", "all", "residents_start"));
  const std::string pcn = std::find_if(t.areas().rbegin(), t.areas().rend(), [](const auto& a) { return a.level == "pcn"; })->name;
  EXPECT_EQ(t.value("2021-12", "pcn", pcn, "male", "residents"), t.value("2022-01", "pcn", pcn, "male", "residents_start"));
  // The system is the sum of its Places.
  double places = 0;
  for (const auto& area : t.areas()) {
    if (area.level == "place") places += t.value("2030", "place", area.name, "75-84", "deaths");
  }
  EXPECT_EQ(places, t.value("2030", "system", "MSE", "75-84", "deaths"));
}

// The escalation measures are each site's days at each level, as occupancy.csv gives them, and
// the System's their sum; in the small world's small hospitals every level occurs.
TEST(Simulation, OpelDaysCountEachSitesDaysAtItsLevel) {
  const RunResult r = run(small(0.05, 2), 2);
  std::map<std::pair<std::string, std::string>, std::array<double, kEscalationLevels>> days;  // (year, area)
  for (const SiteOccupancy& o : r.occupancy) {
    const std::string year = o.date.substr(0, 4);
    ++days[{year, o.site}][static_cast<std::size_t>(o.opel - 1)];
    ++days[{year, "MSE"}][static_cast<std::size_t>(o.opel - 1)];
  }
  ASSERT_EQ(days.size(), 2u * 4u);  // two years, three sites and the System
  for (const auto& [key, at] : days) {
    const auto& [year, area] = key;
    const char* level = area == "MSE" ? "system" : "site";
    EXPECT_EQ(r.measures.value(year, level, area, "all", "opel_3_days"), at[2]) << year << " " << area;
    EXPECT_EQ(r.measures.value(year, level, area, "all", "opel_4_days"), at[3]) << year << " " << area;
  }
  EXPECT_GT((days[{"2022", "MSE"}][2]), 0.0);
  EXPECT_GT((days[{"2022", "MSE"}][3]), 0.0);
}

TEST(Simulation, EachPlaceFollowsItsGrowthPath) {
  const ScenarioConfig c = small();
  const RunResult r = run(c, 2);
  for (const auto& place : c.world.places) {
    const double start = r.measures.value("2021", "place", place.id, "all", "residents_start");
    const double end = r.measures.value("2030", "place", place.id, "all", "residents");
    const double years = 3652 / kDaysPerYear;
    EXPECT_NEAR(end, start * std::pow(1 + place.growth_per_year, years), 1.0) << place.id;
  }
}

// Deaths in the first year against the life table applied to the starting population: within
// 4 standard errors (Poisson) plus 2% for ageing during the year and the spread of ages in a band.
TEST(Simulation, FirstYearDeathsMatchTheLifeTable) {
  const ScenarioConfig c = small(1.0, 1);
  const RunResult r = run(c, 2);
  double expected = 0;
  for (const auto& cell : c.population.census) {
    double mean_q = 0;
    if (cell.age_band < kCensusAgeBands - 1) {
      for (int a = 5 * cell.age_band; a < 5 * cell.age_band + 5; ++a)
        mean_q += (1 - std::exp(-c.demography.mortality_rate[static_cast<std::size_t>(cell.sex)][static_cast<std::size_t>(a)])) / 5;
    } else {
      double l = 1, weight = 0;
      for (int a = 90; a <= kLifeTableMaxAge; ++a) {
        const double m = c.demography.mortality_rate[static_cast<std::size_t>(cell.sex)][static_cast<std::size_t>(a)];
        mean_q += l * (1 - std::exp(-m));
        weight += l;
        l *= std::exp(-m);
      }
      mean_q /= weight;
    }
    expected += static_cast<double>(cell.residents) * mean_q;
  }
  const double deaths = r.measures.value("2021", "system", "MSE", "all", "deaths");
  EXPECT_NEAR(deaths, expected, 4 * std::sqrt(expected) + 0.02 * expected) << "expected " << expected;
}

// Births in the first year against the fertility rates applied to the starting women: within 4
// standard errors (Poisson) plus 2% for ageing between bands and women moving in and out.
TEST(Simulation, FirstYearBirthsMatchTheFertilityRates) {
  const ScenarioConfig c = small(1.0, 1);
  const RunResult r = run(c, 2);
  double expected = 0;
  for (const auto& cell : c.population.census) {
    if (cell.sex == 0 && cell.age_band >= 3 && cell.age_band < 3 + kFertilityAgeBands) {
      expected += static_cast<double>(cell.residents) * c.demography.fertility_rate[static_cast<std::size_t>(cell.age_band - 3)];
    }
  }
  const double births = r.measures.value("2021", "system", "MSE", "all", "births");
  EXPECT_NEAR(births, expected, 4 * std::sqrt(expected) + 0.02 * expected) << "expected " << expected;
  // Boys are male_birth_share of births, within 4 standard errors (binomial).
  const double boys = r.measures.value("2021", "system", "MSE", "male", "births");
  const double p = c.demography.male_birth_share;
  EXPECT_NEAR(boys, births * p, 4 * std::sqrt(births * p * (1 - p)));
}

TEST(Simulation, ZeroRatesGiveZeroEvents) {
  ScenarioConfig c = small(0.02, 3);
  c.demography.mortality_multiplier = 0;
  c.demography.fertility_rate.fill(0);
  c.demography.out_migration_rate.fill(0);
  for (auto& place : c.world.places) place.growth_per_year = 0;
  const RunResult r = run(c, 2);
  for (const char* m : {"births", "deaths", "migration_in", "migration_out"}) {
    for (const char* y : {"2021", "2022", "2023"}) EXPECT_EQ(r.measures.value(y, "system", "MSE", "all", m), 0.0) << m << " " << y;
  }
  EXPECT_EQ(r.stats.residents_start, r.stats.residents_end);
}

}  // namespace
}  // namespace icsim::agents

namespace icsim::agents {
namespace {

// With no out-migration, in-migrants take the Place's own age and sex mix (not one cell).
TEST(Simulation, InMigrantsWithoutOutMigrationFollowThePlaceMix) {
  ScenarioConfig c = small(0.05, 2);
  c.demography.out_migration_rate.fill(0);
  const RunResult r = run(c, 2);
  const double in = r.measures.value("2021", "system", "MSE", "all", "migration_in") +
                    r.measures.value("2022", "system", "MSE", "all", "migration_in");
  const double in_85 = r.measures.value("2021", "system", "MSE", "85+", "migration_in") +
                       r.measures.value("2022", "system", "MSE", "85+", "migration_in");
  const double female = r.measures.value("2021", "system", "MSE", "female", "migration_in") +
                        r.measures.value("2022", "system", "MSE", "female", "migration_in");
  ASSERT_GT(in, 100);
  EXPECT_LT(in_85, 0.1 * in);
  EXPECT_NEAR(female, 0.5 * in, 4 * std::sqrt(0.25 * in) + 0.02 * in);
}

// A configuration built in code is checked when it is frozen, as one built from JSON is: a
// dead end in the pathway and a practice in two PCNs are both reported, and nothing runs.
TEST(Model, FreezingChecksEveryConfigurationHoweverBuilt) {
  ScenarioConfig c = *testing::baseline().model;
  EXPECT_TRUE(check_config(c).empty());
  c.world.pcns[1].practices.push_back(c.world.pcns[0].practices[0]);  // a practice in two PCNs
  for (auto& node : c.pathway.nodes) {
    if (node.kind == ServiceKind::kRouter) node.routes.back().when.unconditional = false;
  }
  try {
    freeze(c);
    FAIL() << "a broken configuration froze";
  } catch (const InvalidModel& e) {
    bool tree = false, dead_end = false;
    for (const auto& p : e.problems()) {
      tree = tree || (p.where.part == Location::Part::kOrganisation && p.message.find("2 PCNs") != std::string::npos);
      dead_end = dead_end || p.message.find("dead end") != std::string::npos;
    }
    EXPECT_TRUE(tree) << e.what();
    EXPECT_TRUE(dead_end) << e.what();
  }
  EXPECT_THROW(run_simulation(c, RunOptions{}), InvalidModel);
  EXPECT_THROW(Simulation(Model{}, RunOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace icsim::agents
