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

// A resident's score card as of the last count; null if they were not counted (or no
// programme ranks).
const ScoreCard* score_card(const Run& run, std::uint64_t key) {
  if (run.programmes.scores.empty()) return nullptr;
  const auto& cards = run.programmes.scores[keys::partition_of(key)];
  const std::uint32_t i = keys::index_of(key);
  return i < cards.size() ? &cards[i] : nullptr;
}

// What a resident's scores depend on: their age band and health state, packed.
std::uint32_t scored_as(int age, const HealthState& state) {
  static_assert(kConditions <= 16 && kReportBands <= 64);
  return static_cast<std::uint32_t>(state.conditions) | static_cast<std::uint32_t>(state.frailty) << 16 |
         static_cast<std::uint32_t>(index(state.setting)) << 18 | static_cast<std::uint32_t>(state.care_pending) << 20 |
         static_cast<std::uint32_t>(report_band_of_age(age)) << 21;
}

// Scores resident i of partition p at each level of the ranking programmes among `ranked`
// (those they are eligible for) and takes them off the lists at the other levels. The scores
// are kept while the resident's band, health and ranked programmes stay the same: the error is
// fixed, so scoring them again would give the same bins.
const ScoreCard& score_resident(Run& run, std::size_t p, std::uint32_t i, std::uint32_t ranked, int age,
                               const HealthState& state) {
  ScoreCard& card = run.programmes.scores[p][i];
  const std::uint32_t scored = scored_as(age, state);
  if (card.scored == scored && card.ranked == ranked) return card;
  card.scored = scored;
  card.ranked = static_cast<std::uint16_t>(ranked);
  card.bin.fill(-1);
  const ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const std::uint32_t levels = portfolio.ranked_levels(ranked);
  if (levels == 0) return card;
  const std::uint64_t key = keys::resident(p, i);
  const double log_rate = std::log(std::max(run.health->urgent_rate(age, quintile_of(run, key), state), 1e-12));
  for (std::uint32_t m = levels; m != 0; m &= m - 1) {
    const auto level = static_cast<CommissioningLevel>(std::countr_zero(m));
    const int bin = portfolio.score_bin(level, log_rate, portfolio.score_error_draw(level, key));
    card.bin[static_cast<std::size_t>(level)] = static_cast<std::int16_t>(bin);
  }
  return card;
}

// Eligible residents by programme and PCN, residents by PCN, band and quintile, and each PCN's
// caseload lists (eligible residents by score bin), on `day`.
void count_for_programmes(Run& run, sim::DayNumber day) {
  auto& partitions = run.partitions;
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  std::vector<std::vector<double>> eligible_by_pcn(kProgrammes, std::vector<double>(partitions.size(), 0.0));
  std::vector<std::vector<double>> residents(partitions.size(), std::vector<double>(kReportBands * kImdQuintiles, 0.0));
  std::vector<std::array<CaseloadList, kProgrammes>> lists(portfolio.ranks_any() ? partitions.size() : 0);
  if (portfolio.ranks_any()) run.programmes.scores.resize(partitions.size());
  run.executor.for_each(partitions.size(), [&](std::size_t p) {
    const Residents& r = partitions[p].residents;
    if (portfolio.ranks_any()) run.programmes.scores[p].resize(r.size());
    // Residents by the set of programmes they are eligible for, then by programme.
    std::array<std::int32_t, 1u << kProgrammes> by_set{};
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      if (r.status(i) != ResidentStatus::kPresent) continue;
      const int age = age_in_years(r.birth_day(i), day);
      const HealthState state = Run::state_of(r, i);
      const std::uint32_t set = portfolio.eligible_for(age, state);
      ++by_set[set];
      const std::uint32_t ranked = set & portfolio.ranks_mask();
      if (!portfolio.ranks_any()) continue;
      const ScoreCard& card = score_resident(run, p, i, ranked, age, state);
      for (std::uint32_t m = ranked; m != 0; m &= m - 1) {
        const int k = std::countr_zero(m);
        lists[p][static_cast<std::size_t>(k)].add(card.bin[static_cast<std::size_t>(portfolio.programme(k).level)]);
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
// on its dashboard, whatever its place in the library. The draw comes before the cover: most
// needs fail it, and the order changes no result.
bool met_by_programme(Run& run, std::size_t p, std::uint64_t key, int age, const HealthState& state, ProgrammeEffect effect,
                      const Day& day) {
  ProgrammePortfolio& portfolio = *run.programmes.portfolio;
  const std::uint32_t eligible = portfolio.eligible_for(age, state) & run.programmes.effect_mask[static_cast<std::size_t>(effect)];
  if (eligible == 0) return false;
  const ScoreCard* card = score_card(run, key);
  bool met = false;
  for (int k : run.programmes.by_effect[static_cast<std::size_t>(effect)]) {
    if (((eligible >> k) & 1u) == 0) continue;
    // One block per resident, day and four programmes; care-home needs draw from other blocks.
    const std::uint32_t occasion = (static_cast<std::uint32_t>(day.sim_day) * 2u + static_cast<std::uint32_t>(k / 4)) |
                                   (effect == kCareHomeEntryEffect ? 0x80000000u : effect == kEndOfLifeAdmissionEffect ? 0x40000000u : 0u);
    if (sim::unit_word(run.rng.block(streams::kProgrammeEffect, key, occasion)[static_cast<std::size_t>(k % 4)]) >=
            1.0 - portfolio.realised(k, effect) ||
        !portfolio.covers(k, static_cast<int>(p), key, card)) {
      continue;
    }
    portfolio.count(static_cast<int>(p), day.month, k,
                    effect == kMinorEpisodesEffect    ? kMinorMet
                    : effect == kUrgentEpisodesEffect ? kUrgentMet
                    : effect == kCareHomeEntryEffect  ? kCareHomeNeedPrevented
                                                      : kEndOfLifeAdmissionPrevented);
    met = true;
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
  const ScoreCard* card = score_card(run, key);
  int closest = -1;
  double rr = 1.0;
  for (std::uint32_t m = candidates; m != 0; m &= m - 1) {
    const int k = std::countr_zero(m);
    const double r = portfolio.continuity_rr(portfolio.programme(k).level);
    if (r < rr && portfolio.covers(k, static_cast<int>(p), key, card)) {
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
  const ScoreCard* card = score_card(run, person.resident);
  auto apply = [&](ProgrammeEffect effect, double& rr) {
    for (int k : run.programmes.by_effect[static_cast<std::size_t>(effect)]) {
      if (((eligible >> k) & 1u) == 0 || !portfolio.covers(k, person.pcn, person.resident, card)) continue;
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
