// Acute beds, discharge pathways, downstream pools and delayed transfers of care.
#include "agents/hospital_flow.hpp"
#include "agents/keys.hpp"

#include <algorithm>
#include <cmath>

#include "agents/age_bands.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

double unit(std::uint32_t word) { return sim::unit_word(word); }

// A share of a count of beds or places, rounded.
std::int64_t scaled(std::int64_t places, double share) { return std::llround(static_cast<double>(places) * share); }

// Whole days of an exponential duration with this mean, at least `minimum`.
int exponential_days(double mean, double u, int minimum) {
  if (mean <= 0.0) return minimum;
  return std::max(minimum, static_cast<int>(std::lround(mean * sim::standard_exponential(u))));
}

// A lognormal with this mean and coefficient of variation as (mu, sigma), for draws by
// exp(mu + sigma z).
std::pair<double, double> lognormal_of(double mean, double cv) {
  const double sigma2 = std::log(1.0 + cv * cv);
  return {mean > 0.0 ? std::log(mean) - 0.5 * sigma2 : -HUGE_VAL, std::sqrt(sigma2)};
}

// Running sums of shares, scaled to end at one (all zero: an even spread).
std::array<double, 24> running_shares(const std::array<double, 24>& shares) {
  double total = 0.0;
  for (double s : shares) total += s;
  std::array<double, 24> out{};
  double sum = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    sum += total > 0.0 ? shares[h] : 1.0;
    out[h] = sum / (total > 0.0 ? total : 24.0);
  }
  out[23] = 1.0;
  return out;
}

// Where a medically fit patient waiting in the queue of `service` is delayed, by reason.
DelayReason reason_for(DownstreamService service) {
  switch (service) {
    case DownstreamService::kHomeCareService: return DelayReason::kAwaitingHomeCare;
    case DownstreamService::kReablement: return DelayReason::kAwaitingReablement;
    case DownstreamService::kIntermediateCareBeds: return DelayReason::kAwaitingIntermediateBed;
    case DownstreamService::kCareHomePlaces: return DelayReason::kAwaitingCareHome;
    case DownstreamService::kCommunityNursing: break;
  }
  return DelayReason::kAwaitingAssessment;
}

bool long_term(DownstreamService service) {
  return service == DownstreamService::kHomeCareService || service == DownstreamService::kCareHomePlaces;
}

constexpr auto kServices = enumerators<DownstreamService, kDownstreamServices>();

// The count of one category among counts kept by category from `first` (by pathway, reason, body).
template <class E>
FlowCount count_of(FlowCount first, E category) {
  return static_cast<FlowCount>(static_cast<int>(first) + static_cast<int>(index(category)));
}

// A slot of `slots` to reuse from `free`, or a new one at the end; slots keep their indices.
template <class T>
int take_slot(std::vector<T>& slots, std::vector<int>& free) {
  if (free.empty()) {
    slots.emplace_back();
    return static_cast<int>(slots.size()) - 1;
  }
  const int slot = free.back();
  free.pop_back();
  return slot;
}

// Occasions of a resident's kServiceEpisode draws on a day: day x 16 + one of these.
enum ServiceDraw : std::uint32_t {
  kReablementOutcome = 1, kIntermediateOutcome = 2, kNursingReferral = 3, kCouncilFunded = 4, kEpisodeLength = 5  // + service
};
std::uint32_t occasion(int day, std::uint32_t draw) { return static_cast<std::uint32_t>(day) * 16u + draw; }

}  // namespace

HospitalFlow::HospitalFlow(const FlowConfig& config, FlowLayout layout, const sim::CounterRng& rng, int num_days)
    : config_(config), layout_(std::move(layout)), rng_(rng), episode_ends_(num_days) {
  // Taken once: a fit at a weekend or bank holiday looks up the next working day.
  next_working_.resize(static_cast<std::size_t>(num_days) + 1);
  int next = num_days;
  while (!sim::is_working_day(layout_.start_day + next)) ++next;
  for (int day = num_days; day >= 0; --day) {
    if (sim::is_working_day(layout_.start_day + day)) next = day;
    next_working_[static_cast<std::size_t>(day)] = next;
  }
  sites_.resize(layout_.site_beds.size());
  for (const DownstreamService k : kServices) {
    pools_[k].resize(layout_.pool_capacity[k].size());
    for (std::size_t p = 0; p < pools_[k].size(); ++p) {
      if (p < layout_.pool_council[k].size()) pools_[k][p].council = layout_.pool_council[k][p];
    }
    referral_base_[k].resize(layout_.pool_of_pcn[k].size());
  }
  const EmergencyDepartmentConfig& ed = config_.emergency_department;
  if (ed.on) {
    walk_in_hours_ = running_shares(ed.walk_in_by_hour);
    ambulance_hours_ = running_shares(ed.ambulance_by_hour);
    release_hours_ = running_shares(ed.discharges_by_hour);
    for (std::size_t k = 0; k < kUrgencies; ++k) {
      clinician_hours_[k] = lognormal_of(ed.clinician_minutes[k] / 60.0, ed.cv);
      workup_hours_[k] = lognormal_of(ed.workup_hours[k], ed.cv);
    }
    departments_.resize(sites_.size());
  }
  set_capacity(CapacityIndex{});
  if (config_.acute.electives.on) {
    electives_.emplace(config_.acute.electives, rng_, layout_.site_of_pcn, static_cast<int>(sites_.size()), num_days, layout_.start_day);
  }
  if (config_.discharge.team.on) {
    if (layout_.team_share.empty()) {  // one team for every PCN
      layout_.team_of_pcn.assign(layout_.site_of_pcn.size(), 0);
      layout_.team_partners = {0};
      layout_.team_interfaces = {0};
      layout_.team_share = {1.0};
      layout_.team_id = {"all"};
    }
    teams_.emplace(config_.discharge.team, layout_.team_partners, layout_.team_share, layout_.scale);
  }
}

void HospitalFlow::set_capacity(const CapacityIndex& index) {
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    sites_[s].base = scaled(layout_.site_beds[s], index.acute_beds);
    sites_[s].limit = sites_[s].base + escalation_beds(sites_[s]);
    // A department grows with its hospital: spaces and clinicians per 100 base beds.
    if (departments_.empty()) continue;
    const EmergencyDepartmentConfig& ed = config_.emergency_department;
    auto per_beds = [&](double per_100) { return std::max(1, static_cast<int>(scaled(sites_[s].base, per_100 / 100.0))); };
    std::array<int, 24> clinicians{};
    for (std::size_t h = 0; h < 24; ++h) clinicians[h] = per_beds(ed.clinicians_by_hour[h]);
    departments_[s].ed.set_capacity(per_beds(ed.spaces_per_100_beds), clinicians);
  }
  for (const DownstreamService k : kServices) {
    for (std::size_t p = 0; p < pools_[k].size(); ++p) pools_[k][p].capacity = scaled(layout_.pool_capacity[k][p], index.services[k]);
  }
}

