// The health section into agents::HealthConfig: registers resolved to practices and checked
// complete, shares checked to sum to one.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "scenarios/config_builder.hpp"
#include "sim/calendar.hpp"

namespace icsim::scenarios {
namespace {

using json = nlohmann::json;

agents::SeasonsConfig seasons_of(json& s) {
  agents::SeasonsConfig seasons;
  seasons.on = s["on"];
  for (std::size_t t = 0; t < agents::kEpisodeTypes; ++t) {
    seasons.by_month[t] = to_array<12>(s["by_month"][std::string(agents::kEpisodeTypeIds[t])]);
  }
  seasons.by_weekday = to_array<7>(s["by_weekday"]);
  for (json& w : s["waves"]) {
    agents::Wave wave{w["name"], {}, sim::day_number(*sim::parse_iso_date(w["start"].get<std::string>())),
                      static_cast<int>(std::lround(w["weeks"].get<double>() * 7.0)), w["peak"]};
    for (const json& id : w["episodes"]) {
      const auto* at = std::find(agents::kEpisodeTypeIds.begin(), agents::kEpisodeTypeIds.end(), id.get<std::string>());
      wave.episodes[static_cast<std::size_t>(at - agents::kEpisodeTypeIds.begin())] = true;
    }
    seasons.waves.push_back(std::move(wave));
  }
  return seasons;
}

}  // namespace

void ConfigBuilder::build_health(json& h, agents::ScenarioConfig& c) {
  agents::HealthConfig& health = c.health;
  auto sums_to_one = [&](const json& values, const std::string& pointer) {
    double total = 0.0;
    for (const auto& v : values) total += v.is_number() ? v.get<double>() : 0.0;
    if (std::abs(total - 1.0) > 1e-6) problem(pointer, fmt::format("shares do not sum to 1 (got {}; expected 1)", total));
  };

  for (std::size_t k = 0; k < agents::kConditions; ++k) {
    const std::string id(agents::kConditionIds[k]);
    json& x = h["conditions"][id];
    health.conditions[k] = {x["min_age"], to_array<agents::kReportBands>(x["age_profile"]), x["male_ratio"],
                            x["deprivation_ratio"], x["mortality_hr"], x["exacerbation_rate"], x["acsc"]};
  }
  health.onset_comorbidity_rr = h["onset_comorbidity_rr"];

  json& f = h["frailty"];
  for (std::size_t b = 0; b < agents::kReportBands; ++b) {
    const std::string band(agents::kReportBandLabels[b]);
    health.frailty.initial_share[b] = to_array<agents::kFrailtyLevels>(f["initial_share"][band]);
    sums_to_one(f["initial_share"][band], "/health/frailty/initial_share/" + band);
  }
  health.frailty.condition_log_odds = f["condition_log_odds"];
  health.frailty.progression_rate = to_array<agents::kFrailtyLevels - 1>(f["progression_rate"]);
  health.frailty.progression_age_rr = f["progression_age_rr"];
  health.frailty.progression_min_age = f["progression_min_age"];
  health.frailty.mortality_hr = to_array<agents::kFrailtyLevels>(f["mortality_hr"]);

  json& s = h["settings"];
  health.settings = {s["min_age"], to_array<agents::kFrailtyLevels>(s["care_home_share"]),
                     to_array<agents::kFrailtyLevels>(s["home_care_share"]), s["dementia_care_home_rr"],
                     to_array<agents::kLivingSettings>(s["mortality_hr"])};

  for (std::size_t t = 0; t < agents::kEpisodeTypes; ++t) {
    const std::string id(agents::kEpisodeTypeIds[t]);
    json& e = h["episodes"][id];
    health.episodes[t] = {to_array<agents::kReportBands>(e["rate"]), e["deprivation_ratio"],
                          to_array<agents::kFrailtyLevels>(e["frailty_rr"]), to_array<agents::kLivingSettings>(e["setting_rr"]),
                          to_array<agents::kConditions>(e["condition_rr"]), to_array<agents::kUrgencies>(e["urgency_share"]),
                          e["acsc_share"]};
    sums_to_one(e["urgency_share"], "/health/episodes/" + id + "/urgency_share");
  }
  health.gp = {h["gp_access"]["same_day_per_1000_per_week"], h["gp_access"]["in_hours_share"],
               h["gp_access"]["extended_hours_share"]};
  health.seasons = seasons_of(h["seasons"]);
  json& eol = h["end_of_life"];
  health.end_of_life = {eol["on"], eol["lead_days"], to_array<agents::kLivingSettings>(eol["admission_share"])};

  // Registers: one row for every practice and condition.
  std::map<std::string, int> practices;
  for (std::size_t p = 0; p < c.world.practices.size(); ++p) practices.emplace(c.world.practices[p].id, static_cast<int>(p));
  std::map<std::string, int> conditions;
  for (std::size_t k = 0; k < agents::kConditions; ++k) conditions.emplace(std::string(agents::kConditionIds[k]), static_cast<int>(k));
  std::map<std::pair<int, int>, std::size_t> seen;
  for (std::size_t i = 0; i < h["registers"].size(); ++i) {
    json& row = h["registers"][i];
    const std::string at = fmt::format("/health/registers/{}", i);
    const int practice = reference(practices, row["practice_id"], at + "/practice_id", "practice");
    const int condition = conditions.at(row["condition"].get<std::string>());
    if (practice < 0) continue;
    if (const auto [it, fresh] = seen.emplace(std::pair{practice, condition}, i); !fresh) {
      problem(at, fmt::format("duplicate register for {} {} (already at /health/registers/{})", row["practice_id"].get<std::string>(),
                              row["condition"].get<std::string>(), it->second));
      continue;
    }
    const double registered = row["registered"], list_base = row["list_base"];
    if (registered > list_base) {
      problem(at + "/registered", fmt::format("larger than the list base (got {}; expected at most list_base {})", registered, list_base));
    }
    health.registers.push_back({practice, condition, registered, list_base});
  }
  for (std::size_t p = 0; p < c.world.practices.size(); ++p) {
    for (int k = 0; k < agents::kConditions; ++k) {
      if (!seen.count({static_cast<int>(p), k})) {
        problem("/health/registers", fmt::format("no register for practice {} and condition {} (expected every practice x condition)",
                                                 c.world.practices[p].id, agents::kConditionIds[static_cast<std::size_t>(k)]));
      }
    }
  }
}

}  // namespace icsim::scenarios
