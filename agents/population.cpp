// Synthetic population: iterative proportional fitting over practices, a rank-based coupling
// of practice and area deprivation, and per-resident draws keyed by resident.
#include "agents/population.hpp"
#include "agents/keys.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "agents/age_bands.hpp"
#include "agents/demography.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

constexpr int kCells = kSexes * kCensusAgeBands;
constexpr int kFirstBandAged50 = 10;  // census band 50-54

int place_of_lad(const WorldConfig& world, const std::string& lad) {
  for (std::size_t p = 0; p < world.places.size(); ++p) {
    const auto& lads = world.places[p].local_authorities;
    if (std::find(lads.begin(), lads.end(), lad) != lads.end()) return static_cast<int>(p);
  }
  return -1;
}

std::vector<std::vector<int>> practices_by_place(const WorldConfig& world) {
  std::vector<std::vector<int>> out(world.places.size());
  for (const auto& pcn : world.pcns) {
    for (int practice : pcn.practices) out[static_cast<std::size_t>(pcn.place)].push_back(practice);
  }
  return out;
}

// Share of the deprivation mass each practice gets when practices, ranked from most to least
// deprived by their own score, are laid end to end against the Place's quintiles (imd1 first).
std::vector<std::array<double, kImdQuintiles>> comonotone_mix(
    const std::vector<int>& practices, const std::vector<double>& weights,
    const std::vector<std::optional<double>>& scores, const std::array<double, kImdQuintiles>& place_mix) {
  std::vector<std::array<double, kImdQuintiles>> mix(practices.size(), place_mix);
  std::vector<std::size_t> ranked;
  double ranked_weight = 0.0;
  for (std::size_t k = 0; k < practices.size(); ++k) {
    if (scores[k]) {
      ranked.push_back(k);
      ranked_weight += weights[k];
    }
  }
  if (ranked_weight <= 0.0) return mix;
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return *scores[a] > *scores[b]; });
  std::array<double, kImdQuintiles + 1> edge{};
  for (int q = 0; q < kImdQuintiles; ++q) edge[static_cast<std::size_t>(q + 1)] = edge[static_cast<std::size_t>(q)] + place_mix[static_cast<std::size_t>(q)];
  double start = 0.0;
  for (std::size_t k : ranked) {
    const double width = weights[k] / ranked_weight;
    const double end = start + width;
    for (int q = 0; q < kImdQuintiles; ++q) {
      const double overlap = std::max(0.0, std::min(end, edge[static_cast<std::size_t>(q + 1)]) - std::max(start, edge[static_cast<std::size_t>(q)]));
      mix[k][static_cast<std::size_t>(q)] = width > 0.0 ? overlap / width : place_mix[static_cast<std::size_t>(q)];
    }
    start = end;
  }
  return mix;
}

}  // namespace

