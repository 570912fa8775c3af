// The programmes section of the scenario specification: the programme library (who each
// programme is for, what a member of staff costs and covers, its effects with their evidence
// ranges), the mechanisms by which a programme's level changes its results, and how the
// deciding bodies allocate, review and decide. Budgets default to zero: the calibrated
// baseline already reflects the services of its years, and a what-if adds funding.
#include "agents/vocabulary.hpp"
#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;

// A list of ids from `allowed`, with a default.
Spec id_list(std::string description, std::vector<std::string> allowed, std::vector<std::string> def, std::string source) {
  Spec s = list(std::move(description), string("", std::move(allowed)));
  s.default_value = def;
  s.source = std::move(source);
  s.required = false;
  return s;
}

struct EffectDefault {
  double central, low, high;
  const char* source;
};
constexpr EffectDefault kNone{1.0, 1.0, 1.0, "no effect expected on this path"};

struct ProgrammeDefaults {
  const char* id;
  const char* description;
  const char* level;
  int min_age;
  std::vector<std::string> frailty;
  std::vector<std::string> settings;
  std::vector<std::string> conditions;
  int min_conditions;
  double staff_cost;
  const char* staff_cost_source;
  double caseload;
  const char* caseload_source;
  std::array<EffectDefault, agents::kProgrammeEffects> effects;  // in kProgrammeEffectIds order
  int min_team;
  const char* min_team_source;
  bool targeted;
  bool keeps_continuity = false;
  double same_day_appointments = 0.0;
  const char* same_day_source = "programme definition: the programme adds no GP appointments";
};

const std::vector<std::string> kAllFrailty = {"fit", "mild", "moderate", "severe"};
const std::vector<std::string> kAllSettings = {"own_home", "home_with_care", "care_home"};
const std::vector<std::string> kAtHome = {"own_home", "home_with_care"};

