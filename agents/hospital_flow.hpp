// Flow through hospital and the services downstream of it: admitted residents occupy acute
// beds, become medically fit, need a discharge pathway, and wait in the bed while the service
// they need is full (a delayed transfer of care). Downstream services are pools of finite
// capacity, one per System, Place or PCN, contested by hospital discharges and by residents
// referred from the community. docs/model.md, "Hospital flow and delays", gives every rule.
//
// The flow runs once a day after the care pathway, serially: sites and pools are shared by
// several PCNs, and a few hundred admissions a day cost little. Every random draw is keyed by
// the resident (or the pool, for anonymous community referrals) and the day.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "agents/age_bands.hpp"
#include "agents/capacity_plan.hpp"
#include "agents/config.hpp"
#include "agents/discharge_teams.hpp"
#include "agents/electives.hpp"
#include "agents/emergency_department.hpp"
#include "sim/calendar.hpp"
#include "sim/event_queue.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

// What the flow counts. The engine keeps one flow per value, in this order.
enum class FlowCount : int {
  kAdmittedHere,        // emergency admissions to a site of the System
  kAdmittedElsewhere,   // emergency admissions to hospitals outside the System
  kZeroNightStays,      // assessed and sent home the day they arrived
  kOneNightStays,
  kLongerStays,         // two nights or more
  kBedDays,             // nights in an acute bed
  kStayDays,            // nights of the overnight stays that ended, summed as they end
  kSpellsEnded,         // overnight stays ended by discharge or death
  kHospitalDeaths,
  kDischargeFirst,      // discharges by pathway (zero-night stays go home): kDischargePathways values
  kDelayedDays = kDischargeFirst + kDischargePathways,
  kDelayReasonFirst,    // delayed days by reason: kDelayReasons values
  kResponsibleFirst = kDelayReasonFirst + kDelayReasons,  // by responsible body
  kAeWaits = kResponsibleFirst + kResponsibleBodies,       // waited past the day of admission for a bed
  kTransfersOut,        // waited too long for any System bed: transferred to a hospital outside
  kReadmissions30d,
  kResidentialAdmissions,         // permanent care-home admissions, from hospital or the community
  kResidentialAdmissionsCouncil,  // of which council-supported (the ASCOF 2A count)
  kHomeCareStarts,
  kReablementStarts,
  kIntermediateCareStarts,
  kIntermediateBedDays,
  kCommunityNursingStarts,
  // A&E time in department (FlowConfig::emergency_department), counted as patients leave A&E.
  kAeTimedAttendances,  // attendances at the System's departments
  kAeOver4h,            // more than 4 hours from arrival to leaving
  kAeOver12h,           // more than 12 hours from arrival
  kAeDtaOver12h,        // more than 12 hours from the decision to admit to a bed
  kAmbulanceHandovers,
  kHandoversOver30m,
  kHandoversOver60m,
  // Electives sharing the beds (FlowConfig::acute.electives), by site.
  kElectiveAdditions,      // added to a site's waiting list
  kElectiveAdmissions,     // admitted from the list
  kElectiveCancellations,  // booked and cancelled on the day
  kElectiveBedDays,        // nights of elective patients in a bed
  kElectiveWaitDays,       // days from listing to admission, counted at admission
  kCount
};
inline constexpr int kFlowCounts = static_cast<int>(FlowCount::kCount);