namespace {

// Census residents by Place, sex and band (summed over the Place's local authorities).
std::vector<std::array<double, kCells>> census_by_place(const ScenarioConfig& config) {
  std::vector<std::array<double, kCells>> census(config.world.places.size(), std::array<double, kCells>{});
  for (const auto& cell : config.population.census) {
    const int place = place_of_lad(config.world, cell.local_authority);
    if (place < 0) continue;
    census[static_cast<std::size_t>(place)][static_cast<std::size_t>(cell.sex * kCensusAgeBands + cell.age_band)] +=
        static_cast<double>(cell.residents);
  }
  return census;
}

// Deprivation mix of each Place from its small areas, weighted by their population.
std::vector<std::array<double, kImdQuintiles>> deprivation_by_place(const ScenarioConfig& config) {
  std::vector<std::array<double, kImdQuintiles>> place_mix(config.world.places.size(), std::array<double, kImdQuintiles>{});
  for (const auto& area : config.population.deprivation) {
    const int place = place_of_lad(config.world, area.local_authority);
    if (place < 0) continue;
    place_mix[static_cast<std::size_t>(place)][static_cast<std::size_t>((area.imd_decile - 1) / 2)] += area.population;
  }
  return place_mix;
}

// Seed: each practice gets the Place's age profile, tilted by its share of patients 50+.
std::vector<std::array<double, kCells>> seed_practices(const WorldConfig& world, const std::vector<int>& practices,
                                                       const std::vector<std::int64_t>& row_target,
                                                       const std::array<std::int64_t, kCells>& totals, double place_share_50) {
  std::vector<std::array<double, kCells>> x(practices.size());
  for (std::size_t k = 0; k < practices.size(); ++k) {
    const auto& pr = world.practices[static_cast<std::size_t>(practices[k])];
    double tilt_old = 1.0, tilt_young = 1.0;
    if (pr.list_size_50_plus && place_share_50 > 0.0 && place_share_50 < 1.0 && pr.list_size > 0) {
      const double share = static_cast<double>(*pr.list_size_50_plus) / static_cast<double>(pr.list_size);
      tilt_old = share / place_share_50;
      tilt_young = (1.0 - share) / (1.0 - place_share_50);
    }
    for (int c = 0; c < kCells; ++c) {
      const bool old = (c % kCensusAgeBands) >= kFirstBandAged50;
      x[k][static_cast<std::size_t>(c)] = static_cast<double>(row_target[k]) *
                                          static_cast<double>(totals[static_cast<std::size_t>(c)]) * (old ? tilt_old : tilt_young) + 1e-12;
    }
  }
  return x;
}

// Iterative proportional fitting to practice totals (rows) and Place cells (columns).
void fit_proportionally(std::vector<std::array<double, kCells>>& x, const std::vector<std::int64_t>& row_target,
                        const std::array<std::int64_t, kCells>& totals) {
  const std::size_t n = x.size();
  for (int iteration = 0; iteration < 50; ++iteration) {
    for (int c = 0; c < kCells; ++c) {
      double sum = 0.0;
      for (std::size_t k = 0; k < n; ++k) sum += x[k][static_cast<std::size_t>(c)];
      const double f = sum > 0.0 ? static_cast<double>(totals[static_cast<std::size_t>(c)]) / sum : 0.0;
      for (std::size_t k = 0; k < n; ++k) x[k][static_cast<std::size_t>(c)] *= f;
    }
    for (std::size_t k = 0; k < n; ++k) {
      const double sum = std::accumulate(x[k].begin(), x[k].end(), 0.0);
      const double f = sum > 0.0 ? static_cast<double>(row_target[k]) / sum : 0.0;
      for (double& v : x[k]) v *= f;
    }
  }
}

// Practice sizes: the Place's residents shared in proportion to registered lists, then each
// census cell fitted over the practices and apportioned in whole residents (Place cells exact).
// Lists exceed residents (list inflation), so only their proportions are used.
void plan_practices(const ScenarioConfig& config, const std::vector<int>& practices, std::size_t place, PopulationPlan& plan) {
  const WorldConfig& world = config.world;
  const std::size_t n = practices.size();
  const std::array<std::int64_t, kCells>& totals = plan.place_residents[place];
  const std::int64_t place_total = std::accumulate(totals.begin(), totals.end(), std::int64_t{0});
  std::vector<double> lists(n);
  double list_sum = 0.0, known_list = 0.0, known_50 = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& pr = world.practices[static_cast<std::size_t>(practices[k])];
    lists[k] = static_cast<double>(pr.list_size);
    list_sum += lists[k];
    if (pr.list_size_50_plus) {
      known_list += lists[k];
      known_50 += static_cast<double>(*pr.list_size_50_plus);
    }
  }
  plan.place_list_inflation[place] = place_total > 0 ? list_sum * config.population.scale / static_cast<double>(place_total) : 0.0;
  const std::vector<std::int64_t> row_target = sim::apportion(lists, place_total);
  auto x = seed_practices(world, practices, row_target, totals, known_list > 0.0 ? known_50 / known_list : 0.0);
  fit_proportionally(x, row_target, totals);
  std::vector<double> column(n);
  for (int c = 0; c < kCells; ++c) {
    for (std::size_t k = 0; k < n; ++k) column[k] = x[k][static_cast<std::size_t>(c)];
    const auto counts = sim::apportion(column, totals[static_cast<std::size_t>(c)]);
    for (std::size_t k = 0; k < n; ++k) plan.residents[static_cast<std::size_t>(practices[k])][static_cast<std::size_t>(c)] = counts[k];
  }
}

// Deprivation: a mix of the Place's quintiles and the practice-ranked coupling.
void plan_deprivation(const ScenarioConfig& config, const std::vector<int>& practices, std::array<double, kImdQuintiles> mix,
                      PopulationPlan& plan) {
  const WorldConfig& world = config.world;
  const std::size_t n = practices.size();
  const double mix_sum = std::accumulate(mix.begin(), mix.end(), 0.0);
  for (double& m : mix) m = mix_sum > 0.0 ? m / mix_sum : 1.0 / kImdQuintiles;
  std::vector<double> lists(n);
  std::vector<std::optional<double>> scores(n);
  for (std::size_t k = 0; k < n; ++k) {
    lists[k] = static_cast<double>(world.practices[static_cast<std::size_t>(practices[k])].list_size);
    scores[k] = world.practices[static_cast<std::size_t>(practices[k])].imd2019_score;
  }
  const auto ranked = comonotone_mix(practices, lists, scores, mix);
  const double w = config.population.deprivation_practice_weight;
  for (std::size_t k = 0; k < n; ++k) {
    std::array<double, kImdQuintiles>& cum = plan.imd_cumulative[static_cast<std::size_t>(practices[k])];
    double acc = 0.0;
    for (int q = 0; q < kImdQuintiles; ++q) {
      acc += w * ranked[k][static_cast<std::size_t>(q)] + (1.0 - w) * mix[static_cast<std::size_t>(q)];
      cum[static_cast<std::size_t>(q)] = acc;
    }
  }
}

}  // namespace