void HospitalFlow::settle(DownstreamService service, const FlowPerson& person, int day, FlowWorld& world) {
  const int p = pool_of(service, person.pcn);
  Pool& pl = pool(service, p);
  if (pl.in_use < pl.capacity) {
    if (service == DownstreamService::kHomeCareService) {
      start_package(p, person, day);
    } else {
      ++pl.in_use;
    }
    return;
  }
  world.wait_at_home(person.resident, day);
  FlowPerson waiting = person;
  waiting.setting = LivingSetting::kOwnHome;
  refer(service, waiting);
}

void HospitalFlow::release(DownstreamService service, std::uint64_t resident, int pcn) {
  --pool(service, holder(service, resident, pcn)).in_use;
  hosted_[service].erase(resident);
}

int HospitalFlow::holder(DownstreamService service, std::uint64_t resident, int pcn) const {
  const auto it = hosted_[service].find(resident);
  return it != hosted_[service].end() ? it->second : pool_of(service, pcn);
}

void HospitalFlow::refer(DownstreamService service, const FlowPerson& person) {
  pool_for(service, person.pcn).community.push_back(Client{-1, 0, true, person, -1});
}

// What the electives do to the beds, and their counts (an elective patient is anonymous: a
// FlowPerson of their PCN and cell only).
class HospitalFlow::ElectiveSeam final : public ElectiveWorld {
 public:
  ElectiveSeam(HospitalFlow& flow, FlowWorld& world) : flow_(flow), world_(world) {}

  int level(int site) const override { return at(site).level; }
  // Last night's patients waiting for a bed are seen at the morning's bed meeting: they come first.
  std::int64_t beds_free(int site) const override {
    const std::size_t sites = flow_.sites_.size();
    const std::int64_t waiting = flow_.nights_.size() >= sites ? flow_.nights_[flow_.nights_.size() - sites + static_cast<std::size_t>(site)].waiting : 0;
    return at(site).limit - at(site).occupied - waiting;
  }
  void occupy(int site) override { ++at(site).occupied; }
  void vacate(int site) override {
    --at(site).occupied;
    ++at(site).freed;
  }
  void count(ElectiveCount what, const ElectivePatient& patient, int site, std::int64_t amount) override {
    static constexpr FlowCount kCounts[] = {FlowCount::kElectiveAdditions, FlowCount::kElectiveAdmissions,
                                            FlowCount::kElectiveCancellations, FlowCount::kElectiveBedDays,
                                            FlowCount::kElectiveWaitDays};
    const FlowPerson person{patient.key, patient.pcn, patient.cell, 0, 0, LivingSetting::kOwnHome, std::nullopt};
    world_.count(kCounts[static_cast<std::size_t>(what)], person, site, amount);
  }

 private:
  Site& at(int site) const { return flow_.sites_[static_cast<std::size_t>(site)]; }
  HospitalFlow& flow_;
  FlowWorld& world_;
};

void HospitalFlow::set_elective_base(const std::vector<std::vector<std::int64_t>>& residents_by_pcn_cell) {
  if (electives_) electives_->set_base(residents_by_pcn_cell);
}

void HospitalFlow::fill_electives(FlowWorld& world) {
  if (!electives_) return;
  ElectiveSeam seam(*this, world);
  electives_->fill(seam);
}

void HospitalFlow::set_community_base(const std::vector<std::vector<std::int64_t>>& frail_by_pcn_cell) {
  for (const DownstreamService k : kServices) {
    for (auto& base : referral_base_[k]) {
      base.pcn_cell.clear();
      base.cumulative.clear();
    }
    if (config_.services[index(k)].community_rate <= 0.0) continue;
    for (std::size_t pcn = 0; pcn < frail_by_pcn_cell.size(); ++pcn) {
      ReferralBase& base = referral_base_[k][pcn];
      for (std::size_t cell = 0; cell < frail_by_pcn_cell[pcn].size(); ++cell) {
        if (frail_by_pcn_cell[pcn][cell] <= 0) continue;
        base.pcn_cell.emplace_back(static_cast<int>(pcn), static_cast<int>(cell));
        base.cumulative.push_back((base.cumulative.empty() ? 0.0 : base.cumulative.back()) + static_cast<double>(frail_by_pcn_cell[pcn][cell]));
      }
    }
  }
}

std::int64_t HospitalFlow::queued(DownstreamService service, int p) const {
  return static_cast<std::int64_t>(pool(service, p).hospital.size() + pool(service, p).community.size());
}

std::int64_t HospitalFlow::escalation_beds(const Site& site) const {
  return scaled(site.base, config_.acute.escalation.beds_share[static_cast<std::size_t>(site.level - 1)]);
}

// The level counts the thresholds last night's occupancy (escalation beds included) has reached.
// Beds close as the level falls: a site left above its new limit takes nobody until enough leave.
void HospitalFlow::escalate() {
  const EscalationConfig& e = config_.acute.escalation;
  for (Site& site : sites_) {
    site.level = 1;
    if (e.on && site.base > 0) {
      const double occupancy = static_cast<double>(site.occupied) / static_cast<double>(site.base);
      for (const double threshold : e.occupancy) site.level += occupancy >= threshold ? 1 : 0;
    }
    site.limit = site.base + escalation_beds(site);
  }
}

void HospitalFlow::begin_day(int day, FlowWorld& world) {
  escalate();
  for (Site& site : sites_) site.freed = 0;
  if (electives_) {
    ElectiveSeam seam(*this, world);
    electives_->discharge(day, seam);
  }
  end_episodes(day, world);
  review_inpatients(day, world);
  if (teams_) assess(day, world);
  community_referrals(day);
  serve_pools(day, world);
}

void HospitalFlow::end_day(int day, const std::vector<FlowPerson>& admissions, const std::vector<FlowPerson>& visits,
                           FlowWorld& world) {
  if (electives_) {  // in the morning, before the day's emergencies need beds
    ElectiveSeam seam(*this, world);
    electives_->admit(day, seam);
  }
  if (departments_.empty()) {
    admit(day, admissions, world);
  } else {
    through_departments(day, admissions, visits, world);
  }
  count_day(day, world);
}

