// The validated, immutable description of a run: plain values only. scenarios/ builds it from
// scenario files; nothing downstream of it sees JSON.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/vocabulary.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {

struct SystemConfig {
  std::string id;
  std::string name;
};

struct PlaceConfig {
  std::string id;
  std::string name;
  std::vector<std::string> local_authorities;  // ONS LAD codes whose residents form the Place
  double growth_per_year;                      // published annual population growth, fraction
};

struct CouncilConfig {
  std::string id;
  std::string name;
  std::vector<int> places;  // indices into places
};

struct PcnConfig {
  std::string id;
  std::string name;
  int place;                  // index into places
  int council;                // index into councils: adult social care for this PCN
  std::vector<int> practices; // indices into practices
};

struct PracticeConfig {
  std::string id;
  std::string name;
  std::int64_t list_size;                      // registered patients, all ages
  std::optional<std::int64_t> list_size_50_plus; // registered patients aged 50+, if known
  std::optional<double> imd2019_score;         // practice deprivation score (higher = more deprived)
  int pcn;                                     // index into pcns
};

enum class ProviderKind { kAcuteSite, kCommunity, kMentalHealth };

struct ProviderConfig {
  std::string id;
  std::string name;
  ProviderKind kind;
  std::string organisation;          // the legal body, e.g. the trust an acute site belongs to
  std::int64_t general_acute_beds;   // acute sites only; 0 otherwise
  std::vector<int> places;           // Places served (the catchment, for acute sites)
};

struct PopulationCell {
  std::string local_authority;  // LAD code
  int sex;                      // 0 female, 1 male
  int age_band;                 // census band 0..18
  std::int64_t residents;
};

struct DeprivationArea {
  std::string local_authority;  // LAD code
  int imd_decile;               // 1..10, national
  double population;            // area population, the weight
};

struct WorldConfig {
  SystemConfig system;
  std::vector<PlaceConfig> places;
  std::vector<CouncilConfig> councils;
  std::vector<PcnConfig> pcns;
  std::vector<PracticeConfig> practices;
  std::vector<ProviderConfig> providers;
};

struct PopulationConfig {
  std::vector<PopulationCell> census;        // usual residents by LAD, sex and 5-year band
  std::vector<DeprivationArea> deprivation;  // small areas with their IMD decile and size
  double deprivation_practice_weight;        // 0: Place mix for all; 1: ranked by practice score
  double scale;                              // multiplies every count (for fast tests)
};

struct DemographyConfig {
  // Central death rates m_x by sex and single year of age 0..100 (per year).
  std::array<std::array<double, kLifeTableMaxAge + 1>, kSexes> mortality_rate;
  double mortality_multiplier;
  // Live births per woman-year by mother's age band 15-19 ... 45-49.
  std::array<double, kFertilityAgeBands> fertility_rate;
  double male_birth_share;
  // Gross out-migration rate per resident-year by census age band.
  std::array<double, kCensusAgeBands> out_migration_rate;
};

// --- Health: conditions, frailty, living setting, episodes of need (docs/model.md, "Health").

struct ConditionConfig {
  int min_age;                                   // youngest age on the register (QOF base)
  std::array<double, kReportBands> age_profile;  // relative prevalence by report band (shape)
  double male_ratio;                             // prevalence, men / women
  double deprivation_ratio;                      // prevalence, most / least deprived quintile
  double mortality_hr;                           // hazard ratio for death
  double exacerbation_rate;                      // urgent exacerbations per person-year with it
  bool acsc;                                     // an ambulatory-care-sensitive condition
};

// One practice's QOF register for one condition.
struct PracticeRegister {
  int practice;         // index into practices
  int condition;        // Condition
  double registered;    // patients on the register
  double list_base;     // registered patients of the register's age base
};