// An admitted resident, or a resident referred from the community, as the flow sees them.
struct FlowPerson {
  std::uint64_t resident;  // resident key: random streams and callbacks
  int pcn;                 // the resident's PCN: decides the site and the pools
  int cell;                // reporting cell (age band, sex, deprivation) for the counts
  int age;
  int frailty;             // 0 fit .. 3 severe: an ordinal, as in HealthState
  LivingSetting setting;
  std::optional<EpisodeType> episode_type;  // of the admission; none for a community referral
  bool readmission = false;  // an admission within 30 days of leaving hospital
  // Programmes covering the person (docs/model.md, "Programmes and decisions"): rate ratios on
  // the stay's mean nights, the mean hand-off days, and the care-home share of discharges.
  double stay_rr = 1.0;
  double assessment_rr = 1.0;
  double care_home_discharge_rr = 1.0;
  // An end-of-life admission: the nights until the death drawn for the person (0: not one).
  int end_of_life_nights = 0;
  // How they came: through A&E (by ambulance or not), or directly (from a GP or SDEC); and the
  // acuity that decides their place in A&E's queues.
  bool via_ae = false;
  bool ambulance = false;
  Urgency acuity = Urgency::kUrgent;
};

// Mean nights needed in a bed by age and frailty (flow.stay.mean_days x frailty_rr), before the
// reason for admission and programmes: the admissions' stays and the warm start's.
inline double mean_nights(const StayConfig& stay, int age, int frailty) {
  return stay.mean_days[static_cast<std::size_t>(report_band_of_age(age))] * stay.frailty_rr[static_cast<std::size_t>(frailty)];
}

// What the flow needs from the rest of the model: the engine implements it; tests stand in for it.
class FlowWorld {
 public:
  virtual ~FlowWorld() = default;
  // False once the resident has died or moved away. (Inpatients who leave so are reported with
  // HospitalFlow::resident_left instead.)
  virtual bool present(std::uint64_t resident) const = 0;
  // True if the resident left by dying (asked only once present() is false).
  virtual bool died(std::uint64_t resident) const = 0;
  // The resident's living setting now, and whether they are in hospital now.
  virtual LivingSetting setting(std::uint64_t resident) const = 0;
  virtual bool in_hospital(std::uint64_t resident) const = 0;
  // A referral from home lapsed (the resident was admitted meanwhile): they are no longer
  // waiting, so a need can arise at home again.
  virtual void referral_lapsed(std::uint64_t resident, int day) = 0;
  // The resident is in hospital from today (true) or back in the community (false: discharged
  // today, which also starts the 30 days in which an admission counts as a readmission).
  virtual void set_in_hospital(std::uint64_t resident, bool in_hospital, int day) = 0;
  // The resident lives in `setting` from today (a care package starts, or a care-home placement).
  virtual void set_setting(std::uint64_t resident, LivingSetting setting, int day) = 0;
  // The resident started (or arrived) with care that their pool has no place for: from today
  // they live at their own home, referred and waiting for a place.
  virtual void wait_at_home(std::uint64_t resident, int day) = 0;
  // Adds `amount` to a count for the person's PCN and cell, and for the site if site >= 0.
  virtual void count(FlowCount what, const FlowPerson& person, int site, std::int64_t amount) = 0;
};

// The layout of sites and pools over PCNs, fixed for a run.
struct FlowLayout {
  std::vector<std::int64_t> site_beds;               // base general and acute beds, by site
  std::vector<int> site_of_pcn;                      // catchment site of each PCN
  EnumArray<DownstreamService, std::vector<int>, kDownstreamServices> pool_of_pcn;  // by service: pool of each PCN
  EnumArray<DownstreamService, std::vector<std::int64_t>, kDownstreamServices> pool_capacity;  // by service and pool
  // By service and pool: the council that owns it (index into councils; -1 for NHS services, or
  // none given), and its name for outputs ("council/area", the council alone at System level).
  EnumArray<DownstreamService, std::vector<int>, kDownstreamServices> pool_council;
  EnumArray<DownstreamService, std::vector<std::string>, kDownstreamServices> pool_id;
  // The discharge teams (agents/discharge_teams.hpp): the team of each PCN, and by team the
  // organisations it works with (the councils, PCNs and acute sites of its patients, each
  // needing liaison), the organisations outside it that each case waits on (the council, unless
  // the team's area lies within one council, whose social workers are then in the team; the
  // patient's PCN, unless it is the PCN's own team), its share of the budget (its residents
  // aged 65+ with moderate or severe frailty) and its name. Empty: one team for every PCN.
  std::vector<int> team_of_pcn;
  std::vector<int> team_partners;
  std::vector<int> team_interfaces;
  std::vector<double> team_share;
  std::vector<std::string> team_id;
  sim::DayNumber start_day = 0;  // the run's first day, for weekends
  double scale = 1.0;            // the world's scale: teams are sized at the full population
};

