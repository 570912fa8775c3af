// The care pathway in scenario files: node ids resolved in key order, criteria frozen into
// masks, and every mistake (unknown service, unknown entry, dead end, ...) reported with its file
// and exact JSON pointer. The pathways here replace the baseline's whole, so the tests do not
// depend on its values.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "agents/care_pathway.hpp"
#include "scenarios/config_builder.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/registry_parts.hpp"
#include "scenarios/spec.hpp"
#include "scenarios/validator.hpp"
#include "tests/test_support.hpp"

namespace icsim::scenarios {
namespace {

using testing::TempDir;

constexpr const char* kPathway = R"({"entry": "onset", "nodes": {
  "onset": {"kind": "router", "routes": [
    {"when": {"urgency": ["emergency"]}, "to": {"ambulance": 0.8, "ae": 0.2}},
    {"when": {"urgency": ["urgent"], "hours": "in_hours"}, "to": {"gp": 0.5, "nhs111": 0.3, "ae": 0.2}},
    {"to": {"self_care": 0.7, "gp": 0.3}}]},
  "gp": {"kind": "gp_same_day",
         "routes": [{"when": {"min_age": 65}, "to": {"sdec": 0.05, "admission": 0.03}}, {"to": {"sdec": 0.02}}],
         "when_full": [{"when": {"urgency": ["minor"]}, "to": {"self_care": 0.5, "nhs111": 0.5}},
                       {"to": {"nhs111": 0.6, "ae": 0.4}}]},
  "nhs111": {"kind": "nhs111", "routes": [{"to": {"ae": 0.2, "self_care": 0.5}}]},
  "ambulance": {"kind": "ambulance", "routes": [{"to": {"ae": 0.7, "admission": 0.1}}]},
  "ae": {"kind": "ae", "routes": [
    {"when": {"episodes": ["fall"], "frailty": ["moderate", "severe"], "settings": ["care_home"],
              "conditions": ["copd", "dementia"], "max_age": 110, "hours": "out_of_hours"}, "to": {"admission": 0.5}},
    {"to": {"admission": 0.25, "sdec": 0.05}}]},
  "sdec": {"kind": "same_day_emergency_care", "routes": [{"to": {"admission": 0.2}}]},
  "self_care": {"kind": "self_care"},
  "admission": {"kind": "emergency_admission"}
}})";

constexpr const char* kNodeIds = "admission, ae, ambulance, gp, nhs111, onset, sdec, self_care";

// A scenario on the baseline whose care pathway is only `kPathway` patched by `patch` (a JSON
// object body, or "" for none): the chain is baseline <- reset (no pathway) <- good <- patch.
std::filesystem::path pathway_scenario(const TempDir& dir, const std::string& patch) {
  testing::write_what_if(dir, R"("care_pathway": null)", "reset.json");
  const auto good = dir.write("good.json", std::string(R"({"schema_version": 1, "extends": "reset.json", "care_pathway": )") +
                                               kPathway + "}");
  if (patch.empty()) return good;
  return dir.write("patch.json", R"({"schema_version": 1, "extends": "good.json", )" + patch + "}");
}

// The problems in the care pathway, so that the tests do not depend on the rest of the baseline.
std::vector<std::string> problems_of(const std::filesystem::path& file) {
  try {
    load_scenario(file);
  } catch (const ScenarioError& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) {
      if (p.pointer.rfind("/care_pathway", 0) == 0) out.push_back(p.to_string());
    }
    return out;
  }
  return {};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::uint32_t bit(int i) { return 1u << static_cast<unsigned>(i); }
template <class E>
  requires std::is_enum_v<E>
std::uint32_t bit(E e) { return 1u << agents::index(e); }

