// A sweep's results as its report reads them (DIR/sweep.sqlite, written by `icsim sweep`), its
// sensitivity analysis (the same as `icsim sweep analyse`), and the report's figures and page:
// which parameters decide each kept measure, how sure that ranking is, and how the measure moves
// with the main parameters.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/page.hpp"
#include "sweeps/analysis.hpp"

namespace icsim::report {

struct SweepResults {
  std::filesystem::path dir, database;
  std::string database_sha256;
  nlohmann::json meta = nlohmann::json::object();       // the store's meta table (effective_sweep parsed)
  nlohmann::json scenarios = nlohmann::json::array();   // name, file, digest
  nlohmann::json runs = nlohmann::json::object();       // count, hosts, wall seconds, first and last finished
  sweeps::Analysis analysis;
  std::string span;                  // the kept years together ("2021-2030")
  std::vector<std::string> ranked;   // the outputs ranked: each difference from the first scenario, else each scenario
};

// Whether DIR is a sweep's folder (it has sweep.sqlite).
bool is_sweep_folder(const std::filesystem::path& dir);
// Reads it and analyses it; throws ReportError (a sweep not yet finished, say).
SweepResults read_sweep(const std::filesystem::path& dir);

std::vector<Figure> sweep_figures(const SweepResults& results);
std::string sweep_html(const SweepResults& results, const std::vector<Figure>& figures, const PageInfo& info);

// A parameter's path as a chart labels it: "virtual_wards length_of_stay_rr" for
// "programmes.library.virtual_wards.effects.length_of_stay_rr.central".
std::string parameter_label(const std::string& path);
// A measure as the report's headline names it ("Emergency admissions"), or its name.
std::string measure_label(const std::string& measure);

}  // namespace icsim::report