const std::vector<ProgrammeDefaults> kProgrammeDefaults = {
    {"frailty_case_management",
     "Proactive frailty care and case management: a named coordinator and comprehensive geriatric assessment for residents "
     "aged 65+ with moderate or severe frailty living at home.",
     "pcn", 65, {"moderate", "severe"}, kAtHome, {}, 0, 55000,
     "assumption: a band 6 nurse or allied professional with on-costs; range 45,000-65,000", 50,
     "assumption: 50 people on a case manager's active caseload; range 30-80",
     {{{1.0, 0.85, 1.0,
        "eff_case_management_secondary_care_util: no significant difference in secondary care use (36 studies), so central 1; "
        "low end from eff_frailty_prevention_claim_85plus (20-30% preventable, a claim, not an evaluation)"},
       kNone,
       {1.0, 0.8, 1.0,
        "eff_case_management_secondary_care_util: community case management showed no significant effect (Stokes et al. "
        "2015), so central 1; low end eff_cga_nursing_home_rr (RR 0.80), which is a review of assessment of people admitted "
        "to hospital (Ellis et al. 2017), not of community case management"},
       kNone, kNone,
       {0.9, 0.8, 1.0,
        "assumption: the case manager brings geriatric assessment to the discharge plan; eff_cga_nursing_home_rr (RR 0.80, "
        "assessment of people admitted to hospital) is the low end, no effect the high end"}, kNone}}, 3,
     "assumption: a clinician-led team (a GP or geriatrician with a nurse and a therapist) needs at least three in post; range 2-4", true,
     true},
    {"ltc_case_finding",
     "Long-term-condition case finding and one-stop clinics (diabetes, respiratory and cardiovascular) with continuity of care.",
     "pcn", 18, kAllFrailty, kAllSettings,
     {"hypertension", "diabetes", "copd", "asthma", "coronary_heart_disease", "heart_failure", "atrial_fibrillation"}, 1, 60000,
     "assumption: a specialist nurse or clinical pharmacist with on-costs; range 50,000-70,000", 400,
     "assumption: 400 people with long-term conditions reviewed and followed per member of staff; range 250-600",
     {{{1.0, 0.9, 1.0,
        "assumption: no controlled evaluation of the clinics in the calibration pack, so central no effect beyond their "
        "continuity, which the continuity mechanism credits (eff_continuity_acsc, not counted again here); low end -10%"},
       kNone, kNone, kNone, kNone, kNone, kNone}}, 1,
     "assumption: one specialist nurse or pharmacist can run clinics; range 1-2", true, true},
    {"care_home_enhanced_health",
     "Enhanced health in care homes: an aligned GP, weekly multidisciplinary rounds and medicines review for care-home residents.",
     "pcn", 0, kAllFrailty, {"care_home"}, {}, 0, 60000,
     "assumption: GP sessions, nurse and pharmacist time with on-costs per whole-time equivalent; range 50,000-80,000", 120,
     "assumption: 120 care-home residents per whole-time equivalent of the team; range 80-200",
     {{{0.77, 0.67, 0.82,
        "eff_ehch_rushcliffe_emerg_adm (-23% emergency admissions); low end eff_ehch_calderdale_emerg_adm (-33%, uncontrolled), "
        "high end eff_ehch_nottingham_emerg_adm (-18%)"},
       kNone, kNone, kNone, kNone, kNone, kNone}}, 2,
     "assumption: an aligned GP with a nurse or pharmacist for the weekly round; range 1-3", false, true},
    {"social_prescribing",
     "Social prescribing: link workers connecting adults with long-term conditions to community support.", "pcn", 18, kAllFrailty,
     kAtHome, {}, 1, 35000, "assumption: a band 4 link worker with on-costs; range 30,000-40,000", 250,
     "assumption: about 250 people supported at a time per link worker; range 150-350",
     {{{0.88, 0.76, 1.0,
        "eff_social_prescribing_ae: -24% A&E (5 studies, all at high risk of bias), so central half of it and high end no effect"},
       {0.86, 0.72, 1.0,
        "eff_social_prescribing_gp_demand: -28% GP demand (7 studies, high risk of bias), so central half of it and high end no "
        "effect"},
       kNone, kNone, kNone, kNone, kNone}}, 1,
     "assumption: one link worker can run the service; range 1-2", false},
    {"urgent_community_response",
     "Urgent community response: a two-hour crisis response at home for residents aged 65+ with any frailty.", "place", 65,
     {"mild", "moderate", "severe"}, kAllSettings, {}, 0, 60000,
     "assumption: a mixed nursing and therapy team with on-costs; range 50,000-70,000", 1000,
     "assumption: a two-hour service of about 100 whole-time equivalents for 1.2 million residents covers about 1,000 frail "
     "residents aged 65+ each; range 300-2,000",
     {{{0.9, 0.8, 1.0,
        "eff_ucr_treated_at_home: 67% of those seen are treated at home, times an assumed 15% of covered residents' urgent needs "
        "reaching the team; eff_ucr_controlled_effect not found, so the high end is no effect"},
       kNone, kNone, kNone, kNone, kNone, kNone}}, 5,
     "assumption: a two-hour response 8am-8pm seven days a week needs a rota of at least five; range 4-8", false},
    {"virtual_wards",
     "Virtual wards and hospital at home: step-up care at home instead of admission and early step-down from hospital, for "
     "residents aged 65+ with moderate or severe frailty.",
     "system", 65, {"moderate", "severe"}, kAllSettings, {}, 0, 70000,
     "assumption: consultant-led nursing and therapy team with on-costs; range 60,000-90,000", 100,
     "assumption: one whole-time equivalent per virtual-ward bed, a bed takes about 50 patients a year, and covered residents "
     "are admitted about 0.5 times a year, so 100 residents per whole-time equivalent; range 50-200",
     {{{0.95, 0.9, 1.0,
        "eff_hah_admission_avoidance_rct: no difference in living at home at 6 months; assumed -5% urgent need reaching hospital, "
        "to no effect"},
       kNone, kNone,
       {0.85, 0.7, 1.0, "assumption: step-down shortens acute stays by 15%; eff_hah_cochrane and eff_virtual_ward_case_mgmt not "
                        "extracted, so the high end is no effect"},
       kNone,
       {0.85, 0.7, 1.0, "eff_hah_admission_avoidance_rct: less long-term residential care; size assumed, to no effect"}, kNone}}, 5,
     "assumption: consultant-led daily review seven days a week needs at least five on the rota; range 4-8", true},
    {"discharge_to_assess",
     "Discharge to assess (home first): assessment at home after discharge, with trusted assessors, for inpatients aged 65+ from "
     "home.",
     "place", 65, kAllFrailty, kAtHome, {}, 0, 55000,
     "assumption: a discharge coordinator or therapist with on-costs; range 45,000-65,000", 2000,
     "assumption: about 450 supported discharges a year per whole-time equivalent, and about 0.2 emergency admissions a year "
     "per resident aged 65+, so 2,000 residents covered each; range 1,000-3,000",
     {{kNone, kNone, kNone, kNone,
       {0.5, 0.3, 1.0, "eff_d2a_controlled not found (qualitative evaluations only): assumption that hand-offs halve, to no effect"},
       {0.85, 0.72, 1.0, "assumption: home first lowers care-home discharges by 15%; low end eff_cga_nursing_home_rr's lower bound"}, kNone}}, 2,
     "assumption: a coordinator and a therapist; range 1-3", false},
    {"extended_gp_access",
     "Extended GP access and same-day hubs: evening and weekend appointments across a PCN's practices.", "pcn", 0, kAllFrailty,
     kAllSettings, {}, 0, 90000, "assumption: a mix of GP and nurse sessions with on-costs; range 70,000-110,000", 30000,
     "assumption: the enhanced access standard of 60 minutes a week per 1,000 registered patients: a whole-time equivalent's "
     "37.5 hours cover about 37,500; 30,000 allows for leave; range 20,000-40,000",
     {{kNone, kNone, kNone, kNone, kNone, kNone, kNone}}, 1,
     "assumption: sessions bought from member practices need no team; range 0-2", false, false, 20.0,
     "assumption: a whole-time equivalent runs about 180 appointments a week (37.5 hours at 6 an hour, less leave), of which "
     "about 11% go to the same-day acute need modelled here; range 8-45. Check against eff_extended_gp_hours_minor_ae "
     "(-26.4% minor A&E, Greater Manchester pilot) and eff_extended_gp_hours_rollout (little at scale)"},
    {"community_end_of_life_care",
     "Community end-of-life care: a palliative care register, advance care plans and a hospice-at-home team day and night, so "
     "that people aged 65+ with moderate or severe frailty can die where they choose rather than in an emergency admission.",
     "place", 65, {"moderate", "severe"}, kAllSettings, {}, 0, 55000,
     "assumption: a band 6 community palliative care nurse with on-costs; range 45,000-70,000", 400,
     "assumption: about 40 people in their last months on a nurse's caseload at a time, and about one in ten of the covered "
     "group dies within a year, so 400 covered each; range 250-600",
     {{kNone, kNone, kNone, kNone, kNone, kNone,
       {0.65, 0.5, 0.85,
        "Gomes et al. 2013, Cochrane review of home palliative care services: odds of dying at home 2.21 (95% CI 1.31-3.71); "
        "from about half of deaths in hospital that is a ratio near 0.6 on end-of-life admissions; central 0.65, range "
        "0.5-0.85"}}}, 3,
     "assumption: a day-and-night hospice-at-home rota needs at least three; range 2-6", false},
};