// By service and PCN, who the service's places are shared out by: the residents using it at the
// start (living with a package, in a care home), or for short-term services, which have no
// starting stock, the residents expected to be referred (aged 65+, moderate or severe frailty).
using StartingUsers = EnumArray<DownstreamService, std::vector<std::int64_t>, kDownstreamServices>;

// Each service's pools at its level, owned by councils for council services, and their places:
// the configured total (times `scale`) shared out in proportion to the starting users, or for a
// service with an initial occupancy, each pool's starting users over that occupancy (agents/flow_layout.cpp).
void lay_out_pools(const WorldConfig& world, const FlowConfig& flow, const StartingUsers& users, double scale, FlowLayout& layout);
// The discharge teams at the configured team level (FlowLayout, "discharge teams"), after the
// sites; `users` as for the pools (the frail residents of short-term services share the budget).
void lay_out_teams(const WorldConfig& world, const FlowConfig& flow, const StartingUsers& users, FlowLayout& layout);

class HospitalFlow {
 public:
  HospitalFlow(const FlowConfig& config, FlowLayout layout, const sim::CounterRng& rng, int num_days);

  // A resident living with a home care package or in a care home when the run starts, or
  // arriving so, takes a place in their pool ahead of the queues; if it is full they wait at
  // home for one (FlowWorld::wait_at_home), so no pool is ever over capacity.
  void settle(DownstreamService service, const FlowPerson& person, int day, FlowWorld& world);
  // A resident died or moved away today; if they are in hospital, their stay ends at the next
  // step (the flow learns of it here rather than asking about every inpatient every day).
  void resident_left(std::uint64_t resident) { left_.push_back(resident); }
  // A long-term client of this PCN left (died or moved away); frees their place, wherever held.
  void release(DownstreamService service, std::uint64_t resident, int pcn);
  // The pool holding a long-term client's place: another council's under shared brokerage,
  // otherwise the pool of their PCN.
  int holder(DownstreamService service, std::uint64_t resident, int pcn) const;
  // A resident in the community needs a long-term service (home care or a care-home place);
  // they wait at home until a place is free.
  void refer(DownstreamService service, const FlowPerson& person);
  // Residents eligible for short-term community referrals (aged 65+, moderate or severe
  // frailty), by PCN and reporting cell: the base of each day's anonymous referrals.
  void set_community_base(const std::vector<std::vector<std::int64_t>>& frail_by_pcn_cell);
  // Residents by PCN and reporting cell: whom additions to the elective lists come from (with
  // electives on). fill_electives, before the warm start, then fills the lists and the beds of
  // electives admitted before the first day.
  void set_elective_base(const std::vector<std::vector<std::int64_t>>& residents_by_pcn_cell);
  void fill_electives(FlowWorld& world);