PopulationPlan plan_population(const ScenarioConfig& config) {
  const WorldConfig& world = config.world;
  const std::size_t n_places = world.places.size();
  PopulationPlan plan;
  plan.residents.assign(world.practices.size(), {});
  plan.imd_cumulative.assign(world.practices.size(), {});
  plan.place_residents.assign(n_places, {});
  plan.place_list_inflation.assign(n_places, 0.0);
  const auto census = census_by_place(config);
  const auto place_mix = deprivation_by_place(config);
  const auto by_place = practices_by_place(world);
  for (std::size_t place = 0; place < n_places; ++place) {
    if (by_place[place].empty()) continue;
    for (int c = 0; c < kCells; ++c) {
      plan.place_residents[place][static_cast<std::size_t>(c)] = std::llround(census[place][static_cast<std::size_t>(c)] * config.population.scale);
    }
    plan_practices(config, by_place[place], place, plan);
    plan_deprivation(config, by_place[place], place_mix[place], plan);
  }
  return plan;
}

sim::DayNumber draw_birth_day(const DemographyConfig& demography, int sex, int census_band,
                              sim::DayNumber day, double u_year, double u_day) {
  // Ages are whole days between birthdays (anniversary()), so the drawn age is always in its band.
  auto days_between = [](int from_age, int to_age) { return anniversary(0, to_age) - anniversary(0, from_age); };
  sim::DayNumber age_days = 0;
  if (census_band < kCensusAgeBands - 1) {
    const int lower = 5 * census_band;
    age_days = anniversary(0, lower) + static_cast<sim::DayNumber>(u_year * days_between(lower, lower + 5));
  } else {
    // 90+: single years 90..100 in proportion to life-table survivors l_x (l_90 = 1).
    std::array<double, kLifeTableMaxAge - 90 + 1> survivors{};
    double l = 1.0;
    for (int a = 90; a <= kLifeTableMaxAge; ++a) {
      survivors[static_cast<std::size_t>(a - 90)] = l;
      l *= std::exp(-demography.mortality_rate[static_cast<std::size_t>(sex)][static_cast<std::size_t>(a)]);
    }
    const auto cumulative = sim::cumulative_sums(survivors);
    const int age = 90 + static_cast<int>(sim::categorical(cumulative, u_year));
    age_days = anniversary(0, age) + static_cast<sim::DayNumber>(u_day * days_between(age, age + 1));
  }
  return day - age_days;
}

std::vector<Residents> generate_residents(const ScenarioConfig& config, const PopulationPlan& plan,
                                          const sim::CounterRng& rng, sim::Executor& executor) {
  const WorldConfig& world = config.world;
  std::vector<Residents> partitions(world.pcns.size());
  const sim::DayNumber start = sim::day_number(config.run.start_date);
  executor.for_each(world.pcns.size(), [&](std::size_t p) {
    Residents& residents = partitions[p];
    std::int64_t total = 0;
    for (int practice : world.pcns[p].practices) {
      for (std::int64_t c : plan.residents[static_cast<std::size_t>(practice)]) total += c;
    }
    residents.reserve(static_cast<std::size_t>(total) + static_cast<std::size_t>(total) / 8);
    for (int practice : world.pcns[p].practices) {
      const auto& cum = plan.imd_cumulative[static_cast<std::size_t>(practice)];
      for (int c = 0; c < kCells; ++c) {
        const int sex = c / kCensusAgeBands;
        const int band = c % kCensusAgeBands;
        for (std::int64_t k = 0; k < plan.residents[static_cast<std::size_t>(practice)][static_cast<std::size_t>(c)]; ++k) {
          const auto index = static_cast<std::uint32_t>(residents.size());
          const std::uint64_t key = keys::resident(p, index);
          const auto [u_year, u_day] = rng.uniform2(streams::kInitialAge, key, 0);
          const int quintile = static_cast<int>(sim::categorical(cum, rng.uniform(streams::kInitialDeprivation, key, 0)));
          residents.add(draw_birth_day(config.demography, sex, band, start, u_year, u_day),
                        static_cast<std::uint16_t>(practice), sex, quintile);
        }
      }
    }
  });
  return partitions;
}

}  // namespace icsim::agents