TEST(PathwayLoader, SmallPathwayLoadsWithIdsInKeyOrder) {
  using Part = agents::Location::Part;
  TempDir dir;
  const auto problems = problems_of(pathway_scenario(dir, ""));
  ASSERT_TRUE(problems.empty()) << joined(problems);
  agents::PathwayConfig p;
  try {
    p = load_scenario(pathway_scenario(dir, "")).model->pathway;
  } catch (const ScenarioError& e) {
    FAIL() << "the baseline does not load: " << e.problems().front().to_string();
  }
  ASSERT_EQ(p.nodes.size(), 8u);
  std::string ids;
  for (const auto& node : p.nodes) ids += (ids.empty() ? "" : ", ") + node.id;
  EXPECT_EQ(ids, kNodeIds);
  EXPECT_EQ(p.entry, 5);
  // Locations in the model map back to where the file said it.
  EXPECT_EQ(pointer_of({Part::kPathway}, p), "/care_pathway");

  const auto& onset = p.nodes[5];
  EXPECT_EQ(onset.kind, agents::ServiceKind::kRouter);
  EXPECT_EQ(pointer_of({Part::kNode, agents::OrgKind::kSystem, 5}, p), "/care_pathway/nodes/onset");
  ASSERT_EQ(onset.routes.size(), 3u);
  const auto& urgent = onset.routes[1];
  EXPECT_EQ(pointer_of({Part::kRoute, agents::OrgKind::kSystem, 5, false, 1}, p), "/care_pathway/nodes/onset/routes/1");
  EXPECT_FALSE(urgent.when.unconditional);
  EXPECT_EQ(urgent.when.urgency_mask, bit(agents::Urgency::kUrgent));
  EXPECT_EQ(urgent.when.episode_mask, ~0u);
  EXPECT_EQ(urgent.when.hours, 0);
  const std::vector<std::pair<int, double>> to{{1, 0.2}, {3, 0.5}, {4, 0.3}};  // ae, gp, nhs111
  EXPECT_EQ(urgent.to, to);
  EXPECT_TRUE(onset.routes[2].when.unconditional);

  const auto& gp = p.nodes[3];
  EXPECT_EQ(gp.kind, agents::ServiceKind::kGpSameDay);
  EXPECT_EQ(gp.routes[0].when.min_age, 65);
  EXPECT_EQ(gp.routes[0].when.max_age, 1000);
  ASSERT_EQ(gp.when_full.size(), 2u);
  EXPECT_EQ(pointer_of({Part::kTarget, agents::OrgKind::kSystem, 3, true, 1, 1}, p), "/care_pathway/nodes/gp/when_full/1/to/ae");

  const auto& ae = p.nodes[1].routes[0].when;
  EXPECT_EQ(ae.episode_mask, bit(agents::EpisodeType::kFall));
  EXPECT_EQ(ae.frailty_mask, bit(2) | bit(3));
  EXPECT_EQ(ae.setting_mask, bit(agents::LivingSetting::kCareHome));
  EXPECT_EQ(ae.condition_mask, bit(agents::kCopd) | bit(agents::kDementia));
  EXPECT_EQ(ae.max_age, 110);
  EXPECT_EQ(ae.hours, 1);

  EXPECT_EQ(p.nodes[7].kind, agents::ServiceKind::kSelfCare);
  EXPECT_TRUE(p.nodes[7].routes.empty());
  EXPECT_TRUE(agents::CarePathway(p).validate().empty());
}

TEST(PathwayLoader, MissingServiceUnknownEntryAndDeadEndAreReportedTogether) {
  TempDir dir;
  const auto file = pathway_scenario(dir, R"("care_pathway": {"entry": "start", "nodes": {"onset": {"routes": [
      {"when": {"urgency": ["emergency"]}, "to": {"ambulance": 0.8, "ae": 0.2}},
      {"when": {"urgency": ["urgent"]}, "to": {"gp_sameday": 0.5, "nhs111": 0.3, "ae": 0.2}},
      {"when": {"urgency": ["minor"]}, "to": {"self_care": 0.7, "gp": 0.3}}]}}})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 3u) << joined(problems);
  const std::string at = file.string() + ":/care_pathway/";
  EXPECT_EQ(problems[0], at + "nodes/onset/routes/1/to/gp_sameday: unknown service (got \"gp_sameday\"; expected one of: " +
                             kNodeIds + ")");
  EXPECT_EQ(problems[1], at + "entry: unknown service (got \"start\"; expected one of: " + kNodeIds + ")");
  EXPECT_EQ(problems[2], at + "nodes/onset/routes/2/when: dead end: an episode matching none of the routes has nowhere "
                              "to go (expected a last route without \"when\")");
}

TEST(PathwayLoader, PatchingOneNodeIsCheckedAndBlamedOnThePatch) {
  TempDir dir;
  const auto file = pathway_scenario(dir, R"("care_pathway": {"nodes": {
      "gp": {"when_full": null},
      "utc": {"kind": "urgent_treatment_centre", "routes": [{"to": {"nhs111": 0.1}}]},
      "nhs111": {"routes": [{"to": {"utc": 0.5, "self_care": 0.6}}]},
      "self_care": {"routes": [{"to": {"gp": 1}}]}}})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 4u) << joined(problems);
  const std::string at = file.string() + ":/care_pathway/nodes/";
  EXPECT_EQ(problems[0].rfind(at + "gp: no when_full at a gp_same_day node", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1], at + "nhs111/routes/0: probabilities sum above 1 (got 1.1; expected at most 1, the remainder being "
                              "the share that ends here)");
  EXPECT_EQ(problems[2], at + "self_care/routes: routes at an outcome (got 1 route at kind self_care; expected none: "
                              "self_care ends the episode)");
  EXPECT_EQ(problems[3], at + "utc/routes/0/to/nhs111: cycle: nhs111 -> utc -> nhs111 (expected every route to move "
                              "towards an outcome)");
}