// Short-term episodes that end today: reablement leaves some needing home care; a bedded
// intermediate stay leaves some needing a care home, who keep the bed until a place is found.
void HospitalFlow::end_episodes(int day, FlowWorld& world) {
  episode_ends_.drain(day, [&](const sim::Event& e) {
    const int a = static_cast<int>(e.entity);
    Active& ep = active_[static_cast<std::size_t>(a)];
    if (ep.released) {  // a placement freed the bed; this was its last weekly check
      free_active_.push_back(a);
      return;
    }
    const bool present = ep.known && world.present(ep.person.resident);
    if (ep.service == DownstreamService::kHomeCareService) {
      // The package ends only if it is still running: death, a move or a care home ended it.
      if (present && world.setting(ep.person.resident) == LivingSetting::kHomeWithCare) {
        release(ep.service, ep.person.resident, ep.person.pcn);
        world.set_setting(ep.person.resident, LivingSetting::kOwnHome, day);
      }
      free_active_.push_back(a);
      return;
    }
    if (ep.holding_for_placement) {
      // Still waiting for a care home: look again in a week, unless they have died, moved, or
      // been placed another way (from hospital after a readmission).
      if (present && world.setting(ep.person.resident) != LivingSetting::kCareHome) {
        episode_ends_.push({day + 7, 0, e.entity});
      } else {
        --pool(ep.service, ep.pool).in_use;
        ep.holding_for_placement = false;
        free_active_.push_back(a);
      }
      return;
    }
    if (present && ep.service == DownstreamService::kReablement && world.setting(ep.person.resident) == LivingSetting::kOwnHome) {
      const double u = rng_.uniform(streams::kServiceEpisode, ep.person.resident, occasion(day, kReablementOutcome));
      if (u >= config_.discharge.reablement_independent_share) refer(DownstreamService::kHomeCareService, ep.person);
    }
    if (present && ep.service == DownstreamService::kIntermediateCareBeds) {
      const double u = rng_.uniform(streams::kServiceEpisode, ep.person.resident, occasion(day, kIntermediateOutcome));
      if (u < config_.discharge.intermediate_care_home_share) {
        ep.holding_for_placement = true;
        pool_for(DownstreamService::kCareHomePlaces, ep.person.pcn).community.push_back(Client{-1, 0, true, ep.person, a});
        episode_ends_.push({day + 7, 0, e.entity});
        return;
      }
    }
    free_active(a);
  });
}

void HospitalFlow::free_active(int a) {
  Active& ep = active_[static_cast<std::size_t>(a)];
  --pool(ep.service, ep.pool).in_use;
  if (ep.holding_for_placement) {
    // A weekly check is still pending for this slot: it recycles the slot when it comes.
    ep.holding_for_placement = false;
    ep.released = true;
  } else {
    free_active_.push_back(a);
  }
}

bool HospitalFlow::holds(const Client& c) const {
  if (c.holding < 0) return false;
  const Active& ep = active_[static_cast<std::size_t>(c.holding)];
  return ep.holding_for_placement && ep.person.resident == c.person.resident;
}

void HospitalFlow::review_inpatients(int day, FlowWorld& world) {
  // Those who died or moved away end their stay first, in the order they were reported.
  // (A few a day among a couple of thousand stays: a scan costs less than keeping an index.)
  for (std::uint64_t resident : left_) {
    for (int s = 0; s < static_cast<int>(stays_.size()); ++s) {
      const Stay& st = stays_[static_cast<std::size_t>(s)];
      if (st.stage != Stage::kGone && st.person.resident == resident) {
        leave(s, day, std::nullopt, world);
        break;
      }
    }
  }
  left_.clear();
  for (int s = 0; s < static_cast<int>(stays_.size()); ++s) {
    Stay& st = stays_[static_cast<std::size_t>(s)];
    switch (st.stage) {
      case Stage::kTreatment:
        if (day >= st.ready_day) fit(s, day, world);
        break;
      case Stage::kProcess:
        if (day >= st.ready_day) leave(s, day, DischargePathway::kHomeNoSupport, world);
        break;
      case Stage::kAssessment:
        if (day >= st.ready_day) after_assessment(s, day, world);
        break;
      case Stage::kChoice:
        if (day >= st.ready_day) enqueue(s, DownstreamService::kCareHomePlaces);
        break;
      case Stage::kQueued:
        // Deconditioning: each day delayed, an older patient may come to need more support.
        if (st.person.age >= 65 && st.pathway < DischargePathway::kCareHomePlacement &&
            config_.discharge.deconditioning_per_week > 0.0) {
          const double u = rng_.uniform(streams::kDeconditioning, st.person.resident, static_cast<std::uint32_t>(day));
          if (u < 1.0 - std::pow(1.0 - config_.discharge.deconditioning_per_week, 1.0 / 7.0)) {
            st.pathway = enumerator<DischargePathway>(index(st.pathway) + 1);
            enqueue(s, st.pathway == DischargePathway::kIntermediateCare ? DownstreamService::kIntermediateCareBeds
                                                                         : DownstreamService::kCareHomePlaces);
          }
        }
        break;
      case Stage::kWaitingForBed:
      case Stage::kGone:
        break;
    }
  }
}