  // One day: services that end today free their places, inpatients who are fit move on, the
  // pools take whom they can, today's admissions (in the order given) take free beds, and the
  // day's bed days and delayed days are counted. In two parts: begin_day needs nothing of
  // today's admissions, so it can run while they are still being routed.
  void step(int day, const std::vector<FlowPerson>& admissions, FlowWorld& world) {
    begin_day(day, world);
    end_day(day, admissions, {}, world);
  }
  void begin_day(int day, FlowWorld& world);
  // From today, each site's base beds (and its escalation beds) and each pool's places are the
  // layout's times the plan's index for the year, rounded. A pool or site over its new
  // capacity takes nobody until enough leave.
  void set_capacity(const CapacityIndex& index);
  // The warm start: a patient already in a bed before the first day, with `nights` of treatment
  // left (0: fit on the first day), at their own site or the one with most free beds. Not one
  // of the run's admissions; false if every bed is taken.
  bool seat(const FlowPerson& person, int nights, FlowWorld& world);
  // With the emergency department on, the admissions and today's A&E attendances not admitted
  // (`visits`) pass through the sites' departments; beds freed today are ready through the day.
  void end_day(int day, const std::vector<FlowPerson>& admissions, const std::vector<FlowPerson>& visits, FlowWorld& world);

  // Each site's beds at the end of each day: its base and limit, occupied (base and escalation),
  // of which delayed, and patients waiting in A&E for a bed.
  struct SiteNight {
    int day;
    int site;
    std::int64_t beds, limit;  // base beds, and with escalation
    std::int64_t occupied, delayed, waiting;  // occupied includes elective patients
    int level;                 // the day's escalation level (OPEL 1-4)
    std::int64_t listed;       // on the site's elective waiting list
  };
  const std::vector<SiteNight>& nights() const { return nights_; }
  // A site's emergency department (none when FlowConfig::emergency_department is off).
  const EmergencyDepartment* department(int site) const {
    return departments_.empty() ? nullptr : &departments_[static_cast<std::size_t>(site)].ed;
  }
  // Runs the sites' departments in parallel on `executor`, which the FlowWorld must allow: its
  // counts and calls for patients of different sites must touch different state (the engine's
  // do, each PCN having one site). None (the default): one after another.
  void set_executor(sim::Executor* executor) { executor_ = executor; }

  // For conservation checks and tests.
  std::int64_t inpatients() const { return inpatients_; }           // in a bed or waiting for one
  int sites() const { return static_cast<int>(sites_.size()); }
  std::int64_t base_beds(int site) const { return sites_[static_cast<std::size_t>(site)].base; }
  std::int64_t beds_occupied(int site) const { return sites_[static_cast<std::size_t>(site)].occupied; }
  std::int64_t bed_limit(int site) const { return sites_[static_cast<std::size_t>(site)].limit; }
  int escalation_level(int site) const { return sites_[static_cast<std::size_t>(site)].level; }
  std::int64_t in_use(DownstreamService service, int p) const { return pool(service, p).in_use; }
  std::int64_t capacity(DownstreamService service, int p) const { return pool(service, p).capacity; }
  // Places taken from the pool's queues since the start, for its own clients wherever placed,
  // and of those, places in another council's pool (shared brokerage).
  std::int64_t placements(DownstreamService service, int p) const { return pool(service, p).placed; }
  std::int64_t placed_elsewhere(DownstreamService service, int p) const { return pool(service, p).placed_elsewhere; }
  // Long-term clients whose place is held in another council's pool: resident -> pool.
  const std::unordered_map<std::uint64_t, int>& hosted(DownstreamService service) const { return hosted_[service]; }
  const FlowLayout& layout() const { return layout_; }
  // Entries in the pool's queues, including those voided since (people served elsewhere), which
  // are dropped only when they come up.
  std::int64_t queued(DownstreamService service, int pool) const;
  int pools(DownstreamService service) const { return static_cast<int>(pools_[service].size()); }
  int pool_of(DownstreamService service, int pcn) const { return layout_.pool_of_pcn[service][static_cast<std::size_t>(pcn)]; }
  // The discharge teams, when their mechanism is on.
  const DischargeTeams* discharge_teams() const { return teams_ ? &*teams_ : nullptr; }
  // The elective lists and patients, when their mechanism is on.
  const Electives* electives() const { return electives_ ? &*electives_ : nullptr; }

