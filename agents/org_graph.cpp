// Building, validating and drawing the organisation graph with Boost.Graph.
#include "agents/org_graph.hpp"

#include <fmt/format.h>

#include "sim/text.hpp"


namespace icsim::agents {

const char* to_string(OrgKind kind) {
  switch (kind) {
    case OrgKind::kSystem: return "system";
    case OrgKind::kPlace: return "place";
    case OrgKind::kPcn: return "pcn";
    case OrgKind::kPractice: return "practice";
    case OrgKind::kProvider: return "provider";
    case OrgKind::kCouncil: return "council";
  }
  return "?";
}

const char* to_string(Relation relation) {
  switch (relation) {
    case Relation::kContains: return "contains";
    case Relation::kServes: return "serves";
    case Relation::kCommissions: return "commissions";
    case Relation::kAccountableTo: return "accountable to";
  }
  return "?";
}

OrgGraph::Vertex OrgGraph::add(OrgKind kind, int index, const std::string& id, const std::string& name) {
  const Vertex v = boost::add_vertex(OrgVertex{kind, index, id, name}, graph_);
  by_kind_[static_cast<std::size_t>(kind)].push_back(v);
  return v;
}

std::string to_string(const Location& where) {
  using Part = Location::Part;
  if (where.part == Part::kOrganisation) return fmt::format("{} {}", to_string(where.organisation), where.index);
  if (where.part == Part::kPathway) return "care pathway";
  std::string out = fmt::format("care pathway node {}", where.index);
  const char* list = where.when_full ? "when_full" : "routes";
  if (where.part == Part::kRoutes) return out + ", " + list;
  out += fmt::format(", {} route {}", list, where.route);
  if (where.part == Part::kWhen) out += ", when";
  if (where.part == Part::kTarget) out += fmt::format(", to node {}", where.target);
  return out;
}

namespace {
Location at(const OrgVertex& v) { return {Location::Part::kOrganisation, v.kind, v.index}; }
}  // namespace

OrgGraph::Vertex OrgGraph::vertex(OrgKind kind, int index) const {
  return by_kind_[static_cast<std::size_t>(kind)][static_cast<std::size_t>(index)];
}

OrgGraph::OrgGraph(const WorldConfig& world) : by_kind_(6) {
  const Vertex system = add(OrgKind::kSystem, 0, world.system.id, world.system.name);
  auto edge = [&](Vertex from, Vertex to, Relation r) { boost::add_edge(from, to, OrgEdge{r}, graph_); };
  for (std::size_t i = 0; i < world.places.size(); ++i) {
    const auto& p = world.places[i];
    const Vertex v = add(OrgKind::kPlace, static_cast<int>(i), p.id, p.name);
    edge(system, v, Relation::kContains);
    edge(v, system, Relation::kAccountableTo);
  }
  for (std::size_t i = 0; i < world.councils.size(); ++i) {
    const auto& c = world.councils[i];
    add(OrgKind::kCouncil, static_cast<int>(i), c.id, c.name);
  }
  for (std::size_t i = 0; i < world.practices.size(); ++i) {
    const auto& p = world.practices[i];
    add(OrgKind::kPractice, static_cast<int>(i), p.id, p.name);
  }
  for (std::size_t i = 0; i < world.pcns.size(); ++i) {
    const auto& pcn = world.pcns[i];
    const Vertex v = add(OrgKind::kPcn, static_cast<int>(i), pcn.id, pcn.name);
    const Vertex place = vertex(OrgKind::kPlace, pcn.place);
    edge(place, v, Relation::kContains);
    edge(v, place, Relation::kAccountableTo);
    edge(vertex(OrgKind::kCouncil, pcn.council), v, Relation::kServes);
    for (int practice : pcn.practices) edge(v, vertex(OrgKind::kPractice, practice), Relation::kContains);
  }
  for (std::size_t i = 0; i < world.providers.size(); ++i) {
    const auto& p = world.providers[i];
    const Vertex v = add(OrgKind::kProvider, static_cast<int>(i), p.id, p.name);
    graph_[v].provider_kind = p.kind;
    edge(v, system, Relation::kAccountableTo);
    // Acute and mental health care are commissioned for the whole System; community services
    // by each Place they serve.
    if (p.kind != ProviderKind::kCommunity) edge(system, v, Relation::kCommissions);
    for (int place : p.places) {
      const Vertex pv = vertex(OrgKind::kPlace, place);
      edge(v, pv, Relation::kServes);
      if (p.kind == ProviderKind::kCommunity) edge(pv, v, Relation::kCommissions);
    }
  }
  for (std::size_t i = 0; i < world.councils.size(); ++i) {
    for (int place : world.councils[i].places) {
      edge(vertex(OrgKind::kCouncil, static_cast<int>(i)), vertex(OrgKind::kPlace, place), Relation::kServes);
    }
  }
}

std::vector<OrgGraph::Vertex> OrgGraph::sources(Vertex v, Relation relation) const {
  std::vector<Vertex> out;
  for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it) {
    if (graph_[*it].relation == relation) out.push_back(boost::source(*it, graph_));
  }
  return out;
}

