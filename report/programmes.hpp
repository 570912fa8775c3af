// The programmes as every report shows them: each programme's spend, staff and reach by year,
// summed over the units that run it (for replications, the mean over them), and the governance
// decisions by level and outcome. One run's come from its programmes.csv and decisions.csv; a
// comparison's or a replications folder's from programme_totals.csv and decision_counts.csv.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/page.hpp"

namespace icsim::report {

struct ProgrammeRows {
  // scenario, year, programme, level, allocated_gbp, spent_gbp, funded_wte, staff_in_post, eligible, covered
  nlohmann::json totals = nlohmann::json::array();
  nlohmann::json decisions = nlohmann::json::array();  // scenario, level, outcome, decisions
  std::string source;        // the files they come from, for captions
  bool means = false;        // means over replications
};

// One run's, from the rows of its programmes.csv and decisions.csv.
ProgrammeRows run_programmes(const std::string& scenario, const nlohmann::json& programmes, const nlohmann::json& decisions);
// DIR/programme_totals.csv and DIR/decision_counts.csv, if DIR has them (an empty set if not).
ProgrammeRows read_programme_totals(const std::filesystem::path& dir, std::vector<std::string>& problems);

// Spend by year, stacked by programme (figures/programme-spend); empty values if no programme ran.
Figure programme_spend(const ProgrammeRows& rows, const std::string& source_caption);
// The section: the figure, the last year's table and the decisions.
std::string programmes_section(const ProgrammeRows& rows, const Figure& spend);

}  // namespace icsim::report