 private:
  enum class Stage : std::uint8_t { kWaitingForBed, kTreatment, kProcess, kAssessment, kChoice, kQueued, kGone };
  static constexpr int kNotYet = std::numeric_limits<int>::max();
  struct Stay {
    FlowPerson person;
    int site;
    int bed_day;      // first night in a bed (admission day, or later after waiting in A&E)
    int admitted;     // day of arrival
    int stay_days;    // clinically needed nights, from the first night in a bed
    int ready_day;    // end of treatment, assessment or choice hold-up (kNotYet: in a team's queue)
    DischargePathway pathway;   // once fit
    DownstreamService service;  // the service queued for
    std::uint32_t ticket;       // queue entries carry it; a later enqueue voids earlier ones
    Stage stage;
    int ae = -1;                // the patient's slot in the site's department while there
  };
  struct Client {
    int stay;                  // index into stays_ for an inpatient; -1 for someone at home
    std::uint32_t ticket;      // the stay's ticket when queued
    bool known;                // a resident (false: an anonymous community referral)
    FlowPerson person;
    int holding;               // an intermediate-care place held while waiting, or -1
  };
  struct Pool {
    std::int64_t capacity = 0;
    std::int64_t in_use = 0;
    int council = -1;                   // the owner of a council service's pool
    std::int64_t placed = 0;            // see placements()
    std::int64_t placed_elsewhere = 0;  // see placed_elsewhere()
    std::deque<Client> hospital;   // inpatients waiting (delayed transfers), served first
    std::deque<Client> community;  // people waiting at home
  };
  struct Site {
    std::int64_t base = 0;
    std::int64_t limit = 0;  // base plus the escalation beds of its level
    int level = 1;           // OPEL 1-4, set each morning (escalate)
    std::int64_t occupied = 0;
    std::int64_t freed = 0;  // beds freed today (begin_day)
    std::deque<std::pair<int, std::uint32_t>> waiting;  // (stay, ticket) waiting in A&E, in order
  };
  // A short-term episode in progress (reablement, intermediate care, community nursing).
  struct Active {
    DownstreamService service;
    int pool;
    bool known;
    FlowPerson person;
    bool holding_for_placement = false;  // an intermediate-care bed kept until a care home is found
    bool released = false;               // freed while a weekly check was pending
  };

  Pool& pool(DownstreamService service, int p) { return pools_[service][static_cast<std::size_t>(p)]; }
  const Pool& pool(DownstreamService service, int p) const { return pools_[service][static_cast<std::size_t>(p)]; }
  Pool& pool_for(DownstreamService service, int pcn) { return pool(service, pool_of(service, pcn)); }

  void end_episodes(int day, FlowWorld& world);
  // Each site's level from last night's occupancy, and the escalation beds it opens.
  void escalate();
  std::int64_t escalation_beds(const Site& site) const;
  void review_inpatients(int day, FlowWorld& world);
  void serve_pools(int day, FlowWorld& world);
  std::optional<Client> next_client(DownstreamService service, int p, int day, FlowWorld& world);
  void broker(DownstreamService service, int day, FlowWorld& world);
  int pool_with_room(DownstreamService service, int home) const;
  void place(DownstreamService service, int host, int home, const Client& client, int day, FlowWorld& world);
  void community_referrals(int day);
  void admit(int day, const std::vector<FlowPerson>& admissions, FlowWorld& world);
  // An admission arriving today: counted, and a stay needing a bed (its index) unless it went
  // to a hospital elsewhere (kElsewhere) or needs no bed (kNoBed: a zero-night stay, or died).
  static constexpr int kElsewhere = -2, kNoBed = -1;
  int take_in(int day, const FlowPerson& person, FlowWorld& world);
  // The day through the departments (FlowConfig::emergency_department).
  void through_departments(int day, const std::vector<FlowPerson>& admissions, const std::vector<FlowPerson>& visits,
                           FlowWorld& world);
  void offer_beds(int day);
  AePatient ae_patient(const FlowPerson& person, int day, bool bed, int ref) const;
  void run_department(int site, int day, FlowWorld& world);
  class DepartmentSeam;
  friend class DepartmentSeam;
  class ElectiveSeam;
  friend class ElectiveSeam;
  int site_with_room(int preferred) const;
  void count_day(int day, FlowWorld& world);

