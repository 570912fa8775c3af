// The report's methods appendix: the model in brief, element by element of the ODD protocol
// (Grimm et al. 2020), each pointing to its section of docs/model.md; and the STRESS-ABS
// checklist (Monks et al. 2019, Journal of Simulation 13(1)) filled in from the study's manifest
// (a run's, replications', comparison's or sweep's), so that a reader can judge and repeat it.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace icsim::report {

// What the checklist says of one study, in the words of its kind; the rest is the model's.
struct Study {
  std::string kind;              // "comparison", "run", ...: whose manifest filled the checklist in
  std::string outputs;           // 1.2: what the study's files hold
  std::string aims;              // 1.3
  std::string scenario_logic;    // 2.3
  std::string input_parameters;  // 3.3
  std::string estimation;        // 4.3: replications, seeds, intervals
  std::string execution;         // 5.3
  nlohmann::json manifest;       // years, version, commit, build, host, wall time, peak memory
};

std::string methods_html(const Study& study);

}  // namespace icsim::report
