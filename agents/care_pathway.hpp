// The care pathway: services as vertices, routing rules as edges. An episode of need starts at
// the entry node and follows routes until it ends at a service (its outcome). validate() checks
// that every walk ends; next() is the routing step of the daily loop.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "agents/config.hpp"
#include "agents/org_graph.hpp"

namespace icsim::agents {

// What routing may look at: the episode and the resident it belongs to.
struct EpisodeView {
  Urgency urgency;
  EpisodeType episode_type;
  int frailty;               // 0 fit .. 3 severe: an ordinal, as in HealthState
  LivingSetting setting;
  std::uint32_t conditions;  // bit i: has Condition i
  int age;                   // completed years
  bool in_hours;             // arose while GP practices are open
};

// True if every criterion of the route holds for the episode.
inline bool matches(const RouteCriteria& c, const EpisodeView& e) {
  auto in = [](std::uint32_t mask, std::size_t category) { return ((mask >> category) & 1u) != 0; };
  return in(c.urgency_mask, index(e.urgency)) && in(c.episode_mask, index(e.episode_type)) &&
         in(c.frailty_mask, static_cast<std::size_t>(e.frailty)) && in(c.setting_mask, index(e.setting)) && (c.condition_mask == 0 || (c.condition_mask & e.conditions) != 0) &&
         e.age >= c.min_age && e.age <= c.max_age && (c.hours < 0 || c.hours == (e.in_hours ? 0 : 1));
}

// A short reading of a route's criteria, e.g. "urgent, in hours, 65+"; "" for no criteria.
std::string criteria_text(const RouteCriteria& criteria);

class CarePathway {
 public:
  struct Node {
    std::string id;
    ServiceKind kind;
  };
  struct Edge {
    double probability;
    bool when_full;  // a route of when_full rather than of routes
    int route;       // index into the source node's routes (or when_full)
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Node, Edge>;

  // Node indices in `config` (entry and every destination) must be in range; throws
  // std::invalid_argument otherwise. Anything else is left to validate().
  explicit CarePathway(PathwayConfig config);

  // Every problem at once, each at the node or route at fault: dead ends,
  // probabilities that do not add up, routes at outcomes, capacity rules, self-routes, cycles.
  std::vector<WorldProblem> validate() const;

  // Graphviz rendering: shapes by kind, edges labelled with their criteria and probability,
  // when_full edges dashed.
  std::string to_dot() const;
  // A readable listing: each node with its kind and routes.
  std::string to_text() const;

  // The node an episode at `node` goes to next, or -1 if it ends there. `full`: the node's
  // capacity is used up (ignored at nodes without capacity). u is uniform on (0, 1).
  int next(int node, bool full, const EpisodeView& e, double u) const;

  ServiceKind kind(int node) const { return graph_[static_cast<std::size_t>(node)].kind; }
  const std::string& id(int node) const { return graph_[static_cast<std::size_t>(node)].id; }
  int entry() const { return config_.entry; }
  int size() const { return static_cast<int>(boost::num_vertices(graph_)); }
  bool has_capacity(int node) const { return kind(node) == ServiceKind::kGpSameDay; }
  // The index of the node with this id, or -1.
  int index_of(std::string_view id) const;

  const Graph& graph() const { return graph_; }
  const PathwayConfig& config() const { return config_; }

 private:
  // Routes flattened for next(): each list of routes is a range of flat_routes_, each route a
  // range of targets_ and cumulative_.
  struct FlatRoute {
    RouteCriteria when;
    int first;
    int last;
  };
  const std::vector<RouteConfig>& routes_of(int node, bool when_full) const;
  std::string edge_label(int node, const Edge& edge) const;

  PathwayConfig config_;
  Graph graph_;
  std::vector<FlatRoute> flat_routes_;
  std::vector<int> list_first_;  // by 2 * node + full
  std::vector<int> list_last_;
  std::vector<int> targets_;
  std::vector<double> cumulative_;
};

}  // namespace icsim::agents
