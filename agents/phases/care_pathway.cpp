// Phase `care_pathway`: today's episodes, PCN by PCN, follow the care pathway to their
// outcomes; each practice shares out its same-day slots among the episodes asking for them.
#include <cmath>
#include <stdexcept>

#include "agents/keys.hpp"
#include "agents/phases/programmes.hpp"
#include "agents/streams.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {
namespace {

// One PCN's episodes on one day.
struct Router {
  Run& run;
  const Day& day;
  Partition& part;

  std::int32_t* row(int slot) { return part.flow_row(day.month, slot); }

  // The episode has reached e.node: services with capacity wait; others see it and route on.
  void arrive(ActiveEpisode& e) {
    if (run.pathway.has_capacity(e.node)) {
      part.waiting.push_back(e);
      return;
    }
    visit(e);
    move_on(e, false);
  }

  void move_on(ActiveEpisode& e, bool full) {
    const double u = run.rng.uniform(streams::kPathwayStep, keys::resident(part.index, e.resident),
                                     static_cast<std::uint32_t>(day.sim_day) * 256u + static_cast<std::uint32_t>(e.steps));
    ++e.steps;
    if (e.steps > 255) throw std::logic_error("icsim: an episode took more than 255 routing steps (a pathway cycle; a bug)");
    const int next = run.pathway.next(e.node, full, e.view, u);
    if (run.pathway.kind(e.node) == ServiceKind::kAe) leave_ae(e, next);
    if (next < 0) {
      end_episode(e);
      return;
    }
    const ServiceKind from = run.pathway.kind(e.node);
    const ServiceKind to = run.pathway.kind(next);
    if (from == ServiceKind::kAmbulance &&
        (to == ServiceKind::kAe || to == ServiceKind::kSameDayEmergencyCare || to == ServiceKind::kEmergencyAdmission)) {
      ++row(counted_slot("ambulance_conveyances"))[e.cell];
      e.by_ambulance = to == ServiceKind::kAe;
    }
    e.node = next;
    arrive(e);
  }

  FlowPerson person(const ActiveEpisode& e) const {
    FlowPerson p{keys::resident(part.index, e.resident), static_cast<int>(part.index), e.cell, e.view.age, e.view.frailty,
                 e.view.setting, e.view.episode_type};
    p.ambulance = e.by_ambulance;
    p.acuity = e.view.urgency;
    return p;
  }

  // The episode leaves A&E for `next` (-1: it ends there): admitted from A&E, or an attendance
  // that the hospital flow times through the department.
  void leave_ae(ActiveEpisode& e, int next) {
    if (next >= 0 && run.pathway.kind(next) == ServiceKind::kEmergencyAdmission) {
      e.admitted_from_ae = true;
      ++row(counted_slot("ae_admissions"))[e.cell];
      return;
    }
    FlowPerson visit = person(e);
    visit.via_ae = true;
    part.ae_visits.push_back(visit);
    e.by_ambulance = false;
  }

  // Counts a contact with the service the episode is at.
  void visit(const ActiveEpisode& e) {
    const int c = e.cell;
    switch (run.pathway.kind(e.node)) {
      case ServiceKind::kGpSameDay: ++row(counted_slot("gp_same_day_contacts"))[c]; break;
      case ServiceKind::kNhs111: ++row(counted_slot("nhs111_contacts"))[c]; break;
      case ServiceKind::kUrgentTreatmentCentre:
        ++row(counted_slot("utc_attendances"))[c];
        if (e.turned_away) ++row(counted_slot("urgent_care_after_no_gp_appointment"))[c];
        break;
      case ServiceKind::kAmbulance: ++row(counted_slot("ambulance_incidents"))[c]; break;
      case ServiceKind::kAe:
        ++row(counted_slot("ae_attendances"))[c];
        if (e.turned_away) ++row(counted_slot("urgent_care_after_no_gp_appointment"))[c];
        break;
      case ServiceKind::kSameDayEmergencyCare: ++row(counted_slot("sdec_attendances"))[c]; break;
      case ServiceKind::kEmergencyAdmission:
        ++row(counted_slot("emergency_admissions"))[c];
        if (e.acsc) ++row(counted_slot("emergency_admissions_acsc"))[c];
        break;
      case ServiceKind::kSelfCare:
      case ServiceKind::kRouter: break;
    }
  }

  // The episode ends where it is: its outcome. Minor need that ends at A&E is an attendance
  // that could have been met elsewhere.
  void end_episode(const ActiveEpisode& e) {
    const ServiceKind kind = run.pathway.kind(e.node);
    if (kind == ServiceKind::kRouter) throw std::logic_error("icsim: an episode ended at a router (a bug: validation should prevent it)");
    static constexpr FamilySlots kOutcomes = counted_family("outcome_");
    ++row(kOutcomes[static_cast<std::size_t>(kind)])[e.cell];
    if (kind == ServiceKind::kAe && e.view.urgency == Urgency::kMinor) ++row(counted_slot("ae_attendances_avoidable"))[e.cell];
    if (kind == ServiceKind::kEmergencyAdmission) {
      FlowPerson person = this->person(e);
      person.via_ae = e.admitted_from_ae;
      if (run.programmes.on) support_inpatient(run, person, static_cast<std::uint16_t>(e.view.conditions), day.month);
      part.admissions.push_back(person);
    }
  }

