// Phase `in_migration`: on the last day of each month each Place admits the in-migrants that
// bring it to its growth path (docs/model.md, 7.4).
#include <cmath>
#include <numeric>

#include "agents/keys.hpp"
#include "agents/run.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// Who moves in looks like who moves out: the Place's residents weighted by the out-migration
// rate of their age band (with no out-migration at all, the Place's own mix).
std::vector<double> migrant_profile(const Run& run, std::size_t place) {
  const auto& residents = run.plan.place_residents[place];
  std::vector<double> w(kSexes * kCensusAgeBands);
  for (int c = 0; c < kSexes * kCensusAgeBands; ++c) {
    w[static_cast<std::size_t>(c)] = static_cast<double>(residents[static_cast<std::size_t>(c)]) *
                                     run.config.demography.out_migration_rate[static_cast<std::size_t>(c % kCensusAgeBands)];
  }
  if (std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
    for (std::size_t c = 0; c < w.size(); ++c) w[c] = static_cast<double>(residents[c]);
  }
  return sim::cumulative_sums(w);
}

// Arrivals by practice this month: Places draw their arrivals' practices in parallel, each
// writing only its own practices.
std::vector<std::int32_t> arrivals_by_practice(Run& run, const Day& day) {
  const WorldConfig& world = run.config.world;
  const InMigrationPlan& plan = run.migration;
  const double years_elapsed = static_cast<double>(day.sim_day + 1) / kDaysPerYear;
  std::vector<std::int64_t> place_now(world.places.size(), 0);
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    place_now[static_cast<std::size_t>(world.pcns[p].place)] += run.partitions[p].residents_now();
  }
  std::vector<std::int32_t> per_practice(world.practices.size(), 0);
  run.executor.for_each(world.places.size(), [&](std::size_t place) {
    if (plan.practice_weight_cum[place].empty() || plan.practice_weight_cum[place].back() <= 0.0) return;
    const double target = static_cast<double>(plan.place_start[place]) * std::pow(1.0 + world.places[place].growth_per_year, years_elapsed);
    const auto arrivals = std::max<std::int64_t>(0, std::llround(target) - place_now[place]);
    // The occasion packs the month and the arrival's number (below 2^20 a month per Place).
    for (std::int64_t k = 0; k < arrivals; ++k) {
      const double u = run.rng.uniform(streams::kInMigrantPractice, place, static_cast<std::uint32_t>(day.month) << 20 | static_cast<std::uint32_t>(k));
      ++per_practice[static_cast<std::size_t>(plan.place_practices[place][sim::categorical(plan.practice_weight_cum[place], u)])];
    }
  });
  return per_practice;
}

// One PCN's arrivals: age, sex and deprivation drawn, each added and their life scheduled.
void admit(Run& run, const Day& day, std::size_t p) {
  Partition& part = run.partitions[p];
  const auto place = static_cast<std::size_t>(run.config.world.pcns[p].place);
  for (const auto& [practice, count] : part.arrivals) {
    const auto& imd = run.plan.imd_cumulative[static_cast<std::size_t>(practice)];
    for (std::int32_t k = 0; k < count; ++k) {
      const std::uint64_t key = keys::resident(p, static_cast<std::uint32_t>(part.residents.size()));
      const sim::RandomBlock b = run.rng.block(streams::kInMigrantAgeSex, key, 0);
      const auto c = static_cast<int>(sim::categorical(run.migration.migrant_profile_cum[place], sim::open_unit_interval(b[0], b[1])));
      const int sex = c / kCensusAgeBands;
      const double u_year = sim::open_unit_interval(b[2], b[3]);
      const double u_day = run.rng.uniform(streams::kInitialAge, key, 0);
      const int quintile = static_cast<int>(sim::categorical(imd, run.rng.uniform(streams::kInitialDeprivation, key, 0)));
      run.add_resident(p, day.sim_day, day.sim_day + 1,
                       draw_birth_day(run.config.demography, sex, c % kCensusAgeBands, day.today, u_year, u_day), practice, sex,
                       quintile, counted_slot("migration_in"));
    }
  }
}

}  // namespace

void prepare_in_migration(Run& run) {
  const WorldConfig& world = run.config.world;
  InMigrationPlan& plan = run.migration;
  const std::size_t n_places = world.places.size();
  plan.place_start.assign(n_places, 0);
  plan.place_practices.assign(n_places, {});
  plan.practice_weight_cum.assign(n_places, {});
  plan.migrant_profile_cum.assign(n_places, {});
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    const auto place = static_cast<std::size_t>(world.pcns[p].place);
    plan.place_start[place] += run.partitions[p].residents_now();
    for (int practice : world.pcns[p].practices) {
      plan.place_practices[place].push_back(practice);
      const auto& counts = run.plan.residents[static_cast<std::size_t>(practice)];
      plan.practice_weight_cum[place].push_back(static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})));
    }
  }
  for (std::size_t place = 0; place < n_places; ++place) {
    plan.practice_weight_cum[place] = sim::cumulative_sums(plan.practice_weight_cum[place]);
    plan.migrant_profile_cum[place] = migrant_profile(run, place);
  }
  plan.pcn_of_practice.assign(world.practices.size(), 0);
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    for (int practice : world.pcns[p].practices) plan.pcn_of_practice[static_cast<std::size_t>(practice)] = static_cast<int>(p);
  }
}

void in_migration(Run& run, const Day& day, std::size_t) {
  for (Partition& part : run.partitions) part.arrivals.clear();
  const std::vector<std::int32_t> per_practice = arrivals_by_practice(run, day);
  for (std::size_t practice = 0; practice < per_practice.size(); ++practice) {
    if (per_practice[practice] > 0) {
      run.partitions[static_cast<std::size_t>(run.migration.pcn_of_practice[practice])].arrivals.emplace_back(static_cast<int>(practice),
                                                                                                              per_practice[practice]);
    }
  }
  run.executor.for_each(run.partitions.size(), [&](std::size_t p) { admit(run, day, p); });
  settle_arrivals(run, day);
}

}  // namespace icsim::agents