// Medically fit today: which pathway, and for those needing support, the hand-off (assessment
// and arranging) before the service can be asked for.
void HospitalFlow::fit(int s, int day, FlowWorld& world) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  const DischargeConfig& d = config_.discharge;
  const sim::RandomBlock b = rng_.block(streams::kDischarge, st.person.resident, static_cast<std::uint32_t>(day));
  // At a weekend or bank holiday, fewer senior reviews: the patient may wait for the next
  // working day, still in treatment, and is reviewed then with fresh draws. A same-day stay
  // (no night in a bed) is exempt: it ends in the assessment unit.
  const int working = next_working_[static_cast<std::size_t>(std::min(day, static_cast<int>(next_working_.size()) - 1))];
  if (d.weekend_discharge_share < 1.0 && day > st.bed_day && working != day && unit(b[3]) >= d.weekend_discharge_share) {
    st.ready_day = working;
    return;
  }
  DischargePathway pathway = DischargePathway::kHomeNoSupport;
  st.person.setting = world.setting(st.person.resident);  // it may have changed since admission
  if (st.person.age >= d.min_age && st.person.setting != LivingSetting::kCareHome) {
    // The frailty row's shares needing support, scaled by the reason for admission (at most all).
    const auto& share = d.pathway_share[static_cast<std::size_t>(st.person.frailty)];
    const double rr = st.person.episode_type ? d.support_rr[index(*st.person.episode_type)] : 1.0;
    // A programme that lowers care-home discharges sends the difference home with support.
    const double care_home = share[3] * st.person.care_home_discharge_rr;
    const double support = share[1] + share[2] + share[3];
    const double k = support > 0.0 ? std::min(rr, 1.0 / support) : 0.0;
    const std::array<double, kDischargePathways> cumulative = {1.0 - k * support, 1.0 - k * (share[2] + care_home), 1.0 - k * care_home, 1.0};
    pathway = enumerator<DischargePathway>(sim::categorical(cumulative, unit(b[0])));
    // Someone whose care package is already in place goes home to it.
    if (pathway == DischargePathway::kHomeWithSupport && st.person.setting == LivingSetting::kHomeWithCare) pathway = DischargePathway::kHomeNoSupport;
  }
  st.pathway = pathway;
  if (pathway == DischargePathway::kHomeNoSupport) {
    // The hospital's own discharge process (medicines to take home, transport, the letter, a
    // last therapy review): done on the day, or the patient waits for it. One draw gives both.
    // Discharge effort rises with escalation: fewer wait for the process.
    const int level = sites_[static_cast<std::size_t>(st.site)].level;
    const double share = std::min(1.0, d.home_process_share * config_.acute.escalation.process_rr[static_cast<std::size_t>(level - 1)]);
    const double u = unit(b[2]);
    if (u < share) {
      st.stage = Stage::kProcess;
      st.ready_day = day + exponential_days(d.home_process_days, u / share, 1);
      return;
    }
    leave(s, day, pathway, world);
    return;
  }
  st.stage = Stage::kAssessment;
  if (teams_) {
    st.ready_day = kNotYet;
    teams_->join(layout_.team_of_pcn[static_cast<std::size_t>(st.person.pcn)], s, st.ticket, day);
    return;
  }
  st.ready_day = day + exponential_days(d.team.handoff_days * st.person.assessment_rr, unit(b[1]), 0);
  if (st.ready_day <= day) after_assessment(s, day, world);
}

void HospitalFlow::assess(int day, FlowWorld& world) {
  const bool weekend = sim::is_weekend(layout_.start_day + day);
  teams_->work(day, weekend, rng_, [&](int s, std::uint32_t ticket, bool escalated) { return assessed(s, ticket, escalated, day, world); });
}

// Assessed today: the case then waits on each organisation outside the team (exponential
// days each) and, unless the provider trusts the team's assessment, on the provider's own; a
// programme's hand-off ratio (discharge to assess) scales those waits.
bool HospitalFlow::assessed(int s, std::uint32_t ticket, bool escalated, int day, FlowWorld& world) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  if (st.stage != Stage::kAssessment || st.ticket != ticket || st.ready_day != kNotYet) return false;
  const DischargeTeamConfig& team = config_.discharge.team;
  const sim::RandomBlock b = rng_.block(streams::kDischarge, st.person.resident, static_cast<std::uint32_t>(day) | 0x40000000u);
  const int interfaces =
      escalated ? 2 : layout_.team_interfaces[static_cast<std::size_t>(layout_.team_of_pcn[static_cast<std::size_t>(st.person.pcn)])];
  double wait = 0.0;
  // At most two: the council and the PCN (lay_out_teams).
  for (int i = 0; i < std::min(interfaces, 2); ++i) wait += team.interface_days * sim::standard_exponential(unit(b[static_cast<std::size_t>(2 + i)]));
  if (unit(b[0]) >= team.trusted_assessment_share) wait += team.provider_assessment_days * sim::standard_exponential(unit(b[1]));
  st.ready_day = day + static_cast<int>(std::lround(wait * st.person.assessment_rr));
  if (st.ready_day <= day) after_assessment(s, day, world);
  return true;
}

void HospitalFlow::after_assessment(int s, int day, FlowWorld&) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  const DischargeConfig& d = config_.discharge;
  const sim::RandomBlock b = rng_.block(streams::kDischarge, st.person.resident, static_cast<std::uint32_t>(day) | 0x80000000u);
  switch (st.pathway) {
    case DischargePathway::kHomeWithSupport:
      enqueue(s, unit(b[0]) < d.reablement_share ? DownstreamService::kReablement : DownstreamService::kHomeCareService);
      break;
    case DischargePathway::kIntermediateCare:
      enqueue(s, DownstreamService::kIntermediateCareBeds);
      break;
    default:
      if (unit(b[1]) < d.choice_share) {
        st.stage = Stage::kChoice;
        st.ready_day = day + exponential_days(d.choice_days, unit(b[2]), 1);
      } else {
        enqueue(s, DownstreamService::kCareHomePlaces);
      }
      break;
  }
}

void HospitalFlow::enqueue(int s, DownstreamService service) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  st.stage = Stage::kQueued;
  st.service = service;
  ++st.ticket;  // any earlier queue entry of this stay is now void
  pool_for(service, st.person.pcn).hospital.push_back(Client{s, st.ticket, true, st.person, -1});
}

// Each pool takes its queues while it has room: patients in hospital first (discharge to assess
// puts them ahead), then people waiting at home, each queue in order. Then, for a council
// service under shared brokerage, councils whose own places are full use others' free places.
void HospitalFlow::serve_pools(int day, FlowWorld& world) {
  for (const DownstreamService service : kServices) {
    for (int p = 0; p < pools(service); ++p) {
      while (pool(service, p).in_use < pool(service, p).capacity) {
        const std::optional<Client> c = next_client(service, p, day, world);
        if (!c) break;
        place(service, p, p, *c, day, world);
      }
    }
    const ServicePoolConfig& config = config_.services[index(service)];
    if (kCouncilCommissioned[service] && config.level == CommissioningLevel::kSystem && config.cross_border_share > 0.0) {
      broker(service, day, world);
    }
  }
}

