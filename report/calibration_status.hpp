// The baseline's calibration status as a report shows it: each published figure the scenario
// is calibrated to (its calibration section), against the study's own runs of it, from the
// calibration.csv that `icsim run` and `icsim compare` write beside their results.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::report {

// DIR/calibration.csv's rows, or none if DIR has no such file (a scenario without targets).
nlohmann::json read_calibration(const std::filesystem::path& dir, std::vector<std::string>& problems);

// In words and a table; `runs` says whose runs they are ("the comparator mse-baseline's 20
// replications"). Empty for no rows.
std::string calibration_section(const nlohmann::json& rows, const std::string& runs, const std::filesystem::path& file);

}  // namespace icsim::report
