// Phase `programmes` and `programme_counts`, and the programmes' effects on residents: the
// units follow the organisation tree (the System, each Place, each PCN).
#include "agents/phases/programmes.hpp"

#include <bit>
#include <numeric>

#include "agents/keys.hpp"
#include "agents/streams.hpp"

namespace icsim::agents {
namespace {

int quintile_of(const Run& run, std::uint64_t key) {
  return run.partitions[keys::partition_of(key)].residents.imd_quintile(keys::index_of(key));
}

// A resident's score bins at the levels of the ranking programmes among `programmes` (those
// they are eligible for); the other levels' bins are left 0, never read.
std::array<int, kCommissioningLevels> score_bins(const Run& run, std::uint64_t key, std::uint32_t programmes, int age,
                                                 const HealthState& state) {
  std::array<int, kCommissioningLevels> bins{};
  const ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const std::uint32_t levels = portfolio.ranked_levels(programmes);
  if (levels == 0) return bins;
  const double rate = run.health->urgent_rate(age, quintile_of(run, key), state);
  for (std::uint32_t m = levels; m != 0; m &= m - 1) {
    const int l = std::countr_zero(m);
    bins[static_cast<std::size_t>(l)] = portfolio.score_bin(static_cast<CommissioningLevel>(l), rate, key);
  }
  return bins;
}

// Eligible residents by programme and PCN, residents by PCN, band and quintile, and each PCN's
// caseload lists (eligible residents by score bin), on `day`.
void count_for_programmes(Run& run, sim::DayNumber day) {
  auto& partitions = run.partitions;
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  std::vector<std::vector<double>> eligible_by_pcn(kProgrammes, std::vector<double>(partitions.size(), 0.0));
  std::vector<std::vector<double>> residents(partitions.size(), std::vector<double>(kReportBands * kImdQuintiles, 0.0));
  std::vector<std::array<CaseloadList, kProgrammes>> lists(portfolio.ranks_any() ? partitions.size() : 0);
  run.executor.for_each(partitions.size(), [&](std::size_t p) {
    const Residents& r = partitions[p].residents;
    // Residents by the set of programmes they are eligible for, then by programme.
    std::array<std::int32_t, 1u << kProgrammes> by_set{};
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      if (r.status(i) != ResidentStatus::kPresent) continue;
      const int age = age_in_years(r.birth_day(i), day);
      const HealthState state = Run::state_of(r, i);
      const std::uint32_t set = portfolio.eligible_for(age, state);
      ++by_set[set];
      const std::uint32_t ranked = set & portfolio.ranks_mask();
      if (ranked == 0) continue;
      const auto bins = score_bins(run, keys::resident(p, i), ranked, age, state);
      for (std::uint32_t m = ranked; m != 0; m &= m - 1) {
        const int k = std::countr_zero(m);
        lists[p][static_cast<std::size_t>(k)].add(bins[static_cast<std::size_t>(portfolio.programme(k).level)]);
      }
    }
    std::array<double, kProgrammes> n{};
    for (std::uint32_t set = 1; set < by_set.size(); ++set) {
      for (std::uint32_t m = set; m != 0; m &= m - 1) n[static_cast<std::size_t>(std::countr_zero(m))] += by_set[set];
    }
    for (int k = 0; k < kProgrammes; ++k) eligible_by_pcn[static_cast<std::size_t>(k)][p] = n[static_cast<std::size_t>(k)];
    for (int c = 0; c < kCells; ++c) {
      const int band = c / (kSexes * kImdQuintiles), q = c % kImdQuintiles;
      residents[p][static_cast<std::size_t>(band * kImdQuintiles + q)] += partitions[p].current[static_cast<std::size_t>(c * kStocks)];
    }
  });
  portfolio.set_counts(eligible_by_pcn, residents);
  if (portfolio.ranks_any()) portfolio.set_lists(lists);
}

// Targeting: each level's score error sized to its c-statistic over adults of the starting
// population, one in `kSampleEvery` by index so the sample is the same for every thread count.
void fit_score_errors(Run& run) {
  constexpr std::uint32_t kSampleEvery = 40;
  std::vector<double> rates;
  std::vector<std::uint64_t> keys;
  const sim::DayNumber day = run.calendar.start_day();
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    const Residents& r = run.partitions[p].residents;
    for (std::uint32_t i = 0; i < r.size(); i += kSampleEvery) {
      const int age = age_in_years(r.birth_day(i), day);
      if (r.status(i) != ResidentStatus::kPresent || age < 18) continue;
      rates.push_back(run.health->urgent_rate(age, r.imd_quintile(i), Run::state_of(r, i)));
      keys.push_back(keys::resident(p, i));
    }
  }
  run.programmes.portfolio->fit_score_errors(rates, keys);
}

