// The measure catalogue: every measure a run produces, declared once with its unit, its
// definition, the groups and levels it has, whether it adds up over areas, and how it is
// counted or derived. Tabulation, the output's dimension tables and docs/measures.md all come
// from this table. Code that counts a measure names it (counted_slot("births")); the name is
// checked when the code compiles.
#pragma once
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/config.hpp"
#include "agents/hospital_flow.hpp"
#include "agents/vocabulary.hpp"

namespace icsim::agents {

// How a measure's values come about.
enum class Source : std::uint8_t {
  kStockEnd,    // residents counted at the end of the period (a column of the running counts)
  kStockStart,  // residents counted at its start
  kPersonTime,  // a column averaged over each month's start and end, times the month's length
  kCounted,     // counted by the model as it happens (a slot of the monthly counts)
  kHospital,    // counted by the hospital flow (one of its FlowCounts)
  kDerived,     // worked out from other measures after the roll-up
};

// The groups a measure is broken down by: always age band, sex and deprivation; two measures
// also by groups of their own.
enum class Breakdown : std::uint8_t {
  kDemographic,
  kDischargePathway,   // and by discharge pathway (the pathway_* groups)
  kDelayReasonAndBody  // and by reason and responsible body (the reason_* and responsible_* groups)
};

// The levels at which a measure can be non-zero. Every measure is written for every area.
enum class Levels : std::uint8_t {
  kAreas,          // the System, Places and PCNs, by where residents live
  kAreasAndSites,  // and acute sites, by where the patient was treated
  kSystemAndSites  // the System and sites only (beds), in group `all`
};

// The inputs of a derived measure's formula: the row of measures it is worked out in.
struct DerivedRow {
  const double* values;  // by measure index, for one period, area and group
  double days;           // days in the period
  double beds;           // base beds of the area (sites and the System, group all), else 0
  std::array<double, kEscalationLevels> level_days;  // its site-days at OPEL 1-4 (where beds are), else 0
  double listed;         // mean patients on its elective lists (where beds are), else 0
  const UnitCosts* costs;
  double operator[](std::size_t measure) const { return values[measure]; }
};
using Formula = double (*)(const DerivedRow&);

struct MeasureSpec {
  std::string_view name;  // a family's prefix, such as "outcome_", for a family of measures
  std::string_view unit;
  Source source;
  std::string_view definition;
  Breakdown breakdown = Breakdown::kDemographic;
  Levels levels = Levels::kAreas;
  bool additive = true;  // adds up from PCNs to Places to the System
  // A family is one measure per identifier (name + id), counted alike.
  std::span<const std::string_view> family{};
  std::size_t family_from = 0;     // the first identifier of the family used (routers are no outcome)
  std::string_view stands_for{};  // what the identifier stands for, in the documentation
  std::string_view of{};           // kPersonTime: the stock measure averaged
  bool in_days = false;            // kPersonTime: person-days rather than person-years
  FlowCount hospital = FlowCount::kCount;  // kHospital: what the flow counts
  Formula formula = nullptr;               // kDerived

