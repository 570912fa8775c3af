// Building, checking, drawing and walking the care pathway graph with Boost.Graph.
#include "agents/care_pathway.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include <boost/graph/depth_first_search.hpp>
#include <fmt/format.h>

#include "sim/text.hpp"

namespace icsim::agents {
namespace {

constexpr double kTolerance = 1e-9;

std::string_view kind_id(ServiceKind kind) { return kServiceKindIds[static_cast<std::size_t>(kind)]; }

bool is_outcome_only(ServiceKind kind) { return kind == ServiceKind::kSelfCare || kind == ServiceKind::kEmergencyAdmission; }

using sim::dot_escape;

// Probabilities with at least two decimals and no trailing zeros beyond them: 0.50, 0.025.
std::string probability_text(double p) {
  std::string text = fmt::format("{:.6f}", p);
  while (text.size() > 1 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
  return text;
}

double sum_of(const RouteConfig& route) {
  double sum = 0.0;
  for (const auto& [target, p] : route.to) sum += p;
  return sum;
}

// The ids of the categories a mask selects, joined by '/'; "" if it selects them all.
template <std::size_t N>
std::string mask_text(std::uint32_t mask, const std::array<std::string_view, N>& ids) {
  const std::uint32_t all = (1u << N) - 1u;
  if ((mask & all) == all) return "";
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if ((mask >> i) & 1u) out += fmt::format("{}{}", out.empty() ? "" : "/", ids[i]);
  }
  return out.empty() ? "nobody" : out;
}

// Records the depth-first tree, and each edge back to a node still being explored: each such
// edge closes a cycle.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<CarePathway::Graph::edge_descriptor>* back_edges;
  std::vector<std::size_t>* parent;
  void tree_edge(CarePathway::Graph::edge_descriptor e, const CarePathway::Graph& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(CarePathway::Graph::edge_descriptor e, const CarePathway::Graph& g) const {
    if (boost::source(e, g) != boost::target(e, g)) back_edges->push_back(e);  // self-routes are reported apart
  }
};

}  // namespace

std::string criteria_text(const RouteCriteria& c) {
  std::vector<std::string> parts;
  auto add = [&](std::string part) {
    if (!part.empty()) parts.push_back(std::move(part));
  };
  add(mask_text(c.urgency_mask, kUrgencyIds));
  add(mask_text(c.episode_mask, kEpisodeTypeIds));
  if (c.hours >= 0) add(c.hours == 0 ? "in hours" : "out of hours");
  if (c.min_age > 0 && c.max_age >= 1000) add(fmt::format("{}+", c.min_age));
  else if (c.min_age == c.max_age) add(fmt::format("aged {}", c.min_age));
  else if (c.min_age <= 0 && c.max_age < 1000) add(fmt::format("under {}", c.max_age + 1));
  else if (c.min_age > 0) add(fmt::format("aged {}-{}", c.min_age, c.max_age));
  if (const auto frailty = mask_text(c.frailty_mask, kFrailtyIds); !frailty.empty()) add("frailty " + frailty);
  add(mask_text(c.setting_mask, kLivingSettingIds));
  if (c.condition_mask != 0) add("with " + mask_text(c.condition_mask, kConditionIds));
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

CarePathway::CarePathway(PathwayConfig config) : config_(std::move(config)) {
  const int n = static_cast<int>(config_.nodes.size());
  if (config_.entry < 0 || config_.entry >= n) {
    throw std::invalid_argument(fmt::format("care pathway entry {} out of range (expected 0 to {})", config_.entry, n - 1));
  }
  for (const auto& node : config_.nodes) boost::add_vertex(Node{node.id, node.kind}, graph_);
  list_first_.resize(2 * static_cast<std::size_t>(n));
  list_last_.resize(2 * static_cast<std::size_t>(n));
  for (int v = 0; v < n; ++v) {
    const auto& node = config_.nodes[static_cast<std::size_t>(v)];
    for (const bool full : {false, true}) {
      const auto& list = full ? node.when_full : node.routes;
      for (std::size_t r = 0; r < list.size(); ++r) {
        for (const auto& [target, p] : list[r].to) {
          if (target < 0 || target >= n) {
            throw std::invalid_argument(fmt::format("care pathway node '{}' route {} goes to node {} (expected 0 to {})", node.id, r, target, n - 1));
          }
          boost::add_edge(static_cast<std::size_t>(v), static_cast<std::size_t>(target), Edge{p, full, static_cast<int>(r)}, graph_);
        }
      }
    }
    // Routing tables for next(). Nodes without capacity are never full: both lists are routes.
    for (const bool full : {false, true}) {
      const auto slot = 2 * static_cast<std::size_t>(v) + (full ? 1 : 0);
      if (full && node.kind != ServiceKind::kGpSameDay) {
        list_first_[slot] = list_first_[slot - 1];
        list_last_[slot] = list_last_[slot - 1];
        continue;
      }
      list_first_[slot] = static_cast<int>(flat_routes_.size());
      for (const auto& route : full ? node.when_full : node.routes) {
        FlatRoute flat{route.when, static_cast<int>(targets_.size()), 0};
        double cumulative = 0.0;
        for (const auto& [target, p] : route.to) {
          cumulative += p;
          targets_.push_back(target);
          cumulative_.push_back(cumulative);
        }
        flat.last = static_cast<int>(targets_.size());
        // A sum within rounding of 1 is 1: no sliver of u may fall past the last destination.
        if (std::abs(cumulative - 1.0) <= kTolerance) {
          for (int d = flat.last; d-- > flat.first;) {
            cumulative_[static_cast<std::size_t>(d)] = 1.0;
            if (route.to[static_cast<std::size_t>(d - flat.first)].second > 0.0) break;
          }
        }
        flat_routes_.push_back(flat);
      }
      list_last_[slot] = static_cast<int>(flat_routes_.size());
    }
  }
}

int CarePathway::next(int node, bool full, const EpisodeView& e, double u) const {
  const auto slot = 2 * static_cast<std::size_t>(node) + (full ? 1 : 0);
  for (int r = list_first_[slot]; r < list_last_[slot]; ++r) {
    const FlatRoute& route = flat_routes_[static_cast<std::size_t>(r)];
    if (!matches(route.when, e)) continue;
    for (int d = route.first; d < route.last; ++d) {
      if (u < cumulative_[static_cast<std::size_t>(d)]) return targets_[static_cast<std::size_t>(d)];
    }
    return -1;
  }
  return -1;
}

int CarePathway::index_of(std::string_view id) const {
  for (std::size_t v = 0; v < config_.nodes.size(); ++v) {
    if (config_.nodes[v].id == id) return static_cast<int>(v);
  }
  return -1;
}

const std::vector<RouteConfig>& CarePathway::routes_of(int node, bool when_full) const {
  const auto& n = config_.nodes[static_cast<std::size_t>(node)];
  return when_full ? n.when_full : n.routes;
}

namespace {
using AddProblem = std::function<void(Location, std::string)>;
using Part = Location::Part;

// A part of node v; route and target only for the parts they name.
Location node_part(std::size_t v, Part part, bool when_full = false, std::size_t route = 0, int target = -1) {
  const bool has_route = part == Part::kRoute || part == Part::kWhen || part == Part::kTarget;
  return {part, OrgKind::kSystem, static_cast<int>(v), when_full, has_route ? static_cast<int>(route) : -1, target};
}

// The node's own shape: routes where it may have them, when_full only where there is capacity.
void check_node_shape(const PathwayNodeConfig& node, std::size_t v, const AddProblem& add) {
  const std::string_view kind = kind_id(node.kind);
  const bool router = node.kind == ServiceKind::kRouter;
  if (is_outcome_only(node.kind) && !node.routes.empty()) {
    add(node_part(v, Part::kRoutes), fmt::format("routes at an outcome (got {} route{} at kind {}; expected none: {} ends the episode)",
                                                 node.routes.size(), node.routes.size() == 1 ? "" : "s", kind, kind));
  }
  if (router && node.routes.empty()) {
    add(node_part(v, Part::kNode), "no routes at a router (got none; expected at least one, the last without \"when\")");
  }
  if (node.kind == ServiceKind::kGpSameDay && node.when_full.empty()) {
    add(node_part(v, Part::kNode), "no when_full at a gp_same_day node (expected the routes an episode takes when the practice has "
                                   "no same-day slot, the last without \"when\")");
  }
  if (node.kind != ServiceKind::kGpSameDay && !node.when_full.empty()) {
    add(node_part(v, Part::kRoutes, true),
        fmt::format("when_full at a node without capacity (got kind {}; expected when_full only at gp_same_day nodes)", kind));
  }
}

// One route: probabilities are probabilities, to other nodes, and sum as they must.
void check_route(const PathwayConfig& config, std::size_t v, bool full, std::size_t r, bool must_leave, const AddProblem& add) {
  const RouteConfig& route = (full ? config.nodes[v].when_full : config.nodes[v].routes)[r];
  for (const auto& [target, p] : route.to) {
    const std::string& target_id = config.nodes[static_cast<std::size_t>(target)].id;
    const Location at = node_part(v, Part::kTarget, full, r, target);
    if (!std::isfinite(p)) add(at, fmt::format("not a finite probability (got {}; expected a number from 0 to 1)", p));
    else if (p < 0.0) add(at, fmt::format("negative probability (got {}; expected a number from 0 to 1)", p));
    if (static_cast<std::size_t>(target) == v) {
      add(at, fmt::format("route to itself (got \"{}\"; expected another node, so that the episode moves towards an outcome)", target_id));
    }
  }
  const double sum = sum_of(route);
  if (must_leave && !(std::abs(sum - 1.0) <= kTolerance)) {
    add(node_part(v, Part::kRoute, full, r),
        full ? fmt::format("when_full probabilities do not sum to 1 (got {:.10g}; expected 1: an episode "
                           "the service turns away must go somewhere)", sum)
             : fmt::format("probabilities do not sum to 1 at a router (got {:.10g}; expected 1: an episode "
                           "cannot end at a router)", sum));
  } else if (sum > 1.0 + kTolerance) {
    add(node_part(v, Part::kRoute, full, r), fmt::format("probabilities sum above 1 (got {:.10g}; expected at most 1, the remainder "
                                                         "being the share that ends here)", sum));
  }
}

// Its routes: an episode must leave a router, and one turned away by a full service must go
// somewhere; a route after one without criteria never applies.
void check_node_routes(const PathwayConfig& config, std::size_t v, const AddProblem& add) {
  const PathwayNodeConfig& node = config.nodes[v];
  const bool router = node.kind == ServiceKind::kRouter;
  for (const bool full : {false, true}) {
    const auto& list = full ? node.when_full : node.routes;
    const bool must_leave = full || router;
    for (std::size_t r = 0; r < list.size(); ++r) {
      if (r > 0 && list[r - 1].when.unconditional) {
        add(node_part(v, Part::kRoute, full, r), fmt::format("route never applies: route {} before it has no \"when\" (expected the "
                                                             "route without \"when\" last)", r - 1));
      }
      check_route(config, v, full, r, must_leave, add);
    }
    if (must_leave && !list.empty() && !list.back().when.unconditional) {
      add(node_part(v, Part::kWhen, full, list.size() - 1),
          "dead end: an episode matching none of the routes has nowhere to go (expected a last route without \"when\")");
    }
  }
}
}  // namespace

std::vector<WorldProblem> CarePathway::validate() const {
  std::vector<WorldProblem> problems;
  auto add = [&](Location where, std::string message) { problems.push_back({where, std::move(message)}); };
  for (std::size_t v = 0; v < config_.nodes.size(); ++v) {
    check_node_shape(config_.nodes[v], v, add);
    check_node_routes(config_, v, add);
  }

  // Cycles: every edge back to a node still on the depth-first path closes one.
  std::vector<Graph::edge_descriptor> back_edges;
  std::vector<std::size_t> parent(config_.nodes.size());
  CycleFinder finder;
  finder.back_edges = &back_edges;
  finder.parent = &parent;
  boost::depth_first_search(graph_, boost::visitor(finder));
  for (const auto& e : back_edges) {
    const std::size_t from = boost::source(e, graph_);
    const std::size_t to = boost::target(e, graph_);
    std::vector<std::size_t> path{from};
    while (path.back() != to) path.push_back(parent[path.back()]);
    std::reverse(path.begin(), path.end());
    std::string names;
    for (std::size_t v : path) names += graph_[v].id + " -> ";
    names += graph_[to].id;
    const Edge& edge = graph_[e];
    add(node_part(from, Part::kTarget, edge.when_full, static_cast<std::size_t>(edge.route), static_cast<int>(to)),
        fmt::format("cycle: {} (expected every route to move towards an outcome)", names));
  }
  return problems;
}

std::string CarePathway::edge_label(int node, const Edge& edge) const {
  const auto& list = routes_of(node, edge.when_full);
  std::string criteria = criteria_text(list[static_cast<std::size_t>(edge.route)].when);
  if (criteria.empty() && list.size() > 1) criteria = "otherwise";
  if (edge.when_full) criteria = criteria.empty() ? "when full" : "when full, " + criteria;
  return criteria.empty() ? probability_text(edge.probability) : criteria + ": " + probability_text(edge.probability);
}

std::string CarePathway::to_dot() const {
  std::string out = "digraph icsim_care_pathway {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
                    "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    const Node& v = graph_[*it];
    const char* shape = v.kind == ServiceKind::kRouter ? "diamond"
                        : is_outcome_only(v.kind)      ? "doubleoctagon"
                        : v.kind == ServiceKind::kGpSameDay ? "box3d"
                                                           : "box";
    // The kind goes under the id unless the id already says it.
    const std::string label = v.id == kind_id(v.kind) ? dot_escape(v.id) : dot_escape(v.id) + "\\n" + std::string(kind_id(v.kind));
    out += fmt::format("  n{} [label=\"{}\", shape={}{}];\n", *it, label, shape,
                       static_cast<int>(*it) == config_.entry ? ", penwidth=2" : "");
  }
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) {
    const Edge& e = graph_[*it];
    const auto from = boost::source(*it, graph_);
    out += fmt::format("  n{} -> n{} [label=\"{}\"{}];\n", from, boost::target(*it, graph_),
                       dot_escape(edge_label(static_cast<int>(from), e)), e.when_full ? ", style=dashed" : "");
  }
  out += "}\n";
  return out;
}

