// The hospital-flow section of the scenario specification: lengths of stay, beds, discharge
// pathways, downstream services and the level each is commissioned at, needs for care arising
// at home, and unit costs. Every default names its source; where the evidence pack has no
// figure the default is a stated assumption with the range to test, or fitted (docs/calibration.md).
#include <algorithm>

#include "agents/vocabulary.hpp"
#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;

Spec level(std::string description, const char* def, std::string source) {
  Spec s = string(std::move(description), ids(agents::kCommissioningLevelIds), false);
  s.default_value = def;
  s.source = std::move(source);
  return s;
}

struct ServiceDefaults {
  const char* id;
  const char* description;
  const char* level;
  double capacity;  // 0: places from initial_occupancy instead
  const char* capacity_unit;
  const char* capacity_source;
  double mean_days;
  const char* days_source;
  double community_rate;
  const char* community_source;
  double cross_border_share;  // council services only (kCouncilCommissioned)
  const char* cross_border_source;
};

constexpr const char* kNhs = "";  // no cross-border brokerage: an NHS service

const std::vector<ServiceDefaults> kServiceDefaults = {
    {"home_care", "Home care packages: long-term, until death, a move or a care home (commissioned by councils).", "place", 7500,
     "packages", "assumption: about 10% above the 6,811 residents living with a package at the start (health.settings); range 5,800-8,500",
     900, "assumption: packages also end when no longer needed (recovery, family care), after about 2.5 years on average, "
     "if death, a move or a care home has not ended them first; range 365-1,500", 0,
     "none: home care needs arising at home are flow.community.home_care_entry", 0.05,
     "assumption: home care workers visit within their council's area, so brokerage finds few packages across a border; range 0-0.15"},
    {"reablement", "Reablement: short-term support at home after hospital or a crisis (council adult social care, ASCOF 2D).", "place",
     450, "places", "assumption: about 4,700 episodes a year at 35 days each; range 300-700", 35,
     "assumption: reablement is offered for up to six weeks; range 21-42", 0.02,
     "assumption: community referrals per person-year aged 65+ with moderate or severe frailty; range 0.01-0.05", 0.05,
     "assumption: councils' reablement teams work within their own area; range 0-0.15"},
    {"intermediate_care_beds", "Bedded intermediate care (step-down after hospital, step-up from home; NHS).", "place", 250, "beds",
     "thurrock_intermediate_beds (37 beds for about 176,000 residents) scaled to MSE's population", 21,
     "assumption: about three weeks in a bedded intermediate-care place; range 14-28", 0.005,
     "assumption: step-up admissions per person-year aged 65+ with moderate or severe frailty; range 0-0.02", 0, kNhs},
    {"care_home_places", "Care-home places (residential and nursing): long-term, until death or a move (commissioned by councils).",
     "place", 0, "beds", "", 0, "long-term: a placement lasts until the resident dies or moves away", 0,
     "none: care-home needs arising at home are flow.community.care_home_entry", 0.1,
     "assumption: a minority of placements are made in homes across a council border (families' choice, specialist homes); "
     "range 0-0.25"},
    {"community_nursing", "Community (district) nursing caseload (NHS).", "pcn", 3000, "patients on the caseload",
     "assumption: about 2.5 per 1,000 residents on a district nursing caseload at once; range 2,000-4,500", 28,
     "assumption: about four weeks of visits; range 14-60", 0.15,
     "assumption: referrals per person-year aged 65+ with moderate or severe frailty; range 0.05-0.3", 0, kNhs},
};