ProgrammeLayout programme_layout(const Run& run) {
  const WorldConfig& world = run.config.world;
  ProgrammeLayout layout;
  layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kSystem)] = {world.system.id};
  for (const auto& place : world.places) layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kPlace)].push_back(place.id);
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kPcn)].push_back(world.pcns[p].id);
    layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kSystem)].push_back(0);
    layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kPlace)].push_back(world.pcns[p].place);
    layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kPcn)].push_back(static_cast<int>(p));
    layout.practices_of_pcn.push_back(std::max(1, static_cast<int>(world.pcns[p].practices.size())));
  }
  const auto& months = run.calendar.months();
  for (std::size_t m = 0; m < months.size(); ++m) {
    layout.month_first_day.push_back(static_cast<int>(months[m].first_day - run.calendar.start_day()));
    layout.year_of_month.push_back(run.calendar.year_of_month(static_cast<int>(m)));
  }
  layout.scale = run.config.population.scale;
  return layout;
}

}  // namespace

void prepare_programmes(Run& run) {
  ProgrammeState& state = run.programmes;
  state.portfolio.emplace(run.config.programmes, programme_layout(run), run.rng);
  state.on = state.portfolio->any_funded();
  if (state.on && state.portfolio->ranks_any()) fit_score_errors(run);
  for (int k = 0; k < kProgrammes; ++k) {
    if (!state.portfolio->funded(k)) continue;
    for (int effect = 0; effect < kProgrammeEffects; ++effect) {
      if (state.portfolio->realised(k, static_cast<ProgrammeEffect>(effect)) == 1.0) continue;
      state.by_effect[static_cast<std::size_t>(effect)].push_back(k);
      state.effect_mask[static_cast<std::size_t>(effect)] |= 1u << k;
    }
  }
  if (state.on) count_for_programmes(run, run.calendar.start_day());
}

void programmes_day(Run& run, const Day& day, std::size_t) { run.programmes.portfolio->begin_day(day.sim_day); }

// What each PCN's month shows on the dashboards: its counts of the observables, summed over its
// reporting cells, and its residents at the month's end.
void observe_month(Run& run, int month) {
  constexpr std::array<int, kObservables> kSlots = {counted_slot("emergency_admissions"), counted_slot("ae_attendances"),
                                                    hospital_slot(FlowCount::kBedDays), hospital_slot(FlowCount::kDelayedDays),
                                                    hospital_slot(FlowCount::kResidentialAdmissions)};
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    Partition& part = run.partitions[p];
    std::array<double, kObservables> counts{};
    for (int j = 0; j < kObservables; ++j) {
      const std::int32_t* row = part.flow_row(month, kSlots[static_cast<std::size_t>(j)]);
      counts[static_cast<std::size_t>(j)] = static_cast<double>(std::accumulate(row, row + kCells, std::int64_t{0}));
    }
    run.programmes.portfolio->observe(static_cast<int>(p), month, counts, static_cast<double>(part.residents_now()));
  }
}

void programme_counts(Run& run, const Day& day, std::size_t) {
  observe_month(run, day.month);
  if (run.programmes.portfolio->count_due(day.month + 1)) count_for_programmes(run, day.today + 1);
}

