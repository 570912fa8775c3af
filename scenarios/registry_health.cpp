// The health section of the scenario specification: long-term conditions, frailty, living
// settings, episodes of need and GP same-day access. Every default names its source; where
// the evidence pack has no figure the default is a stated assumption with the range to test.
#include <fmt/format.h>

#include "agents/vocabulary.hpp"
#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;
using Type = Spec::Type;

const std::string kBands = "by report band 0, 1-4, 5-14, 15-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75-84, 85+";

// An object whose fields all have defaults: absent means "all defaults".
struct ConditionDefaults {
  const char* id;
  int min_age;
  std::vector<double> profile;
  double male_ratio, deprivation_ratio, mortality_hr, exacerbation_rate;
  bool acsc;
  const char* profile_source;
  const char* mortality_source;
};

// Age profiles give the shape only: each practice's level is fitted to its QOF register.
const std::vector<ConditionDefaults> kConditionDefaults = {
    {"hypertension", 0, {0, 0, 0.001, 0.005, 0.02, 0.06, 0.15, 0.28, 0.42, 0.55, 0.6}, 1.1, 1.15, 1.1, 0.005, true,
     "assumption: steep rise after 40 (shape of Health Survey for England diagnosed hypertension by age)",
     "assumption: small excess once frailty and other conditions are allowed for; range 1.0-1.3"},
    {"diabetes", 17, {0, 0, 0, 0.004, 0.015, 0.035, 0.07, 0.12, 0.17, 0.2, 0.17}, 1.3, 1.6, 1.6, 0.04, true,
     "assumption: shape of National Diabetes Audit prevalence by age; register from 17 (QOF)",
     "assumption: range 1.3-2.0"},
    {"copd", 0, {0, 0, 0, 0, 0.002, 0.006, 0.015, 0.035, 0.06, 0.085, 0.085}, 1.1, 2.2, 2.0, 0.5, true,
     "assumption: diagnosed COPD rare before 40, rising to about 8% at 75+; steep deprivation gradient (smoking)",
     "assumption: range 1.5-2.5"},
    {"asthma", 6, {0, 0, 0.05, 0.06, 0.06, 0.06, 0.06, 0.065, 0.07, 0.07, 0.065}, 0.8, 1.3, 1.05, 0.06, true,
     "assumption: flat over adult ages; register from 6 (QOF)", "assumption: range 1.0-1.2"},
    {"coronary_heart_disease", 0, {0, 0, 0, 0, 0.001, 0.005, 0.02, 0.05, 0.1, 0.16, 0.2}, 1.8, 1.5, 1.5, 0.06, true,
     "assumption: rises steeply after 45, men about twice women", "assumption: range 1.2-1.8"},
    {"heart_failure", 0, {0, 0, 0, 0, 0.0005, 0.001, 0.003, 0.008, 0.02, 0.05, 0.1}, 1.4, 1.4, 2.5, 0.35, true,
     "assumption: concentrated in the over-75s", "assumption: range 2.0-3.0"},
    {"atrial_fibrillation", 0, {0, 0, 0, 0, 0.0005, 0.002, 0.006, 0.02, 0.05, 0.1, 0.15}, 1.4, 0.9, 1.5, 0.06, true,
     "assumption: about 10% at 75-84; slightly higher in less deprived areas (detection)", "assumption: range 1.2-2.0"},
    {"dementia", 0, {0, 0, 0, 0, 0, 0.0002, 0.001, 0.004, 0.015, 0.06, 0.17}, 0.75, 1.2, 2.5, 0.15, true,
     "assumption: diagnosed dementia doubling every 5 years after 65", "assumption: range 2.0-3.5"},
    {"depression", 18, {0, 0, 0, 0.08, 0.12, 0.13, 0.13, 0.12, 0.1, 0.09, 0.09}, 0.55, 1.4, 1.3, 0.0, false,
     "assumption: QOF register (diagnosed since 2006) flat over working ages, women about twice men; register from 18",
     "assumption: range 1.1-1.6"},
    {"serious_mental_illness", 0, {0, 0, 0, 0.004, 0.009, 0.011, 0.012, 0.011, 0.009, 0.007, 0.006}, 1.1, 2.5, 2.0, 0.0, false,
     "assumption: about 1% of adults, strongly linked to deprivation", "assumption: range 1.5-2.5"},
    {"cancer", 0, {0, 0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.04, 0.07, 0.1, 0.11}, 0.9, 0.9, 2.0, 0.15, false,
     "assumption: QOF register (diagnosed since 2003) rising with age", "assumption: range 1.5-3.0"},
};

