// The care pathway graph: route criteria, routing by cumulative probability, every structural
// fault reported at its pointer, and a Graphviz rendering that dot accepts.
#include "agents/care_pathway.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "scenarios/config_builder.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

std::uint32_t bit(int i) { return 1u << static_cast<unsigned>(i); }
template <class E>
  requires std::is_enum_v<E>
std::uint32_t bit(E e) { return 1u << index(e); }

// Builds a pathway node by node, recording the pointers a scenario file would give them.
class PathwayBuilder {
 public:
  int node(const std::string& id, ServiceKind kind) {
    config_.nodes.push_back({id, kind, {}, {}});
    return static_cast<int>(config_.nodes.size()) - 1;
  }
  void route(const std::string& from, std::vector<std::pair<std::string, double>> to, RouteCriteria when = {}) {
    add(from, false, std::move(to), when);
  }
  void when_full(const std::string& from, std::vector<std::pair<std::string, double>> to, RouteCriteria when = {}) {
    add(from, true, std::move(to), when);
  }
  PathwayConfig config(const std::string& entry) {
    PathwayConfig c = config_;
    c.entry = index(entry);
    return c;
  }

 private:
  int index(const std::string& id) const {
    for (std::size_t i = 0; i < config_.nodes.size(); ++i) {
      if (config_.nodes[i].id == id) return static_cast<int>(i);
    }
    throw std::invalid_argument("no node " + id);
  }
  void add(const std::string& from, bool full, std::vector<std::pair<std::string, double>> to, RouteCriteria when) {
    auto& node = config_.nodes[static_cast<std::size_t>(index(from))];
    auto& list = full ? node.when_full : node.routes;
    RouteConfig route{when, {}};
    for (const auto& [id, p] : to) route.to.emplace_back(index(id), p);
    list.push_back(std::move(route));
  }
  PathwayConfig config_;
};

RouteCriteria urgency(std::initializer_list<Urgency> urgencies) {
  RouteCriteria c;
  c.unconditional = false;
  c.urgency_mask = 0;
  for (Urgency u : urgencies) c.urgency_mask |= bit(u);
  return c;
}

// The pathway of the scenario format's example, completed.
PathwayBuilder example() {
  PathwayBuilder b;
  b.node("onset", ServiceKind::kRouter);
  b.node("ambulance", ServiceKind::kAmbulance);
  b.node("ae", ServiceKind::kAe);
  b.node("gp", ServiceKind::kGpSameDay);
  b.node("nhs111", ServiceKind::kNhs111);
  b.node("utc", ServiceKind::kUrgentTreatmentCentre);
  b.node("sdec", ServiceKind::kSameDayEmergencyCare);
  b.node("self_care", ServiceKind::kSelfCare);
  b.node("admission", ServiceKind::kEmergencyAdmission);
  b.route("onset", {{"ambulance", 0.8}, {"ae", 0.2}}, urgency({Urgency::kEmergency}));
  RouteCriteria urgent_in_hours = urgency({Urgency::kUrgent});
  urgent_in_hours.hours = 0;
  b.route("onset", {{"gp", 0.5}, {"nhs111", 0.3}, {"ae", 0.2}}, urgent_in_hours);
  b.route("onset", {{"self_care", 0.7}, {"gp", 0.3}});
  RouteCriteria older;
  older.unconditional = false;
  older.min_age = 65;
  b.route("gp", {{"sdec", 0.05}, {"admission", 0.03}}, older);
  b.route("gp", {{"sdec", 0.02}});
  b.when_full("gp", {{"self_care", 0.5}, {"nhs111", 0.5}}, urgency({Urgency::kMinor}));
  b.when_full("gp", {{"nhs111", 0.6}, {"ae", 0.4}});
  b.route("nhs111", {{"utc", 0.3}, {"ae", 0.1}, {"self_care", 0.4}});
  b.route("utc", {{"admission", 0.05}});
  b.route("ambulance", {{"ae", 0.7}, {"admission", 0.1}});
  b.route("ae", {{"admission", 0.25}, {"sdec", 0.05}});
  b.route("sdec", {{"admission", 0.2}});
  return b;
}

