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
  ProviderKind provider_kind = ProviderKind::kCommunity;  // providers only
};

struct OrgEdge {
  Relation relation;
};

// Where in a configuration a problem lies, in the model's own terms: an organisation, or a
// care-pathway node and the part of it at fault. scenarios/ turns it into the JSON pointer of
// the scenario element that defined it.
struct Location {
  enum class Part : std::uint8_t {
    kOrganisation,  // organisation `index` of kind `organisation`
    kPathway,       // the care pathway as a whole
    kNode,          // node `index`
    kRoutes,        // its list of routes (or of when_full routes)
    kRoute,         // its route `route`
    kWhen,          // that route's criteria
    kTarget,        // that route's probability of going to node `target`
  };
  Part part = Part::kPathway;
  OrgKind organisation = OrgKind::kSystem;
  int index = 0;
  bool when_full = false;  // the routes taken when the service is full
  int route = -1;
  int target = -1;
};
// For messages without a scenario file: "PCN 3", "node 2, when_full route 1, to node 5".
std::string to_string(const Location& where);

// A problem found in the configuration, and where.
struct WorldProblem {
  Location where;
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
  Vertex add(OrgKind kind, int index, const std::string& id, const std::string& name);
  Graph graph_;
  std::vector<std::vector<Vertex>> by_kind_;
};

}  // namespace icsim::agents