  constexpr std::size_t size() const { return family.empty() ? 1 : family.size() - family_from; }
  constexpr bool has(std::string_view measure) const {
    if (family.empty()) return measure == name;
    return measure.starts_with(name) && member(measure.substr(name.size())) < size();
  }
  // The member of the family with this identifier (size() if none).
  constexpr std::size_t member(std::string_view id) const {
    for (std::size_t k = family_from; k < family.size(); ++k) {
      if (family[k] == id) return k - family_from;
    }
    return size();
  }
};

namespace formulas {
double beds_available(const DerivedRow&);
double opel_3_days(const DerivedRow&);
double opel_4_days(const DerivedRow&);
double beds_occupied_mean(const DerivedRow&);
double elective_wait_mean(const DerivedRow&);
double elective_waiting_list(const DerivedRow&);
double bed_occupancy_rate(const DerivedRow&);
double length_of_stay_mean(const DerivedRow&);
double delayed_beds_mean(const DerivedRow&);
double ae_share_over_4h(const DerivedRow&);
double days_at_home(const DerivedRow&);
double days_at_home_per_resident_year(const DerivedRow&);
double cost_nhs_gbp(const DerivedRow&);
double cost_social_care_gbp(const DerivedRow&);
}  // namespace formulas

// In table order: the order of measures.csv. A derived measure may read only measures above it.
// icsim:table
inline constexpr MeasureSpec kMeasureCatalogue[] = {
    {.name = "residents", .unit = "persons", .source = Source::kStockEnd,
     .definition = "Residents at the end of the period: after the last day's events and that day's in-migration."},
    {.name = "residents_start", .unit = "persons", .source = Source::kStockStart,
     .definition = "Residents at the start of the period: before the first day's events. Equals `residents` at the end of "
                   "the previous period; in the first period, the starting population."},
    {.name = "person_years", .unit = "person-years", .source = Source::kPersonTime,
     .definition = "Time lived in the area during the period: each month's residents at its start and end, averaged "
                   "(trapezium rule), times the month's length in years of 365.25 days. The denominator of every rate per "
                   "1,000.",
     .of = "residents"},
    {.name = "births", .unit = "persons", .source = Source::kCounted,
     .definition = "Live births during the period, in the newborn's groups (age band `0`, its sex, its mother's quintile)."},
    {.name = "deaths", .unit = "persons", .source = Source::kCounted, .definition = "Deaths during the period."},
    {.name = "migration_in", .unit = "persons", .source = Source::kCounted,
     .definition = "Residents who moved into the area during the period (arrivals happen on the last day of each month)."},
    {.name = "migration_out", .unit = "persons", .source = Source::kCounted,
     .definition = "Residents who moved out of the area during the period."},
    {.name = "episodes", .unit = "episodes", .source = Source::kCounted,
     .definition = "Episodes of need that arose during the period (docs/model.md, 7.7): exacerbations of long-term "
                   "conditions, falls, infections, mental-health crises, injuries and other acute need. Each is met by a "
                   "programme or follows the care pathway to exactly one outcome."},
    {.name = "gp_same_day_contacts", .unit = "contacts", .source = Source::kCounted,
     .definition = "Episodes seen by their practice's same-day service (for the acute need modelled; routine same-day "
                   "appointments are outside the model)."},
    {.name = "gp_extended_access_contacts", .unit = "contacts", .source = Source::kCounted,
     .definition = "Of gp_same_day_contacts, those seen in extended-access appointments (evenings and Saturdays) that a "
                   "programme adds (programmes.library.*.same_day_appointments_per_staff_per_week)."},
    {.name = "gp_same_day_unavailable", .unit = "requests", .source = Source::kCounted,
     .definition = "Episodes that sought a same-day GP appointment and found none: the practice was closed (out of hours, "
                   "weekends) or its same-day slots were taken."},
    {.name = "nhs111_contacts", .unit = "contacts", .source = Source::kCounted, .definition = "Contacts with NHS 111."},
    {.name = "utc_attendances", .unit = "attendances", .source = Source::kCounted,
     .definition = "Attendances at an urgent treatment centre (A&E types 3-4: minor injury units, walk-in centres, urgent "
                   "treatment centres)."},
    {.name = "ambulance_incidents", .unit = "incidents", .source = Source::kCounted,
     .definition = "Episodes attended by an ambulance (see and treat, or conveyed)."},
    {.name = "ambulance_conveyances", .unit = "conveyances", .source = Source::kCounted,
     .definition = "Ambulance incidents conveyed to hospital (A&E, same-day emergency care or admission)."},
    {.name = "ae_attendances", .unit = "attendances", .source = Source::kCounted,
     .definition = "Attendances at A&E types 1-2 (major and single-specialty emergency departments). All types together: "
                   "`ae_attendances` + `utc_attendances`."},
    {.name = "ae_attendances_avoidable", .unit = "attendances", .source = Source::kCounted,
     .definition = "Type 1-2 attendances that could have been treated elsewhere: episodes of minor urgency that ended at A&E, "
                   "discharged without onward care. This follows NHS England's definition of attendances \"discharged with "
                   "no investigation and no significant treatment\" (the model's urgency stands for the investigation and "
                   "treatment needed); calibrated to `ae_advice_only_share` (docs/calibration.md)."},
    {.name = "ae_admissions", .unit = "admissions", .source = Source::kCounted,
     .definition = "Type 1-2 attendances that ended in an emergency admission (the pathway's step from A&E to admission, "
                   "and end-of-life admissions): with `ae_attendances`, the conversion rate. In `emergency_admissions`, "
                   "which also counts admissions by other routes (from a GP, same-day emergency care or an ambulance "
                   "taking the patient straight to an assessment unit)."},
    {.name = "sdec_attendances", .unit = "attendances", .source = Source::kCounted,
     .definition = "Same-day emergency care (ambulatory emergency care) attendances."},
    {.name = "emergency_admissions", .unit = "admissions", .source = Source::kCounted,
     .definition = "Emergency (unplanned) admissions to hospital, by any route."},
    {.name = "emergency_admissions_acsc", .unit = "admissions", .source = Source::kCounted,
     .definition = "Emergency admissions for ambulatory-care-sensitive conditions: exacerbations of the chronic ACSCs of NHS "
                   "Outcomes Framework indicator 2.3.i (asthma, COPD, diabetes, heart failure, angina/coronary heart disease, "
                   "atrial fibrillation, hypertension, dementia), and the share of infections and other acute need that are "
                   "acute ACSCs (Purdy et al. 2009, BMJ Open: pyelonephritis and urinary tract infection, cellulitis, ENT "
                   "infections, influenza and pneumonia, dehydration and gastroenteritis, dental conditions, convulsions)."},
    {.name = "end_of_life_admissions", .unit = "admissions", .source = Source::kCounted,
     .definition = "Emergency admissions in the days before a death drawn for the resident, who dies in hospital unless "
                   "transferred out (`health.end_of_life`). They are in `ae_attendances` and `emergency_admissions`, and "
                   "are not episodes."},
    {.name = "end_of_life_admissions_prevented", .unit = "admissions", .source = Source::kCounted,
     .definition = "End-of-life admissions that a programme's end-of-life care covering the resident prevented: they die "
                   "where they live."},
    {.name = "urgent_care_after_no_gp_appointment", .unit = "attendances", .source = Source::kCounted,
     .definition = "A&E attendances of all types (`ae_attendances` + `utc_attendances`) by episodes that had sought a "
                   "same-day GP appointment and found none; compared with `ae_preceded_by_no_gp_appt_share` (Cowling et al. "
                   "2014)."},
    {.name = "programme_episodes_met", .unit = "episodes", .source = Source::kCounted,
     .definition = "Episodes met (or prevented) by a programme covering the resident, instead of following the care pathway "
                   "(docs/model.md, 7.18): urgent, emergency and minor needs. 0 when no programme is funded. By programme "
                   "and delivering unit: `programmes.csv`."},
    {.name = "care_home_needs_prevented", .unit = "needs", .source = Source::kCounted,
     .definition = "Needs for a care home arising at home that a programme covering the resident prevented (the resident "
                   "stays at home; the need may arise again later)."},
    {.name = "outcome_", .unit = "episodes", .source = Source::kCounted,
     .definition = "Episodes that ended at each service (`outcome_ambulance` is see and treat, `outcome_ae` discharged from "
                   "A&E). With `programme_episodes_met` they sum to `episodes`.",
     .family = kServiceKindIds, .family_from = 1, .stands_for = "service"},
    {.name = "prevalence_", .unit = "persons", .source = Source::kStockEnd,
     .definition = "Residents with the condition at the end of the period (a count, like `residents`; divide by `residents` "
                   "for a prevalence).",
     .family = kConditionIds, .stands_for = "condition"},
    {.name = "frailty_", .unit = "persons", .source = Source::kStockEnd,
     .definition = "Residents in each electronic Frailty Index category at the end of the period. They sum to `residents`.",
     .family = kFrailtyIds, .stands_for = "category"},
    {.name = "living_", .unit = "persons", .source = Source::kStockEnd,
     .definition = "Residents in each living setting at the end of the period. They sum to `residents`.",
     .family = kLivingSettingIds, .stands_for = "setting"},
    {.name = "hospital_admissions", .unit = "admissions", .source = Source::kHospital,
     .definition = "Emergency admissions to the System's acute sites. With `hospital_admissions_elsewhere` it sums to "
                   "`emergency_admissions`.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAdmittedHere},
    {.name = "hospital_admissions_elsewhere", .unit = "admissions", .source = Source::kHospital,
     .definition = "Emergency admissions of residents to hospitals outside the System (`flow.acute.out_of_area_share`); "
                   "they use no bed here.",
     .hospital = FlowCount::kAdmittedElsewhere},
    {.name = "stays_zero_nights", .unit = "stays", .source = Source::kHospital,
     .definition = "Admissions assessed and sent home (or who died) the day they arrived, with no night in a bed.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kZeroNightStays},
    {.name = "stays_one_night", .unit = "stays", .source = Source::kHospital,
     .definition = "Overnight stays of one night that ended in the period (short stays, zero or one night, are costed "
                   "apart from longer ones).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kOneNightStays},
    {.name = "stays_two_nights_plus", .unit = "stays", .source = Source::kHospital,
     .definition = "Overnight stays of two nights or more that ended in the period.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kLongerStays},
    {.name = "bed_days", .unit = "bed days", .source = Source::kHospital,
     .definition = "Nights emergency patients spent in an acute bed (base or escalation) during the period, counted each "
                   "night (elective patients' are `elective_bed_days`).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kBedDays},
    {.name = "length_of_stay_days", .unit = "days", .source = Source::kHospital,
     .definition = "Nights from arrival to leaving, summed over the overnight stays that ended in the period (including "
                   "days waiting in A&E for a bed and delayed days).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kStayDays},
    {.name = "hospital_spells_ended", .unit = "stays", .source = Source::kHospital,
     .definition = "Overnight stays that ended in the period, by discharge or death.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kSpellsEnded},
    {.name = "hospital_deaths", .unit = "deaths", .source = Source::kHospital,
     .definition = "Deaths of patients in hospital (or on the day of arrival).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kHospitalDeaths},
    {.name = "delayed_transfer_days", .unit = "bed days", .source = Source::kHospital,
     .definition = "Nights spent in an acute bed by patients medically fit for discharge, by reason (`reason_*` groups) and "
                   "by the body responsible (`responsible_*`): awaiting assessment (both), home care (social care), "
                   "reablement (social care), an intermediate-care bed (NHS), a care-home place (social care), patient or "
                   "family choice (NHS), the hospital's own discharge process for patients going home without support (NHS: "
                   "medicines, transport, the letter).",
     .breakdown = Breakdown::kDelayReasonAndBody, .levels = Levels::kAreasAndSites, .hospital = FlowCount::kDelayedDays},
    {.name = "bed_waits_overnight", .unit = "patients", .source = Source::kHospital,
     .definition = "Admitted patients who waited past midnight for a bed: from the day of the decision to admit with the "
                   "emergency department on (in A&E, or for a direct admission in an assessment unit), otherwise from the "
                   "day of arrival.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAeWaits},
    {.name = "ae_timed_attendances", .unit = "attendances", .source = Source::kHospital,
     .definition = "Attendances at the System's emergency departments, counted as each patient leaves A&E (home, to a bed, "
                   "to the assessment unit, or transferred out): the denominator of the time-in-department measures. "
                   "Residents admitted to hospitals outside the System are not in it. Zero with "
                   "`flow.emergency_department.on` false.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAeTimedAttendances},
    {.name = "ae_waits_over_4h", .unit = "patients", .source = Source::kHospital,
     .definition = "Of `ae_timed_attendances`, those more than 4 hours in A&E from arrival to leaving (the 4-hour standard's "
                   "breaches).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAeOver4h},
    {.name = "ae_waits_over_12h", .unit = "patients", .source = Source::kHospital,
     .definition = "Of `ae_timed_attendances`, those more than 12 hours in A&E from arrival to leaving.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAeOver12h},
    {.name = "ae_dta_waits_over_12h", .unit = "patients", .source = Source::kHospital,
     .definition = "Patients admitted from A&E who waited more than 12 hours from the decision to admit to a bed (or to a "
                   "transfer out): NHS England's \"12-hour trolley waits\".",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAeDtaOver12h},
    {.name = "ambulance_handovers", .unit = "handovers", .source = Source::kHospital,
     .definition = "Patients brought to the System's emergency departments by ambulance, counted as they leave A&E.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kAmbulanceHandovers},
    {.name = "ambulance_handovers_over_30m", .unit = "handovers", .source = Source::kHospital,
     .definition = "Of `ambulance_handovers`, those handed over more than 30 minutes after arrival (waiting for a space, then "
                   "the handover itself).",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kHandoversOver30m},
    {.name = "ambulance_handovers_over_60m", .unit = "handovers", .source = Source::kHospital,
     .definition = "Of `ambulance_handovers`, those handed over more than 60 minutes after arrival.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kHandoversOver60m},
    {.name = "hospital_transfers_out", .unit = "patients", .source = Source::kHospital,
     .definition = "Patients who waited in A&E for `flow.acute.max_ae_wait_days` with every System bed full and were "
                   "transferred to a hospital outside the System.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kTransfersOut},
    {.name = "readmissions_30d", .unit = "admissions", .source = Source::kHospital,
     .definition = "Admissions to System sites within 30 days of the same resident leaving hospital.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kReadmissions30d},
    {.name = "residential_admissions", .unit = "admissions", .source = Source::kHospital,
     .definition = "Permanent admissions to care homes, from hospital (pathway 3, or after intermediate care) or from the "
                   "community.",
     .hospital = FlowCount::kResidentialAdmissions},
    {.name = "residential_admissions_council", .unit = "admissions", .source = Source::kHospital,
     .definition = "Those supported by the council (`flow.discharge.council_funded_share`): the count of ASCOF 2A.",
     .hospital = FlowCount::kResidentialAdmissionsCouncil},
    {.name = "home_care_starts", .unit = "packages", .source = Source::kHospital,
     .definition = "Home care packages started (from hospital, after reablement, or from the community).",
     .hospital = FlowCount::kHomeCareStarts},
    {.name = "reablement_starts", .unit = "episodes", .source = Source::kHospital,
     .definition = "Reablement episodes started (from hospital or the community).", .hospital = FlowCount::kReablementStarts},
    {.name = "intermediate_care_starts", .unit = "episodes", .source = Source::kHospital,
     .definition = "Bedded intermediate-care episodes started.", .hospital = FlowCount::kIntermediateCareStarts},
    {.name = "intermediate_care_bed_days", .unit = "bed days", .source = Source::kHospital,
     .definition = "Days in bedded intermediate care, counted when the episode starts.",
     .hospital = FlowCount::kIntermediateBedDays},
    {.name = "community_nursing_starts", .unit = "episodes", .source = Source::kHospital,
     .definition = "Community nursing episodes started.", .hospital = FlowCount::kCommunityNursingStarts},
    {.name = "discharges", .unit = "discharges", .source = Source::kHospital,
     .definition = "Patients discharged alive, by pathway in the `pathway_*` groups: home with no new support (including "
                   "zero-night stays and care-home residents returning), home with support (reablement or a care package), "
                   "intermediate care (a bedded place), care home (a permanent placement).",
     .breakdown = Breakdown::kDischargePathway, .levels = Levels::kAreasAndSites, .hospital = FlowCount::kDischargeFirst},
    {.name = "care_home_days", .unit = "person-days", .source = Source::kPersonTime,
     .definition = "Days lived in a care home: `living_care_home` averaged over each month's start and end (as "
                   "`person_years`), times the days.",
     .of = "living_care_home", .in_days = true},
    {.name = "home_care_days", .unit = "person-days", .source = Source::kPersonTime,
     .definition = "Days lived at home with a care package: `living_home_with_care` averaged as `care_home_days`.",
     .of = "living_home_with_care", .in_days = true},
    {.name = "elective_list_additions", .unit = "patients", .source = Source::kHospital,
     .definition = "Patients added to the acute sites' elective inpatient waiting lists (`flow.acute.electives`), each "
                   "attributed to a PCN and groups of its site's catchment in proportion to its residents weighted by age. "
                   "Zero with `flow.acute.electives.on` false.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kElectiveAdditions},
    {.name = "elective_admissions", .unit = "admissions", .source = Source::kHospital,
     .definition = "Elective inpatients admitted from the waiting lists: the electives done.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kElectiveAdmissions},
    {.name = "elective_cancellations", .unit = "operations", .source = Source::kHospital,
     .definition = "Booked elective admissions cancelled on the day for want of a bed (or with the site at "
                   "`flow.acute.electives.cancel_at_level`); the patient stays at the head of the list, so one patient can "
                   "be cancelled more than once.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kElectiveCancellations},
    {.name = "elective_bed_days", .unit = "bed days", .source = Source::kHospital,
     .definition = "Nights elective patients spent in an acute bed during the period, counted each night.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kElectiveBedDays},
    {.name = "elective_wait_days", .unit = "days", .source = Source::kHospital,
     .definition = "Days from joining the list to admission, summed over `elective_admissions`.",
     .levels = Levels::kAreasAndSites, .hospital = FlowCount::kElectiveWaitDays},
    {.name = "elective_wait_mean", .unit = "days", .source = Source::kDerived,
     .definition = "`elective_wait_days` / `elective_admissions`: the mean wait of those admitted in the period.",
     .levels = Levels::kAreasAndSites, .additive = false, .formula = formulas::elective_wait_mean},
    {.name = "elective_waiting_list", .unit = "patients", .source = Source::kDerived,
     .definition = "Patients on the elective waiting lists, the mean over the period's nights: at each site, and their total "
                   "at System level (group `all`); 0 elsewhere.",
     .levels = Levels::kSystemAndSites, .additive = false, .formula = formulas::elective_waiting_list},
    {.name = "beds_available", .unit = "beds", .source = Source::kDerived,
     .definition = "Base general and acute beds, the mean over the period's nights (they follow `flow.capacity_plan`): at "
                   "each site, and their total at System level (group `all`); 0 for Places, PCNs and other groups.",
     .levels = Levels::kSystemAndSites, .additive = false, .formula = formulas::beds_available},
    {.name = "beds_occupied_mean", .unit = "beds", .source = Source::kDerived,
     .definition = "(`bed_days` + `elective_bed_days`) / days in the period: emergency and elective patients.", .levels = Levels::kAreasAndSites,
     .formula = formulas::beds_occupied_mean},
    {.name = "bed_occupancy_rate", .unit = "fraction", .source = Source::kDerived,
     .definition = "`beds_occupied_mean` / `beds_available` where beds are available (sites and the System, group `all`); "
                   "can exceed 1 with escalation beds. 0 elsewhere.",
     .levels = Levels::kSystemAndSites, .additive = false, .formula = formulas::bed_occupancy_rate},
    {.name = "opel_3_days", .unit = "site-days", .source = Source::kDerived,
     .definition = "Days acute sites spent at escalation level OPEL 3 (`flow.acute.escalation`; each day's level is in "
                   "`occupancy.csv`): at each site, and their sum at System level (group `all`); 0 elsewhere.",
     .levels = Levels::kSystemAndSites, .additive = false, .formula = formulas::opel_3_days},
    {.name = "opel_4_days", .unit = "site-days", .source = Source::kDerived,
     .definition = "Days acute sites spent at OPEL 4, the highest level, as `opel_3_days`.",
     .levels = Levels::kSystemAndSites, .additive = false, .formula = formulas::opel_4_days},
    {.name = "length_of_stay_mean", .unit = "days", .source = Source::kDerived,
     .definition = "`length_of_stay_days` / `hospital_spells_ended`: the mean length of overnight emergency stays, compared "
                   "with `alos_emergency_2019`.",
     .levels = Levels::kAreasAndSites, .additive = false, .formula = formulas::length_of_stay_mean},
    {.name = "delayed_beds_mean", .unit = "beds", .source = Source::kDerived,
     .definition = "`delayed_transfer_days` / days in the period: the mean number of beds occupied by delayed patients.",
     .levels = Levels::kAreasAndSites, .formula = formulas::delayed_beds_mean},
    {.name = "ae_share_over_4h", .unit = "fraction", .source = Source::kDerived,
     .definition = "`ae_waits_over_4h` / `ae_timed_attendances`: the share of attendances more than 4 hours in A&E (the "
                   "complement of the 4-hour standard, which asks that 95% leave within 4 hours). 0 where no attendance was timed.",
     .levels = Levels::kAreasAndSites, .additive = false, .formula = formulas::ae_share_over_4h},
    {.name = "days_at_home", .unit = "person-days", .source = Source::kDerived,
     .definition = "Days lived in the area not in an acute bed, a care home or bedded intermediate care: `person_years` x "
                   "365.25 - `bed_days` - `care_home_days` - `intermediate_care_bed_days` (admissions elsewhere are not "
                   "subtracted).",
     .formula = formulas::days_at_home},
    {.name = "days_at_home_per_resident_year", .unit = "days per person-year", .source = Source::kDerived,
     .definition = "`days_at_home` / `person_years`: the independence measure, at most 365.25.", .additive = false,
     .formula = formulas::days_at_home_per_resident_year},
    {.name = "cost_nhs_gbp", .unit = "GBP", .source = Source::kDerived,
     .definition = "Unit costs (`flow.costs`) times activity: GP same-day contacts, NHS 111, urgent treatment centres, "
                   "ambulance incidents and conveyances, A&E, same-day emergency care, emergency spells (short at discharge, "
                   "long at discharge, elsewhere at admission), elective spells at admission, delayed days at the excess "
                   "bed-day price, intermediate-care "
                   "bed days, community nursing episodes. Price years are those of the sources (2021/22-2024/25), not "
                   "inflated. At sites, the hospital part only.",
     .levels = Levels::kAreasAndSites, .formula = formulas::cost_nhs_gbp},
    {.name = "cost_social_care_gbp", .unit = "GBP", .source = Source::kDerived,
     .definition = "Reablement episodes, days of home care and days in a care home at their unit costs (self-funders "
                   "included: the cost of care, not who pays).",
     .formula = formulas::cost_social_care_gbp},
};

// --- Positions, worked out from the table when the code compiles.

// The first measure index of a catalogue entry.
consteval std::size_t first_measure_of(std::size_t entry) {
  std::size_t m = 0;
  for (std::size_t k = 0; k < entry; ++k) m += kMeasureCatalogue[k].size();
  return m;
}
inline constexpr std::size_t kCatalogueEntries = std::size(kMeasureCatalogue);
inline constexpr std::size_t kMeasures = first_measure_of(kCatalogueEntries);

// A measure's index in the table (measures.csv order); a name not in the catalogue fails to compile.
consteval std::size_t measure_index(std::string_view name) {
  for (std::size_t k = 0; k < kCatalogueEntries; ++k) {
    const MeasureSpec& spec = kMeasureCatalogue[k];
    if (!spec.has(name)) continue;
    return first_measure_of(k) + (spec.family.empty() ? 0 : spec.member(name.substr(spec.name.size())));
  }
  throw "no such measure in the catalogue";
}

// Slots of the monthly counts kept for each reporting cell: the counted measures in catalogue
// order, then the hospital flow's counts.
consteval std::size_t counted_slots_before(std::size_t entry) {
  std::size_t s = 0;
  for (std::size_t k = 0; k < entry; ++k) {
    if (kMeasureCatalogue[k].source == Source::kCounted) s += kMeasureCatalogue[k].size();
  }
  return s;
}
inline constexpr int kHospitalFirst = static_cast<int>(counted_slots_before(kCatalogueEntries));
inline constexpr int kFlows = kHospitalFirst + kFlowCounts;
constexpr int hospital_slot(FlowCount what) { return kHospitalFirst + static_cast<int>(what); }

// The slot a counted measure is counted in.
consteval int counted_slot(std::string_view name) {
  for (std::size_t k = 0; k < kCatalogueEntries; ++k) {
    const MeasureSpec& spec = kMeasureCatalogue[k];
    if (spec.name != name) continue;
    if (spec.source != Source::kCounted || !spec.family.empty()) throw "not a single counted measure";
    return static_cast<int>(counted_slots_before(k));
  }
  throw "no such measure in the catalogue";
}

// The slots of a counted family, by identifier index (into the family's identifiers).
struct FamilySlots {
  int first;
  std::size_t from;
  constexpr int operator[](std::size_t id) const { return first + static_cast<int>(id - from); }
};
consteval FamilySlots counted_family(std::string_view name) {
  for (std::size_t k = 0; k < kCatalogueEntries; ++k) {
    const MeasureSpec& spec = kMeasureCatalogue[k];
    if (spec.name != name) continue;
    if (spec.source != Source::kCounted || spec.family.empty()) throw "not a counted family";
    return {static_cast<int>(counted_slots_before(k)), spec.family_from};
  }
  throw "no such family in the catalogue";
}

// Columns of the running counts kept for each reporting cell: the stock measures in catalogue
// order (residents first).
consteval std::size_t stock_columns_before(std::size_t entry) {
  std::size_t s = 0;
  for (std::size_t k = 0; k < entry; ++k) {
    if (kMeasureCatalogue[k].source == Source::kStockEnd) s += kMeasureCatalogue[k].size();
  }
  return s;
}
inline constexpr int kStocks = static_cast<int>(stock_columns_before(kCatalogueEntries));
consteval int stock_column(std::string_view name) {
  for (std::size_t k = 0; k < kCatalogueEntries; ++k) {
    const MeasureSpec& spec = kMeasureCatalogue[k];
    if (spec.source != Source::kStockEnd || !spec.has(name)) continue;
    return static_cast<int>(stock_columns_before(k) + (spec.family.empty() ? 0 : spec.member(name.substr(spec.name.size()))));
  }
  throw "not a stock measure";
}
inline constexpr int kStockResidents = stock_column("residents");
inline constexpr int kStockConditions = stock_column("prevalence_hypertension");
inline constexpr int kStockFrailty = stock_column("frailty_fit");
inline constexpr int kStockSettings = stock_column("living_own_home");
static_assert(kStockResidents == 0, "residents are the first column: the counts' row starts with them");

// --- Names, for the table and the documentation.

struct MeasureInfo {
  std::string name;
  const MeasureSpec* spec;
};
// Every measure in table order, families expanded.
const std::vector<MeasureInfo>& measure_list();
std::vector<std::string> measure_names();
// A measure by name (family members included); null if there is none.
const MeasureInfo* find_measure(std::string_view name);
std::vector<std::string> group_names();
// Measures that are ratios, means or per-area figures: they do not add up over areas or groups.
std::vector<std::string> non_additive_measures();
// The catalogue as the Markdown table of docs/measures.md (tools/update-docs writes it there).
std::string measures_markdown();
// The catalogue as text: one measure a line with its unit, then its definition.
std::string measures_text();
std::string_view levels_id(Levels levels);
std::string_view breakdown_id(Breakdown breakdown);

}  // namespace icsim::agents