Spec service_spec(const ServiceDefaults& d, bool council) {
  std::vector<std::pair<std::string, Spec>> fields = {
      {"level", level(council ? "Where the service is commissioned: each council buys its own places. system: one pool per council "
                                "with shared brokerage (cross_border_share); place: the council's places split to its Places; pcn: "
                                "places held for each PCN's residents."
                              : "Where the service is commissioned and pooled: one pool for the System, one per Place, or one per PCN.",
                      d.level, "scenario choice: the subsidiarity lever (docs/model.md)")}};
  if (d.capacity > 0) {
    fields.emplace_back("capacity", number("Places across the System at the full population (scaled with --scale), shared out to the "
                                           "pools in proportion to the residents using the service at the start (for short-term "
                                           "services, which have none, residents aged 65+ with moderate or severe frailty).",
                                           d.capacity_unit, d.capacity, 0, 1e7, d.capacity_source));
  } else {
    fields.emplace_back("initial_occupancy",
                        number("Share of places occupied on the first day: each pool has its starting residents / this share places "
                               "(rounded up), so places follow where residents are and no pool starts over capacity. A what-if "
                               "with more places sets a lower share (the same residents in more places).",
                               "fraction", 0.87, 0.05, 1,
                               "care_home_occupancy_england_prepandemic (87%); essex_op_residential_occupied_beds: Essex 86-88% in "
                               "2019, 90% before the pandemic, 77% in 2021-22; range 0.77-0.90. With the starting residents "
                               "(health.settings) about 10,460 places, care_home_beds_mse_est"));
  }
  fields.emplace_back("mean_days", number("Mean length of an episode (exponential); 0: until death or a move (care homes), or until "
                                          "death, a move or a care home (home care).",
                                          "days", d.mean_days, 0, 3650, d.days_source));
  fields.emplace_back("community_rate", number("Short-term referrals from the community per person-year, among residents aged 65+ with "
                                               "moderate or severe frailty (anonymous clients who compete for the same places).",
                                               "per person-year", d.community_rate, 0, 10, d.community_source));
  if (council) {
    fields.emplace_back("cross_border_share",
                        number("At system level (shared brokerage): the most a council may place in other councils' free places, "
                               "as a share of all the placements it makes; each council's places remain its own.",
                               "fraction", d.cross_border_share, 0, 1, d.cross_border_source));
  }
  return defaulted(d.description, std::move(fields));
}

// A resource's capacity by year (agents/capacity_plan.hpp), as an index of what the world builds.
Spec trajectory(const std::string& what) {
  Spec by_year = map("Index of " + what + " by calendar year (\"YYYY\": 1 is the world's capacity), from that year until the "
                     "next one given; before the first year given, 1.",
                     number("Index for the year.", "index", json(), 0, 10, "the scenario's capacity plan (cite it in source)"));
  by_year.required = false;
  by_year.default_value = json::object();
  by_year.key_pattern = "(19|20|21)[0-9]{2}";
  by_year.key_description = "a calendar year \"YYYY\" from 1900 to 2199";
  Spec then = string("After the last year given (or from the start if none is): hold its index, or grow it with the residents "
                     "(population) or the residents aged 65+ (population_65plus), counted at each year's start, from the start "
                     "of the last year given.",
                     ids(agents::kCapacityGrowthIds), false);
  then.default_value = "hold";
  then.source = "scenario choice: a planning assumption";
  Spec source = string("Where the plan's figures come from (documentation only).", {}, false);
  source.default_value = "";
  return defaulted("Capacity plan for " + what + ".", {
      {"by_year", std::move(by_year)},
      {"then", std::move(then)},
      {"pace", number("Share of that population's growth the capacity keeps up with (1: in step): demographic growth.",
                      "fraction", 1.0, 0, 5, "assumption: planners keep pace with demography; range 0.5-1 for a sensitivity analysis")},
      {"growth_per_year", number("Compound growth a year after the last year given, on top of the population's: non-demographic "
                                 "growth (more need per resident).",
                                 "fraction per year", 0.0, -0.2, 0.2, "scenario choice: a planning assumption")},
      {"source", std::move(source)},
  });
}

}  // namespace

