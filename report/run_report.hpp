// One scenario's results as its report reads them: a run's folder (`icsim run`: results.sqlite,
// programmes.csv, decisions.csv) or a replications folder (`icsim run --replications N`:
// summary.csv), and the report's figures and page drawn from them.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/page.hpp"
#include "report/programmes.hpp"

namespace icsim::report {

// A value for a period, area, group and measure: one run's (all four equal), or the mean and
// the 2.5th, 25th, 50th, 75th and 97.5th percentiles over replications.
struct RunRow {
  std::string period, level, area, group, measure;
  double mean = 0.0, p2_5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p97_5 = 0.0;
};

struct RunResults {
  std::filesystem::path dir;
  nlohmann::json manifest;
  bool replicated = false;        // summary.csv of replications; else one run's results.sqlite
  std::filesystem::path source;   // the file the values come from
  std::string source_sha256;
  std::string description;        // the scenario's
  std::vector<RunRow> rows;
  std::vector<std::string> years;
  std::unordered_map<std::string, std::string> area_names;  // by id
  ProgrammeRows programmes;  // one run's programmes.csv and decisions.csv; replications' means
  nlohmann::json calibration = nlohmann::json::array();  // calibration.csv: the runs against the scenario's targets
  std::unordered_map<std::string, std::size_t> index;
  const RunRow* find(std::string_view period, std::string_view level, std::string_view area, std::string_view group,
                     std::string_view measure) const;
  const RunRow* system(std::string_view period, std::string_view measure, std::string_view group = "all") const;
  std::string area_name(const std::string& id) const;
  std::string scenario() const { return manifest.value("scenario", std::string("scenario")); }
};

// Whether DIR is a run's or a replications folder (it has results.sqlite or summary.csv).
bool is_run_folder(const std::filesystem::path& dir);
// Reads it; throws ReportError with every problem.
RunResults read_run(const std::filesystem::path& dir);

std::vector<Figure> run_figures(const RunResults& results);
std::string run_html(const RunResults& results, const std::vector<Figure>& figures, const PageInfo& info);

}  // namespace icsim::report