TEST(PathwayLoader, NodesAreCheckedAgainstTheSpecification) {
  TempDir dir;
  const auto file = pathway_scenario(dir, R"("care_pathway": {"nodes": {
      "gp": {"kidn": "gp_same_day", "kind": "gp_sameday"},
      "ae": {"routes": [{"when": {"urgency": ["soon"]}, "to": {"admission": "half"}}]}}})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 4u) << joined(problems);
  const std::string at = file.string() + ":/care_pathway/nodes/";
  EXPECT_EQ(problems[0].rfind(at + "ae/routes/0/when/urgency/0: not an allowed value (got \"soon\"; expected one of \"emergency\"", 0), 0u)
      << problems[0];
  EXPECT_EQ(problems[1], at + "ae/routes/0/to/admission: wrong type (got \"half\"; expected a number from 0 to 1 (probability))");
  EXPECT_EQ(problems[2], at + "gp/kidn: unknown key \"kidn\" (expected one of: kind, routes, when_full). Did you mean \"kind\"?");
  EXPECT_EQ(problems[3].rfind(at + "gp/kind: not an allowed value (got \"gp_sameday\"; expected one of \"router\", ", 0), 0u)
      << problems[3];
}

TEST(PathwayLoader, ImpossibleAgeRangeIsReported) {
  TempDir dir;
  const auto file = pathway_scenario(dir, R"("care_pathway": {"nodes": {
      "ae": {"routes": [{"when": {"min_age": 70, "max_age": 60}, "to": {"admission": 0.5}}, {"to": {"admission": 0.2}}]}}})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0], file.string() + ":/care_pathway/nodes/ae/routes/0/when/min_age: min_age above max_age (got 70 and 60; "
                                         "expected min_age at most max_age, or the route applies to nobody)");
}

TEST(PathwayLoader, PathwayIsRequired) {
  TempDir dir;
  const auto problems = problems_of(testing::write_what_if(dir, R"("care_pathway": null)"));
  bool found = false;
  for (const auto& p : problems) found = found || p.find(":/care_pathway: missing required key \"care_pathway\"") != std::string::npos;
  EXPECT_TRUE(found) << joined(problems);
}

TEST(PathwaySpec, MapsWalkAnyKeyAndRenderWithAnIdToken) {
  const Spec* kind = spec_at("/care_pathway/nodes/any_node/kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->allowed.size(), static_cast<std::size_t>(agents::kServiceKinds));
  ASSERT_NE(spec_at("/care_pathway/nodes/gp/when_full"), nullptr);
  EXPECT_EQ(spec_at("/care_pathway/nodes/gp/colour"), nullptr);

  bool listed = false;
  for (const auto& p : parameters()) listed = listed || p.name == "care_pathway.nodes.<id>.routes[].when.urgency";
  EXPECT_TRUE(listed);
  const std::string text = parameters_text();
  EXPECT_NE(text.find("care_pathway.nodes.<id>.kind\n"), std::string::npos);
  EXPECT_NE(text.find("care_pathway.nodes.<id>.routes[].to\n"), std::string::npos);
  EXPECT_NE(text.find("range: emergency|urgent|minor"), std::string::npos);

  const auto schema = json_schema()["properties"]["care_pathway"];
  EXPECT_EQ(schema["required"], nlohmann::json::array({"entry", "nodes"}));
  const auto& nodes = schema["properties"]["nodes"];
  EXPECT_EQ(nodes["type"], "object");
  EXPECT_EQ(nodes["minProperties"], 1);
  EXPECT_EQ(nodes["additionalProperties"]["properties"]["kind"]["enum"].size(), static_cast<std::size_t>(agents::kServiceKinds));
  EXPECT_EQ(nodes["additionalProperties"]["properties"]["routes"]["items"]["properties"]["to"]["additionalProperties"]["maximum"], 1);
}

TEST(PathwaySpec, BooleansAreCheckedAndTakeTheirDefault) {
  const Spec spec = object("", {{"flag", boolean("A switch.", true, "")}, {"other", boolean("Another.", nlohmann::json(), "")}});
  std::vector<Located> problems;
  nlohmann::json value = {{"other", "yes"}};
  validate(value, spec, "", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/other");
  EXPECT_EQ(problems[0].message, "wrong type (got \"yes\"; expected true or false)");
  EXPECT_EQ(value["flag"], true);

  problems.clear();
  value = nlohmann::json::object();
  validate(value, spec, "", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "missing required key \"other\" (expected true or false)");
}

}  // namespace
}  // namespace icsim::scenarios
