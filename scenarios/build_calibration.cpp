// Calibration targets, with every measure and group they name checked against what a run
// produces.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "agents/simulation.hpp"
#include "scenarios/config_builder.hpp"

namespace icsim::scenarios {

void ConfigBuilder::build_calibration(nlohmann::json& cal, agents::ScenarioConfig& c) {
  c.calibration_tolerance = cal["tolerance"];
  c.calibration_year = cal["year"];
  if (!cal.contains("targets")) return;
  const std::vector<std::string> measures = agents::measure_names();
  const std::vector<std::string> groups = agents::group_names();
  auto names = [&](const nlohmann::json& value, const std::string& pointer, const std::vector<std::string>& known, const char* what) {
    std::vector<std::string> out;
    std::stringstream parts(value.get<std::string>());
    for (std::string name; parts >> name;) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        problem(pointer, fmt::format("unknown {} (got \"{}\"; expected {})", what, name,
                                     known.size() > 30 ? "a measure listed in docs/measures.md" : fmt::format("one of: {}", fmt::join(known, ", "))));
      }
      out.push_back(name);
    }
    if (out.empty()) problem(pointer, fmt::format("no {} (got \"\"; expected names separated by spaces)", what));
    return out;
  };
  for (std::size_t i = 0; i < cal["targets"].size(); ++i) {
    nlohmann::json& row = cal["targets"][i];
    const std::string at = fmt::format("/calibration/targets/{}", i);
    c.calibration.push_back({row["key"], row["value"], row["unit"],
                             names(row["numerator"], at + "/numerator", measures, "measure"),
                             names(row["numerator_groups"], at + "/numerator_groups", groups, "group"),
                             names(row["denominator"], at + "/denominator", measures, "measure"),
                             names(row["denominator_groups"], at + "/denominator_groups", groups, "group"), row["per"],
                             row.value("source", ""), row.value("note", ""),
                             row.contains("year") && row["year"].is_number() ? row["year"].get<int>() : c.calibration_year});
  }
}

}  // namespace icsim::scenarios