EpisodeView episode(Urgency urgency_level = Urgency::kUrgent, bool in_hours = true, int age = 40) {
  return {urgency_level, EpisodeType::kInfection, 0, LivingSetting::kOwnHome, 0, age, in_hours};
}

// The JSON pointer a scenario file would report the problem at (every test's pathway has the
// example's nodes).
std::string at(const WorldProblem& p) { return scenarios::pointer_of(p.where, example().config("onset")); }

std::string messages(const std::vector<WorldProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += at(p) + ": " + p.message + "\n";
  return out;
}

// The one problem found, or a failure listing them all.
WorldProblem only_problem(const PathwayConfig& config) {
  const auto problems = CarePathway(config).validate();
  EXPECT_EQ(problems.size(), 1u) << messages(problems);
  return problems.empty() ? WorldProblem{} : problems.front();
}

TEST(CarePathway, MatchesEachCriterion) {
  const EpisodeView e{Urgency::kUrgent, EpisodeType::kFall, 2, LivingSetting::kCareHome, bit(kCopd) | bit(kDementia), 80, false};
  EXPECT_TRUE(matches(RouteCriteria{}, e));

  RouteCriteria c;
  c.urgency_mask = bit(Urgency::kUrgent) | bit(Urgency::kMinor);
  EXPECT_TRUE(matches(c, e));
  c.urgency_mask = bit(Urgency::kEmergency);
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.episode_mask = bit(EpisodeType::kFall);
  EXPECT_TRUE(matches(c, e));
  c.episode_mask = bit(EpisodeType::kInjury) | bit(EpisodeType::kInfection);
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.frailty_mask = bit(2) | bit(3);
  EXPECT_TRUE(matches(c, e));
  c.frailty_mask = bit(0);
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.setting_mask = bit(LivingSetting::kCareHome);
  EXPECT_TRUE(matches(c, e));
  c.setting_mask = bit(LivingSetting::kOwnHome) | bit(LivingSetting::kHomeWithCare);
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.condition_mask = bit(kHeartFailure) | bit(kCopd);  // at least one held
  EXPECT_TRUE(matches(c, e));
  c.condition_mask = bit(kHeartFailure) | bit(kAsthma);
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.min_age = 80;  // inclusive
  EXPECT_TRUE(matches(c, e));
  c.min_age = 81;
  EXPECT_FALSE(matches(c, e));
  c = {};
  c.max_age = 80;  // inclusive
  EXPECT_TRUE(matches(c, e));
  c.max_age = 79;
  EXPECT_FALSE(matches(c, e));

  c = {};
  c.hours = 1;
  EXPECT_TRUE(matches(c, e));
  c.hours = 0;
  EXPECT_FALSE(matches(c, e));

  // All must hold.
  c = {};
  c.urgency_mask = bit(Urgency::kUrgent);
  c.min_age = 65;
  c.hours = 0;
  EXPECT_FALSE(matches(c, e));
  c.hours = 1;
  EXPECT_TRUE(matches(c, e));
}

TEST(CarePathway, CriteriaReadShortly) {
  RouteCriteria c = urgency({Urgency::kUrgent});
  c.hours = 0;
  c.min_age = 65;
  EXPECT_EQ(criteria_text(c), "urgent, in hours, 65+");
  EXPECT_EQ(criteria_text(RouteCriteria{}), "");
  c = {};
  c.max_age = 17;
  c.condition_mask = bit(kAsthma);
  c.frailty_mask = bit(2) | bit(3);
  EXPECT_EQ(criteria_text(c), "under 18, frailty moderate/severe, with asthma");
  c = {};
  c.min_age = 18;
  c.max_age = 64;
  EXPECT_EQ(criteria_text(c), "aged 18-64");
  c.min_age = c.max_age = 0;
  EXPECT_EQ(criteria_text(c), "aged 0");
}