// The next client of the pool's queues still waiting for it. Entries of people who have gone,
// or who have since been queued elsewhere, are dropped as they come up.
std::optional<HospitalFlow::Client> HospitalFlow::next_client(DownstreamService service, int p, int day, FlowWorld& world) {
  Pool& pl = pool(service, p);
  while (!pl.hospital.empty() || !pl.community.empty()) {
    std::deque<Client>& queue = pl.hospital.empty() ? pl.community : pl.hospital;
    const Client c = queue.front();
    queue.pop_front();
    if (c.stay >= 0) {
      const Stay& st = stays_[static_cast<std::size_t>(c.stay)];
      if (st.stage != Stage::kQueued || st.ticket != c.ticket) continue;
    } else if (c.known) {
      // Someone at home: still here, and still needing what they were referred for.
      const bool here = world.present(c.person.resident);
      const LivingSetting setting = here ? world.setting(c.person.resident) : LivingSetting::kCareHome;
      if (!here || setting == LivingSetting::kCareHome || (service == DownstreamService::kHomeCareService && setting != LivingSetting::kOwnHome)) {
        if (holds(c)) free_active(c.holding);
        continue;
      }
      // Someone admitted while waiting at home: the hospital's discharge pathway decides
      // what they need now, so the referral lapses (a need can arise again at home).
      if (long_term(service) && world.in_hospital(c.person.resident)) {
        if (holds(c)) free_active(c.holding);
        world.referral_lapsed(c.person.resident, day);
        continue;
      }
    }
    return c;
  }
  return std::nullopt;
}

// Shared brokerage across councils: each council's places stay its own, but a council whose
// places are full (its queues still waiting) may place its next clients in the free places of
// another council, the one with most free (the lower index on a tie), while its placements
// elsewhere stay within cross_border_share of all it has placed.
void HospitalFlow::broker(DownstreamService service, int day, FlowWorld& world) {
  const double share = config_.services[index(service)].cross_border_share;
  for (int home = 0; home < pools(service); ++home) {
    const Pool& h = pool(service, home);
    while (static_cast<double>(h.placed_elsewhere + 1) <= share * static_cast<double>(h.placed + 1)) {
      const int host = pool_with_room(service, home);
      if (host < 0) break;
      const std::optional<Client> c = next_client(service, home, day, world);
      if (!c) break;
      place(service, host, home, *c, day, world);
    }
  }
}

int HospitalFlow::pool_with_room(DownstreamService service, int home) const {
  const int council = pool(service, home).council;
  int best = -1;
  std::int64_t most = 0;
  for (int p = 0; p < pools(service); ++p) {
    const Pool& pl = pool(service, p);
    if (council < 0 || pl.council < 0 || pl.council == council) continue;
    if (pl.capacity - pl.in_use > most) {
      most = pl.capacity - pl.in_use;
      best = p;
    }
  }
  return best;
}

// A client of pool `home` starts in a place of pool `host` (the same pool unless brokered); a
// long-term place held in another council's pool is remembered, to be freed there.
void HospitalFlow::place(DownstreamService service, int host, int home, const Client& client, int day, FlowWorld& world) {
  if (!start(service, host, client, day, world)) return;
  Pool& h = pool(service, home);
  ++h.placed;
  if (host == home) return;
  ++h.placed_elsewhere;
  if (long_term(service)) hosted_[service][client.person.resident] = host;
}

bool HospitalFlow::start(DownstreamService service, int p, const Client& c, int day, FlowWorld& world) {
  FlowPerson person = c.person;
  if (c.stay >= 0) {
    const DischargePathway pathway = stays_[static_cast<std::size_t>(c.stay)].pathway;
    leave(c.stay, day, pathway, world);
    // Home with support: a share are also seen by community nurses, who visit them at home.
    if (pathway == DischargePathway::kHomeWithSupport) {
      const double u = rng_.uniform(streams::kServiceEpisode, person.resident, occasion(day, kNursingReferral));
      if (u < config_.discharge.community_nursing_share) {
        pool_for(DownstreamService::kCommunityNursing, person.pcn).community.push_back(Client{-1, 0, true, person, -1});
      }
    }
  }
  if (holds(c)) free_active(c.holding);
  if (!long_term(service)) {
    start_short_term(service, p, c.known, person, day, world);
    return true;
  }
  // Already living so (placed or given a package another way): nothing more to start.
  const LivingSetting now = world.setting(person.resident);
  if ((service == DownstreamService::kHomeCareService && now == LivingSetting::kHomeWithCare) ||
      (service == DownstreamService::kCareHomePlaces && now == LivingSetting::kCareHome)) {
    return false;
  }
  Pool& pl = pool(service, p);
  if (service == DownstreamService::kHomeCareService) {
    world.set_setting(person.resident, LivingSetting::kHomeWithCare, day);
    world.count(FlowCount::kHomeCareStarts, person, -1, 1);
    start_package(p, person, day);
    return true;
  }
  ++pl.in_use;
  // A care-home placement ends any care package at home.
  if (now == LivingSetting::kHomeWithCare) release(DownstreamService::kHomeCareService, person.resident, person.pcn);
  world.set_setting(person.resident, LivingSetting::kCareHome, day);
  world.count(FlowCount::kResidentialAdmissions, person, -1, 1);
  const double u = rng_.uniform(streams::kServiceEpisode, person.resident, occasion(day, kCouncilFunded));
  if (u < config_.discharge.council_funded_share) world.count(FlowCount::kResidentialAdmissionsCouncil, person, -1, 1);
  return true;
}

// Takes a place in the pool and schedules the episode's end; returns its length in days.
int HospitalFlow::begin_episode(DownstreamService service, int p, bool known, const FlowPerson& person, int day) {
  ++pool(service, p).in_use;
  const int a = take_slot(active_, free_active_);
  active_[static_cast<std::size_t>(a)] = Active{service, p, known, person, false, false};
  // Known residents draw from their own stream; an anonymous referral's key is unique to it.
  const double u = rng_.uniform(streams::kServiceEpisode, person.resident,
                                known ? occasion(day, kEpisodeLength + static_cast<std::uint32_t>(service)) : 0u);
  const int days = exponential_days(config_.services[index(service)].mean_days, u, 1);
  episode_ends_.push({day + days, 0, static_cast<std::uint32_t>(a)});
  return days;
}

// A home care package: it ends at death, a move or a care-home placement (which free the place
// themselves), or after its own length if mean_days is set, when the resident no longer needs it.
void HospitalFlow::start_package(int p, const FlowPerson& person, int day) {
  constexpr DownstreamService kHomeCare = DownstreamService::kHomeCareService;
  if (config_.services[index(kHomeCare)].mean_days > 0.0) {
    begin_episode(kHomeCare, p, true, person, day);
  } else {
    ++pool(kHomeCare, p).in_use;
  }
}

