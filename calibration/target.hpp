// What `icsim calibrate` compares a scenario with: published figures and how to compute each from
// a run's measures. Read from the scenario's calibration section (calibration/section.hpp).
#pragma once
#include <string>
#include <vector>

namespace icsim::calibration {

// A published figure the baseline is calibrated to, and how to compute it from measures.
struct Target {
  std::string key;                // calibration.csv key
  double value;
  std::string unit;
  std::vector<std::string> numerator;          // measures summed
  std::vector<std::string> numerator_groups;   // groups summed
  std::vector<std::string> denominator;
  std::vector<std::string> denominator_groups;
  double per;                     // multiplier: 1000 for "per 1,000", 100 for a percentage
  std::string source;
  std::string note;
  int year = 1;                   // 1-based year of the run compared with the figure
  // Whether the baseline is fitted to it; a target only reported shows a gap still to close.
  bool fitted = true;
  // 1-12: a shape through the year. The numerator is that month's, per day, and the
  // denominator its year's, per day, so that 1 is an average month. 0: the year's.
  int month = 0;
};

// A scenario's calibration section, read.
struct Settings {
  std::vector<Target> targets;
  double tolerance = 0.1;  // relative
  int year = 1;            // 1-based year of the run compared with targets that name none
};

}  // namespace icsim::calibration
