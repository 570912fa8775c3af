// The hospital-flow section into agents::FlowConfig: levels resolved, pathway shares checked
// to sum to one.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenarios/config_builder.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;

agents::CommissioningLevel to_level(const json& value) {
  return to_enum<agents::CommissioningLevel>(value, agents::kCommissioningLevelIds);
}

// A capacity trajectory (its years checked by the validator).
agents::CapacityTrajectory trajectory(const json& t) {
  agents::CapacityTrajectory out;
  for (const auto& [key, value] : t["by_year"].items()) out.by_year.emplace_back(std::stoi(key), value.get<double>());
  std::sort(out.by_year.begin(), out.by_year.end());
  out.then = to_enum<agents::CapacityGrowth>(t["then"], agents::kCapacityGrowthIds);
  out.pace = t["pace"];
  out.growth_per_year = t["growth_per_year"];
  return out;
}

}  // namespace

void ConfigBuilder::build_acute(const json& a, agents::AcuteConfig& acute) {
  const json& esc = a["escalation"];
  const json& el = a["electives"];
  acute = {{esc["on"], to_array<agents::kEscalationLevels - 1>(esc["occupancy"]), to_array<agents::kEscalationLevels>(esc["beds_share"]),
            to_array<agents::kEscalationLevels>(esc["process_rr"])},
           {el["on"], el["additions_per_1000"], to_array<agents::kReportBands>(el["age_rr"]), el["programme_ratio"], el["notice_days"],
            el["mean_nights"], el["cv"], el["cancel_at_level"], el["initial_wait_days"]},
           a["out_of_area_share"],
           a["max_ae_wait_days"]};
  for (std::size_t k = 1; k < acute.escalation.occupancy.size(); ++k) {
    if (acute.escalation.occupancy[k] < acute.escalation.occupancy[k - 1]) {
      problem(fmt::format("/flow/acute/escalation/occupancy/{}", k),
              fmt::format("a threshold below the one before (got {}; expected at least {}: OPEL 2, 3 and 4 start in that order)",
                          acute.escalation.occupancy[k], acute.escalation.occupancy[k - 1]));
    }
  }
}

void ConfigBuilder::build_flow(json& f, agents::FlowConfig& flow) {
  json& stay = f["stay"];
  flow.stay = {stay["zero_day_share"], to_array<agents::kReportBands>(stay["mean_days"]),
               to_array<agents::kFrailtyLevels>(stay["frailty_rr"]), to_array<agents::kEpisodeTypes>(stay["episode_rr"]), stay["cv"]};
  build_acute(f["acute"], flow.acute);
  const json& ed = f["emergency_department"];
  flow.emergency_department = {ed["on"], to_array<24>(ed["walk_in_by_hour"]), to_array<24>(ed["ambulance_by_hour"]),
                               to_array<24>(ed["clinicians_by_hour"]), ed["spaces_per_100_beds"],
                               to_array<agents::kUrgencies>(ed["clinician_minutes"]), to_array<agents::kUrgencies>(ed["workup_hours"]),
                               ed["cv"], ed["handover_minutes"], to_array<24>(ed["discharges_by_hour"]),
                               ed["bed_turnaround_hours"], ed["direct_decision_hours"]};
  flow.warm_start = {f["warm_start"]["on"], f["warm_start"]["occupancy"], f["warm_start"]["fit_share"]};

  json& plan = f["capacity_plan"];
  flow.capacity_plan.acute_beds = trajectory(plan["acute_beds"]);
  for (std::size_t k = 0; k < agents::kDownstreamServices; ++k) {
    flow.capacity_plan.services[k] = trajectory(plan[std::string(agents::kDownstreamServiceIds[k])]);
  }

  json& d = f["discharge"];
  agents::DischargeConfig& discharge = flow.discharge;
  discharge.min_age = d["min_age"];
  for (std::size_t k = 0; k < agents::kFrailtyLevels; ++k) {
    const std::string id(agents::kFrailtyIds[k]);
    const json& row = d["pathway_share"][id];
    discharge.pathway_share[k] = to_array<agents::kDischargePathways>(row);
    double total = 0.0;
    for (double v : discharge.pathway_share[k]) total += v;
    if (std::abs(total - 1.0) > 1e-6) {
      problem("/flow/discharge/pathway_share/" + id, fmt::format("shares do not sum to 1 (got {}; expected 1)", total));
    }
  }
  discharge.support_rr = to_array<agents::kEpisodeTypes>(d["support_rr"]);
  discharge.reablement_share = d["reablement_share"];
  discharge.team_level = to_level(d["team_level"]);
  json& t = d["team"];
  discharge.team = {t["on"], t["handoff_days"], t["budget_gbp"], t["staff_cost_gbp"], t["cases_per_wte_day"], t["weekend_share"],
                    t["liaison_wte_per_partner"], t["interface_days"], t["trusted_assessment_share"],
                    t["provider_assessment_days"], t["escalation_days"], {}};
  discharge.weekend_discharge_share = d["weekend_discharge_share"];
  discharge.home_process_share = d["home_process_share"];
  discharge.home_process_days = d["home_process_days"];
  discharge.choice_share = d["choice_share"];
  discharge.choice_days = d["choice_days"];
  discharge.deconditioning_per_week = d["deconditioning_per_week"];
  discharge.reablement_independent_share = d["reablement_independent_share"];
  discharge.intermediate_care_home_share = d["intermediate_care_home_share"];
  discharge.community_nursing_share = d["community_nursing_share"];
  discharge.council_funded_share = d["council_funded_share"];

  for (std::size_t k = 0; k < agents::kDownstreamServices; ++k) {
    json& s = f["services"][std::string(agents::kDownstreamServiceIds[k])];
    // Each service has capacity or initial_occupancy, and council services cross_border_share.
    auto given = [&](const char* key) { return s.contains(key) ? s[key].get<double>() : 0.0; };
    flow.services[k] = {to_level(s["level"]), given("capacity"), s["mean_days"], s["community_rate"], given("initial_occupancy"),
                        given("cross_border_share")};
  }
  json& c = f["community"];
  flow.community = {to_array<agents::kFrailtyLevels>(c["home_care_entry"]), to_array<agents::kFrailtyLevels>(c["care_home_entry"]),
                    c["dementia_care_home_rr"]};
  json& u = f["costs"];
  flow.costs = {u["gp_same_day"],     u["nhs111"],          u["utc"],
                u["ambulance_conveyance"], u["ambulance_incident"], u["ae"],
                u["sdec"],            u["admission_short"], u["admission_long"],
                u["admission_elsewhere"], u["elective_spell"], u["excess_bed_day"], u["intermediate_bed_day"],
                u["community_nursing_episode"], u["reablement_episode"], u["home_care_day"],
                u["care_home_day"]};
}

}  // namespace icsim::scenarios