void HospitalFlow::start_short_term(DownstreamService service, int p, bool known, const FlowPerson& person, int day,
                                    FlowWorld& world) {
  const int days = begin_episode(service, p, known, person, day);
  switch (service) {
    case DownstreamService::kReablement: world.count(FlowCount::kReablementStarts, person, -1, 1); break;
    case DownstreamService::kIntermediateCareBeds:
      world.count(FlowCount::kIntermediateCareStarts, person, -1, 1);
      world.count(FlowCount::kIntermediateBedDays, person, -1, days);
      break;
    case DownstreamService::kCommunityNursing: world.count(FlowCount::kCommunityNursingStarts, person, -1, 1); break;
    default: break;
  }
}

// Anonymous short-term referrals from frail residents at home: a Poisson number a day per PCN,
// each attributed to a cell in proportion to the eligible residents there, and queued at the
// PCN's pool in an order drawn for the day. Drawn by PCN whatever the pools' level (the sum is
// the pool's Poisson number), so that runs at different levels share their referrals; the
// drawn order keeps a shared pool from always queueing one PCN's referrals first.
void HospitalFlow::community_referrals(int day) {
  struct Referral {
    double order;
    FlowPerson person;
  };
  std::vector<Referral> today;
  for (const DownstreamService service : kServices) {
    const double rate = config_.services[index(service)].community_rate;
    if (rate <= 0.0 || long_term(service)) continue;
    today.clear();
    for (std::size_t pcn = 0; pcn < referral_base_[service].size(); ++pcn) {
      const ReferralBase& base = referral_base_[service][pcn];
      if (base.cumulative.empty()) continue;
      const std::uint64_t key = keys::pool(static_cast<int>(service), static_cast<int>(pcn));
      const double mean = rate * base.cumulative.back() / kDaysPerYear;
      const std::int64_t n = sim::poisson(mean, rng_.uniform(streams::kCommunityReferrals, key, static_cast<std::uint32_t>(day)));
      for (std::int64_t r = 0; r < n; ++r) {
        // An anonymous client's stream key: the PCN, the day and the referral's number that day.
        const std::uint64_t referral = key | static_cast<std::uint64_t>(day) << 20 | static_cast<std::uint64_t>(r + 1);
        const auto u = rng_.uniform2(streams::kCommunityReferrals, referral, 0);
        const auto [from, cell] = base.pcn_cell[sim::categorical(base.cumulative, u[0])];
        today.push_back({u[1], FlowPerson{referral, from, cell, 75, 2, LivingSetting::kOwnHome, std::nullopt}});
      }
    }
    std::sort(today.begin(), today.end(), [](const Referral& a, const Referral& b) {
      return a.order != b.order ? a.order < b.order : a.person.resident < b.person.resident;
    });
    for (const Referral& r : today) pool_for(service, r.person.pcn).community.push_back(Client{-1, 0, false, r.person, -1});
  }
}

int HospitalFlow::new_stay(const FlowPerson& person, int site, int day) {
  const int s = take_slot(stays_, free_stays_);
  Stay& st = stays_[static_cast<std::size_t>(s)];
  const std::uint32_t ticket = st.ticket;  // kept across reuse, so old queue entries stay void
  st = Stay{person, site, day, day, 0, day, DischargePathway::kHomeNoSupport, DownstreamService::kCommunityNursing,
            ticket + 1, Stage::kWaitingForBed};
  ++inpatients_;
  return s;
}

bool HospitalFlow::seat(const FlowPerson& person, int nights, FlowWorld& world) {
  const int own = layout_.site_of_pcn[static_cast<std::size_t>(person.pcn)];
  const int site = site_with_room(own);
  if (site < 0) return false;
  const int s = new_stay(person, site, 0);
  stays_[static_cast<std::size_t>(s)].stay_days = nights;
  give_bed(s, 0);
  world.set_in_hospital(person.resident, true, 0);
  return true;
}

void HospitalFlow::give_bed(int s, int day) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  ++sites_[static_cast<std::size_t>(st.site)].occupied;
  st.bed_day = day;
  st.ready_day = day + st.stay_days;
  st.stage = Stage::kTreatment;
}

void HospitalFlow::leave(int s, int day, std::optional<DischargePathway> pathway, FlowWorld& world) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  if (st.stage != Stage::kWaitingForBed) {
    --sites_[static_cast<std::size_t>(st.site)].occupied;
    ++sites_[static_cast<std::size_t>(st.site)].freed;
  } else if (st.ae >= 0) {
    departments_[static_cast<std::size_t>(st.site)].ed.cancel(st.ae);  // died or moved while in A&E
    st.ae = -1;
  }
  const int nights = day - st.admitted;
  world.count(FlowCount::kStayDays, st.person, st.site, nights);
  world.count(FlowCount::kSpellsEnded, st.person, st.site, 1);
  world.count(nights <= 1 ? FlowCount::kOneNightStays : FlowCount::kLongerStays, st.person, st.site, 1);
  if (pathway) {
    world.count(count_of(FlowCount::kDischargeFirst, *pathway), st.person, st.site, 1);
    world.set_in_hospital(st.person.resident, false, day);
  } else {
    // Left hospital by dying, or by moving out of the area (counted as going home).
    world.count(world.died(st.person.resident) ? FlowCount::kHospitalDeaths : FlowCount::kDischargeFirst, st.person, st.site, 1);
  }
  end_stay(s);
}

void HospitalFlow::end_stay(int s) {
  Stay& st = stays_[static_cast<std::size_t>(s)];
  st.stage = Stage::kGone;
  free_stays_.push_back(s);
  --inpatients_;
}

// A site with a free bed for a patient of `preferred`: that site if it has one, otherwise the
// System site with the most free beds (the lower index on a tie), or -1 if all are full.
int HospitalFlow::site_with_room(int preferred) const {
  const Site& own = sites_[static_cast<std::size_t>(preferred)];
  if (own.occupied < own.limit) return preferred;
  int best = -1;
  std::int64_t most = 0;
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    const std::int64_t free = sites_[s].limit - sites_[s].occupied;
    if (free > most) {
      most = free;
      best = static_cast<int>(s);
    }
  }
  return best;
}

