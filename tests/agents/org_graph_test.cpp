// The organisation graph: the baseline is a valid tree; each structural fault is reported.
#include "agents/org_graph.hpp"

#include <gtest/gtest.h>

#include "scenarios/config_builder.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

WorldConfig baseline_world() { return testing::baseline().model->world; }

std::string messages(const std::vector<WorldProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += to_string(p.where) + ": " + p.message + "\n";
  return out;
}

TEST(OrgGraph, BaselineIsValidAndRollsUpToTheSystem) {
  const WorldConfig world = baseline_world();
  const OrgGraph graph(world);
  EXPECT_TRUE(graph.validate().empty()) << messages(graph.validate());
  EXPECT_EQ(world.places.size(), 4u);
  EXPECT_EQ(world.pcns.size(), 28u);
  for (std::size_t i = 0; i < world.practices.size(); ++i) {
    const auto pcn = graph.parent(graph.vertex(OrgKind::kPractice, static_cast<int>(i)));
    ASSERT_TRUE(pcn);
    const auto place = graph.parent(*pcn);
    ASSERT_TRUE(place);
    const auto system = graph.parent(*place);
    ASSERT_TRUE(system);
    EXPECT_EQ(graph.graph()[*system].kind, OrgKind::kSystem);
  }
}

TEST(OrgGraph, PracticeInTwoPcnsIsReported) {
  WorldConfig world = baseline_world();
  world.pcns[1].practices.push_back(world.pcns[0].practices[0]);
  const auto problems = OrgGraph(world).validate();
  ASSERT_EQ(problems.size(), 1u) << messages(problems);
  EXPECT_NE(problems[0].message.find("is in 2 PCNs"), std::string::npos) << problems[0].message;
  EXPECT_EQ(scenarios::pointer_of(problems[0].where, {}), "/world/practices/" + std::to_string(world.pcns[0].practices[0]));
}

TEST(OrgGraph, PracticeInNoPcnIsReported) {
  WorldConfig world = baseline_world();
  const int orphan = world.pcns[0].practices.back();
  world.pcns[0].practices.pop_back();
  const auto problems = OrgGraph(world).validate();
  ASSERT_EQ(problems.size(), 1u) << messages(problems);
  EXPECT_NE(problems[0].message.find("belongs to no PCN"), std::string::npos);
  EXPECT_EQ(scenarios::pointer_of(problems[0].where, {}), "/world/practices/" + std::to_string(orphan));
}

TEST(OrgGraph, PcnWithoutAcuteSiteOrCommunityProviderIsReported) {
  WorldConfig world = baseline_world();
  const int place = world.pcns[0].place;
  for (auto& provider : world.providers) {
    std::erase(provider.places, place);
  }
  const auto problems = OrgGraph(world).validate();
  int acute = 0, community = 0;
  for (const auto& p : problems) {
    acute += p.message.find("no acute site") != std::string::npos;
    community += p.message.find("no community provider") != std::string::npos;
  }
  int pcns_in_place = 0;
  for (const auto& pcn : world.pcns) pcns_in_place += pcn.place == place;
  EXPECT_EQ(acute, pcns_in_place) << messages(problems);
  EXPECT_EQ(community, pcns_in_place);
}

TEST(OrgGraph, DotNamesEveryOrganisation) {
  const WorldConfig world = baseline_world();
  const std::string dot = OrgGraph(world).to_dot();
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  for (const auto& pcn : world.pcns) EXPECT_NE(dot.find(pcn.name), std::string::npos);
  for (const auto& provider : world.providers) EXPECT_NE(dot.find(provider.name), std::string::npos);
}

}  // namespace
}  // namespace icsim::agents