struct FrailtyConfig {
  std::array<std::array<double, kFrailtyLevels>, kReportBands> initial_share;  // by band, sums to 1
  double condition_log_odds;  // per long-term condition above the band's mean (proportional odds)
  std::array<double, kFrailtyLevels - 1> progression_rate;  // steps up per person-year at age 75
  double progression_age_rr;  // progression rate ratio per 10 years of age
  int progression_min_age;    // no progression below this age
  std::array<double, kFrailtyLevels> mortality_hr;
};

struct LivingSettingConfig {
  int min_age;                                             // support and care homes from this age
  std::array<double, kFrailtyLevels> care_home_share;      // by frailty, at min_age and over
  std::array<double, kFrailtyLevels> home_care_share;      // by frailty, at min_age and over
  double dementia_care_home_rr;                            // care-home share ratio with dementia
  std::array<double, kLivingSettings> mortality_hr;
};

struct EpisodeTypeConfig {
  std::array<double, kReportBands> rate;            // per person-year before the multipliers
  double deprivation_ratio;                         // rate, most / least deprived quintile
  std::array<double, kFrailtyLevels> frailty_rr;
  std::array<double, kLivingSettings> setting_rr;
  std::array<double, kConditions> condition_rr;     // multiplies the rate for each condition held
  std::array<double, kUrgencies> urgency_share;     // sums to 1
  double acsc_share;                                // share that are ACSC (other than exacerbations)
};

struct GpAccessConfig {
  double same_day_per_1000_per_week;  // same-day appointments for acute need, per 1,000 registered
  double in_hours_share;              // share of weekday needs that arise while practices are open
  double extended_hours_share;        // of needs out of core hours, the share arising while extended access runs
};

// A wave of illness (flu, COVID, RSV): its types' rates rise over its days and fall back.
struct Wave {
  std::string name;
  std::array<bool, kEpisodeTypes> episodes{};  // the types it raises
  sim::DayNumber start = 0;                    // first day
  int days = 0;
  double peak = 1.0;                           // relative rate at the midpoint
};

// Episode rates through the year (agents/seasons.hpp): each type's rate in each calendar
// month, relative to its yearly mean (the engine scales each row to a mean of one), and every
// type's by day of the week (scaled to a week's mean of one). Off: flat.
struct SeasonsConfig {
  bool on = false;
  std::array<std::array<double, 12>, kEpisodeTypes> by_month{};  // January first
  std::array<double, 7> by_weekday{1, 1, 1, 1, 1, 1, 1};          // Monday first
  std::vector<Wave> waves;                                       // shocks on top, with seasons on or off
};

// End-of-life admissions (docs/model.md, "Where people die"): a resident whose next health
// transition is death may be admitted as an emergency in the days before it, and die in hospital.
struct EndOfLifeConfig {
  bool on = false;
  double lead_days = 9.0;                                // mean days from the admission to the death
  std::array<double, kLivingSettings> admission_share{};  // by living setting: the chance of that admission
};

struct HealthConfig {
  std::array<ConditionConfig, kConditions> conditions;
  std::vector<PracticeRegister> registers;  // every practice x condition
  double onset_comorbidity_rr;              // onset rate ratio per condition already held
  FrailtyConfig frailty;
  LivingSettingConfig settings;
  std::array<EpisodeTypeConfig, kEpisodeTypes> episodes;
  GpAccessConfig gp;
  SeasonsConfig seasons;
  EndOfLifeConfig end_of_life;
};

// --- The care pathway: services as vertices, routing rules as edges (docs/model.md).

// Who a route applies to: every criterion given must hold. Masks hold one bit per category.
struct RouteCriteria {
  std::uint32_t urgency_mask = ~0u;
  std::uint32_t episode_mask = ~0u;
  std::uint32_t frailty_mask = ~0u;
  std::uint32_t setting_mask = ~0u;
  std::uint32_t condition_mask = 0;  // 0: any; otherwise holds at least one of these
  int min_age = 0;
  int max_age = 1000;
  int hours = -1;                    // -1 any, 0 in hours, 1 out of hours
  bool unconditional = true;         // the route had no "when"
};