// First the patients waiting in A&E take the beds freed today, in order of arrival, at their
// own site or another; those who have waited max_ae_wait_days are transferred to hospitals
// outside the System. Then today's admissions, in the order given.
void HospitalFlow::admit(int day, const std::vector<FlowPerson>& admissions, FlowWorld& world) {
  for (Site& site : sites_) {
    std::deque<std::pair<int, std::uint32_t>> still;
    for (const auto& [s, ticket] : site.waiting) {
      Stay& st = stays_[static_cast<std::size_t>(s)];
      if (st.stage != Stage::kWaitingForBed || st.ticket != ticket) continue;
      if (const int target = site_with_room(st.site); target >= 0) {
        st.site = target;
        give_bed(s, day);
      } else if (day - st.admitted >= config_.acute.max_ae_wait_days) {
        world.count(FlowCount::kTransfersOut, st.person, st.site, 1);
        world.set_in_hospital(st.person.resident, false, day);
        end_stay(s);
      } else {
        still.emplace_back(s, ticket);
      }
    }
    site.waiting.swap(still);
  }
  for (const FlowPerson& person : admissions) {
    const int s = take_in(day, person, world);
    if (s < 0) continue;
    const int site = stays_[static_cast<std::size_t>(s)].site;
    if (const int target = site_with_room(site); target >= 0) {
      stays_[static_cast<std::size_t>(s)].site = target;
      give_bed(s, day);
    } else {
      sites_[static_cast<std::size_t>(site)].waiting.emplace_back(s, stays_[static_cast<std::size_t>(s)].ticket);
      world.count(FlowCount::kAeWaits, person, site, 1);
    }
  }
}

int HospitalFlow::take_in(int day, const FlowPerson& person, FlowWorld& world) {
  const StayConfig& stay = config_.stay;
  const int site = layout_.site_of_pcn[static_cast<std::size_t>(person.pcn)];
  const sim::RandomBlock b = rng_.block(streams::kAdmission, person.resident, static_cast<std::uint32_t>(day));
  if (unit(b[0]) < config_.acute.out_of_area_share) {
    world.count(FlowCount::kAdmittedElsewhere, person, -1, 1);
    return kElsewhere;
  }
  world.count(FlowCount::kAdmittedHere, person, site, 1);
  if (person.readmission) world.count(FlowCount::kReadmissions30d, person, site, 1);
  if (!world.present(person.resident)) {
    // Died (or moved away) later on the day the episode began: a zero-night stay that ended
    // in death (or, for a move, went home).
    world.count(FlowCount::kZeroNightStays, person, site, 1);
    world.count(world.died(person.resident) ? FlowCount::kHospitalDeaths : FlowCount::kDischargeFirst, person, site, 1);
    return kNoBed;
  }
  if (person.end_of_life_nights == 0 && unit(b[1]) < stay.zero_day_share) {
    // Assessed and sent home the same day: no night in a bed.
    world.count(FlowCount::kZeroNightStays, person, site, 1);
    world.count(FlowCount::kDischargeFirst, person, site, 1);
    world.set_in_hospital(person.resident, false, day);  // back home today
    return kNoBed;
  }
  // Nights needed: lognormal with the person's mean and the configured spread, at least one.
  const double mean = mean_nights(stay, person.age, person.frailty) *
                      (person.episode_type ? stay.episode_rr[index(*person.episode_type)] : 1.0) * person.stay_rr;
  const double nights = sim::lognormal(mean, stay.cv, unit(b[2]), unit(b[3]));
  const int s = new_stay(person, site, day);
  // An end-of-life stay outlasts the death by a night, so that it ends in the death.
  stays_[static_cast<std::size_t>(s)].stay_days =
      person.end_of_life_nights > 0 ? person.end_of_life_nights + 1 : std::max(1, static_cast<int>(std::lround(nights)));
  world.set_in_hospital(person.resident, true, day);
  return s;
}

// What a department's patients do to the flow: a bed taken, a transfer out, and the counts of
// time in the department as each leaves.
class HospitalFlow::DepartmentSeam final : public AeWorld {
 public:
  DepartmentSeam(HospitalFlow& flow, FlowWorld& world, int day, int site) : flow_(flow), world_(world), day_(day), site_(site) {}

  bool takes_bed(int ref) override {
    return ref >= 0 && flow_.stays_[static_cast<std::size_t>(ref)].stage == Stage::kWaitingForBed;
  }

  void depart(const AeDeparture& d) override {
    Department& dept = flow_.departments_[static_cast<std::size_t>(site_)];
    const FlowPerson person = d.ref >= 0 ? flow_.stays_[static_cast<std::size_t>(d.ref)].person
                                         : dept.visitors[static_cast<std::size_t>(-d.ref - 1)];
    if (d.timed) count_times(d, person);
    if (d.ref < 0) {
      dept.free_visitors.push_back(-d.ref - 1);
      return;
    }
    Stay& st = flow_.stays_[static_cast<std::size_t>(d.ref)];
    st.ae = -1;
    if (d.transferred) {
      world_.count(FlowCount::kTransfersOut, person, site_, 1);
      world_.set_in_hospital(person.resident, false, day_);
      dept.transfers.push_back(d.ref);  // ended after the sites' runs: end_stay is shared
    } else if (d.bed) {
      if (day_ > static_cast<int>(std::floor(d.decision / 24.0))) world_.count(FlowCount::kAeWaits, person, site_, 1);
      flow_.give_bed(d.ref, day_);
    }
  }

 private:
  void count_times(const AeDeparture& d, const FlowPerson& person) {
    const double hours = d.departure - d.arrival;
    world_.count(FlowCount::kAeTimedAttendances, person, site_, 1);
    if (hours > 4.0) world_.count(FlowCount::kAeOver4h, person, site_, 1);
    if (hours > 12.0) world_.count(FlowCount::kAeOver12h, person, site_, 1);
    if ((d.bed || d.transferred) && d.departure - d.decision > 12.0) world_.count(FlowCount::kAeDtaOver12h, person, site_, 1);
    if (!d.ambulance) return;
    const double handover = d.handed_over - d.arrival;
    world_.count(FlowCount::kAmbulanceHandovers, person, site_, 1);
    if (handover > 0.5) world_.count(FlowCount::kHandoversOver30m, person, site_, 1);
    if (handover > 1.0) world_.count(FlowCount::kHandoversOver60m, person, site_, 1);
  }

  HospitalFlow& flow_;
  FlowWorld& world_;
  int day_, site_;
};