Spec effect_spec(std::string_view effect, const EffectDefault& d) {
  // Needs can only be thinned, and a care-home share only lowered (the rest goes home):
  // those ratios are at most 1.
  const bool at_most_one = effect != "length_of_stay_rr" && effect != "assessment_days_rr";
  const double hi = at_most_one ? 1.0 : 3.0;
  return defaulted(std::string("Rate ratio for ") + std::string(effect) + ", with its uncertainty range (1: no effect).", {
      {"central", number("Central value.", "ratio", d.central, 0, hi, d.source)},
      {"low", number("Low end of the range.", "ratio", d.low, 0, hi, d.source)},
      {"high", number("High end of the range.", "ratio", d.high, 0, hi, d.source)},
  });
}

Spec programme_spec(const ProgrammeDefaults& d) {
  std::vector<std::pair<std::string, Spec>> effects;
  for (std::size_t e = 0; e < agents::kProgrammeEffects; ++e) {
    effects.emplace_back(agents::kProgrammeEffectIds[e], effect_spec(agents::kProgrammeEffectIds[e], d.effects[e]));
  }
  Spec level = string("Who holds the budget, decides on it and delivers it: one unit for the System, one per Place, or one per "
                      "PCN.",
                      ids(agents::kCommissioningLevelIds), false);
  level.default_value = d.level;
  level.source = "scenario choice: the subsidiarity lever (docs/model.md)";
  Spec ramp = string("How staff in post reach the funded level: linear, front_loaded, back_loaded or step.",
                     ids(agents::kRampProfileIds), false);
  ramp.default_value = "linear";
  ramp.source = "assumption: recruitment proceeds evenly; front_loaded and back_loaded bound it";
  return defaulted(d.description, {
      {"level", level},
      {"budget_gbp_per_year", number("Funding across the System at the full population (scaled with --scale); 0: not run.",
                                     "GBP per year", 0, 0, 1e9, "scenario choice: baseline adds nothing to the calibrated services")},
      {"start_month", integer("Month of the run (0-based) from which the funding starts.", "months", 0, 0, 600, "scenario choice")},
      {"ramp", ramp},
      {"ramp_months", integer("Months from the start to full staffing.", "months", 12, 0, 120,
                              "assumption: a year to recruit; range 6-24")},
      {"staff_cost_gbp_per_year", number("Cost of one whole-time-equivalent member of staff with on-costs.", "GBP per year",
                                         d.staff_cost, 1000, 1e6, d.staff_cost_source)},
      {"caseload_per_staff", number("Eligible residents one whole-time-equivalent covers at once.", "residents", d.caseload, 1, 1e6,
                                    d.caseload_source)},
      {"targeted", boolean("Case finding: with programmes.mechanisms.targeting on, the caseload is the top of the unit's list of "
                           "eligible residents ranked by risk; otherwise (open access, referral or response services) the "
                           "residents covered are a random share of the eligible.",
                           d.targeted, "programme definition")},
      {"min_team", integer("People in post below which the service cannot run (programmes.mechanisms.workforce).", "people",
                           d.min_team, 1, 100, d.min_team_source)},
      {"keeps_continuity", boolean("Delivered by the resident's own practice team, so covered residents keep continuity with "
                                   "their usual clinicians (programmes.mechanisms.continuity); hubs, response teams and "
                                   "hospital teams do not.",
                                   d.keeps_continuity, "programme definition")},
      {"same_day_appointments_per_staff_per_week",
       number("Same-day GP appointments for acute need that one whole-time equivalent adds each week, in evenings and on "
              "Saturdays, for the residents the programme covers (health.gp_access.extended_hours_share); 0: none.",
              "appointments per week", d.same_day_appointments, 0, 1000, d.same_day_source)},
      {"eligible", defaulted("Who the programme is for: every criterion must hold.", {
           {"min_age", integer("Youngest age.", "years", d.min_age, 0, 120, "programme definition")},
           {"frailty", id_list("Frailty categories included.", ids(agents::kFrailtyIds), d.frailty, "programme definition")},
           {"settings", id_list("Living settings included.", ids(agents::kLivingSettingIds), d.settings, "programme definition")},
           {"conditions", id_list("Long-term conditions, at least min_conditions of which must be held; empty: any.",
                                  ids(agents::kConditionIds), d.conditions, "programme definition")},
           {"min_conditions", integer("Long-term conditions needed (of those listed, or of any if none are listed).", "conditions",
                                      d.min_conditions, 0, 11, "programme definition")},
       })},
      {"effects", defaulted("What the programme changes for the residents it covers, each a rate ratio: urgent and emergency "
                            "needs, minor needs and needs for a care home met or prevented (thinning), nights in hospital, "
                            "hand-off days, and the care-home share of discharges.",
                            std::move(effects))},
  });
}

