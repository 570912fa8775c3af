// The specification of the care pathway: services as nodes keyed by id (so a what-if can patch
// one node), each with ordered routing rules.
#include <array>
#include <string_view>

#include "agents/vocabulary.hpp"
#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {
namespace {

// A non-empty list of vocabulary ids.
template <std::size_t N>
Spec id_list(std::string description, const std::array<std::string_view, N>& names) {
  return optional(list(std::move(description), string("", ids(names)), 1));
}

Spec route_spec(const std::string& applies) {
  Spec when = object("Who the route applies to: every criterion given must hold. Leave it out of the last route, which "
                     "then applies to everyone the earlier routes did not take.", {
      {"urgency", id_list("Urgencies of the episode.", agents::kUrgencyIds)},
      {"episodes", id_list("Episode types.", agents::kEpisodeTypeIds)},
      {"frailty", id_list("Frailty of the resident (electronic Frailty Index category).", agents::kFrailtyIds)},
      {"settings", id_list("Where the resident lives.", agents::kLivingSettingIds)},
      {"conditions", id_list("Long-term conditions: holds if the resident has at least one of them.", agents::kConditionIds)},
      {"min_age", optional(integer("Youngest age the route applies to (inclusive).", "years", nlohmann::json(), 0, 120, ""))},
      {"max_age", optional(integer("Oldest age the route applies to (inclusive).", "years", nlohmann::json(), 0, 120, ""))},
      {"hours", optional(string("When the episode arose: while GP practices are open, or not.", {"in_hours", "out_of_hours"}))},
  });
  Spec to = map("Where the episode goes: node id -> probability. Routes are tried in order and the first whose \"when\" "
                "holds applies. At a router and in when_full the probabilities sum to 1; at a service they may sum to "
                "less, the remainder ending the episode at that service (its outcome).",
                number("", "probability", nlohmann::json(), 0, 1, ""));
  to.unit = "probability";
  to.minimum = 0;
  to.maximum = 1;
  to.source = "scenario: shares of episodes by route (modelling assumptions or calibrated flows)";
  return object("A routing rule " + applies + ". The first route whose \"when\" holds applies.", {
      {"when", when},
      {"to", to},
  });
}

std::vector<std::string> kind_ids() { return ids(agents::kServiceKindIds); }

}  // namespace

// icsim:table
Spec care_pathway_spec() {
  Spec node = object("A node of the pathway: a decision point (router) or a service an episode can end at.", {
      {"kind", string("What the node is. self_care and emergency_admission are outcomes only (no routes); "
                      "gp_same_day has capacity (the practice's same-day appointments).", kind_ids())},
      {"routes", optional(list("Ordered routing rules. Required at a router, whose last route must have no \"when\"; "
                               "not allowed at self_care or emergency_admission.", route_spec("for an episode at this node")))},
      {"when_full", optional(list("Where an episode goes when the practice has no same-day slot (or it is out of hours): "
                                  "ordered routing rules, the last without \"when\", each summing to 1. Required at "
                                  "gp_same_day nodes and not allowed elsewhere.",
                                  route_spec("for an episode the service cannot take")))},
  });
  Spec nodes = map("The nodes, keyed by id: routers and services.", node);
  nodes.min_items = 1;
  Spec pathway = object("The care pathway every episode of need walks, from the entry node to exactly one outcome: "
                        "services as nodes, routing rules as edges.", {
      {"entry", string("The node (id) every episode starts at.")},
      {"nodes", nodes},
  });
  pathway.required = true;
  return pathway;
}

}  // namespace icsim::scenarios