// Each covering programme independently, with chance 1 - its rate ratio, so the need survives
// all of them with the product of the ratios. Every programme whose draw succeeds is credited
// on its dashboard, whatever its place in the library.
bool met_by_programme(Run& run, std::size_t p, std::uint64_t key, int age, const HealthState& state, ProgrammeEffect effect,
                      const Day& day) {
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const std::uint32_t eligible = portfolio.eligible_for(age, state) & run.programmes.effect_mask[static_cast<std::size_t>(effect)];
  if (eligible == 0) return false;
  const auto bins = score_bins(run, key, eligible, age, state);
  bool met = false;
  for (int k : run.programmes.by_effect[static_cast<std::size_t>(effect)]) {
    if (((eligible >> k) & 1u) == 0 || !portfolio.covers(k, static_cast<int>(p), key, bins)) continue;
    // One block per resident, day and four programmes; care-home needs draw from other blocks.
    const std::uint32_t occasion = (static_cast<std::uint32_t>(day.sim_day) * 2u + static_cast<std::uint32_t>(k / 4)) |
                                   (effect == kCareHomeEntryEffect ? 0x80000000u : 0u);
    if (sim::unit_word(run.rng.block(streams::kProgrammeEffect, key, occasion)[static_cast<std::size_t>(k % 4)]) <
        1.0 - portfolio.realised(k, effect)) {
      portfolio.count(static_cast<int>(p), day.month, k,
                      effect == kMinorEpisodesEffect ? kMinorMet : effect == kUrgentEpisodesEffect ? kUrgentMet : kCareHomeNeedPrevented);
      met = true;
    }
  }
  return met;
}

// The covering programme delivered closest to the resident's own practice keeps the most
// continuity; the need is met by the usual clinicians when the resident's draw lies below
// 1 - its rate ratio. The draw comes first: most needs fail it whoever covers them.
bool kept_well_by_continuity(Run& run, std::size_t p, std::uint64_t key, int age, const HealthState& state, const Day& day) {
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const std::uint32_t candidates = portfolio.eligible_for(age, state) & portfolio.continuity_mask();
  if (candidates == 0) return false;
  const double u = run.rng.uniform(streams::kContinuity, key, static_cast<std::uint32_t>(day.sim_day));
  if (u >= 1.0 - portfolio.best_continuity_rr()) return false;
  const auto bins = score_bins(run, key, candidates, age, state);
  int closest = -1;
  double rr = 1.0;
  for (std::uint32_t m = candidates; m != 0; m &= m - 1) {
    const int k = std::countr_zero(m);
    const double r = portfolio.continuity_rr(portfolio.programme(k).level);
    if (r < rr && portfolio.covers(k, static_cast<int>(p), key, bins)) {
      rr = r;
      closest = k;
    }
  }
  if (closest < 0 || u >= 1.0 - rr) return false;
  portfolio.count(static_cast<int>(p), day.month, closest, kUrgentMet);
  return true;
}

void support_inpatient(Run& run, FlowPerson& person, std::uint16_t conditions, int month) {
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const HealthState state{conditions, person.frailty, person.setting, false};
  std::array<bool, kProgrammes> counted{};
  const std::uint32_t eligible = portfolio.eligible_for(person.age, state);
  const auto bins = score_bins(run, person.resident, eligible, person.age, state);
  auto apply = [&](ProgrammeEffect effect, double& rr) {
    for (int k : run.programmes.by_effect[static_cast<std::size_t>(effect)]) {
      if (((eligible >> k) & 1u) == 0 || !portfolio.covers(k, person.pcn, person.resident, bins)) continue;
      rr *= portfolio.realised(k, effect);
      if (!counted[static_cast<std::size_t>(k)]) portfolio.count(person.pcn, month, k, kInpatientSupported);
      counted[static_cast<std::size_t>(k)] = true;
    }
  };
  apply(kLengthOfStayEffect, person.stay_rr);
  apply(kAssessmentDaysEffect, person.assessment_rr);
  apply(kCareHomeDischargeEffect, person.care_home_discharge_rr);
}

}  // namespace icsim::agents