TEST(CarePathway, NextFollowsTheFirstMatchingRouteAndCumulativeProbabilities) {
  const CarePathway pathway(example().config("onset"));
  const int onset = pathway.entry();
  ASSERT_EQ(pathway.id(onset), "onset");
  const int ambulance = pathway.index_of("ambulance"), ae = pathway.index_of("ae"), gp = pathway.index_of("gp"),
            nhs111 = pathway.index_of("nhs111"), self_care = pathway.index_of("self_care"), sdec = pathway.index_of("sdec"),
            admission = pathway.index_of("admission");

  const EpisodeView emergency = episode(Urgency::kEmergency);
  EXPECT_EQ(pathway.next(onset, false, emergency, 1e-12), ambulance);
  EXPECT_EQ(pathway.next(onset, false, emergency, 0.7999), ambulance);
  EXPECT_EQ(pathway.next(onset, false, emergency, 0.8001), ae);
  EXPECT_EQ(pathway.next(onset, false, emergency, std::nextafter(1.0, 0.0)), ae);

  const EpisodeView urgent = episode(Urgency::kUrgent, true);
  EXPECT_EQ(pathway.next(onset, false, urgent, 0.4999), gp);
  EXPECT_EQ(pathway.next(onset, false, urgent, 0.5001), nhs111);
  EXPECT_EQ(pathway.next(onset, false, urgent, 0.7999), nhs111);
  EXPECT_EQ(pathway.next(onset, false, urgent, 0.8001), ae);

  // Out of hours the urgent route does not hold: the last route takes it.
  const EpisodeView urgent_evening = episode(Urgency::kUrgent, false);
  EXPECT_EQ(pathway.next(onset, false, urgent_evening, 0.6999), self_care);
  EXPECT_EQ(pathway.next(onset, false, urgent_evening, 0.7001), gp);

  // At a service the remainder ends the episode there.
  const EpisodeView older = episode(Urgency::kUrgent, true, 70);
  EXPECT_EQ(pathway.next(gp, false, older, 0.0499), sdec);
  EXPECT_EQ(pathway.next(gp, false, older, 0.0501), admission);
  EXPECT_EQ(pathway.next(gp, false, older, 0.0799), admission);
  EXPECT_EQ(pathway.next(gp, false, older, 0.0801), -1);
  EXPECT_EQ(pathway.next(gp, false, episode(Urgency::kUrgent, true, 64), 0.0199), sdec);
  EXPECT_EQ(pathway.next(gp, false, episode(Urgency::kUrgent, true, 64), 0.0201), -1);

  // A full practice turns the episode away by when_full.
  EXPECT_EQ(pathway.next(gp, true, episode(Urgency::kMinor), 0.4999), self_care);
  EXPECT_EQ(pathway.next(gp, true, episode(Urgency::kMinor), 0.5001), nhs111);
  EXPECT_EQ(pathway.next(gp, true, older, 0.5999), nhs111);
  EXPECT_EQ(pathway.next(gp, true, older, 0.6001), ae);

  // Outcomes end every episode; nodes without capacity ignore `full`.
  EXPECT_EQ(pathway.next(self_care, false, urgent, 0.5), -1);
  EXPECT_EQ(pathway.next(ae, true, urgent, 0.2499), admission);
  EXPECT_EQ(pathway.next(ae, true, urgent, 0.3001), -1);

  EXPECT_EQ(pathway.size(), 9);
  EXPECT_EQ(pathway.kind(onset), ServiceKind::kRouter);
  EXPECT_TRUE(pathway.has_capacity(gp));
  EXPECT_FALSE(pathway.has_capacity(ae));
  EXPECT_EQ(pathway.index_of("nowhere"), -1);
}