Spec by_level(std::string description, std::string unit, std::vector<double> def, double lo, double hi, std::string source) {
  return numbers(std::move(description) + " By level: system, place, pcn.", std::move(unit), std::move(def), lo, hi,
                 std::move(source));
}

}  // namespace

// icsim:table
Spec programmes_spec() {
  std::vector<std::pair<std::string, Spec>> library;
  for (const auto& d : kProgrammeDefaults) library.emplace_back(d.id, programme_spec(d));
  Spec programmes = defaulted("The programme library: each programme's level, budget, ramp-up, staffing, eligibility and effects.",
                              std::move(library));
  Spec mechanisms = defaulted("How the level a programme sits at changes its results (docs/model.md, \"Where subsidiarity changes "
                              "outcomes\"), each mechanism with its own switch; pooling and hand-offs of downstream services are "
                              "flow.services and flow.discharge.", {
      {"workforce", defaulted("Teams of whole people in each delivering unit: recruitment, turnover, absence, cover and "
                              "management time (docs/model.md, \"Workforce\").", {
           {"on", boolean("Off: funded time is in post at once and never absent, with no minimum team, management time or fixed costs.", true,
                          "mechanism switch")},
           {"recruitment_days", number("Mean days from the start of a recruitment campaign to the new starter (exponential).",
                                       "days", 90, 0, 730,
                                       "assumption: advert, interview, pre-employment checks and notice; range 60-180")},
           {"campaigns_per_month", integer("Recruitment campaigns one delivering unit's pipeline starts in 30 days.", "campaigns", 4,
                                           1, 1000,
                                           "assumption: one unit's recruitment (a lead, HR support) runs a few campaigns at once; "
                                           "range 2-10")},
           {"turnover_per_year", number("Leavers per filled post per year.", "per year", 0.2, 0, 2,
                                        "asc_workforce_turnover_2022_23 (Essex 28.0%, Southend 33.2%, Thurrock 21.3%) for social "
                                        "care; NHS community staff lower: assumption 20%, range 0.12-0.33")},
           {"absence_share", number("Share of working days a member of staff is away: sickness and leave not covered by the "
                                    "caseload's own allowance.",
                                    "fraction", 0.08, 0, 0.5,
                                    "assumption: NHS sickness absence runs at about 5%, plus unplanned leave; range 0.04-0.15")},
           {"cover_share", number("Extra work each present member can take on for absent colleagues.", "fraction", 0.1, 0, 1,
                                  "assumption: a team can stretch by about a tenth for a day; range 0-0.25")},
           {"management_wte", number("Management time of every team, whatever its size: its lead.", "whole-time equivalents", 0.2, 0,
                                     10, "assumption: a lead's part-time role; range 0.1-0.5")},
           {"staff_per_manager", number("Span of control: a further whole-time equivalent of management per this many staff.",
                                        "staff", 10, 1, 1000, "assumption: NHS teams of 8-12 per manager; range 6-15")},
           {"team_fixed_cost_gbp", number("Fixed cost of each delivering team per year: systems, premises, training (at the "
                                          "full population: teams keep their real size at any --scale).",
                                          "GBP per year", 10000, 0, 1e7,
                                          "assumption: a team's clinical system licences, rooms and training; range 0-30,000")},
       })},
      {"targeting", defaulted("Whom a unit covers: its caseload filled from the top of its list of eligible residents ranked "
                              "by a risk score with error (docs/model.md, \"Targeting\").", {
           {"on", boolean("Off: the residents covered are a random share of the eligible.", true, "mechanism switch")},
           {"c_statistic", by_level("c-statistic of the risk score the unit ranks by, for an urgent or emergency need within a "
                                    "year (1 perfect, 0.5 no better than chance).",
                                    "c-statistic", {0.76, 0.74, 0.72}, 0.5, 0.99,
                                    "assumption in the range published emergency-admission risk tools and frailty indices "
                                    "report (about 0.65-0.80): the System ranks with linked data and a larger training set, a "
                                    "PCN's practices with their records and knowledge of their patients; range 0.65-0.80 for "
                                    "each level")},
       })},
      {"continuity", defaulted("Continuity of care: care from the resident's own practice team raises their usual provider of "
                               "care index, and higher continuity lowers ambulatory-care-sensitive admissions (docs/model.md, "
                               "\"Continuity\").", {
           {"on", boolean("Off: no covered resident's continuity changes.", true, "mechanism switch")},
           {"upc_gain", by_level("Gain in the usual provider of care index (share of contacts with the usual clinician) of a "
                                 "resident covered by a programme delivered at each level.",
                                 "index", {0.0, 0.05, 0.1}, 0, 1,
                                 "assumption: a PCN team is the practice's own (one more of ten contacts with the usual "
                                 "clinicians), a Place team shares some, a System team none; eff_continuity_acsc's mean UPC "
                                 "0.61; range 0-0.2 for the PCN")},
           {"acsc_log_rr_per_upc", number("Log rate ratio of an ambulatory-care-sensitive admission per unit of the usual "
                                          "provider of care index.",
                                          "log ratio", -0.309, -5, 0,
                                          "eff_continuity_acsc: -6% ACSC admissions for +0.2 UPC (Barker et al. 2017), "
                                          "ln(0.94)/0.2; range -0.5 (eff_continuity_hr_least_vs_full, Tammes et al. 2017) to 0")},
       })},
  });
  Spec allocation = string("How the System shares each level's funding out to Places and PCNs: equal_per_head, "
                           "weighted_capitation or need_based (weighted capitation with a deprivation uplift, against the "
                           "inverse care law, MoU 3.3 and 9.7).",
                           ids(agents::kAllocationFormulaIds), false);
  allocation.default_value = "weighted_capitation";
  allocation.source = "scenario choice (MoU 9.9: funding to Places by a formula agreed by the partners)";
  Spec governance = defaulted("The deciding bodies: PCNs, Places (ICPs) and the System hold the budgets of programmes at their "
                              "level, review their dashboards and move money between programmes (MoU sections 8-9).", {
      {"allocation", allocation},
      {"capitation_weight", numbers("Need per resident by report band 0, 1-4, 5-14, 15-24, 25-34, 35-44, 45-54, 55-64, 65-74, "
                                    "75-84, 85+ (relative).",
                                    "ratio", {1.2, 0.5, 0.3, 0.5, 0.5, 0.55, 0.7, 0.9, 1.5, 2.8, 5.0}, 0, 100,
                                    "assumption: the shape of emergency admission rates by age (the model's episode rates); "
                                    "range +/-30%")},
      {"deprivation_uplift", number("need_based: extra weight for the most deprived quintile (none for the least, linear between).",
                                    "fraction", 0.3, 0, 5, "assumption: inverse care law (MoU 3.3); range 0-1")},
      {"review_months", integer("Months between a body's dashboard reviews.", "months", 3, 1, 24,
                                "assumption: quarterly reviews; range 1-6")},
      {"reporting_lag_months", integer("Age of the data on a dashboard.", "months", 2, 0, 24,
                                       "assumption: secondary-care activity data arrive about two months late; range 1-4")},
      {"dashboard_noise_cv", number("Coefficient of variation of the noise on the value a dashboard shows (lognormal).", "ratio",
                                    0.25, 0, 5, "assumption: attribution of activity to a programme is uncertain; range 0.1-0.5")},
      {"reallocation_share", number("Share of the weakest programme's funding a body moves to its strongest at one decision.",
                                    "fraction", 0.2, 0, 1, "assumption; range 0.1-0.5")},
      {"stop_below_return", number("A body proposes moving money only if its weakest programme returns less than this value per "
                                   "pound spent.",
                                   "GBP per GBP", 1.0, 0, 100, "assumption: MoU principle 9 (stop what has not worked); range 0.5-2")},
      {"value_gbp", numbers("Value a dashboard credits to each urgent need met, minor need met, care-home need prevented and "
                            "inpatient supported.",
                            "GBP", {900, 60, 30000, 250}, 0, 1e6,
                            "assumption from flow.costs: an urgent need's usual route (A&E at 280, conveyance, about a tenth "
                            "admitted at 5,400), a GP contact, about 8 months in a care home, and for an inpatient a quarter "
                            "needing support on discharge times 1.5 bed days saved at 656; range +/-50%")},
      {"observed_dashboards", boolean("On: each body's dashboard shows its area's counts (emergency admissions, A&E "
                                      "attendances, bed days, delayed days, care-home admissions), lagged, against the same "
                                      "months a year before and the same change among its peers, and credits the difference "
                                      "to the programmes aimed at each count by their caseloads. Off: it credits the needs its "
                                      "programmes are recorded as meeting (value_gbp), a counterfactual no body can see.",
                                      true, "mechanism switch")},
      {"observed_value_gbp", numbers("Value a dashboard puts on each emergency admission, A&E attendance, bed day, delayed day "
                                     "and care-home admission fewer than expected.",
                                     "GBP", {5400, 280, 656, 656, 30000}, 0, 1e6,
                                     "assumption from flow.costs: a non-elective admission, an A&E attendance, an excess bed "
                                     "day (twice for a delayed one) and about 8 months in a care home; range +/-50%")},
      {"pcn_decision_days", integer("Days a PCN's clinical directors take to decide.", "days", 14, 0, 365,
                                    "assumption: a PCN can change course within a quarter (MODEL.md mechanism 4); range 7-60")},
      {"place_partners", integer("Voting members of a Place (ICP) board.", "members", 9, 1, 100, "assumption; range 6-12")},
      {"place_board_interval_days", integer("Days between Place board meetings.", "days", 30, 1, 365, "assumption: monthly; range 14-60")},
      {"system_partners", integer("Voting members of the System's Partnership Board and SLE.", "members", 16, 1, 100,
                                  "mse-partnership-mou-2020 section 1.1 lists the partners; range 12-20")},
      {"partner_agree_probability", number("Chance each member supports a proposal.", "probability", 0.9, 0, 1,
                                           "assumption; range 0.7-1")},
      {"sle_interval_days", integer("Days between System Leadership Executive meetings.", "days", 30, 1, 365, "assumption: monthly; range 14-60")},
      {"board_interval_days", integer("Days between Partnership Board meetings.", "days", 60, 1, 365,
                                      "assumption: every two months; range 30-90")},
      {"supermajority", number("Share of Partnership Board members needed when the SLE has no consensus.", "fraction", 0.75, 0.5, 1,
                               "mse-partnership-mou-2020 section 8.4")},
      {"facilitator_days", integer("Days an independent facilitator takes (issue resolution, step 3).", "days", 60, 0, 365,
                                   "mse-partnership-mou-2020 section 8.10; duration assumed, range 14-90")},
      {"mobilisation_days", integer("Days from a decision to the change in staff in post.", "days", 90, 0, 730,
                                    "assumption: notice and recruitment; range 30-180")},
  });
  return defaulted("Programmes that move care into the community, and the bodies that decide on them.", {
      {"library", programmes},
      {"mechanisms", mechanisms},
      {"governance", governance},
  });
}

}  // namespace icsim::scenarios
