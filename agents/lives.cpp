// The resident lifecycle: where a resident is counted, and the events of their life drawn
// ahead (a move away, age bands, births, the next health transition and episode).
#include <algorithm>
#include <bit>

#include "agents/keys.hpp"
#include "agents/run.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {

Run::Run(Model model_in, RunOptions options_in)
    : model(std::move(model_in)),
      config(*model),
      options(std::move(options_in)),
      calendar(config.run.start_date, config.run.years),
      rng(options.seed.value_or(config.run.seed)),
      executor(options.threads),
      demography(config.demography),
      pathway(config.pathway),
      partitions(config.world.pcns.size()) {}

std::int64_t Partition::residents_now() const {
  std::int64_t n = 0;
  for (int c = 0; c < kCells; ++c) n += current[static_cast<std::size_t>(c * kStocks)];
  return n;
}

// Draws when the resident moves away (from `sim_day` on), which age bands they enter before
// then, their first health transition and episode, and (for women) their next birth; pushes
// the events that fall in the horizon. Events after a death are dropped when they come due.
void Run::schedule_life(std::size_t p, std::uint32_t i, int sim_day, sim::DayNumber counted_on) {
  const Residents& r = partitions[p].residents;
  sim::EventCalendar& sink = partitions[p].events;
  const std::uint64_t key = keys::resident(p, i);
  const sim::DayNumber today = calendar.absolute(sim_day);
  const sim::DayNumber birth = r.birth_day(i);
  const int sex = r.sex(i);
  const auto move = demography.first_day(Hazard::kMoveAway, sex, birth, today, horizon_end(),
                                         sim::standard_exponential(rng.uniform(streams::kOutMigration, key, 0)));
  sim::DayNumber exit = horizon_end();
  if (move) {
    exit = *move;
    sink.push({exit - calendar.start_day(), static_cast<std::uint8_t>(EventKind::kMoveAway), i});
  }
  for (int band = report_band_of_age(age_in_years(birth, counted_on)) + 1; band < kReportBands; ++band) {
    const sim::DayNumber day = anniversary(birth, kReportBandLowerAge[static_cast<std::size_t>(band)]);
    if (day > exit) break;  // a band birthday on the exit day runs first (kind order)
    sink.push({day - calendar.start_day(), static_cast<std::uint8_t>(EventKind::kAgeBand), i});
  }
  schedule_health(p, i, sim_day, static_cast<std::uint32_t>(sim_day));
  schedule_episode(p, i, sim_day, static_cast<std::uint32_t>(sim_day));
  // Births run before deaths and moves within a day, so a birth on the exit day itself counts.
  if (sex == 0) schedule_next_birth(p, i, sim_day, exit + 1);
}

// The resident's next health transition (onset, frailty step or death) from `sim_day` on,
// drawn from its current state; `occasion` is unique per redraw (the day it is drawn for).
void Run::schedule_health(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion) {
  Partition& part = partitions[p];
  const Residents& r = part.residents;
  const auto next = health->next_transition(rng, keys::resident(p, i), occasion, r.birth_day(i), r.sex(i), r.imd_quintile(i),
                                            r.practice(i), state_of(r, i), calendar.absolute(sim_day), horizon_end());
  if (!next) return;
  const EventKind kind = next->transition == kDeathTransition ? EventKind::kDeath : EventKind::kHealthChange;
  const int day = next->day - calendar.start_day();
  const std::uint16_t detail = health_detail(next->transition, r.health_version(i));
  part.events.push({day, static_cast<std::uint8_t>(kind), i, detail});
  const EndOfLifeConfig& eol = config.health.end_of_life;
  if (kind == EventKind::kDeath && eol.on) {
    // The end-of-life admission, if it comes, comes an exponential lead (at least a day) before
    // the death, and not before today; whether it comes is decided on its day.
    const double lead = eol.lead_days * sim::standard_exponential(rng.uniform(streams::kEndOfLife, keys::resident(p, i), occasion));
    const int admission = std::max(sim_day, day - std::max(1, static_cast<int>(std::lround(lead))));
    part.death_on[i] = static_cast<std::uint16_t>(day);
    if (admission < day) part.events.push({admission, static_cast<std::uint8_t>(EventKind::kEndOfLife), i, detail});
  }
}

// The resident's next episode of need from `sim_day` on, stamped with the health version it
// was drawn under.
void Run::schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion) {
  const Residents& r = partitions[p].residents;
  schedule_episode(p, i, sim_day, occasion, health->episode_risk(r.imd_quintile(i), state_of(r, i)));
}
void Run::schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion,
                           const HealthModel::EpisodeRisk& risk) {
  Partition& part = partitions[p];
  const Residents& r = part.residents;
  const auto day = health->next_episode(rng, keys::resident(p, i), occasion, r.birth_day(i), risk, calendar.absolute(sim_day),
                                        horizon_end());
  if (!day) return;
  part.events.push({*day - calendar.start_day(), static_cast<std::uint8_t>(EventKind::kEpisode), i,
                    static_cast<std::uint16_t>(r.health_version(i))});
}