Spec condition_spec(const ConditionDefaults& d) {
  return defaulted(fmt::format("The {} register and its course.", d.id), {
      {"min_age", integer("Youngest age on the register (the QOF register's base).", "years", d.min_age, 0, 100,
                          "QOF 2020-21 register base (PREVALENCE_2021_v2 patient_list_type)")},
      {"age_profile", numbers("Relative prevalence " + kBands + ": the shape only; each practice's level is fitted to its "
                              "QOF register. Onset rates follow from the shape (docs/model.md).",
                              "relative", d.profile, 0, 1, d.profile_source)},
      {"male_ratio", number("Prevalence in men relative to women at the same age.", "ratio", d.male_ratio, 0.1, 10,
                            "assumption: published sex ratios of the condition; range x0.8-x1.25")},
      {"deprivation_ratio", number("Prevalence in the most deprived IMD quintile relative to the least deprived, at the "
                                   "same age (geometric steps between).",
                                   "ratio", d.deprivation_ratio, 0.1, 10,
                                   "assumption: gradient of QOF prevalence with practice deprivation; range x0.8-x1.25")},
      {"mortality_hr", number("Hazard ratio for death with the condition (on top of frailty and other conditions).",
                              "ratio", d.mortality_hr, 0.5, 10, d.mortality_source)},
      {"exacerbation_rate", number("Exacerbations needing same-day care, per person-year with the condition.",
                                   "per person-year", d.exacerbation_rate, 0, 10,
                                   "fitted: calibration (docs/calibration.md), from a starting assumption")},
      {"acsc", boolean("Whether an emergency admission for an exacerbation is ambulatory-care sensitive.", d.acsc,
                       "NHS Outcomes Framework 2.3.i chronic ACSCs (angina, asthma, AF, heart failure, COPD, dementia, "
                       "diabetes, hypertension)")},
  });
}

struct EpisodeDefaults {
  const char* id;
  const char* description;
  std::vector<double> rate;
  double deprivation_ratio;
  std::vector<double> frailty_rr, setting_rr;
  std::vector<std::pair<int, double>> condition_rr;
  std::vector<double> urgency;
  double acsc_share;
  const char* acsc_source;
};

