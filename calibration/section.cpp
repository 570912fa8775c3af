// Calibration targets from the scenario, with every measure and group they name checked against
// what a run produces.
#include "calibration/section.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "agents/simulation.hpp"

namespace icsim::calibration {
namespace {

// Names separated by spaces, each one of `known`.
std::vector<std::string> names(const nlohmann::json& value, const std::string& pointer, const std::vector<std::string>& known,
                               const char* what, std::vector<scenarios::Located>& problems) {
  std::vector<std::string> out;
  std::stringstream parts(value.get<std::string>());
  for (std::string name; parts >> name;) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      problems.push_back({pointer, fmt::format("unknown {} (got \"{}\"; expected {})", what, name,
                                               known.size() > 30 ? "a measure listed in docs/measures.md"
                                                                 : fmt::format("one of: {}", fmt::join(known, ", ")))});
    }
    out.push_back(name);
  }
  if (out.empty()) problems.push_back({pointer, fmt::format("no {} (got \"\"; expected names separated by spaces)", what)});
  return out;
}

}  // namespace

Settings read_settings(const nlohmann::json& cal, std::vector<scenarios::Located>& problems) {
  Settings settings;
  settings.tolerance = cal.at("tolerance").get<double>();
  settings.year = cal.at("year").get<int>();
  if (!cal.contains("targets")) return settings;
  const std::vector<std::string> measures = agents::measure_names();
  const std::vector<std::string> groups = agents::group_names();
  const nlohmann::json& targets = cal.at("targets");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const nlohmann::json& row = targets[i];
    const std::string at = fmt::format("/calibration/targets/{}", i);
    auto list = [&](const char* key, const std::vector<std::string>& known, const char* what) {
      return names(row.at(key), at + "/" + key, known, what, problems);
    };
    Target target{row.at("key"), row.at("value"), row.at("unit"), list("numerator", measures, "measure"),
                  list("numerator_groups", groups, "group"), list("denominator", measures, "measure"),
                  list("denominator_groups", groups, "group"), row.at("per"), row.value("source", ""), row.value("note", ""),
                  row.contains("year") && row["year"].is_number() ? row["year"].get<int>() : settings.year,
                  !row.contains("status") || !row["status"].is_string() || row["status"] == "fitted"};
    if (row.contains("month") && row["month"].is_number()) target.month = row["month"].get<int>();
    settings.targets.push_back(std::move(target));
  }
  return settings;
}

scenarios::SectionReader section_reader(Settings* out) {
  return {"calibration", [out](const nlohmann::json& section, std::vector<scenarios::Located>& problems) {
            Settings settings = read_settings(section, problems);
            if (out) *out = std::move(settings);
          }};
}

}  // namespace icsim::calibration
