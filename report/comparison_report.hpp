// A comparison's results as its report reads them (comparison.csv and manifest.json of a folder
// written by `icsim compare`), and the report's figures and headline rows drawn from them.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/page.hpp"
#include "report/programmes.hpp"

namespace icsim::report {

// One row of comparison.csv: the means over replications and the paired difference's 95% interval.
struct ResultRow {
  std::string scenario, period, level, area, measure;
  double comparator = 0.0, what_if = 0.0, difference = 0.0, low = 0.0, high = 0.0;
};

// One row of attribution.csv (`icsim attribute`): a lever's Shapley contribution to a
// difference, with its 95% interval; the lever "total" is the whole difference in those runs.
struct AttributionRow {
  std::string scenario, period, measure, lever;
  double contribution = 0.0, low = 0.0, high = 0.0;
};

struct Attribution {
  nlohmann::json manifest;
  std::vector<AttributionRow> rows;
};

// A lever as people read it: "virtual wards" for "programme virtual_wards".
std::string lever_label(const std::string& lever);

struct ComparisonResults {
  std::filesystem::path dir;
  nlohmann::json manifest;
  std::vector<ResultRow> rows;          // as in the file
  std::vector<std::string> scenarios;   // the what-ifs, in the manifest's order
  std::vector<std::string> years;       // the yearly periods, in order
  std::string csv_sha256;               // comparison.csv's digest, for the provenance
  std::optional<Attribution> attribution;  // DIR/attribution, once `icsim attribute` has run
  nlohmann::json bands = nlohmann::json::array();  // bands.csv's rows (older comparisons have none)
  ProgrammeRows programmes;                        // programme_totals.csv and decision_counts.csv (older comparisons have none)
  nlohmann::json calibration = nlohmann::json::array();  // calibration.csv: the comparator's runs against its targets
  // Each row by its keys, and the System's by scenario, period and measure: a full comparison
  // has about half a million rows, and the report looks up thousands.
  std::unordered_map<std::string, std::size_t> index, system_index;
  void index_rows();
  // The row for these keys, or nullptr.
  const ResultRow* find(std::string_view scenario, std::string_view period, std::string_view level, std::string_view area,
                        std::string_view measure) const;
  // An area's name, by its id (the manifest's area_names; the id itself if none).
  std::string area_name(const std::string& id) const;
  // The System's row (level system) for a measure and period.
  const ResultRow* system(std::string_view scenario, std::string_view period, std::string_view measure) const;
};

// Reads DIR/comparison.csv and DIR/manifest.json; throws ReportError with every problem.
ComparisonResults read_comparison(const std::filesystem::path& dir);

std::vector<Figure> comparison_figures(const ComparisonResults& results);

}  // namespace icsim::report