const std::vector<EpisodeDefaults> kEpisodeDefaults = {
    {"ltc_exacerbation", "Exacerbations of long-term conditions: the conditions' own rates, plus this base rate.",
     {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1.3, {1, 1.3, 1.7, 2.2}, {1, 1.2, 1.5}, {}, {0.35, 0.55, 0.1}, 0.0,
     "exacerbations take the ACSC status of their condition"},
    {"fall", "Falls needing same-day care.",
     {0.00654, 0.01181, 0.00658, 0.00596, 0.00646, 0.00877, 0.0115, 0.01879, 0.02215, 0.04484, 0.08298}, 1.1, {1, 1.8, 3.0, 4.5}, {1, 1.3, 2.0},
     {{agents::kDementia, 1.8}, {agents::kDepression, 1.2}}, {0.35, 0.45, 0.2}, 0.0, "falls are not ACSCs"},
    {"infection", "Acute infections (respiratory, urinary, skin).",
     {0.5228, 0.2953, 0.09875, 0.11912, 0.1033, 0.10021, 0.09201, 0.08453, 0.06646, 0.09966, 0.14523}, 1.3, {1, 1.5, 2.2, 3.0}, {1, 1.2, 2.0},
     {{agents::kCopd, 1.5}, {agents::kDiabetes, 1.3}, {agents::kDementia, 1.4}, {agents::kHeartFailure, 1.3}, {agents::kCancer, 1.5}},
     {0.15, 0.5, 0.35}, 0.1273,
     "fitted: share that are acute ACSCs (Purdy et al. 2009: pyelonephritis, cellulitis, ENT infections, "
     "vaccine-preventable influenza and pneumonia)"},
    {"mental_health_crisis", "Mental-health crises.",
     {0, 0, 0.00329, 0.02382, 0.01937, 0.01503, 0.0115, 0.00657, 0.00277, 0.00249, 0.00208}, 2.0, {1, 1, 1, 1}, {1, 1, 1},
     {{agents::kDepression, 3.0}, {agents::kSeriousMentalIllness, 8.0}, {agents::kDementia, 1.5}}, {0.3, 0.6, 0.1}, 0.0,
     "mental-health crises are not ACSCs"},
    {"injury", "Injuries other than falls.",
     {0.09803, 0.11812, 0.13167, 0.23825, 0.18078, 0.12526, 0.09201, 0.06575, 0.03323, 0.0299, 0.0249}, 1.4, {1, 1, 1, 1}, {1, 1, 1}, {}, {0.08, 0.42, 0.5}, 0.0,
     "injuries are not ACSCs"},
    {"other_acute", "Other acute need: pain, symptoms to assess, minor illness.",
     {0.58815, 0.41342, 0.23042, 0.4765, 0.49069, 0.45093, 0.41404, 0.35693, 0.24925, 0.29898, 0.37344}, 1.3, {1, 1.3, 1.7, 2.2}, {1, 1.2, 1.5},
     {{agents::kCoronaryHeartDisease, 1.3}, {agents::kCancer, 1.3}}, {0.1, 0.45, 0.45}, 0.03,
     "fitted: share that are acute ACSCs (dehydration and gastroenteritis, dental conditions, convulsions)"},
};

Spec episode_spec(const EpisodeDefaults& d) {
  std::vector<double> condition_rr(agents::kConditions, 1.0);
  for (const auto& [c, rr] : d.condition_rr) condition_rr[static_cast<std::size_t>(c)] = rr;
  std::string conditions;
  for (auto id : agents::kConditionIds) conditions += (conditions.empty() ? "" : ", ") + std::string(id);
  return defaulted(d.description, {
      {"rate", numbers("Episodes per person-year " + kBands + ", before the multipliers below.", "per person-year", d.rate, 0, 20,
                       "fitted: calibration to A&E and emergency-admission rates by age (docs/calibration.md)")},
      {"deprivation_ratio", number("Rate in the most deprived IMD quintile relative to the least deprived.", "ratio",
                                   d.deprivation_ratio, 0.1, 10,
                                   "assumption: urgent care use rises with deprivation; range 1.0-2.0")},
      {"frailty_rr", numbers("Rate ratio by frailty: fit, mild, moderate, severe.", "ratio", d.frailty_rr, 0, 20,
                             "assumption: eFI categories predict unplanned admission (Clegg et al. 2016); range +/-30% above 1")},
      {"setting_rr", numbers("Rate ratio by living setting: own home, home with care, care home.", "ratio", d.setting_rr, 0, 20,
                             "assumption: care-home residents use emergency care more (care_home_residents_65plus_england); range +/-30% above 1")},
      {"condition_rr", numbers("Rate ratio for each condition held: " + conditions + ".", "ratio", condition_rr, 0, 20,
                               "assumption: conditions that raise the risk of this kind of episode; range +/-30% above 1")},
      {"urgency_share", numbers("Shares by urgency: emergency, urgent, minor (sum to 1).", "fraction", d.urgency, 0, 1,
                                "assumption: fitted with the care pathway to A&E and admission rates (docs/calibration.md)")},
      {"acsc_share", number("Share of these episodes that are ambulatory-care-sensitive if they end in an admission.", "fraction",
                            d.acsc_share, 0, 1, d.acsc_source)},
  });
}

}  // namespace

