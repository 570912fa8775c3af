// The organisation graph of the health and care system: who contains, serves, commissions and
// is accountable to whom. Containment (System > Place > PCN > practice) is the tree measures
// roll up.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "agents/config.hpp"

namespace icsim::agents {

enum class OrgKind { kSystem, kPlace, kPcn, kPractice, kProvider, kCouncil };
enum class Relation { kContains, kServes, kCommissions, kAccountableTo };

const char* to_string(OrgKind kind);
const char* to_string(Relation relation);

struct OrgVertex {
  OrgKind kind;
  int index;            // index into the WorldConfig list of that kind (0 for the System)
  std::string id;
  std::string name;
  std::string pointer;  // JSON pointer of the scenario element that defined it
  ProviderKind provider_kind = ProviderKind::kCommunity;  // providers only
};

struct OrgEdge {
  Relation relation;
};

// A problem found in the graph, located at a scenario element.
struct WorldProblem {
  std::string pointer;
  std::string message;
};

class OrgGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, OrgVertex,
                                      OrgEdge>;
  using Vertex = Graph::vertex_descriptor;

  // Builds the graph from the world as written: a practice listed by two PCNs gets two
  // containing edges, which validate() then reports.
  explicit OrgGraph(const WorldConfig& world);

  // Containment is a tree rooted at the System; every practice is in exactly one PCN and so
  // one Place; every PCN is served by an acute site, a community provider and a council.
  std::vector<WorldProblem> validate() const;

  const Graph& graph() const { return graph_; }
  Vertex vertex(OrgKind kind, int index) const;
  // The containing parent, if exactly one.
  std::optional<Vertex> parent(Vertex v) const;
  // Vertices with an edge of `relation` into v (for kServes: who serves v).
  std::vector<Vertex> sources(Vertex v, Relation relation) const;
  // Graphviz rendering: shapes by kind of organisation, line styles by relation.
  std::string to_dot() const;

 private:
  Vertex add(OrgKind kind, int index, const std::string& id, const std::string& name,
             const std::string& pointer);
  Graph graph_;
  std::vector<std::vector<Vertex>> by_kind_;
};

}  // namespace icsim::agents