// icsim:table
Spec flow_spec() {
  std::vector<std::pair<std::string, Spec>> services;
  for (const auto& d : kServiceDefaults) {
    const auto& ids = agents::kDownstreamServiceIds;
    const auto k = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), d.id) - ids.begin());
    services.emplace_back(d.id, service_spec(d, agents::kCouncilCommissioned[agents::enumerator<agents::DownstreamService>(k)]));
  }

  std::vector<std::pair<std::string, Spec>> plans = {{"acute_beds", trajectory("each acute site's base beds")}};
  for (const auto& d : kServiceDefaults) plans.emplace_back(d.id, trajectory(std::string("the places of each ") + d.id + " pool"));

  Spec stay = defaulted("Length of stay in an acute bed: the clinically needed part (delays come on top).", {
      {"zero_day_share", number("Share of emergency admissions assessed and sent home the day they arrive (no night in a bed).",
                                "fraction", 0.27, 0, 1,
                                "derivation: 1 - emergency_bed_days_2019 / (emergency_admissions_england_2017_18 x 1.032^1.5 for "
                                "2019) / alos_emergency_2019 = 1 - 36.2m / 6.31m / 7.9 = 0.27; range 0.2-0.35")},
      {"mean_days", numbers("Mean nights needed, for stays of a night or more, by report band 0, 1-4, 5-14, 15-24, 25-34, "
                            "35-44, 45-54, 55-64, 65-74, 75-84, 85+.",
                            "nights", {2.35, 2.35, 2.35, 2.75, 3.27, 4.22, 5.08, 6.57, 7.36, 8.83, 9.76}, 0.5, 60,
                            "fitted: shape rising with age (alos_by_5yr_age not found), level to alos_emergency_2019 and the "
                            "occupancy of mseft_ga_beds_estimate_2021 (docs/calibration.md)")},
      {"frailty_rr", numbers("Mean nights ratio by frailty: fit, mild, moderate, severe.", "ratio", {0.8, 1.0, 1.25, 1.5}, 0.1, 10,
                             "assumption: frailer patients stay longer (alos_5plus_conditions_overnight 10.8 against 7.9 overall); "
                             "range +/-30%")},
      {"episode_rr", numbers("Mean nights ratio by the reason for admission: long-term condition exacerbation, fall, infection, "
                             "mental-health crisis, injury, other acute need.",
                             "ratio", {1.0, 1.3, 0.9, 1.4, 1.1, 0.85}, 0.1, 10,
                             "assumption: falls (hip fractures) and mental-health crises stay longer, other acute need shorter; "
                             "range +/-30%")},
      {"cv", number("Coefficient of variation of nights needed (lognormal).", "ratio", 1.0, 0, 5,
                    "assumption: stays are right-skewed with a standard deviation near the mean; range 0.7-1.3")},
  });
  Spec acute = defaulted("Acute beds: each site's general and acute base is world.providers[].general_acute_beds.", {
      {"escalation", defaulted(
           "Escalation in steps, as trusts' operational pressures escalation levels (OPEL 1-4): each morning a site's level "
           "counts the thresholds its occupancy last night reached (occupied beds, escalation beds included, over the base); "
           "each level opens its own escalation beds and sets the hospital's discharge effort.", {
           {"on", boolean("Off: every site stays at OPEL 1 (its escalation beds and discharge effort).", true,
                          "NHS England, Integrated OPEL framework 2024 to 2026: acute trusts score general and acute bed "
                          "occupancy among their parameters and act at each level")},
           {"occupancy", numbers("Occupancy of the base beds at which a site goes to OPEL 2, 3 and 4 (each at least the one "
                                 "before).",
                                 "fraction", {0.92, 0.95, 0.98}, 0, 2,
                                 "assumption: shaped to the OPEL framework's bed occupancy parameter, the 92% planning "
                                 "standard the first step; range each +/-0.03")},
           {"beds_share", numbers("Escalation beds open at OPEL 1, 2, 3 and 4, as a share of the base (a patient boarded on "
                                  "a ward above its beds takes one).",
                                  "fraction", {0.0, 0.01, 0.02, 0.035}, 0, 1,
                                  "fitted (OPEL 4): to ae_dta_over_12h_share_2022 (docs/calibration.md); OPEL 2 and 3 are "
                                  "assumptions rising to it; range OPEL 4 0.02-0.06")},
           {"process_rr", numbers("Chance that a patient fit to go home waits for the hospital's own discharge process, "
                                  "relative to discharge.home_process_share, at OPEL 1, 2, 3 and 4 (discharge effort: extra "
                                  "ward rounds, a discharge lounge, medicines to take home and transport prioritised).",
                                  "ratio", {1.0, 1.0, 0.9, 0.8}, 0, 10,
                                  "assumption: OPEL 3 and 4 actions include enhanced discharge (OPEL framework); range "
                                  "0.5-1 at OPEL 3 and 4")},
       })},
      {"electives", defaulted(
           "Elective (planned) inpatients in the general and acute beds (docs/model.md, \"Electives sharing beds\"): each "
           "site's waiting list, a programme booked from its head on working days, and cancellation on the day when beds "
           "run out.", {
           {"on", boolean("Off: no elective patients; the beds hold emergencies only.", true, "mechanism switch")},
           {"additions_per_1000", number("Patients added to the System's own elective inpatient lists (ordinary admissions, not "
                                         "day cases) per 1,000 residents a year.",
                                         "patients per 1,000 a year", 13.7, 0, 200,
                                         "derivation: 1.3 million elective admissions from the lists a quarter in England "
                                         "(Department of Health, quarter to September 2011), of which 19.6% ordinary (day case "
                                         "rate 80.4%, NHS England monthly activity 2013), over 53 million residents = 19.6 per "
                                         "1,000 a year, less an assumed 30% treated by independent-sector and other providers "
                                         "outside the System (range 15-40%); range 11.8-16.7")},
           {"age_rr", numbers("Relative additions per resident by report band 0, 1-4, 5-14, 15-24, 25-34, 35-44, 45-54, 55-64, "
                              "65-74, 75-84, 85+.",
                              "ratio", {0.3, 0.2, 0.2, 0.3, 0.5, 0.6, 0.9, 1.4, 2.2, 2.5, 1.8}, 0, 100,
                              "assumption: elective admissions per head rise with age to a peak at 75-84 (HES admitted "
                              "patient care, admissions by age); range: flatten or steepen by a quarter")},
           {"programme_ratio", number("Electives booked each working day at a site, over the mean additions to its list per "
                                      "working day (a booking a cancellation leaves unused is lost).",
                                      "ratio", 1.02, 0, 10,
                                      "assumption: trusts plan a little more activity than the additions, so that lists hold at "
                                      "the notice period where beds allow and a backlog from cancellations clears; range 1.0-1.1")},
           {"notice_days", integer("Days from joining the list before a patient can be booked: pre-operative assessment and "
                                   "notice of the date. Those past it are booked in order of listing.",
                                   "days", 56, 0, 3650,
                                   "assumption: set so that the mean wait is England's 60 days for an elective admission in "
                                   "2019-20 (NHS Digital, Hospital Admitted Patient Care Activity 2019-20) where beds allow; "
                                   "range 28-84")},
           {"mean_nights", number("Mean nights of an elective stay (lognormal, at least one).", "nights", 3.0, 0.5, 60,
                                  "assumption: ordinary elective stays are mostly one to three nights after surgery, with a "
                                  "tail of major operations; range 2-4.5")},
           {"cv", number("Coefficient of variation of the nights of an elective stay (lognormal).", "ratio", 1.0, 0, 5,
                         "assumption: right-skewed stays; range 0.7-1.3")},
           {"cancel_at_level", integer("Escalation level (OPEL) from which a site cancels all of the day's electives (5: never "
                                       "by level). Below it, or at 5, an elective is cancelled only when no bed is free once the "
                                       "patients who waited overnight in A&E for one are counted.",
                                       "level", 5, 1, 5,
                                       "assumption: trusts protect elective beds and cancel for want of a bed, not by level "
                                       "(NHS England's Integrated OPEL framework leaves cancelling at OPEL 4 to the trust); "
                                       "range 4-5")},
           {"initial_wait_days", number("The lists on the first day: this many days of additions (by Little's law, the list is the "
                                        "additions times the mean wait).",
                                        "days", 60, 0, 3650,
                                        "derivation: mean wait for an elective admission 60 days in England, 2019-20 (NHS "
                                        "Digital, Hospital Admitted Patient Care Activity 2019-20); range 40-120 (the lists "
                                        "grew after 2020)")},
       })},
      {"out_of_area_share", number("Share of residents' emergency admissions that go to hospitals outside the System (they use no "
                                   "bed here).",
                                   "fraction", 0.15, 0, 1,
                                   "fitted: with flow.stay.mean_days, to the occupancy of mseft_ga_beds_estimate_2021 with "
                                   "elective patients in the beds (docs/calibration.md): border areas use BHRUT, Colchester "
                                   "and London trusts; range 0.05-0.2")},
      {"max_ae_wait_days", integer("Days a patient waits in A&E for a bed before transfer to a hospital outside the System: "
                                   "from the decision to admit, with the emergency department on; otherwise from arrival, "
                                   "with every System bed full (each day they first try their own site, then the site with "
                                   "most free beds).",
                                   "days", 2, 0, 30, "assumption: mutual aid and transfers under sustained pressure; range 1-3")},
  });
  Spec emergency_department = defaulted(
      "A&E time in department at each acute site (docs/model.md, \"A&E time in department\"): arrivals by hour, trolley "
      "spaces, clinicians, investigation times by acuity, and the wait for a bed through the day.", {
      {"on", boolean("Off: admissions take beds on the day with no time in the department, and the time measures are zero.",
                     true, "mechanism switch")},
      {"walk_in_by_hour", numbers("Relative arrivals of walk-in patients (and direct admissions) by hour of the day, from "
                                  "00:00 (scaled to shares).",
                                  "ratio", {3.0, 2.5, 2.0, 1.7, 1.5, 1.5, 2.0, 3.0, 4.5, 6.0, 6.8, 6.8, 6.5, 6.3, 6.2, 6.0, 6.0,
                                            5.8, 5.6, 5.3, 4.8, 4.3, 3.8, 3.3},
                                  0, 100,
                                  "assumption shaped to HSCIC: close to 60% of attendances arrive 09:00-18:00 (2012-13), the "
                                  "busiest hours 10:00-12:00, fewest around 04:00 (NHS Digital, Hospital A&E Activity 2019-20 "
                                  "and 2021-22); a sensitivity analysis should flatten the day by a third")},
      {"ambulance_by_hour", numbers("Relative ambulance arrivals by hour of the day, from 00:00 (scaled to shares).", "ratio",
                                    {2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 4.67, 4.67, 4.67, 4.67, 4.67, 4.67},
                                    0, 100,
                                    "derivation: arrivals of patients admitted through type 1 departments, England 2016-18, "
                                    "12% 00:00-05:59, 24% 06:00-11:59, 36% 12:00-17:59, 28% 18:00-23:59 (Jones et al., "
                                    "Emerg Med J 2022;39:168), even within each quarter of the day")},
      {"clinicians_by_hour", numbers("Decision-making clinicians on duty in each hour of the day from 00:00, per 100 base beds "
                                     "of the site (at least one).",
                                     "clinicians", {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.35, 1.35, 2.0, 2.0, 2.0, 2.0,
                                                    2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.35, 1.35},
                                     0, 100,
                                     "fitted: to the 4-hour share (docs/calibration.md), with workup_hours; the rota's shape "
                                     "follows the arrivals (an assumption); range +/-25%")},
      {"spaces_per_100_beds", number("Trolley spaces (majors and resuscitation cubicles) per 100 base beds of the site: "
                                     "ambulance arrivals and emergencies need one; walk-ins who can sit are seen in chairs.",
                                     "spaces", 8.0, 0, 100,
                                     "assumption: a district general hospital of 600 beds has 40-60 such spaces; range 6-10 "
                                     "(handovers over 30 minutes are reported beside the published winter shares, "
                                     "docs/calibration.md)")},
      {"clinician_minutes", numbers("Mean minutes of a clinician's time with a patient, by acuity: emergency, urgent, minor.",
                                    "minutes", {50, 35, 20}, 0, 600,
                                    "assumption: assessment, review and decision; range +/-30%")},
      {"workup_hours", numbers("Mean hours of investigations and treatment after the clinician's first assessment, to the "
                               "decision, by acuity: emergency, urgent, minor.",
                               "hours", {3.8, 3.9, 2.2}, 0, 48,
                               "fitted: to the 4-hour share (docs/calibration.md), with clinicians_by_hour; it covers blood "
                               "tests, imaging, treatment and review by a specialty team; range +/-30%")},
      {"cv", number("Coefficient of variation of the clinician and investigation times (lognormal).", "ratio", 0.8, 0, 5,
                    "assumption: right-skewed times; range 0.5-1.2")},
      {"handover_minutes", number("Mean minutes to hand an ambulance patient over once a space is free (exponential).",
                                  "minutes", 14, 0, 600,
                                  "derivation: with spaces free, a share exp(-30/14) = 12% take over 30 minutes, as 10.7% did "
                                  "in winter 2020/21 (NHS England UEC sitrep, via NHS Confederation), the least crowded "
                                  "winter on record; range 10-20")},
      {"discharges_by_hour", numbers("Relative beds freed (discharges, deaths, transfers) by hour of the day, from 00:00 "
                                     "(scaled to shares).",
                                     "ratio", {1, 1, 1, 1, 1, 1, 1, 1, 3, 4, 5, 6, 8, 9, 10, 10, 9, 8, 6, 5, 4, 3, 2, 2},
                                     0, 100,
                                     "assumption: about 18% of discharges before noon, most in the afternoon (GIRFT and NHS "
                                     "England guidance on discharging earlier in the day); range: move a tenth of the day's "
                                     "discharges before noon")},
      {"bed_turnaround_hours", number("Hours from a bed's patient leaving to the bed being ready for the next (cleaning, "
                                      "the ward's handover).",
                                      "hours", 1.5, 0, 24, "assumption: range 0.5-3")},
      {"direct_decision_hours", number("Mean hours from a direct admission's arrival (from a GP or same-day emergency care, "
                                       "not through A&E) to needing a bed (exponential).",
                                       "hours", 3.0, 0, 48, "assumption: assessment on the acute medical unit; range 1-6")},
  });
  Spec warm_start = defaulted("The hospital on the first day: each site's base beds times the occupancy are taken by residents "
                              "in proportion to their expected bed use (urgent need times mean nights), each partway through a "
                              "stay (docs/model.md, 7.11).", {
      {"on", boolean("Off: the hospital starts empty and fills over the first weeks.", true, "mechanism switch")},
      {"occupancy", number("Share of each site's base beds occupied on the first day.", "fraction", 0.935, 0, 1.2,
                           "derivation: 1,404 occupied of 1,502 open G&A beds at MSEFT, October 2021 "
                           "(mseft_ga_beds_estimate_2021); no figure for the start date was found; range 0.85-1.0")},
      {"fit_share", number("Of those inpatients, the share who no longer meet the criteria to reside (fit on the first day).",
                           "fraction", 0.13, 0, 1,
                           "derivation: 12,387 patients not meeting the criteria to reside, England, week ending 6 Feb 2022 "
                           "(NHS England daily situation reports), of about 94,000 occupied G&A beds; range 0.1-0.2")},
  });
  Spec discharge = defaulted("Discharge to assess: who needs which pathway when medically fit, and the hand-offs.", {
      {"min_age", integer("Patients younger than this go home with no new support.", "years", 65, 0, 120,
                          "assumption: discharge support pathways serve older people (adult social care 65+ at this stage)")},
      {"pathway_share", defaulted("Shares going home, home with support, to intermediate care, to a care home, for patients from "
                                  "their own home, by frailty (care-home residents return to their home; those with a package "
                                  "go home to it).", {
          {"fit", numbers("Shares for fit patients (sum to 1).", "fraction", {0.95, 0.04, 0.007, 0.003}, 0, 1,
                          "assumption: discharge_pathway_split not found; most go home without new support; range +/-50% on the "
                          "other shares")},
          {"mild", numbers("Shares for mildly frail patients (sum to 1).", "fraction", {0.85, 0.12, 0.02, 0.01}, 0, 1,
                           "assumption: as for fit")},
          {"moderate", numbers("Shares for moderately frail patients (sum to 1).", "fraction", {0.72, 0.21, 0.045, 0.025}, 0, 1,
                               "assumption: as for fit")},
          {"severe", numbers("Shares for severely frail patients (sum to 1).", "fraction", {0.58, 0.29, 0.07, 0.06}, 0, 1,
                             "assumption: as for fit")},
      })},
      {"support_rr", numbers("Multiplier of the shares needing support (pathways 1-3) by the reason for admission: long-term "
                             "condition exacerbation, fall, infection, mental-health crisis, injury, other acute need; the home "
                             "share takes up the difference.",
                             "ratio", {1.0, 1.5, 0.9, 1.0, 1.2, 0.9}, 0, 5,
                             "assumption: falls most often need support or a new home afterwards; range +/-30%")},
      {"reablement_share", number("Share of home-with-support discharges who get reablement first; the rest need home care.",
                                  "fraction", 0.6, 0, 1, "assumption: discharge to assess favours reablement; range 0.4-0.8")},
      {"team_level", level("Where assessment and arranging of care sit: a System hub, a Place team or an integrated PCN team.",
                           "place", "scenario choice: the subsidiarity lever for hand-offs (docs/model.md)")},
      {"team", defaulted("The discharge teams at team_level: assessors and brokers in posts (programmes.mechanisms.workforce's "
                         "rules), each team with its queue of fit patients (docs/model.md, \"Discharge teams\").", {
           {"on", boolean("Off: every hand-off is exponential with mean handoff_days at every level: no staff, queue, weekends or "
                          "interfaces.", true, "mechanism switch")},
           {"handoff_days", number("With the teams off, the mean hand-off days (assessment and arranging care, exponential) at "
                                   "every level.", "days", 2.0, 0, 60,
                                   "assumption: the Place-level mean the teams are sized to keep; range 1-5")},
           {"budget_gbp", number("Yearly budget of all the System's discharge teams, shared by their residents aged 65+ with "
                                 "moderate or severe frailty (at the full population: teams keep their real size at any --scale).",
                                 "GBP per year", 2400000, 0, 1e9,
                                 "assumption: about 48 whole-time equivalents with fixed costs, enough for Place teams to keep "
                                 "up with the supported discharges of 2021 to 2030 with few escalations; range 1.8-3.2 million")},
           {"staff_cost_gbp", number("Cost of a whole-time assessor or broker per year, with on-costs.", "GBP per year", 50000, 1,
                                     1e6, "assumption: a discharge coordinator or council social worker; range 40,000-60,000")},
           {"cases_per_wte_day", number("Assessments with care arranged per whole-time equivalent per working day.",
                                        "cases per day", 1.0, 0, 100,
                                        "assumption: about 225 cases a year per whole-time equivalent, half discharge_to_assess's "
                                        "450, since a team's case needs a social-work assessment, family meetings and brokerage as "
                                        "well as the home-first plan; range 0.7-2")},
           {"weekend_share", number("Staff on a Saturday or Sunday as a share of a weekday's; the week's hours are the same, so "
                                    "weekend working thins the weekdays.",
                                    "fraction", 0.3, 0, 1,
                                    "assumption: most teams run a reduced weekend service; range 0 (weekdays only) to 1 (seven-day "
                                    "working)")},
           {"liaison_wte_per_partner", number("Time each team gives to each organisation it works with (each council, PCN and "
                                              "acute site of its patients): meetings, escalation, learning their processes.",
                                              "whole-time equivalents", 0.05, 0, 1,
                                              "assumption: about two hours a week per partner; range 0.02-0.1")},
           {"interface_days", number("Mean days an assessed case waits on each organisation outside the team (exponential): the "
                                     "council, unless the team's area lies within one council, and the patient's PCN, unless it is "
                                     "the PCN's own team.",
                                     "days", 0.5, 0, 30,
                                     "assumption: a referral across an organisational boundary waits for the next working contact; "
                                     "range 0.25-2")},
           {"trusted_assessment_share", number("Share of cases whose provider (care home, home care, intermediate care) takes the "
                                               "team's assessment as its own: the trusted assessor lever.",
                                               "fraction", 0.3, 0, 1,
                                               "assumption: trusted assessor schemes cover some providers; range 0-0.8")},
           {"provider_assessment_days", number("Mean days of a provider's own assessment when it does not trust the team's "
                                               "(exponential).", "days", 1.0, 0, 30, "assumption: range 0.5-3")},
           {"escalation_days", integer("Days a fit patient waits for their team before the acute trust's duty team assesses "
                                       "them instead (it then waits on the council and the PCN, as a System team does).",
                                       "days", 5, 1, 365,
                                       "assumption: a long wait for discharge is escalated at the trust's daily flow meeting; "
                                       "range 3-14")},
       })},
      {"weekend_discharge_share", number("Of patients whose treatment ends on a weekend or bank holiday, the share reviewed and "
                                         "declared fit that day; the rest wait for the next working day's ward round. 1 "
                                         "switches the mechanism off (seven-day working).", "fraction", 0.7, 0, 1,
                                         "assumption: discharges on a weekend day about 30% below a weekday's (Vizient, US "
                                         "hospitals 2015-17: 21.4% of discharges at weekends; no England figure found), fewer "
                                         "senior reviews than the NHS seven-day hospital services standards ask for; range 0.5-0.9")},
      {"home_process_share", number("Of patients going home without support, the share whose discharge waits past the day "
                                    "they are fit for the hospital's own process: medicines to take home, transport, the "
                                    "discharge letter, a last therapy review. 0 switches the mechanism off.", "fraction", 0.5,
                                    0, 1,
                                    "assumption: no published share; fitted with home_process_days to "
                                    "nctr_delayed_days_england_feb2022; range 0.3-0.7")},
      {"home_process_days", number("Mean days of that wait (exponential, at least one).", "days", 2.4, 0, 30,
                                   "fitted: with home_process_share, to the delayed bed days of patients not meeting the "
                                   "criteria to reside (nctr_delayed_days_england_feb2022, docs/calibration.md); range 1-4")},
      {"choice_share", number("Share of care-home placements held up by patient or family choice.", "fraction", 0.15, 0, 1,
                              "assumption: range 0.05-0.3")},
      {"choice_days", number("Mean days of such a hold-up (exponential, at least one).", "days", 7, 0, 365,
                             "assumption: range 3-14")},
      {"deconditioning_per_week", number("For patients aged 65+, the chance per week of delay that their needs step up a pathway "
                                         "(home with support to intermediate care, intermediate care to a care home).",
                                         "per week", 0.05, 0, 1,
                                         "eff_deconditioning_muscle_loss (5-10% of muscle strength lost in the first week) mapped "
                                         "as an assumption: the lower bound as a weekly chance; range 0-0.1")},
      {"reablement_independent_share", number("Share leaving reablement with no further support; the rest need home care.",
                                              "fraction", 0.771, 0, 1, "ascof2d_reablement_sequel_essex_2022_23")},
      {"intermediate_care_home_share", number("Share leaving a bedded intermediate stay for a care home (they keep the bed until "
                                              "a place is found).",
                                              "fraction", 0.1, 0, 1, "assumption: range 0.05-0.2")},
      {"community_nursing_share", number("Share of home-with-support discharges also referred to community nursing.", "fraction",
                                         0.5, 0, 1, "assumption: range 0.3-0.7")},
      {"council_funded_share", number("Share of permanent care-home admissions supported by the council (the ASCOF 2A count).",
                                      "fraction", 0.7, 0, 1,
                                      "fitted: to ascof2a_65plus_england_2019_20 when care-home places started full (still met with places "
                                      "starting 87% occupied); about a third of "
                                      "care-home residents fund themselves; range 0.55-0.75")},
  });
  Spec community = defaulted("Needs for long-term care arising at home, among residents aged 65+ (referrals that wait at home).", {
      {"home_care_entry", numbers("Needs for a home care package per person-year at own home, by frailty (fit, mild, moderate, "
                                  "severe).",
                                  "per person-year", {0.001, 0.005, 0.015, 0.03}, 0, 5,
                                  "assumption: chosen so that the number living with a package stays near its start; range +/-50%")},
      {"care_home_entry", numbers("Needs for a care-home place per person-year not in a care home, by frailty.", "per person-year",
                                  {0.00065, 0.004, 0.016, 0.052}, 0, 5,
                                  "fitted: with hospital placements, to ascof2a_65plus_england_2019_20 through council_funded_share "
                                  "(docs/calibration.md)")},
      {"dementia_care_home_rr", number("Care-home need ratio with dementia.", "ratio", 3.0, 1, 20,
                                       "assumption: about 70% of care-home residents have dementia; range 2-4")},
  });
  auto cost = [](const char* description, double value, const char* source) {
    return number(description, "GBP", value, 0, 1e6, source);
  };
  Spec costs = defaulted("Unit costs, in the price year of each source (2021/22 to 2024/25, not inflated).", {
      {"gp_same_day", cost("Per GP same-day consultation.", 49, "uc_gp_consultation_10min_2023")},
      {"nhs111", cost("Per NHS 111 contact.", 15, "assumption: not in the evidence pack; range 10-25")},
      {"utc", cost("Per urgent treatment centre attendance.", 126.76, "uc_ae_vb11z_no_investigation (as a proxy)")},
      {"ambulance_conveyance", cost("Per ambulance incident that conveys.", 489.39, "uc_ambulance_see_convey")},
      {"ambulance_incident", cost("Per ambulance incident seen and treated without conveyance.", 364.35,
                                  "uc_ambulance_see_convey (note: see and treat)")},
      {"ae", cost("Per A&E attendance (types 1-2).", 280.17, "uc_ae_attendance_mean")},
      {"sdec", cost("Per same-day emergency care attendance.", 825.86, "uc_nel_short_stay_mean (as a proxy)")},
      {"admission_short", cost("Per emergency spell of zero or one night.", 825.86, "uc_nel_short_stay_mean")},
      {"admission_long", cost("Per emergency spell of two nights or more.", 5419.28, "uc_nel_long_stay_mean")},
      {"admission_elsewhere", cost("Per emergency spell in a hospital outside the System.", 2711.36, "uc_nel_all_mean")},
      {"elective_spell", cost("Per elective inpatient spell at a System site.", 6689.01, "uc_elective_ip_mean")},
      {"excess_bed_day", cost("Per delayed day in an acute bed.", 656.24,
                              "uc_rehab_inpatient_bed_day (as a proxy; uc_excess_bed_day not found)")},
      {"intermediate_bed_day", cost("Per day in a bedded intermediate-care place.", 656.24, "uc_rehab_inpatient_bed_day")},
      {"community_nursing_episode", cost("Per community nursing episode.", 357.9,
                                         "uc_district_nurse_contact x 6 visits (assumption: range 4-10 visits)")},
      {"reablement_episode", cost("Per reablement episode (social care).", 1140.6,
                                  "uc_home_care_hour_la_paid x 10 hours a week x 6 weeks (assumption on hours)")},
      {"home_care_day", cost("Per day of a home care package (social care).", 27.16,
                             "uc_home_care_hour_la_paid x 10 hours a week / 7 (assumption on hours: range 7-15)")},
      {"care_home_day", cost("Per day in a care home (social care).", 102.43,
                             "midpoint of uc_care_home_week_laing_floor and uc_care_home_week_laing_ceiling / 7")},
  });
  return defaulted("Hospital flow and downstream care: beds, stays, discharge pathways, capacity and its level, delays, costs.", {
      {"stay", std::move(stay)},
      {"acute", std::move(acute)},
      {"emergency_department", std::move(emergency_department)},
      {"warm_start", std::move(warm_start)},
      {"capacity_plan", defaulted("Capacity over the horizon: beds and each downstream service's places by year, as indices of "
                                  "what the world builds (escalation beds follow the base).",
                                  std::move(plans))},
      {"discharge", std::move(discharge)},
      {"services", defaulted("Downstream services with finite capacity.", std::move(services))},
      {"community", std::move(community)},
      {"costs", std::move(costs)},
  });
}

}  // namespace icsim::scenarios