struct RouteConfig {
  RouteCriteria when;
  std::vector<std::pair<int, double>> to;  // (node index, probability); may sum to less than 1
};

struct PathwayNodeConfig {
  std::string id;
  ServiceKind kind;
  std::vector<RouteConfig> routes;     // the first route whose criteria hold applies
  std::vector<RouteConfig> when_full;  // services with capacity: where episodes go when full
};

struct PathwayConfig {
  std::vector<PathwayNodeConfig> nodes;
  int entry;  // index of the node every episode starts at
};

// --- Hospital flow and downstream care (docs/model.md, "Hospital flow and delays").

struct StayConfig {
  double zero_day_share;                          // admissions that leave the day they arrive
  std::array<double, kReportBands> mean_days;     // clinically needed stay of a day or more, by band
  std::array<double, kFrailtyLevels> frailty_rr;  // multiplies the mean
  std::array<double, kEpisodeTypes> episode_rr;   // multiplies the mean, by the reason for admission
  double cv;                                      // coefficient of variation (lognormal)
};

// Escalation in steps, as NHS trusts' operational pressures escalation levels (OPEL 1-4): each
// morning a site's level follows last night's occupancy of its base beds; each level opens its
// own escalation beds and sets the hospital's discharge effort. Off: level 1 always.
inline constexpr std::size_t kEscalationLevels = 4;
struct EscalationConfig {
  bool on = false;
  std::array<double, kEscalationLevels - 1> occupancy{};  // occupancy of the base at which OPEL 2, 3 and 4 start (not falling)
  std::array<double, kEscalationLevels> beds_share{};     // escalation beds open at OPEL 1-4, as a share of the base
  std::array<double, kEscalationLevels> process_rr{1.0, 1.0, 1.0, 1.0};  // discharge.home_process_share multiplier
};

// Elective (planned) inpatients sharing the general and acute beds (agents/electives.hpp): each
// site's waiting list, its booked programme on working days, and cancellation on the day.
struct ElectiveConfig {
  bool on = false;
  double additions_per_1000 = 0.0;              // added to the System's lists per 1,000 residents a year
  std::array<double, kReportBands> age_rr{};    // relative additions by report band (the residents' weights)
  double programme_ratio = 1.0;                 // booked per working day over the mean additions per working day
  int notice_days = 0;                          // from joining the list, the least wait before a booking
  double mean_nights = 1.0;                     // nights in a bed (lognormal, at least one)
  double cv = 1.0;
  int cancel_at_level = 4;                      // from this OPEL level the day's electives are cancelled (5: never)
  double initial_wait_days = 0.0;               // the first day's lists: this many days of additions (Little's law)
};

struct AcuteConfig {
  EscalationConfig escalation;
  ElectiveConfig electives;
  double out_of_area_share;  // emergency admissions of residents to hospitals outside the System
  int max_ae_wait_days;      // days a patient waits in A&E for any System bed before transfer out
};

// Teams of whole people (agents/workforce.hpp): recruitment, turnover, absence, cover, minimum
// teams and management time. Off: funded time is in post at once, never absent, with no minimum
// team, management time or fixed costs.
struct WorkforceConfig {
  bool on = true;
  double recruitment_days;      // mean days from a campaign's start to the new starter
  int campaigns_per_month;      // recruitment campaigns one unit's pipeline starts in 30 days
  double turnover_per_year;     // leavers per filled post per year
  double absence_share;         // share of working days a member of staff is away (sickness, leave)
  double cover_share;           // extra work each present member takes on for absent colleagues
  double management_wte;        // a team's lead, whatever its size
  double staff_per_manager;     // span of control: further management per this many staff
  double team_fixed_cost_gbp;   // per team and year: systems, premises, training
};