std::string CarePathway::to_text() const {
  std::string out = fmt::format("Care pathway: {} nodes, entry {}\n", config_.nodes.size(), id(config_.entry));
  for (std::size_t v = 0; v < config_.nodes.size(); ++v) {
    const PathwayNodeConfig& node = config_.nodes[v];
    const bool router = node.kind == ServiceKind::kRouter;
    out += fmt::format("  {} ({}{})\n", node.id, kind_id(node.kind),
                       router ? "" : node.kind == ServiceKind::kGpSameDay ? ", has capacity" : is_outcome_only(node.kind) ? ", outcome" : "");
    for (const bool full : {false, true}) {
      const auto& list = full ? node.when_full : node.routes;
      for (const RouteConfig& route : list) {
        std::string who = criteria_text(route.when);
        if (who.empty()) who = list.size() > 1 ? "otherwise" : "everyone";
        if (full) who = "when full, " + who;
        std::string where;
        for (const auto& [target, p] : route.to) {
          where += fmt::format("{}{} {}", where.empty() ? "" : ", ", id(target), probability_text(p));
        }
        const double rest = 1.0 - sum_of(route);
        if (!router && !full && rest > kTolerance) where += fmt::format("{}ends here {}", where.empty() ? "" : ", ", probability_text(rest));
        out += fmt::format("    {}: {}\n", who, where);
      }
    }
  }
  return out;
}

}  // namespace icsim::agents