// A patient's hour of arrival and times in the department, drawn for them and the day. A
// direct admission (not through A&E) arrives as walk-ins do and needs a bed after its own
// assessment, with no space or clinician of the department.
AePatient HospitalFlow::ae_patient(const FlowPerson& person, int day, bool bed, int ref) const {
  const EmergencyDepartmentConfig& ed = config_.emergency_department;
  const auto occasion = static_cast<std::uint32_t>(day) * 4u + (person.via_ae ? 0u : 2u);
  const sim::RandomBlock a = rng_.block(streams::kAeTimes, person.resident, occasion);
  const bool ambulance = person.via_ae && person.ambulance;
  const auto hour = sim::categorical(ambulance ? ambulance_hours_ : walk_in_hours_, unit(a[0]));
  AePatient p;
  p.arrival = 24.0 * day + static_cast<double>(hour) + unit(a[1]);
  p.acuity = person.acuity;
  p.ambulance = ambulance;
  p.bed = bed;
  p.ref = ref;
  p.timed = person.via_ae;
  if (!p.timed) {
    p.workup_hours = ed.direct_decision_hours * sim::standard_exponential(unit(a[2]));
    return p;
  }
  const auto k = static_cast<std::size_t>(index(person.acuity));
  p.space = ambulance || person.acuity == Urgency::kEmergency;  // walk-ins who can sit are seen in chairs
  const auto [cm, cs] = clinician_hours_[k];
  const auto [wm, ws] = workup_hours_[k];
  const auto z = sim::standard_normal_pair(unit(a[2]), unit(a[3]));
  p.clinician_hours = std::exp(cm + cs * z[0]);
  p.workup_hours = std::exp(wm + ws * z[1]);
  if (ambulance) {
    const double u = rng_.uniform(streams::kAeTimes, person.resident, occasion + 1);
    p.handover_hours = ed.handover_minutes / 60.0 * sim::standard_exponential(u);
  }
  return p;
}

// Each site's beds for today: those free since last night ready at once, those freed today
// ready at their hour of release (by flow.emergency_department.discharges_by_hour) plus the
// turnaround.
void HospitalFlow::offer_beds(int day) {
  const double turnaround = config_.emergency_department.bed_turnaround_hours;
  std::vector<double> times;
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    const std::int64_t free = std::max<std::int64_t>(0, sites_[s].limit - sites_[s].occupied);
    const std::int64_t released = std::min(free, sites_[s].freed);
    times.clear();
    for (std::int64_t k = 0; k < released; ++k) {
      const auto u = rng_.uniform2(streams::kBedRelease, keys::freed_bed(static_cast<int>(s), static_cast<int>(k)),
                                   static_cast<std::uint32_t>(day));
      times.push_back(24.0 * day + static_cast<double>(sim::categorical(release_hours_, u[0])) + u[1] + turnaround);
    }
    departments_[s].ed.offer_beds(static_cast<int>(free - released), times);
  }
}

// Today's patients join their site's department in the order given (admissions, then the other
// attendances), each at their own hour; the departments then run to midnight. Patients still
// waiting for a bed max_ae_wait_days after the decision are transferred out.
void HospitalFlow::through_departments(int day, const std::vector<FlowPerson>& admissions, const std::vector<FlowPerson>& visits,
                                       FlowWorld& world) {
  offer_beds(day);
  // A non-admitted attendance is kept at its site until it leaves A&E: its ref.
  auto visitor = [&](int site, const FlowPerson& person) {
    Department& dept = departments_[static_cast<std::size_t>(site)];
    const int v = take_slot(dept.visitors, dept.free_visitors);
    dept.visitors[static_cast<std::size_t>(v)] = person;
    return -v - 1;
  };
  for (const FlowPerson& person : admissions) {
    const int s = take_in(day, person, world);
    if (s == kElsewhere || (s == kNoBed && !person.via_ae)) continue;
    const int site = s >= 0 ? stays_[static_cast<std::size_t>(s)].site : layout_.site_of_pcn[static_cast<std::size_t>(person.pcn)];
    departments_[static_cast<std::size_t>(site)].today.emplace_back(&person, s >= 0 ? s : visitor(site, person));
  }
  for (const FlowPerson& person : visits) {
    const int site = layout_.site_of_pcn[static_cast<std::size_t>(person.pcn)];
    departments_[static_cast<std::size_t>(site)].today.emplace_back(&person, visitor(site, person));
  }
  if (executor_ != nullptr) {
    executor_->for_each(departments_.size(), [&](std::size_t s) { run_department(static_cast<int>(s), day, world); });
  } else {
    for (std::size_t s = 0; s < departments_.size(); ++s) run_department(static_cast<int>(s), day, world);
  }
  for (Department& dept : departments_) {
    for (int s : dept.transfers) end_stay(s);
    dept.transfers.clear();
  }
}

// One site's department: today's patients arrive, each with their own draws, and it runs to midnight.
void HospitalFlow::run_department(int site, int day, FlowWorld& world) {
  Department& dept = departments_[static_cast<std::size_t>(site)];
  for (const auto& [person, ref] : dept.today) {
    const int slot = dept.ed.arrive(ae_patient(*person, day, ref >= 0, ref));
    if (ref >= 0) stays_[static_cast<std::size_t>(ref)].ae = slot;
  }
  dept.today.clear();
  DepartmentSeam seam(*this, world, day, site);
  dept.ed.run(24.0 * (day + 1), 24.0 * (day - config_.acute.max_ae_wait_days), seam);
}

// Tonight's beds: every patient in a bed is a bed day; a fit patient still in one is a delayed
// day, by reason and by who is responsible.
void HospitalFlow::count_day(int day, FlowWorld& world) {
  const std::size_t first = nights_.size();
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    nights_.push_back({day, static_cast<int>(s), sites_[s].base, sites_[s].limit, sites_[s].occupied, 0, 0, sites_[s].level,
                       electives_ ? electives_->listed(static_cast<int>(s)) : 0});
  }
  if (electives_) {
    ElectiveSeam seam(*this, world);
    electives_->count_night(seam);
  }
  for (const Stay& st : stays_) {
    if (st.stage == Stage::kGone) continue;
    SiteNight& night = nights_[first + static_cast<std::size_t>(st.site)];
    if (st.stage == Stage::kWaitingForBed) {
      ++night.waiting;
      continue;
    }
    world.count(FlowCount::kBedDays, st.person, st.site, 1);
    if (st.stage == Stage::kTreatment) continue;
    ++night.delayed;
    const DelayReason reason = st.stage == Stage::kAssessment ? DelayReason::kAwaitingAssessment
                               : st.stage == Stage::kChoice   ? DelayReason::kPatientChoice
                               : st.stage == Stage::kProcess  ? DelayReason::kAwaitingDischargeProcess
                                                              : reason_for(st.service);
    world.count(FlowCount::kDelayedDays, st.person, st.site, 1);
    world.count(count_of(FlowCount::kDelayReasonFirst, reason), st.person, st.site, 1);
    world.count(count_of(FlowCount::kResponsibleFirst, kDelayResponsible[reason]), st.person, st.site, 1);
  }
}

}  // namespace icsim::agents