TEST(CarePathway, RouterSumsWithinRoundingOfOneAlwaysLeave) {
  PathwayBuilder b;
  b.node("start", ServiceKind::kRouter);
  b.node("a", ServiceKind::kGpSameDay);
  b.node("b", ServiceKind::kNhs111);
  b.node("c", ServiceKind::kSelfCare);
  b.node("d", ServiceKind::kAe);
  // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in doubles; a trailing zero share is never chosen.
  b.route("start", {{"d", 0.7}, {"b", 0.2}, {"c", 0.1}, {"a", 0.0}});
  b.when_full("a", {{"c", 1.0}});
  const CarePathway pathway(b.config("start"));
  EXPECT_TRUE(pathway.validate().empty()) << messages(pathway.validate());
  EXPECT_EQ(pathway.next(0, false, episode(), std::nextafter(1.0, 0.0)), pathway.index_of("c"));
}

TEST(CarePathway, ValidPathwayPasses) {
  const CarePathway pathway(example().config("onset"));
  EXPECT_TRUE(pathway.validate().empty()) << messages(pathway.validate());
}

TEST(CarePathway, DeadEndRouterIsReported) {
  PathwayBuilder b = example();
  PathwayConfig config = b.config("onset");
  config.nodes[0].routes[2].when = urgency({Urgency::kMinor});
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/onset/routes/2/when");
  EXPECT_EQ(p.message, "dead end: an episode matching none of the routes has nowhere to go (expected a last route without \"when\")");
}

TEST(CarePathway, DeadEndWhenFullIsReported) {
  PathwayConfig config = example().config("onset");
  config.nodes[3].when_full[1].when = urgency({Urgency::kUrgent});
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/gp/when_full/1/when");
  EXPECT_EQ(p.message.rfind("dead end: ", 0), 0u) << p.message;
}

TEST(CarePathway, RouterProbabilitiesMustSumToOne) {
  PathwayConfig config = example().config("onset");
  config.nodes[0].routes[0].to[1].second = 0.1;  // ambulance 0.8, ae 0.1
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/onset/routes/0");
  EXPECT_EQ(p.message, "probabilities do not sum to 1 at a router (got 0.9; expected 1: an episode cannot end at a router)");
}

TEST(CarePathway, WhenFullProbabilitiesMustSumToOne) {
  PathwayConfig config = example().config("onset");
  config.nodes[3].when_full[1].to[0].second = 0.5;  // nhs111 0.5, ae 0.4
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/gp/when_full/1");
  EXPECT_EQ(p.message.rfind("when_full probabilities do not sum to 1 (got 0.9; expected 1", 0), 0u) << p.message;
}

TEST(CarePathway, ServiceRouteAboveOneIsReported) {
  PathwayConfig config = example().config("onset");
  config.nodes[2].routes[0].to[0].second = 0.95;  // ae: admission 0.95, sdec 0.05
  config.nodes[2].routes[0].to[1].second = 0.25;
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/ae/routes/0");
  EXPECT_EQ(p.message, "probabilities sum above 1 (got 1.2; expected at most 1, the remainder being the share that ends here)");
}

TEST(CarePathway, NegativeProbabilityIsReported) {
  PathwayConfig config = example().config("onset");
  config.nodes[5].routes[0].to[0].second = -0.05;  // utc -> admission
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/utc/routes/0/to/admission");
  EXPECT_EQ(p.message, "negative probability (got -0.05; expected a number from 0 to 1)");
}

TEST(CarePathway, CycleIsReportedWithItsNodes) {
  PathwayBuilder b = example();
  b.route("utc", {{"nhs111", 0.1}});  // nhs111 -> utc -> nhs111
  PathwayConfig config = b.config("onset");
  // utc's first route covers everyone, so make it conditional to keep the new route reachable.
  config.nodes[5].routes[0].when = urgency({Urgency::kEmergency});
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/utc/routes/1/to/nhs111");
  EXPECT_EQ(p.message, "cycle: nhs111 -> utc -> nhs111 (expected every route to move towards an outcome)");
}