  int new_stay(const FlowPerson& person, int site, int day);
  void give_bed(int s, int day);
  // The stay is over today: frees the bed and counts the leaving, by the discharge pathway, or
  // without one for a resident who died or moved away.
  void leave(int s, int day, std::optional<DischargePathway> pathway, FlowWorld& world);
  void end_stay(int s);  // the slot is free again
  void fit(int s, int day, FlowWorld& world);
  void after_assessment(int s, int day, FlowWorld& world);
  void enqueue(int s, DownstreamService service);
  // Starts a service for a client in pool p; false if it took no place (already living so).
  bool start(DownstreamService service, int p, const Client& client, int day, FlowWorld& world);
  void start_short_term(DownstreamService service, int p, bool known, const FlowPerson& person, int day, FlowWorld& world);
  int begin_episode(DownstreamService service, int p, bool known, const FlowPerson& person, int day);
  void start_package(int p, const FlowPerson& person, int day);
  void free_active(int a);
  bool holds(const Client& c) const;  // the client still holds the place it was queued with

  // The discharge teams' day: each assesses from its queue; a case then waits on the
  // organisations outside the team and on the provider's own assessment (unless trusted).
  void assess(int day, FlowWorld& world);
  bool assessed(int s, std::uint32_t ticket, bool escalated, int day, FlowWorld& world);

  const FlowConfig& config_;
  FlowLayout layout_;
  const sim::CounterRng& rng_;
  std::optional<DischargeTeams> teams_;  // none when the team mechanism is off
  std::optional<Electives> electives_;   // none when electives are off
  std::vector<Site> sites_;
  EnumArray<DownstreamService, std::vector<Pool>, kDownstreamServices> pools_;
  EnumArray<DownstreamService, std::unordered_map<std::uint64_t, int>, kDownstreamServices> hosted_;  // see hosted()
  std::vector<Stay> stays_;
  std::vector<int> free_stays_;
  std::vector<Active> active_;
  std::vector<int> free_active_;
  sim::EventCalendar episode_ends_;  // entity: index into active_
  std::vector<int> next_working_;    // by day of the run: that day if a working day, else the next one
  // Per service and PCN: who community referrals come from, as (PCN, cell) with running sums.
  struct ReferralBase {
    std::vector<std::pair<int, int>> pcn_cell;
    std::vector<double> cumulative;
  };
  EnumArray<DownstreamService, std::vector<ReferralBase>, kDownstreamServices> referral_base_;
  // A site's department and what it holds, each touched only by its own site's work, so that
  // sites can run in parallel.
  struct Department {
    EmergencyDepartment ed{1, {}};
    std::vector<std::pair<const FlowPerson*, int>> today;  // arriving today: (person, ref)
    std::vector<FlowPerson> visitors;  // by -ref - 1: attendances in A&E not admitted
    std::vector<int> free_visitors;
    std::vector<int> transfers;        // stays transferred out today, ended after the run
  };
  std::vector<Department> departments_;  // by site, when on
  sim::Executor* executor_ = nullptr;
  // Running shares by hour of the day: walk-in and ambulance arrivals, and freed beds.
  std::array<double, 24> walk_in_hours_{}, ambulance_hours_{}, release_hours_{};
  // By acuity, the lognormal's mu and sigma of the clinician's and the investigations' hours.
  std::array<std::pair<double, double>, kUrgencies> clinician_hours_{}, workup_hours_{};
  std::vector<std::uint64_t> left_;                        // residents who died or moved since the last step
  std::int64_t inpatients_ = 0;
  std::vector<SiteNight> nights_;
};

}  // namespace icsim::agents
