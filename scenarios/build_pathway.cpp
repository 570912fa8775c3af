// The care pathway: node ids resolved to indices, routes and their criteria frozen, then the
// graph's own checks (agents/care_pathway.hpp).
#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "agents/care_pathway.hpp"
#include "scenarios/config_builder.hpp"

namespace icsim::scenarios {
using json = nlohmann::json;

namespace {

std::string child(const std::string& pointer, const std::string& key) {
  return (json::json_pointer(pointer) / key).to_string();
}

// Bit i set for each listed id that is vocabulary entry i (the validator has checked the ids).
template <std::size_t N>
std::uint32_t mask_of(const json& list, const std::array<std::string_view, N>& ids) {
  std::uint32_t mask = 0;
  for (const auto& value : list) {
    if (!value.is_string()) continue;
    const auto it = std::find(ids.begin(), ids.end(), value.get<std::string>());
    if (it != ids.end()) mask |= 1u << static_cast<unsigned>(it - ids.begin());
  }
  return mask;
}

}  // namespace

// A route's criteria ("when"); none for a route without.
agents::RouteCriteria ConfigBuilder::route_criteria(const json& when, const std::string& at) {
  agents::RouteCriteria c;
  if (!when.is_object() || when.empty()) return c;
  c.unconditional = false;
  if (when.contains("urgency")) c.urgency_mask = mask_of(when["urgency"], agents::kUrgencyIds);
  if (when.contains("episodes")) c.episode_mask = mask_of(when["episodes"], agents::kEpisodeTypeIds);
  if (when.contains("frailty")) c.frailty_mask = mask_of(when["frailty"], agents::kFrailtyIds);
  if (when.contains("settings")) c.setting_mask = mask_of(when["settings"], agents::kLivingSettingIds);
  if (when.contains("conditions")) c.condition_mask = mask_of(when["conditions"], agents::kConditionIds);
  if (when.contains("min_age") && when["min_age"].is_number_integer()) c.min_age = when["min_age"].get<int>();
  if (when.contains("max_age") && when["max_age"].is_number_integer()) c.max_age = when["max_age"].get<int>();
  if (when.contains("hours") && when["hours"].is_string()) c.hours = when["hours"] == "in_hours" ? 0 : 1;
  if (c.min_age > c.max_age) {
    problem(at + "/min_age", fmt::format("min_age above max_age (got {} and {}; expected min_age at most max_age, "
                                         "or the route applies to nobody)", c.min_age, c.max_age));
  }
  return c;
}

void ConfigBuilder::build_pathway(json& p, agents::PathwayConfig& pathway) {
  pathway.entry = -1;
  if (!p.is_object() || !p["nodes"].is_object() || p["nodes"].empty()) return;  // already reported
  json& nodes = p["nodes"];
  std::map<std::string, int> ids;
  for (auto it = nodes.begin(); it != nodes.end(); ++it) ids.emplace(it.key(), static_cast<int>(ids.size()));

  // Routes whose destinations did not all resolve: their sums would mislead.
  std::set<std::string> incomplete;
  // By node and list (routes, when_full): each route's index in the file (a malformed route is
  // left out of the model).
  std::vector<std::array<std::vector<std::size_t>, 2>> file_index;
  auto routes = [&](const json& list, const std::string& at, std::vector<std::size_t>& index) {
    std::vector<agents::RouteConfig> out;
    if (!list.is_array()) return out;
    for (std::size_t r = 0; r < list.size(); ++r) {
      const json& route = list[r];
      agents::RouteConfig config;
      const std::string route_at = fmt::format("{}/{}", at, r);
      if (!route.is_object()) continue;
      config.when = route_criteria(route.contains("when") ? route["when"] : json(), route_at + "/when");
      if (route.contains("to") && route["to"].is_object()) {
        for (auto it = route["to"].begin(); it != route["to"].end(); ++it) {
          if (!it.value().is_number()) continue;
          const int target = reference(ids, json(it.key()), child(route_at + "/to", it.key()), "service");
          if (target < 0) incomplete.insert(route_at);
          else config.to.emplace_back(target, it.value().get<double>());
        }
      }
      out.push_back(std::move(config));
      index.push_back(r);
    }
    return out;
  };

  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    const json& x = it.value();
    agents::PathwayNodeConfig node;
    node.id = it.key();
    const std::string node_at = child("/care_pathway/nodes", it.key());
    node.kind = agents::ServiceKind::kRouter;
    file_index.emplace_back();
    if (!x.is_object()) {
      pathway.nodes.push_back(std::move(node));
      continue;
    }
    if (x.contains("kind") && x["kind"].is_string()) {
      const auto kind = std::find(agents::kServiceKindIds.begin(), agents::kServiceKindIds.end(), x["kind"].get<std::string>());
      if (kind != agents::kServiceKindIds.end()) node.kind = static_cast<agents::ServiceKind>(kind - agents::kServiceKindIds.begin());
    }
    if (x.contains("routes")) node.routes = routes(x["routes"], node_at + "/routes", file_index.back()[0]);
    if (x.contains("when_full")) node.when_full = routes(x["when_full"], node_at + "/when_full", file_index.back()[1]);
    pathway.nodes.push_back(std::move(node));
  }
  if (p["entry"].is_string()) pathway.entry = reference(ids, p["entry"], "/care_pathway/entry", "service");

  // The graph's checks need an entry; an unknown one is already reported.
  agents::PathwayConfig checked = pathway;
  if (checked.entry < 0) checked.entry = 0;
  for (const auto& found : agents::CarePathway(std::move(checked)).validate()) {
    agents::Location where = found.where;
    if (where.route >= 0) where.route = static_cast<int>(file_index[static_cast<std::size_t>(where.index)][where.when_full][static_cast<std::size_t>(where.route)]);
    const std::string pointer = pointer_of(where, pathway);
    if (!incomplete.count(pointer)) problem(pointer, found.message);
  }
}

}  // namespace icsim::scenarios
