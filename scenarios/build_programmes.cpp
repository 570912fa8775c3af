// The programmes section into agents::ProgrammesConfig: ids to masks and enums, and each
// effect's range checked to hold its central value.
#include <fmt/format.h>

#include "scenarios/config_builder.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;

template <std::size_t N>
std::uint32_t to_mask(const json& values, const std::array<std::string_view, N>& ids) {
  std::uint32_t mask = 0;
  for (const json& v : values) mask |= 1u << static_cast<unsigned>(to_enum<int>(v, ids));
  return mask;
}

}  // namespace

void ConfigBuilder::build_programmes(json& p, agents::ProgrammesConfig& out) {
  for (std::size_t k = 0; k < agents::kProgrammes; ++k) {
    const std::string id(agents::kProgrammeIds[k]);
    json& j = p["library"][id];
    agents::ProgrammeConfig& prog = out.programmes[k];
    prog.level = to_enum<agents::CommissioningLevel>(j["level"], agents::kCommissioningLevelIds);
    prog.budget_gbp_per_year = j["budget_gbp_per_year"];
    prog.start_month = j["start_month"];
    prog.ramp = to_enum<agents::RampProfile>(j["ramp"], agents::kRampProfileIds);
    prog.ramp_months = j["ramp_months"];
    prog.staff_cost_gbp_per_year = j["staff_cost_gbp_per_year"];
    prog.caseload_per_staff = j["caseload_per_staff"];
    prog.min_team = j["min_team"];
    prog.targeted = j["targeted"];
    prog.keeps_continuity = j["keeps_continuity"];
    prog.same_day_appointments_per_staff_per_week = j["same_day_appointments_per_staff_per_week"];
    json& e = j["eligible"];
    prog.eligible = {e["min_age"], to_mask(e["frailty"], agents::kFrailtyIds), to_mask(e["settings"], agents::kLivingSettingIds),
                     to_mask(e["conditions"], agents::kConditionIds), e["min_conditions"]};
    for (std::size_t f = 0; f < agents::kProgrammeEffects; ++f) {
      const std::string effect(agents::kProgrammeEffectIds[f]);
      json& v = j["effects"][effect];
      agents::UncertainValue& u = prog.effects[f];
      u = {v["central"], v["low"], v["high"]};
      if (!(u.low <= u.central && u.central <= u.high)) {
        problem("/programmes/library/" + id + "/effects/" + effect,
                fmt::format("the range does not hold the central value (got low {}, central {}, high {}; expected low <= central "
                            "<= high)",
                            u.low, u.central, u.high));
      }
    }
  }
  json& m = p["mechanisms"];
  json& w = m["workforce"];
  out.mechanisms.workforce = {w["on"], w["recruitment_days"], w["campaigns_per_month"], w["turnover_per_year"], w["absence_share"],
                              w["cover_share"], w["management_wte"], w["staff_per_manager"], w["team_fixed_cost_gbp"]};
  out.mechanisms.targeting = {m["targeting"]["on"], to_array<agents::kCommissioningLevels>(m["targeting"]["c_statistic"])};
  json& c = m["continuity"];
  out.mechanisms.continuity = {c["on"], to_array<agents::kCommissioningLevels>(c["upc_gain"]), c["acsc_log_rr_per_upc"]};
  json& g = p["governance"];
  agents::GovernanceConfig& gov = out.governance;
  gov.allocation = to_enum<agents::AllocationFormula>(g["allocation"], agents::kAllocationFormulaIds);
  gov.capitation_weight = to_array<agents::kReportBands>(g["capitation_weight"]);
  gov.deprivation_uplift = g["deprivation_uplift"];
  gov.review_months = g["review_months"];
  gov.reporting_lag_months = g["reporting_lag_months"];
  gov.dashboard_noise_cv = g["dashboard_noise_cv"];
  gov.reallocation_share = g["reallocation_share"];
  gov.stop_below_return = g["stop_below_return"];
  gov.value_gbp = to_array<std::tuple_size_v<decltype(gov.value_gbp)>>(g["value_gbp"]);
  gov.observed_dashboards = g["observed_dashboards"];
  gov.observed_value_gbp = to_array<std::tuple_size_v<decltype(gov.observed_value_gbp)>>(g["observed_value_gbp"]);
  gov.pcn_decision_days = g["pcn_decision_days"];
  gov.place_partners = g["place_partners"];
  gov.place_board_interval_days = g["place_board_interval_days"];
  gov.system_partners = g["system_partners"];
  gov.partner_agree_probability = g["partner_agree_probability"];
  gov.sle_interval_days = g["sle_interval_days"];
  gov.board_interval_days = g["board_interval_days"];
  gov.supermajority = g["supermajority"];
  gov.facilitator_days = g["facilitator_days"];
  gov.mobilisation_days = g["mobilisation_days"];
}

}  // namespace icsim::scenarios