// icsim:table
Spec health_spec() {
  std::vector<std::pair<std::string, Spec>> conditions;
  for (const auto& d : kConditionDefaults) conditions.emplace_back(d.id, condition_spec(d));
  std::vector<std::pair<std::string, Spec>> episodes;
  for (const auto& d : kEpisodeDefaults) episodes.emplace_back(d.id, episode_spec(d));

  Spec register_row = object("", {
      {"practice_id", string("Practice ODS code.")},
      {"condition", string("Condition.", ids(agents::kConditionIds))},
      {"registered", number("Patients on the register.", "patients", json(), 0, 1e6, "QOF 2020-21 PREVALENCE_2021_v2")},
      {"list_base", number("Registered patients in the register's age base.", "patients", json(), 0, 1e6,
                           "QOF 2020-21 PREVALENCE_2021_v2 practice_list_size")},
  });
  const std::vector<std::vector<double>> frailty_default = {
      {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0},
      {0.97, 0.03, 0, 0}, {0.85, 0.13, 0.02, 0}, {0.62, 0.30, 0.07, 0.01}, {0.42, 0.40, 0.14, 0.04}, {0.22, 0.43, 0.25, 0.10}};
  std::vector<std::pair<std::string, Spec>> frailty_bands;
  for (std::size_t b = 0; b < frailty_default.size(); ++b) {
    frailty_bands.emplace_back(std::string(agents::kReportBandLabels[b]),
                               numbers("Shares fit, mild, moderate, severe (sum to 1).", "fraction", frailty_default[b], 0, 1,
                                       "assumption: age gradient around Clegg et al. 2016 (eFI, aged 65-95: 50% fit, 35% mild, "
                                       "12% moderate, 3% severe); range +/-20% in each category"));
  }
  Spec frailty = defaulted("Electronic Frailty Index categories: initial mix, progression and mortality.", {
      {"initial_share", defaulted("Frailty mix at the start and for in-migrants, by report band.", std::move(frailty_bands))},
      {"condition_log_odds", number("Shift in the log-odds of each higher frailty category per long-term condition above the band's "
                                    "mean (initial mix and progression).", "log-odds", 0.35, 0, 2,
                                    "assumption: long-term conditions are deficits counted by the eFI; range 0.2-0.5")},
      {"progression_rate", numbers("Steps up per person-year at age 75: fit to mild, mild to moderate, moderate to severe.",
                                   "per person-year", {0.10, 0.08, 0.10}, 0, 2,
                                   "assumption: chosen to hold the age-specific frailty mix steady over the horizon; range +/-30%")},
      {"progression_age_rr", number("Progression rate ratio per 10 years of age.", "ratio", 1.8, 1, 5,
                                    "assumption: frailty accelerates with age; range 1.5-2.2")},
      {"progression_min_age", integer("No progression below this age.", "years", 50, 0, 100, "assumption: eFI is used from 50 (range 50-65)")},
      {"mortality_hr", numbers("Hazard ratio for death: fit, mild, moderate, severe.", "ratio", {1.0, 1.92, 3.10, 4.52}, 0.5, 20,
                               "Clegg et al. 2016 Age Ageing 45:353 (eFI, 1-year mortality hazard ratios)")},
  });
  Spec settings = defaulted("Where older residents live: own home, home with a care package, care home.", {
      {"min_age", integer("Care packages and care homes from this age.", "years", 65, 0, 100,
                          "assumption: adult social care for older people (65+) only at this stage")},
      {"care_home_share", numbers("Share in a care home by frailty (fit, mild, moderate, severe).", "fraction",
                                  {0, 0.0145, 0.1162, 0.508}, 0, 1,
                                  "fitted: residents in care homes on the first day to care_home_beds_mse_est x "
                                  "care_home_occupancy_england_prepandemic (about 9,100, so about 10,460 places at "
                                  "flow.services.care_home_places.initial_occupancy)")},
      {"home_care_share", numbers("Share of those not in a care home who have a home care package, by frailty.", "fraction",
                                  {0.005, 0.03, 0.12, 0.25}, 0, 1,
                                  "assumption: about 4% of people 65+ receive home care; range +/-30%")},
      {"dementia_care_home_rr", number("Care-home share ratio with dementia.", "ratio", 3.0, 1, 10,
                                       "assumption: about 70% of care-home residents have dementia; range 2-4")},
      {"mortality_hr", numbers("Hazard ratio for death by setting (own home, home with care, care home), on top of frailty.",
                               "ratio", {1.0, 1.3, 2.0}, 0.5, 10, "assumption: range 1.5-2.5 for care homes")},
  });
  Spec gp = defaulted("Same-day access to general practice.", {
      {"same_day_per_1000_per_week",
       number("Same-day appointments for the acute need modelled here, per 1,000 registered patients per week, spread over "
              "Monday-Friday; routine same-day demand is outside the model and takes the rest of a practice's same-day capacity.",
              "appointments per 1,000 patients per week", 3.69, 0, 200,
              "fitted: to ae_preceded_by_no_gp_appt_share (Cowling et al. 2014); context: gp_appointment_gap_mse")},
      {"in_hours_share", number("Share of weekday needs that arise while practices are open (8:00-18:30).", "fraction", 0.7, 0, 1,
                                "assumption: needs arise mostly in the day; core hours are 52.5 of 168 hours a week; range 0.5-0.8")},
      {"extended_hours_share",
       number("Of the needs that arise out of core hours (weekday evenings and nights, weekends), the share that arise while "
              "extended-access appointments run (weekdays 18:30-20:00, Saturdays 9:00-17:00) and can use them.",
              "fraction", 0.3, 0, 1,
              "assumption: 15.5 of the about 52 waking hours a week outside core hours (weekday evenings to 23:00, weekends "
              "8:00-23:00); range 0.2-0.45")},
  });

  // Fitted together (docs/calibration.md): the winter types carry the national emergency
  // admissions' shape, injuries the summer rise and January fall of attendances.
  const std::vector<double> flat(12, 1.0);
  const std::vector<double> winter = {1.222, 1.146, 1.11, 0.898, 0.904, 0.914, 0.83, 0.884, 0.984, 0.967, 1.163, 0.979};
  const std::vector<double> summer = {0.485, 0.808, 0.963, 0.978, 1.376, 1.395, 1.383, 0.795, 0.843, 0.989, 0.894, 1.09};
  std::vector<std::pair<std::string, Spec>> months;
  for (const auto id : agents::kEpisodeTypeIds) {
    const bool winter_type = id == "infection" || id == "ltc_exacerbation";
    months.emplace_back(std::string(id), numbers(std::string("Relative rate of ") + std::string(id) + " episodes in each calendar "
                                                 "month, January first (scaled to a yearly mean of one).",
                                                 "ratio", winter_type ? winter : id == "injury" ? summer : flat, 0, 10,
                                                 winter_type ? "fitted: with injury, to the national monthly emergency admissions "
                                                               "and A&E attendances (emergency_admissions_month_index_*, ae_attendances_month_index_*, "
                                                               "docs/calibration.md)"
                                                 : id == "injury" ? "fitted: as for infection"
                                                                  : "assumption: no season of its own; range the infection row's "
                                                                    "shape at half its amplitude"));
  }
  Spec start = string("First day of the wave, YYYY-MM-DD.");
  start.type = Type::kDate;
  Spec wave = object("A wave of illness: the rates of its episode types rise and fall back over its weeks, on top of the "
                     "months' (a raised cosine, so the wave adds (peak - 1) / 2 x its days of need at the base rate).", {
      {"name", string("What the wave is, for people (\"flu 2022-23\").")},
      {"episodes", list("Episode types whose rates it raises.", string("", ids(agents::kEpisodeTypeIds)), 1)},
      {"start", std::move(start)},
      {"weeks", number("From the wave's first day to its last.", "weeks", json(), 1, 52,
                       "scenario choice; assumption for a flu season 8-12 (UKHSA's weekly surveillance shows seasons of "
                       "two to three months)")},
      {"peak", number("Relative rate at the wave's midpoint (1.3: 30% above the month's).", "ratio", json(), 1, 10,
                      "scenario choice; assumption for a bad flu winter's respiratory admissions 1.2-1.5")},
  });
  Spec waves = list("Waves of illness (flu, COVID, RSV) as optional shocks; none in the baseline. At most 32.", std::move(wave));
  waves.max_items = 32;
  waves.required = false;
  waves.default_value = json::array();
  Spec seasons = defaulted("Episode rates through the year: respiratory illness rising in winter, injuries in summer "
                           "(agents/seasons.hpp).", {
      {"on", boolean("Off: every episode type's rate is the same in every month (waves still apply).", true, "mechanism switch")},
      {"by_month", defaulted("Each episode type's relative rate by calendar month.", std::move(months))},
      {"by_weekday", numbers("Every episode type's relative rate by day of the week, Monday first (scaled to a week's mean of "
                             "one): when people present, Monday busiest.",
                             "ratio", {1.12, 0.99, 0.98, 0.98, 0.98, 0.96, 0.99}, 0, 10,
                             "derivation: Monday is 16% of England's A&E attendances (NHS Digital, Hospital Accident and Emergency "
                             "Activity 2019-20), 1.12 / 7; the other days near even with Saturday the quietest, an assumption "
                             "(range: all six at 0.98)")},
      {"waves", std::move(waves)},
  });

  Spec end_of_life = defaulted("End-of-life admissions: a resident whose next health transition is death may be admitted "
                               "as an emergency in the days before it and die in hospital (docs/model.md, \"Where people "
                               "die\").", {
      {"on", boolean("Off: deaths come where the resident is, in hospital only if already there.", true, "mechanism switch")},
      {"lead_days", number("Mean days from the admission to the death (exponential, at least one; not before the day the "
                           "death is drawn).", "days", 9, 1, 60,
                           "assumption: the final admission of people who die in hospital lasts about one to two weeks (a "
                           "median near 8 days in English studies of last admissions); range 5-14")},
      {"admission_share", numbers("Chance of an end-of-life admission, by living setting: own home, home with care, care "
                                  "home.", "fraction", {0.52, 0.52, 0.3}, 0, 1,
                                  "fitted: own home and home with care together, to hospital_deaths_share_2022 "
                                  "(docs/calibration.md); care home an assumption, about a quarter to a third of care-home "
                                  "residents die in hospital; range 0.2-0.4")},
  });

  Spec s = object("Residents' health: long-term conditions, frailty, living settings and episodes of need.", {
      {"registers", table("QOF disease registers by practice and condition: a CSV file or the rows inline. Every practice needs "
                          "a row for every condition.", register_row)},
      {"conditions", defaulted("The long-term conditions (QOF registers).", std::move(conditions))},
      {"onset_comorbidity_rr", number("Onset rate ratio per long-term condition already held (normalised so each age band's "
                                      "mean onset rate is kept).",
                                      "ratio", 1.15, 1, 3, "assumption: multimorbidity clusters; range 1.0-1.3")},
      {"frailty", std::move(frailty)},
      {"settings", std::move(settings)},
      {"episodes", defaulted("Episodes of need, by type.", std::move(episodes))},
      {"gp_access", std::move(gp)},
      {"seasons", std::move(seasons)},
      {"end_of_life", std::move(end_of_life)},
  });
  s.required = true;
  return s;
}

}  // namespace icsim::scenarios
