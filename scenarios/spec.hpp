// The scenario specification: every key a scenario file may hold, with its type, unit,
// default, range and source. Validation, `icsim params` and the JSON Schema all read this one
// description, so they cannot disagree.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::scenarios {

struct Spec {
  // User-provided, so that clang (with libstdc++) can instantiate the pair in `fields` while Spec
  // is still incomplete; GCC accepts either.
  Spec() {}

  // kMap: an object with keys of the author's choosing (ids), each value checked against *items.
  enum class Type { kObject, kArray, kTable, kInteger, kNumber, kString, kDate, kMap, kBoolean };

  Type type = Type::kObject;
  std::string description;
  std::string unit;    // leaves with a unit: "persons", "per resident-year", ...
  std::string source;  // calibration key, cited study, or "assumption: ..."
  nlohmann::json default_value;  // null: none
  bool required = false;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<std::size_t> min_items;  // arrays, tables and maps
  std::optional<std::size_t> max_items;
  std::vector<std::string> allowed;  // strings: the allowed values
  std::string key_pattern;           // maps: a regular expression every key must match (empty: any)
  std::string key_description;       // maps: what such a key is, for messages
  std::vector<std::pair<std::string, Spec>> fields;  // objects, in documentation order
  std::shared_ptr<Spec> items;                      // arrays and tables: the element; maps: each value

  const Spec* field(const std::string& name) const {
    for (const auto& [key, spec] : fields) {
      if (key == name) return &spec;
    }
    return nullptr;
  }
};

// The root of the scenario specification.
const Spec& scenario_spec();

// The specification at a JSON pointer of a scenario (object keys, and any key of a map), or nullptr.
const Spec* spec_at(const std::string& pointer);

// The current schema_version; files with another version are rejected.
inline constexpr int kSchemaVersion = 1;

// One documented parameter (a leaf of the specification), for `icsim params`.
struct ParameterInfo {
  std::string name;  // dotted path; "[]" marks an element of a list, "<id>" any key of a map
  const Spec* spec;
};
std::vector<ParameterInfo> parameters();

// Renderings of the registry.
std::string parameters_text();
std::string parameters_markdown();
nlohmann::json json_schema();

// The sweep file's specification (icsim sweep), and its JSON Schema.
const Spec& sweep_spec();
nlohmann::json sweep_json_schema();

}  // namespace icsim::scenarios
