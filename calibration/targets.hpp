// Calibration: each published target against the value a run simulates, summarised over
// replications with a 95% interval, and the report docs/calibration.md is made of.
#pragma once
#include <string>
#include <vector>

#include "calibration/target.hpp"
#include "sim/measure_table.hpp"

namespace icsim::calibration {

// The target's value in one run: its numerator over its denominator, times `per`, at system
// level in the given period.
double simulated_value(const Target& target, const sim::MeasureTable& measures,
                       const std::string& period);

// The label of the n-th (1-based) year period of a run's measure table.
std::string year_period(const sim::MeasureTable& measures, int year);
// Years a run needs to cover every target.
int years_needed(const std::vector<Target>& targets);
// Every target's simulated value, each in its own year (NaN for a year beyond the run)
std::vector<double> simulated_values(const std::vector<Target>& targets, const sim::MeasureTable& measures);

// A value in the target's units, with the decimals its size needs (an index near one gets three).
std::string format_value(const Target& target, double value);
// The year of the run a target is compared in, with its month for a shape through the year.
std::string period_label(const Target& target);

struct TargetSummary {
  Target target;
  std::vector<double> values;  // one per replication
  double mean = 0.0;
  double low = 0.0;            // 95% interval of the mean (Student's t over replications)
  double high = 0.0;
  double relative_error = 0.0; // (mean - target) / target
  bool met = false;            // |relative_error| <= tolerance
};

std::vector<TargetSummary> summarise(const std::vector<Target>& targets,
                                     const std::vector<std::vector<double>>& values_by_replication, double tolerance);

struct ReportContext {
  std::string scenario;
  std::string scenario_digest;
  std::string version;
  std::string first_year;  // the label of year 1 of the run
  std::uint64_t first_seed = 0;
  int replications = 0;
  double scale = 1.0;
  double tolerance = 0.1;
  // Parameters whose values were fitted in calibration: (name, source text).
  std::vector<std::pair<std::string, std::string>> fitted;
  // The warning of a scaled world (empty at scale 1), printed under the summary.
  std::string scale_warning;
};

// calibration.csv: each target with its published value and the simulated mean and interval
// (NaN for a target beyond the run's horizon), beside a run's, replications' or comparison's results.
std::string calibration_csv(const std::vector<TargetSummary>& summaries, double tolerance);

// docs/calibration.md: the targets table, then how the fitted parameters were fitted.
std::string markdown_report(const std::vector<TargetSummary>& summaries, const ReportContext& context);

}  // namespace icsim::calibration