TEST(CarePathway, LongerCycleThroughWhenFullIsReported) {
  PathwayBuilder b = example();
  b.route("nhs111", {{"gp", 0.1}});  // gp -(full)-> nhs111 -> gp
  PathwayConfig config = b.config("onset");
  config.nodes[4].routes[0].when = urgency({Urgency::kEmergency});
  const auto problems = CarePathway(config).validate();
  ASSERT_EQ(problems.size(), 1u) << messages(problems);
  EXPECT_EQ(problems[0].message, "cycle: gp -> nhs111 -> gp (expected every route to move towards an outcome)");
  EXPECT_EQ(at(problems[0]), "/care_pathway/nodes/nhs111/routes/1/to/gp");
}

TEST(CarePathway, RouteToItselfIsReported) {
  PathwayBuilder b = example();
  b.route("sdec", {{"sdec", 0.1}});
  PathwayConfig config = b.config("onset");
  config.nodes[6].routes[0].when = urgency({Urgency::kEmergency});
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/sdec/routes/1/to/sdec");
  EXPECT_EQ(p.message.rfind("route to itself (got \"sdec\"; expected another node", 0), 0u) << p.message;
}

TEST(CarePathway, OutcomeWithRoutesIsReported) {
  PathwayBuilder b = example();
  b.route("self_care", {{"admission", 0.1}});
  const auto p = only_problem(b.config("onset"));
  EXPECT_EQ(at(p), "/care_pathway/nodes/self_care/routes");
  EXPECT_EQ(p.message, "routes at an outcome (got 1 route at kind self_care; expected none: self_care ends the episode)");
}

TEST(CarePathway, GpWithoutWhenFullAndWhenFullElsewhereAreReported) {
  PathwayConfig config = example().config("onset");
  config.nodes[1].when_full = {RouteConfig{{}, {{2, 1.0}}}};
  config.nodes[3].when_full.clear();
  const auto problems = CarePathway(config).validate();
  ASSERT_EQ(problems.size(), 2u) << messages(problems);
  EXPECT_EQ(at(problems[0]), "/care_pathway/nodes/ambulance/when_full");
  EXPECT_EQ(problems[0].message, "when_full at a node without capacity (got kind ambulance; expected when_full only at gp_same_day nodes)");
  EXPECT_EQ(at(problems[1]), "/care_pathway/nodes/gp");
  EXPECT_EQ(problems[1].message.rfind("no when_full at a gp_same_day node (expected ", 0), 0u) << problems[1].message;
}

TEST(CarePathway, RouterWithoutRoutesIsReported) {
  PathwayConfig config = example().config("onset");
  config.nodes[0].routes.clear();
  const auto p = only_problem(config);
  EXPECT_EQ(at(p), "/care_pathway/nodes/onset");
  EXPECT_EQ(p.message.rfind("no routes at a router", 0), 0u) << p.message;
}

TEST(CarePathway, EveryProblemIsReportedAtOnce) {
  PathwayBuilder b = example();
  b.route("utc", {{"nhs111", 0.1}});
  b.route("admission", {{"ae", 0.1}});
  PathwayConfig config = b.config("onset");
  config.nodes[0].routes[2].when = urgency({Urgency::kMinor});
  config.nodes[0].routes[0].to[0].second = 0.5;
  const auto problems = CarePathway(config).validate();
  EXPECT_EQ(messages(problems),
            "/care_pathway/nodes/onset/routes/0: probabilities do not sum to 1 at a router (got 0.7; expected 1: an episode "
            "cannot end at a router)\n"
            "/care_pathway/nodes/onset/routes/2/when: dead end: an episode matching none of the routes has nowhere to go "
            "(expected a last route without \"when\")\n"
            "/care_pathway/nodes/utc/routes/1: route never applies: route 0 before it has no \"when\" (expected the route "
            "without \"when\" last)\n"
            "/care_pathway/nodes/admission/routes: routes at an outcome (got 1 route at kind emergency_admission; expected "
            "none: emergency_admission ends the episode)\n"
            "/care_pathway/nodes/admission/routes/0/to/ae: cycle: ae -> admission -> ae (expected every route to move "
            "towards an outcome)\n"
            "/care_pathway/nodes/utc/routes/1/to/nhs111: cycle: nhs111 -> utc -> nhs111 (expected every route to move "
            "towards an outcome)\n");
}