  // Whether the asker gets one of `left` slots with `asking` still to ask: selection sampling,
  // so each subset of the right size is equally likely.
  static bool draw_slot(double u, std::int32_t& asking, std::int32_t& left) {
    const bool got = left > 0 && u * asking < left;
    if (got) --left;
    --asking;
    return got;
  }

  // If more ask than there are slots, a random subset of the askers gets them. Those their
  // practice cannot see (its slots are taken, or it is closed) may get an extended-access slot
  // the same day: in hours for the evening, out of hours if the need arises while extended
  // access runs. The rest follow when_full. Seen and turned away are settled first and the
  // episodes then move on in their order of asking, so what follows does not depend on the
  // extended slots.
  void share_out_slots(const std::vector<int>& practices) {
    std::vector<std::int32_t> asking(practices.size(), 0);
    const auto& local = run.practices.local_practice;
    for (const ActiveEpisode& e : part.waiting) {
      if (e.view.in_hours) ++asking[static_cast<std::size_t>(local[part.residents.practice(e.resident)])];
    }
    std::vector<ActiveEpisode> round;
    round.swap(part.waiting);
    enum Seen : std::uint8_t { kNotSeen, kAsksExtended, kByPractice, kInExtendedHours };
    std::vector<std::uint8_t> seen(round.size(), kNotSeen);
    std::int32_t asking_extended = 0;
    const auto day_key = static_cast<std::uint32_t>(day.sim_day);
    for (std::size_t i = 0; i < round.size(); ++i) {
      const ActiveEpisode& e = round[i];
      const std::uint64_t key = keys::resident(part.index, e.resident);
      if (e.view.in_hours) {
        const auto k = static_cast<std::size_t>(local[part.residents.practice(e.resident)]);
        if (draw_slot(run.rng.uniform(streams::kGpSlot, key, day_key), asking[k], part.slots_left[k])) seen[i] = kByPractice;
      }
      if (seen[i] == kNotSeen && part.extended_left > 0 &&
          (e.view.in_hours ||
           run.rng.uniform(streams::kExtendedAccess, key, 2 * day_key) < run.config.health.gp.extended_hours_share)) {
        seen[i] = kAsksExtended;
        ++asking_extended;
      }
    }
    for (std::size_t i = 0; i < round.size() && asking_extended > 0; ++i) {
      if (seen[i] != kAsksExtended) continue;
      const std::uint64_t key = keys::resident(part.index, round[i].resident);
      const double u = run.rng.uniform(streams::kExtendedAccess, key, 2 * day_key + 1);
      seen[i] = draw_slot(u, asking_extended, part.extended_left) ? kInExtendedHours : kNotSeen;
    }
    for (std::size_t i = 0; i < round.size(); ++i) {
      ActiveEpisode& e = round[i];
      if (seen[i] == kInExtendedHours) {
        ++row(counted_slot("gp_extended_access_contacts"))[e.cell];
        const int k = run.programmes.portfolio->same_day_programme(static_cast<int>(part.index));
        run.programmes.portfolio->count(static_cast<int>(part.index), day.month, k,
                                        e.view.urgency == Urgency::kMinor ? kMinorMet : kUrgentMet);
      }
      if (seen[i] == kByPractice || seen[i] == kInExtendedHours) {
        visit(e);
        move_on(e, false);
      } else {
        e.turned_away = true;
        ++row(counted_slot("gp_same_day_unavailable"))[e.cell];
        move_on(e, true);
      }
    }
  }
};

}  // namespace

// Same-day GP appointments for acute need, per practice and weekday: the weekly rate spread
// over Monday-Friday, whole slots from the running total so none is lost to rounding.
void prepare_care_pathway(Run& run) {
  const WorldConfig& world = run.config.world;
  run.practices.local_practice.assign(world.practices.size(), 0);
  run.practices.daily_slots.assign(world.practices.size(), 0.0);
  for (const auto& pcn : world.pcns) {
    for (std::size_t k = 0; k < pcn.practices.size(); ++k) {
      const auto practice = static_cast<std::size_t>(pcn.practices[k]);
      run.practices.local_practice[practice] = static_cast<int>(k);
      run.practices.daily_slots[practice] = run.config.health.gp.same_day_per_1000_per_week *
                                            static_cast<double>(world.practices[practice].list_size) * run.config.population.scale /
                                            1000.0 / 5.0;
    }
  }
}

void care_pathway(Run& run, const Day& day, std::size_t p) {
  Partition& part = run.partitions[p];
  const auto& practices = run.config.world.pcns[p].practices;
  for (std::size_t k = 0; k < practices.size(); ++k) {
    const double w = day.weekend ? 0.0 : run.practices.daily_slots[static_cast<std::size_t>(practices[k])];
    part.slots_left[k] = static_cast<std::int32_t>(std::floor(w * (day.sim_day + 1)) - std::floor(w * day.sim_day));
  }
  // Extended access runs Monday to Saturday; whole slots from the day's rate, as above.
  part.extended_left = 0;
  if (run.programmes.on && sim::iso_weekday(day.today) <= 6) {
    const double x = run.programmes.portfolio->same_day_appointments(static_cast<int>(p));
    part.extended_left = static_cast<std::int32_t>(std::floor(x * (day.sim_day + 1)) - std::floor(x * day.sim_day));
  }
  Router router{run, day, part};
  for (ActiveEpisode& e : part.episodes) router.arrive(e);
  while (!part.waiting.empty()) router.share_out_slots(practices);
}

}  // namespace icsim::agents
