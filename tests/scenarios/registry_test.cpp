// The parameter registry: every parameter is documented, and the JSON Schema covers the keys.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scenarios/spec.hpp"

namespace icsim::scenarios {
namespace {

TEST(Registry, EveryNumericParameterHasAUnitRangeAndSource) {
  int numeric = 0;
  for (const auto& p : parameters()) {
    const Spec& s = *p.spec;
    EXPECT_FALSE(s.description.empty()) << p.name;
    const bool is_number = s.type == Spec::Type::kNumber || s.type == Spec::Type::kInteger ||
                           (s.type == Spec::Type::kArray && s.items && s.items->type == Spec::Type::kNumber);
    if (!is_number || p.name == "schema_version") continue;
    ++numeric;
    EXPECT_TRUE(s.minimum && s.maximum) << p.name << " has no range";
    // Row columns of data tables carry their source on the column; all others must have one.
    EXPECT_FALSE(s.source.empty() && p.name.find("[]") == std::string::npos) << p.name << " has no source";
  }
  EXPECT_GT(numeric, 10);
}

TEST(Registry, RenderingsListEveryParameter) {
  const std::string text = parameters_text();
  const std::string markdown = parameters_markdown();
  for (const auto& p : parameters()) {
    EXPECT_NE(text.find(p.name), std::string::npos) << p.name;
    EXPECT_NE(markdown.find("`" + p.name + "`"), std::string::npos) << p.name;
  }
}

TEST(Registry, JsonSchemaIsClosedAndCarriesDefaults) {
  const auto schema = json_schema();
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["properties"]["run"]["properties"]["years"]["default"], 10);
  EXPECT_EQ(schema["properties"]["world"]["properties"]["pcns"]["items"]["additionalProperties"], false);
  EXPECT_TRUE(schema["properties"]["population"]["properties"]["census"].contains("oneOf"));
}

}  // namespace
}  // namespace icsim::scenarios

namespace icsim::scenarios {
namespace {

// docs/model.md carries the parameter table; tools/update-docs regenerates it.
TEST(Registry, ModelDocumentationListsTheCurrentParameters) {
  std::ifstream in(std::string(ICSIM_SOURCE_DIR) + "/docs/model.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- params:begin -->\n";
  const auto start = doc.find(begin);
  const auto end = doc.find("<!-- params:end -->");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(doc.substr(start + begin.size(), end - start - begin.size()), parameters_markdown())
      << "docs/model.md is out of date: run tools/update-docs";
}

// The schema file shipped for editors is the one the registry generates.
TEST(Registry, ShippedJsonSchemaIsCurrent) {
  std::ifstream in(std::string(ICSIM_SOURCE_DIR) + "/scenarios/icsim-scenario.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), json_schema().dump(2) + "\n") << "scenarios/icsim-scenario.schema.json is out of date: run tools/update-docs";
}

}  // namespace
}  // namespace icsim::scenarios
