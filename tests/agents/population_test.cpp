// The synthetic population reproduces the census tables: Place totals by sex and age band
// exactly, practice sizes in proportion to lists, deprivation by Place within sampling error.
#include "agents/population.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>

#include "agents/age_bands.hpp"
#include "agents/demography.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

constexpr int kCells = kSexes * kCensusAgeBands;

std::vector<std::array<std::int64_t, kCells>> census_by_place(const ScenarioConfig& c) {
  std::vector<std::array<std::int64_t, kCells>> out(c.world.places.size(), std::array<std::int64_t, kCells>{});
  for (const auto& cell : c.population.census) {
    for (std::size_t p = 0; p < c.world.places.size(); ++p) {
      const auto& lads = c.world.places[p].local_authorities;
      if (std::find(lads.begin(), lads.end(), cell.local_authority) != lads.end()) {
        out[p][static_cast<std::size_t>(cell.sex * kCensusAgeBands + cell.age_band)] += cell.residents;
      }
    }
  }
  return out;
}

TEST(PopulationPlan, PlaceCellsMatchTheCensusExactly) {
  const ScenarioConfig& c = *testing::baseline().model;
  const PopulationPlan plan = plan_population(c);
  const auto census = census_by_place(c);
  std::int64_t total = 0;
  for (std::size_t p = 0; p < c.world.places.size(); ++p) {
    std::array<std::int64_t, kCells> sum{};
    for (const auto& pcn : c.world.pcns) {
      if (pcn.place != static_cast<int>(p)) continue;
      for (int practice : pcn.practices) {
        for (int k = 0; k < kCells; ++k) sum[static_cast<std::size_t>(k)] += plan.residents[static_cast<std::size_t>(practice)][static_cast<std::size_t>(k)];
      }
    }
    EXPECT_EQ(sum, census[p]) << c.world.places[p].id;
    total += std::accumulate(sum.begin(), sum.end(), std::int64_t{0});
  }
  EXPECT_EQ(total, 1200500);  // the sum of the census cells (ONS rounds each to 100)
}

TEST(PopulationPlan, PracticeSizesFollowListsWithinOnePercentPlusRounding) {
  const ScenarioConfig& c = *testing::baseline().model;
  const PopulationPlan plan = plan_population(c);
  for (std::size_t p = 0; p < c.world.places.size(); ++p) {
    double lists = 0, residents = 0;
    for (const auto& pcn : c.world.pcns) {
      if (pcn.place != static_cast<int>(p)) continue;
      for (int practice : pcn.practices) {
        lists += static_cast<double>(c.world.practices[static_cast<std::size_t>(practice)].list_size);
        const auto& r = plan.residents[static_cast<std::size_t>(practice)];
        residents += static_cast<double>(std::accumulate(r.begin(), r.end(), std::int64_t{0}));
      }
    }
    for (const auto& pcn : c.world.pcns) {
      if (pcn.place != static_cast<int>(p)) continue;
      for (int practice : pcn.practices) {
        const auto& r = plan.residents[static_cast<std::size_t>(practice)];
        const double got = static_cast<double>(std::accumulate(r.begin(), r.end(), std::int64_t{0}));
        const double want = residents * static_cast<double>(c.world.practices[static_cast<std::size_t>(practice)].list_size) / lists;
        EXPECT_NEAR(got, want, 0.01 * want + kCells) << c.world.practices[static_cast<std::size_t>(practice)].id;
      }
    }
  }
}

TEST(PopulationPlan, ScaleShrinksEveryCell) {
  ScenarioConfig c = *testing::baseline().model;
  c.population.scale = 0.05;
  const PopulationPlan plan = plan_population(c);
  std::int64_t total = 0;
  for (const auto& place : plan.place_residents) total += std::accumulate(place.begin(), place.end(), std::int64_t{0});
  EXPECT_NEAR(static_cast<double>(total), 0.05 * 1200500, 2 * kCells);
}

TEST(Residents, GeneratedAgesAndDeprivationMatchThePlan) {
  const ScenarioConfig& c = *testing::baseline().model;
  const PopulationPlan plan = plan_population(c);
  sim::Executor executor(2);
  const auto partitions = generate_residents(c, plan, sim::CounterRng(c.run.seed), executor);
  const sim::DayNumber start = sim::day_number(c.run.start_date);
  std::vector<std::array<std::int64_t, kCells>> cells(c.world.practices.size(), std::array<std::int64_t, kCells>{});
  std::vector<std::array<double, kImdQuintiles>> quintiles(c.world.places.size(), std::array<double, kImdQuintiles>{});
  std::int64_t total = 0;
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    const Residents& r = partitions[p];
    total += static_cast<std::int64_t>(r.size());
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      const int age = age_in_years(r.birth_day(i), start);
      ++cells[r.practice(i)][static_cast<std::size_t>(r.sex(i) * kCensusAgeBands + census_band_of_age(age))];
      ++quintiles[static_cast<std::size_t>(c.world.pcns[p].place)][static_cast<std::size_t>(r.imd_quintile(i))];
      EXPECT_EQ(c.world.practices[r.practice(i)].pcn, static_cast<int>(p));
      if (HasFailure()) return;
    }
  }
  EXPECT_EQ(total, 1200500);
  // Every resident's exact age lies in the census band they were drawn for.
  EXPECT_EQ(cells, plan.residents);
  // Each Place's IMD quintile mix is its small areas' mix, within 4 standard errors.
  for (std::size_t place = 0; place < c.world.places.size(); ++place) {
    std::array<double, kImdQuintiles> expected{};
    for (const auto& area : c.population.deprivation) {
      const auto& lads = c.world.places[place].local_authorities;
      if (std::find(lads.begin(), lads.end(), area.local_authority) != lads.end()) {
        expected[static_cast<std::size_t>((area.imd_decile - 1) / 2)] += area.population;
      }
    }
    const double n = std::accumulate(quintiles[place].begin(), quintiles[place].end(), 0.0);
    const double weight = std::accumulate(expected.begin(), expected.end(), 0.0);
    for (int q = 0; q < kImdQuintiles; ++q) {
      const double p = expected[static_cast<std::size_t>(q)] / weight;
      EXPECT_NEAR(quintiles[place][static_cast<std::size_t>(q)], n * p, 4 * std::sqrt(n * p * (1 - p)) + 1.0)
          << c.world.places[place].id << " imd" << q + 1;
    }
  }
}

}  // namespace
}  // namespace icsim::agents