// The discharge teams (agents/discharge_teams.hpp): assessors and brokers at the team level, in
// posts as programme teams are, with a queue of medically fit patients. Off: every hand-off is
// exponential with mean handoff_days at every level (no staff, queue, weekends or interfaces).
struct DischargeTeamConfig {
  bool on = true;
  double handoff_days;              // off: the mean hand-off, at every level
  double budget_gbp;                // per year, all the System's teams, shared by their frail residents
  double staff_cost_gbp;            // per whole time equivalent and year, with on-costs
  double cases_per_wte_day;         // assessments and care arranged per working WTE per day
  double weekend_share;             // staff on a weekend day, as a share of a weekday's (the same hours a week)
  double liaison_wte_per_partner;   // time each team gives each organisation it works with
  double interface_days;            // mean days a case waits on each organisation outside the team
  double trusted_assessment_share;  // providers taking the team's assessment without their own
  double provider_assessment_days;  // mean days of a provider's own assessment
  int escalation_days;              // a wait this long for the team escalates to the trust's duty team
  WorkforceConfig workforce;        // programmes.mechanisms.workforce: the same staff rules
};

struct DischargeConfig {
  int min_age;  // younger patients go home without new support
  // Pathway shares for patients from their own home, by frailty (each row sums to 1).
  std::array<std::array<double, kDischargePathways>, kFrailtyLevels> pathway_share;
  std::array<double, kEpisodeTypes> support_rr;  // odds-free multiplier of the non-home shares, by reason
  double reablement_share;  // of home-with-support discharges: reablement first, the rest home care
  CommissioningLevel team_level;  // where assessment and arranging sit
  DischargeTeamConfig team;
  // Of patients whose treatment ends on a weekend or bank holiday, the share a senior review
  // declares fit that day; the rest wait for the next working day (1: seven-day working).
  double weekend_discharge_share;
  // Of patients going home without support, the share whose discharge the hospital's own
  // process holds up past the day they are fit, and the mean days of that wait (at least one).
  double home_process_share;
  double home_process_days;
  double choice_share;     // care-home placements held up by patient or family choice
  double choice_days;      // mean days of that hold-up
  double deconditioning_per_week;  // aged 65+: chance per week of delay that needs step up a pathway
  double reablement_independent_share;   // leave reablement needing no further support (ASCOF 2D)
  double intermediate_care_home_share;   // leave a bedded intermediate stay for a care home
  double community_nursing_share;        // home-with-support discharges also referred to nursing
  double council_funded_share;           // care-home admissions supported by the council
};

// A downstream service. Council services (kCouncilCommissioned) have pools owned by a council:
// at System level one per council, sharing brokerage; at Place level one per council and Place;
// at PCN level one per PCN. NHS services have one pool per System, Place or PCN.
struct ServicePoolConfig {
  CommissioningLevel level;
  double capacity;        // places across the System: packages, beds or caseload (unused if initial_occupancy > 0)
  double mean_days;       // mean length of a short-term episode; 0: long-term, until death or a move
  double community_rate;  // short-term referrals from the community, per person-year aged 65+
                          // with moderate or severe frailty
  double initial_occupancy;   // > 0: each pool has its starting users / this many places (care homes)
  double cross_border_share;  // council services at System level: most a council places in other
                              // councils' free places, as a share of its placements
};

struct CommunityCareConfig {
  std::array<double, kFrailtyLevels> home_care_entry;  // per person-year, aged 65+ at own home
  std::array<double, kFrailtyLevels> care_home_entry;  // per person-year, aged 65+ not in a care home
  double dementia_care_home_rr;
};

struct UnitCosts {
  double gp_same_day, nhs111, utc, ambulance_conveyance, ambulance_incident, ae, sdec;  // per contact
  double admission_short, admission_long;   // per spell: zero or one night; longer
  double admission_elsewhere;               // per spell in a hospital outside the System
  double elective_spell;                    // per elective inpatient spell at a System site
  double excess_bed_day;                    // per delayed day in an acute bed
  double intermediate_bed_day, community_nursing_episode, reablement_episode;
  double home_care_day, care_home_day;      // per person-day of a package or a placement
};

