// Phase `life_events`: each PCN's events of the day, in (kind, detail, resident) order, one
// handler per kind of event.
#include "agents/keys.hpp"
#include "agents/phases/programmes.hpp"
#include "agents/streams.hpp"

namespace icsim::agents {
namespace {

// What every handler works on: one PCN on one day.
struct EventScope {
  Run& run;
  const Day& day;
  std::size_t p;
  Partition& part;
};

// The band boundary was crossed today: the count moves from the band below.
void on_age_band(EventScope& s, std::uint32_t i, int c) {
  Run::count(s.part, i, c - kSexes * kImdQuintiles, -1);
  Run::count(s.part, i, c, +1);
}

// A newborn joins the mother's practice and quintile; her next birth is drawn from tomorrow.
void on_birth(EventScope& s, std::uint32_t mother) {
  const Residents& r = s.part.residents;
  const std::uint64_t child_key = keys::resident(s.p, static_cast<std::uint32_t>(r.size()));
  const int sex = s.run.rng.uniform(streams::kNewbornSex, child_key, 0) < s.run.config.demography.male_birth_share ? 1 : 0;
  s.run.add_resident(s.p, s.day.sim_day, s.day.sim_day, s.day.today, r.practice(mother), sex, r.imd_quintile(mother),
                     counted_slot("births"));
  s.run.schedule_next_birth(s.p, mother, s.day.sim_day + 1, s.run.horizon_end());
}

// An episode of need: met by a programme, or on to the care pathway today.
void on_episode(EventScope& s, const sim::Event& e, int c) {
  Residents& r = s.part.residents;
  if (e.detail != r.health_version(e.entity)) return;  // drawn under an earlier health state
  const int tomorrow = s.day.sim_day + 1;
  if (r.in_hospital(e.entity)) {
    // Needs that arise in hospital are met there: no episode, but the next is drawn.
    s.run.schedule_episode(s.p, e.entity, tomorrow, static_cast<std::uint32_t>(tomorrow));
    return;
  }
  const std::uint64_t key = keys::resident(s.p, e.entity);
  const int age = age_in_years(r.birth_day(e.entity), s.day.today);
  const HealthState state = Run::state_of(r, e.entity);
  const HealthModel::EpisodeRisk risk = s.run.health->episode_risk(r.imd_quintile(e.entity), state);
  const EpisodeDraw d = s.run.health->draw_episode(s.run.rng, key, static_cast<std::uint32_t>(s.day.sim_day), age, risk, s.day.today, s.day.weekend);
  ++s.part.flow_row(s.day.month, counted_slot("episodes"))[c];
  s.run.schedule_episode(s.p, e.entity, tomorrow, static_cast<std::uint32_t>(tomorrow), risk);
  const ProgrammeEffect effect = d.urgency == Urgency::kMinor ? kMinorEpisodesEffect : kUrgentEpisodesEffect;
  if (s.run.programmes.on && (met_by_programme(s.run, s.p, key, age, state, effect, s.day) ||
                              (d.acsc && d.urgency != Urgency::kMinor && kept_well_by_continuity(s.run, s.p, key, age, state, s.day)))) {
    ++s.part.flow_row(s.day.month, counted_slot("programme_episodes_met"))[c];
    return;
  }
  s.part.episodes.push_back({e.entity, c, s.run.pathway.entry(), 0, false,
                             EpisodeView{d.urgency, d.type, state.frailty, state.setting, state.conditions, age, d.in_hours},
                             d.acsc});
}

// A condition starts, frailty steps up, or a need for care arises at home; then the next
// transition and episode are drawn from the new state.
void on_health_change(EventScope& s, const sim::Event& e, int c) {
  Residents& r = s.part.residents;
  if (version_of(e.detail) != r.health_version(e.entity)) return;  // drawn under an earlier state
  const int transition = transition_of(e.detail);
  std::int32_t* row = &s.part.current[static_cast<std::size_t>(c * kStocks)];
  if (transition < kConditions) {
    r.set_conditions(e.entity, static_cast<std::uint16_t>(r.conditions(e.entity) | (1u << transition)));
    ++row[kStockConditions + transition];
  } else if (transition == kNeedsCareHomeTransition && s.run.programmes.on &&
             met_by_programme(s.run, s.p, keys::resident(s.p, e.entity), age_in_years(r.birth_day(e.entity), s.day.today),
                              Run::state_of(r, e.entity), kCareHomeEntryEffect, s.day)) {
    // Prevented for now: the resident stays at home and their transitions are redrawn
    // (memoryless hazards make this thinning exact).
    ++s.part.flow_row(s.day.month, counted_slot("care_home_needs_prevented"))[c];
  } else if (transition == kNeedsHomeCareTransition || transition == kNeedsCareHomeTransition) {
    // Referred from the community: they wait at home for a place (the hospital flow).
    r.set_care_pending(e.entity, true);
    const DownstreamService service =
        transition == kNeedsHomeCareTransition ? DownstreamService::kHomeCareService : DownstreamService::kCareHomePlaces;
    s.part.referrals.emplace_back(service, s.run.flow_person(s.p, e.entity, c, s.day.today, std::nullopt));
  } else {
    const int f = r.frailty(e.entity);
    r.set_frailty_setting(e.entity, f + 1, r.setting(e.entity));
    --row[kStockFrailty + f];
    ++row[kStockFrailty + f + 1];
  }
  r.bump_health_version(e.entity);
  const int tomorrow = s.day.sim_day + 1;
  s.run.schedule_health(s.p, e.entity, tomorrow, static_cast<std::uint32_t>(tomorrow));
  s.run.schedule_episode(s.p, e.entity, tomorrow, static_cast<std::uint32_t>(tomorrow));
}

// A death or a move away: the resident leaves the counts, and their places and stay end.
void on_exit(EventScope& s, std::uint32_t i, int c, bool death) {
  Residents& r = s.part.residents;
  if (r.in_hospital(i)) s.part.hospital_exits.push_back(i);
  // A care package or a care-home place ends with the resident's time here.
  if (r.setting(i) == LivingSetting::kHomeWithCare) s.part.releases.emplace_back(DownstreamService::kHomeCareService, i);
  if (r.setting(i) == LivingSetting::kCareHome) s.part.releases.emplace_back(DownstreamService::kCareHomePlaces, i);
  Run::count(s.part, i, c, -1);
  ++s.part.flow_row(s.day.month, death ? counted_slot("deaths") : counted_slot("migration_out"))[c];
  r.set_status(i, death ? ResidentStatus::kDied : ResidentStatus::kMovedAway);
}

// The days before a death: with the chance for the resident's living setting, an emergency
// admission through A&E to die in hospital, unless end-of-life care from a programme covering
// them lets them die where they live. Someone already in hospital stays there.
void on_end_of_life(EventScope& s, const sim::Event& e, int c) {
  Residents& r = s.part.residents;
  if (version_of(e.detail) != r.health_version(e.entity) || r.in_hospital(e.entity)) return;  // drawn under an earlier state
  // An episode of today's takes its own course, to hospital or not: one admission a day at most.
  for (const ActiveEpisode& today : s.part.episodes) {
    if (today.resident == e.entity) return;
  }
  const std::uint64_t key = keys::resident(s.p, e.entity);
  const double u = s.run.rng.uniform(streams::kEndOfLife, key, static_cast<std::uint32_t>(s.day.sim_day) | 0x40000000u);
  if (u >= s.run.config.health.end_of_life.admission_share[index(r.setting(e.entity))]) return;
  if (s.run.programmes.on && met_by_programme(s.run, s.p, key, age_in_years(r.birth_day(e.entity), s.day.today),
                                              Run::state_of(r, e.entity), kEndOfLifeAdmissionEffect, s.day)) {
    ++s.part.flow_row(s.day.month, counted_slot("end_of_life_admissions_prevented"))[c];
    return;
  }
  ++s.part.flow_row(s.day.month, counted_slot("ae_attendances"))[c];
  ++s.part.flow_row(s.day.month, counted_slot("emergency_admissions"))[c];
  ++s.part.flow_row(s.day.month, counted_slot("ae_admissions"))[c];
  ++s.part.flow_row(s.day.month, counted_slot("end_of_life_admissions"))[c];
  FlowPerson person = s.run.flow_person(s.p, e.entity, c, s.day.today, std::nullopt);
  person.end_of_life_nights = s.part.death_on[e.entity] - s.day.sim_day;
  person.via_ae = person.ambulance = true;  // an assumption: most come by ambulance
  s.part.admissions.push_back(person);
}

void handle(EventScope& s, const sim::Event& e) {
  const Residents& r = s.part.residents;
  if (r.status(e.entity) != ResidentStatus::kPresent) return;  // after a death or a move
  const int c = s.run.cell(s.part, e.entity, s.day.today);
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kAgeBand: on_age_band(s, e.entity, c); break;
    case EventKind::kBirth: on_birth(s, e.entity); break;
    case EventKind::kEpisode: on_episode(s, e, c); break;
    case EventKind::kHealthChange: on_health_change(s, e, c); break;
    case EventKind::kDeath:
      if (version_of(e.detail) != r.health_version(e.entity)) break;  // redrawn since
      on_exit(s, e.entity, c, true);
      break;
    case EventKind::kMoveAway: on_exit(s, e.entity, c, false); break;
    case EventKind::kEndOfLife: on_end_of_life(s, e, c); break;
  }
}

}  // namespace

void life_events(Run& run, const Day& day, std::size_t p) {
  Partition& part = run.partitions[p];
  part.episodes.clear();
  EventScope scope{run, day, p, part};
  part.events_processed += static_cast<std::int64_t>(
      part.events.drain(day.sim_day, [&](const sim::Event& e) { handle(scope, e); },
                        [&](std::uint32_t entity) { part.residents.prefetch(entity); }));
}

}  // namespace icsim::agents