// Draws the next birth in [from_sim_day, min(until_day, 50th birthday)).
void Run::schedule_next_birth(std::size_t p, std::uint32_t i, int from_sim_day, sim::DayNumber until_day) {
  const Residents& r = partitions[p].residents;
  const sim::DayNumber birth = r.birth_day(i);
  const sim::DayNumber from = std::max(calendar.absolute(from_sim_day), anniversary(birth, 15));
  const sim::DayNumber until = std::min(until_day, anniversary(birth, 50));
  if (from >= until) return;
  const double target =
      sim::standard_exponential(rng.uniform(streams::kFertility, keys::resident(p, i), static_cast<std::uint32_t>(from_sim_day)));
  if (const auto day = demography.first_day(Hazard::kBirth, 0, birth, from, until, target)) {
    partitions[p].events.push({*day - calendar.start_day(), static_cast<std::uint8_t>(EventKind::kBirth), i});
  }
}

// The resident's state changed outside the events (in the hospital flow): health and episodes
// are drawn afresh from tomorrow (occasions with the top bit set keep these draws apart from
// those of events).
void Run::redraw(std::size_t p, std::uint32_t i, int sim_day) {
  partitions[p].residents.bump_health_version(i);
  const auto occasion = static_cast<std::uint32_t>(sim_day + 1) | 0x80000000u;
  schedule_health(p, i, sim_day + 1, occasion);
  schedule_episode(p, i, sim_day + 1, occasion);
}

// In-migrants arrive after the day's events, so their lives are scheduled from tomorrow; they
// bring a health state, and a care package or care-home place they take.
std::uint32_t Run::add_resident(std::size_t p, int sim_day, int schedule_from, sim::DayNumber birth_day, int practice, int sex,
                                int quintile, int slot) {
  Partition& part = partitions[p];
  const std::uint32_t i = part.residents.add(birth_day, static_cast<std::uint16_t>(practice), sex, quintile);
  part.discharged_on.push_back(0);
  part.death_on.push_back(0);
  const sim::DayNumber today = calendar.absolute(sim_day);
  if (slot == counted_slot("migration_in")) {
    const HealthState state = health->draw_initial(rng, keys::resident(p, i), practice, sex, quintile, age_in_years(birth_day, today));
    part.residents.set_conditions(i, state.conditions);
    part.residents.set_frailty_setting(i, state.frailty, state.setting);
    // Someone arriving with a care package or into a care home takes a place.
    if (state.setting == LivingSetting::kHomeWithCare) part.arrivals_in_care.emplace_back(DownstreamService::kHomeCareService, i);
    if (state.setting == LivingSetting::kCareHome) part.arrivals_in_care.emplace_back(DownstreamService::kCareHomePlaces, i);
  }
  const int c = cell(part, i, today);
  count(part, i, c, +1);
  ++part.flow_row(calendar.month_of_day(sim_day), slot)[c];
  schedule_life(p, i, schedule_from, today);
  return i;
}

FlowPerson Run::flow_person(std::size_t p, std::uint32_t i, int c, sim::DayNumber today, std::optional<EpisodeType> episode_type) const {
  const Residents& r = partitions[p].residents;
  return {keys::resident(p, i), static_cast<int>(p), c, age_in_years(r.birth_day(i), today), r.frailty(i), r.setting(i), episode_type};
}

std::vector<std::vector<std::int64_t>> Run::residents_by_pcn_cell() const {
  std::vector<std::vector<std::int64_t>> out(partitions.size(), std::vector<std::int64_t>(kCells, 0));
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    for (int c = 0; c < kCells; ++c) out[p][static_cast<std::size_t>(c)] = partitions[p].current[static_cast<std::size_t>(c * kStocks + kStockResidents)];
  }
  return out;
}

std::vector<std::vector<std::int64_t>> Run::frail_at_home() const {
  std::vector<std::vector<std::int64_t>> out(partitions.size(), std::vector<std::int64_t>(kCells, 0));
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    for (int c = 0; c < kCells; ++c) {
      if (kReportBandLowerAge[static_cast<std::size_t>(c / (kSexes * kImdQuintiles))] < 65) continue;
      const std::int32_t* row = &partitions[p].current[static_cast<std::size_t>(c * kStocks)];
      out[p][static_cast<std::size_t>(c)] = row[kStockFrailty + 2] + row[kStockFrailty + 3];
    }
  }
  return out;
}

}  // namespace icsim::agents
