// Reading the calibration section of a scenario: the loader validates it against the
// specification (scenarios/registry_calibration.cpp); this turns it into targets, checking every
// measure and group they name against what a run produces.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "calibration/target.hpp"
#include "scenarios/loader.hpp"

namespace icsim::calibration {

// The validated section (defaults filled in) as settings; each unknown measure or group, or
// empty list of them, is a problem at its JSON pointer in the scenario.
Settings read_settings(const nlohmann::json& section, std::vector<scenarios::Located>& problems);

// The reader load_scenario takes for the calibration section, so that its problems are reported
// with every other: it checks the section, and keeps what it read in `*out` when `out` is given.
scenarios::SectionReader section_reader(Settings* out = nullptr);

}  // namespace icsim::calibration