// A resource's capacity over the horizon, as an index of its capacity in the world (1: as
// built): each year given holds until the next; after the last, the index follows a population
// at each year's start, by `pace` of its growth since the last year given (demographic growth),
// and grows by growth_per_year on top (non-demographic growth) (agents/capacity_plan.hpp).
struct CapacityTrajectory {
  std::vector<std::pair<int, double>> by_year;  // (calendar year, index), years ascending
  CapacityGrowth then = CapacityGrowth::kHold;
  double pace = 1.0;             // share of the population's growth the capacity keeps up with
  double growth_per_year = 0.0;  // compound, from the last year given
};
struct CapacityPlanConfig {
  CapacityTrajectory acute_beds;  // each site's base beds (its escalation beds follow)
  std::array<CapacityTrajectory, kDownstreamServices> services;  // each pool's places
};

// The hospital on the first day (docs/model.md, 7.11): each site's base beds times `occupancy`
// are taken by residents in proportion to their expected bed use, each partway through a stay;
// `fit_share` of them no longer meet the criteria to reside. Off: the hospital starts empty.
struct WarmStartConfig {
  bool on = false;
  double occupancy = 0.0;
  double fit_share = 0.0;
};

// A&E time in department (agents/emergency_department.hpp; docs/model.md, "A&E time in
// department"): when patients arrive and beds are freed through the day, the department's
// spaces and clinicians (per 100 of its hospital's base beds), and each acuity's times (by
// Urgency: emergency, urgent, minor). Off: admissions take beds at once on the day, with no time
// in the department.
struct EmergencyDepartmentConfig {
  bool on = false;
  std::array<double, 24> walk_in_by_hour{};    // shares of walk-in arrivals by hour of the day
  std::array<double, 24> ambulance_by_hour{};  // and of ambulance arrivals
  std::array<double, 24> clinicians_by_hour{};  // on duty, per 100 base beds
  double spaces_per_100_beds = 0.0;
  std::array<double, kUrgencies> clinician_minutes{};  // mean clinician time with a patient
  std::array<double, kUrgencies> workup_hours{};       // mean investigations and treatment after it
  double cv = 1.0;                 // of both (lognormal)
  double handover_minutes = 0.0;   // mean handover of an ambulance patient once a space is free (exponential)
  std::array<double, 24> discharges_by_hour{};  // shares of the day's freed beds by hour
  double bed_turnaround_hours = 0.0;            // from a bed's patient leaving to its next being ready
  double direct_decision_hours = 0.0;           // mean from a direct admission's arrival to needing a bed
};

struct FlowConfig {
  StayConfig stay;
  AcuteConfig acute;
  EmergencyDepartmentConfig emergency_department;
  WarmStartConfig warm_start;
  CapacityPlanConfig capacity_plan;
  DischargeConfig discharge;
  std::array<ServicePoolConfig, kDownstreamServices> services;
  CommunityCareConfig community;
  UnitCosts costs;
};

// --- Programmes and the bodies that decide on them (docs/model.md, "Programmes and decisions").

// An effect size with its evidence range; --parameter-uncertainty draws within [low, high].
struct UncertainValue {
  double central = 1.0;
  double low = 1.0;
  double high = 1.0;
};

// Who a programme is for: every criterion must hold.
struct EligibilityConfig {
  int min_age = 0;
  std::uint32_t frailty_mask = ~0u;    // one bit per frailty category
  std::uint32_t setting_mask = ~0u;    // one bit per living setting
  std::uint32_t condition_mask = 0;    // 0: any; otherwise holds at least min_conditions of these
  int min_conditions = 0;
};

struct ProgrammeConfig {
  CommissioningLevel level;           // who holds its budget, decides on it and delivers it
  EligibilityConfig eligible;
  double budget_gbp_per_year;         // funding across the System at the full population
  int start_month;                    // 0-based month of the run the funding starts
  RampProfile ramp;                   // how staff in post reach the funded level
  int ramp_months;
  double staff_cost_gbp_per_year;     // per whole-time-equivalent member of staff, with on-costs
  double caseload_per_staff;          // eligible residents one member of staff covers at once
  int min_team;                       // staff in post below which the service cannot run
  bool targeted;                      // case finding: the caseload is the top of a risk-ranked list
  bool keeps_continuity;              // delivered by the resident's own practice team (continuity)
  // Same-day GP appointments for acute need one member of staff adds, each week, to the
  // practices of the residents covered: evenings and Saturdays (extended access). 0: none.
  double same_day_appointments_per_staff_per_week;
  std::array<UncertainValue, kProgrammeEffects> effects;  // rate ratios, 1 = no effect
};