std::optional<OrgGraph::Vertex> OrgGraph::parent(Vertex v) const {
  const auto parents = sources(v, Relation::kContains);
  if (parents.size() != 1) return std::nullopt;
  return parents.front();
}

std::vector<WorldProblem> OrgGraph::validate() const {
  std::vector<WorldProblem> problems;
  // Containment must be a tree rooted at the System: walk it breadth-first over contains edges
  // only and require every organisational vertex to be reached exactly once.
  const Vertex root = vertex(OrgKind::kSystem, 0);
  std::vector<int> reached(boost::num_vertices(graph_), 0);
  std::vector<Vertex> frontier{root};
  reached[root] = 1;
  while (!frontier.empty()) {
    std::vector<Vertex> next;
    for (Vertex v : frontier) {
      for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
        if (graph_[*it].relation != Relation::kContains) continue;
        const Vertex child = boost::target(*it, graph_);
        if (reached[child]++ == 0) next.push_back(child);
      }
    }
    frontier = std::move(next);
  }
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    const OrgVertex& ov = graph_[*it];
    if (ov.kind == OrgKind::kProvider || ov.kind == OrgKind::kCouncil || ov.kind == OrgKind::kSystem) continue;
    const auto parents = sources(*it, Relation::kContains);
    if (ov.kind == OrgKind::kPractice && parents.size() != 1) {
      std::string names;
      for (Vertex p : parents) names += (names.empty() ? "" : ", ") + graph_[p].id;
      problems.push_back({at(ov), parents.empty()
          ? fmt::format("practice '{}' belongs to no PCN (got 0 PCNs; expected exactly 1)", ov.id)
          : fmt::format("practice '{}' is in {} PCNs: {} (expected exactly 1)", ov.id, parents.size(), names)});
    } else if (parents.size() != 1 || reached[*it] == 0) {
      problems.push_back({at(ov), fmt::format("{} '{}' is not contained once in the tree rooted at the System "
                                                  "(got {} parents; expected 1)", to_string(ov.kind), ov.id, parents.size())});
    }
  }
  // Every Place needs a PCN: its residents are spread over the practices of its PCNs.
  for (Vertex place : by_kind_[static_cast<std::size_t>(OrgKind::kPlace)]) {
    bool has_pcn = false;
    for (auto [it, end] = boost::out_edges(place, graph_); it != end; ++it) {
      has_pcn = has_pcn || (graph_[*it].relation == Relation::kContains && graph_[boost::target(*it, graph_)].kind == OrgKind::kPcn);
    }
    if (!has_pcn) {
      problems.push_back({at(graph_[place]), fmt::format("Place '{}' contains no PCN (got 0; expected at least 1, "
                                                             "so that its residents have practices)", graph_[place].id)});
    }
  }
  // Every PCN needs an acute site, a community provider and a council (directly or via its Place).
  for (Vertex pcn : by_kind_[static_cast<std::size_t>(OrgKind::kPcn)]) {
    bool acute = false, community = false, council = false;
    std::vector<Vertex> servers = sources(pcn, Relation::kServes);
    if (auto place = parent(pcn)) {
      const auto more = sources(*place, Relation::kServes);
      servers.insert(servers.end(), more.begin(), more.end());
    }
    for (Vertex s : servers) {
      const OrgVertex& sv = graph_[s];
      council = council || sv.kind == OrgKind::kCouncil;
      if (sv.kind == OrgKind::kProvider) {
        acute = acute || sv.provider_kind == ProviderKind::kAcuteSite;
        community = community || sv.provider_kind == ProviderKind::kCommunity;
      }
    }
    const OrgVertex& pv = graph_[pcn];
    auto missing = [&](bool ok, const char* what) {
      if (!ok) problems.push_back({at(pv), fmt::format("PCN '{}' is served by no {} (expected at least 1, "
                                                            "serving the PCN or its Place)", pv.id, what)});
    };
    missing(acute, "acute site");
    missing(community, "community provider");
    missing(council, "council");
  }
  return problems;
}

using sim::dot_escape;

std::string OrgGraph::to_dot() const {
  std::string out = "digraph icsim_world {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  static const char* kShape[] = {"doubleoctagon", "box3d", "box", "note", "component", "house"};
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it) {
    const OrgVertex& v = graph_[*it];
    out += fmt::format("  v{} [label=\"{}\\n{}\", shape={}];\n", *it, dot_escape(v.name), to_string(v.kind),
                       kShape[static_cast<int>(v.kind)]);
  }
  static const char* kStyle[] = {"solid", "dashed", "dotted", "bold"};
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) {
    const Relation r = graph_[*it].relation;
    if (r == Relation::kAccountableTo) continue;  // the reverse of containment: drawn implicitly
    out += fmt::format("  v{} -> v{} [label=\"{}\", style={}];\n", boost::source(*it, graph_),
                       boost::target(*it, graph_), r == Relation::kContains ? "" : to_string(r),
                       kStyle[static_cast<int>(r)]);
  }
  out += "}\n";
  return out;
}

}  // namespace icsim::agents