TEST(CarePathway, RouteAfterOneWithoutWhenIsReported) {
  PathwayBuilder b = example();
  b.route("sdec", {{"admission", 0.1}});
  b.route("sdec", {{"admission", 0.3}}, urgency({Urgency::kMinor}));
  const auto problems = CarePathway(b.config("onset")).validate();
  ASSERT_EQ(problems.size(), 2u) << messages(problems);
  EXPECT_EQ(at(problems[0]), "/care_pathway/nodes/sdec/routes/1");
  EXPECT_EQ(at(problems[1]), "/care_pathway/nodes/sdec/routes/2");
  EXPECT_EQ(problems[1].message, "route never applies: route 1 before it has no \"when\" (expected the route without \"when\" last)");
}

TEST(CarePathway, OutOfRangeIndicesAreABug) {
  PathwayConfig config = example().config("onset");
  config.nodes[0].routes[0].to[0].first = 99;
  EXPECT_THROW(CarePathway{config}, std::invalid_argument);
  config = example().config("onset");
  config.entry = -1;
  EXPECT_THROW(CarePathway{config}, std::invalid_argument);
}

TEST(CarePathway, DotHasEveryNodeAndEdgeAndIsWellFormed) {
  const CarePathway pathway(example().config("onset"));
  const std::string dot = pathway.to_dot();
  for (int v = 0; v < pathway.size(); ++v) {
    EXPECT_NE(dot.find(fmt::format("n{} [label=\"{}", v, pathway.id(v))), std::string::npos) << pathway.id(v);
  }
  EXPECT_NE(dot.find("n0 [label=\"onset\\nrouter\", shape=diamond, penwidth=2];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[label=\"ae\", shape=box];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("shape=doubleoctagon"), std::string::npos);
  EXPECT_NE(dot.find("[label=\"urgent, in hours: 0.50\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[label=\"when full, minor: 0.50\", style=dashed]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[label=\"65+: 0.05\"]"), std::string::npos) << dot;
  std::size_t edges = 0;
  for (std::size_t at = 0; (at = dot.find(" -> ", at)) != std::string::npos; at += 4) ++edges;
  EXPECT_EQ(edges, boost::num_edges(pathway.graph()));

  // Braces balance outside quoted strings, and every quote closes.
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < dot.size(); ++i) {
    const char c = dot[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
      EXPECT_GE(depth, 0);
    }
  }
  EXPECT_FALSE(quoted);
  EXPECT_EQ(depth, 0);
}

TEST(CarePathway, DotRendersWithGraphviz) {
  // Graphviz is a dependency (tools/install-deps), so its absence is a failure, not a skip.
  ASSERT_EQ(std::system("command -v dot > /dev/null 2>&1"), 0) << "Graphviz dot is not installed";
  PathwayBuilder b = example();
  b.node("odd \"quoted\" \\ id", ServiceKind::kSelfCare);
  b.route("utc", {{"odd \"quoted\" \\ id", 0.1}});
  testing::TempDir dir;
  const auto file = dir.write("pathway.dot", CarePathway(b.config("onset")).to_dot());
  const std::string command = "dot -Tsvg '" + file.string() + "' -o '" + (dir.path() / "pathway.svg").string() + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
}

TEST(CarePathway, TextListsNodesKindsAndRoutes) {
  const std::string text = CarePathway(example().config("onset")).to_text();
  EXPECT_NE(text.find("Care pathway: 9 nodes, entry onset\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  onset (router)\n    emergency: ambulance 0.80, ae 0.20\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    otherwise: self_care 0.70, gp 0.30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  gp (gp_same_day, has capacity)\n    65+: sdec 0.05, admission 0.03, ends here 0.92\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    when full, minor: self_care 0.50, nhs111 0.50\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  admission (emergency_admission, outcome)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace icsim::agents