// Which residents a unit covers: its caseload filled from the top of its own list of eligible
// residents, ranked by a risk score with error (agents/targeting.hpp). Off: covered residents
// are a random share of the eligible.
struct TargetingConfig {
  bool on = true;
  // c-statistic of the score each level uses, for an urgent or emergency need within a year.
  std::array<double, kCommissioningLevels> c_statistic;
};

// Continuity of care: care from the resident's own practice team raises their usual provider of
// care index (UPC), and higher continuity lowers ambulatory-care-sensitive admissions. Off: no
// covered resident's continuity changes.
struct ContinuityConfig {
  bool on = true;
  std::array<double, kCommissioningLevels> upc_gain;  // by level of the covering programme
  double acsc_log_rr_per_upc;  // log rate ratio of ACSC admission per unit of UPC
};

// The mechanisms through which the level a programme is delivered at changes what it does,
// each with its own switch (docs/model.md, "Where subsidiarity changes outcomes").
struct MechanismConfig {
  WorkforceConfig workforce;
  TargetingConfig targeting;
  ContinuityConfig continuity;
};

// How the bodies review their programmes and how their decisions are made (MoU sections 8-9).
struct GovernanceConfig {
  AllocationFormula allocation;                    // System envelopes to Places and PCNs
  std::array<double, kReportBands> capitation_weight;  // need per resident by age band
  double deprivation_uplift;                       // need-based: extra weight, most deprived quintile
  int review_months;                               // between dashboard reviews
  int reporting_lag_months;                        // data on the dashboard is this old
  double dashboard_noise_cv;                       // multiplicative noise on what a body sees
  double reallocation_share;                       // of the weakest programme's share moved at once
  double stop_below_return;                        // value per pound below which a programme is cut
  std::array<double, 4> value_gbp;                 // credited dashboards: urgent episode, minor episode, care-home need, inpatient
  // Observed dashboards (on): the body sees its area's counts against its own trend and its
  // peers, and credits the change to the programmes aimed at each count; off: it sees the
  // activity its programmes are recorded as meeting (value_gbp), which no real body can.
  bool observed_dashboards = true;
  // Value of each observable avoided: emergency admission, A&E attendance, bed day, delayed
  // day, care-home admission.
  std::array<double, 5> observed_value_gbp;
  int pcn_decision_days;                           // a PCN's clinical directors decide within
  int place_partners;                              // ICP board members
  int place_board_interval_days;
  int system_partners;                             // Partnership Board members
  double partner_agree_probability;                // each member supports a proposal
  int sle_interval_days;                           // System Leadership Executive meetings
  int board_interval_days;                         // Partnership Board meetings
  double supermajority;                            // MoU 8.4: 75% of eligible members
  int facilitator_days;                            // MoU 8.10 step 3: independent facilitator
  int mobilisation_days;                           // from a decision to staff in post
};

struct ProgrammesConfig {
  std::array<ProgrammeConfig, kProgrammes> programmes;
  MechanismConfig mechanisms;
  GovernanceConfig governance;
};

struct RunSettings {
  std::chrono::year_month_day start_date;
  int years;
  std::uint64_t seed;
};

struct ScenarioConfig {
  std::string name;
  std::string description;
  RunSettings run;
  WorldConfig world;
  PopulationConfig population;
  DemographyConfig demography;
  HealthConfig health;
  PathwayConfig pathway;
  FlowConfig flow;
  ProgrammesConfig programmes;
};

}  // namespace icsim::agents
