// Paired comparison of scenarios with one comparator over replications. Replication r of every
// scenario uses the same seed, and every random draw is keyed by entity and decision, so
// residents a change does not touch live the same lives in each (common random numbers):
// differences come from the change.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/measure_table.hpp"

namespace icsim::experiments {

// What a run's programmes did, summed over the units that run each: one budget year of one
// programme (programmes.csv's accounts), and the governance decisions of one level and outcome.
struct ProgrammeTotals {
  std::string year, programme, level;
  double allocated_gbp = 0.0, spent_gbp = 0.0, funded_wte = 0.0, staff_in_post = 0.0, eligible = 0.0, covered = 0.0;
};
struct DecisionCount {
  std::string level, outcome;
  double decisions = 0.0;
};

// The group-`all` values of a run's table, [period][area][measure], with their labels; after
// its areas, the System's deprivation quintiles (groups imd1 to imd5) as areas of level
// "deprivation".
struct Slice {
  std::vector<std::string> periods;
  std::vector<sim::Area> areas;
  std::vector<std::string> measures;
  std::vector<double> values;
  std::vector<ProgrammeTotals> programmes = {};  // by year, then programme, in the run's order
  std::vector<DecisionCount> decisions = {};     // by level and outcome
  std::vector<double> targets = {};              // what the ensemble's observer computed from the run's whole table
  std::size_t index(std::size_t period, std::size_t area, std::size_t measure) const {
    return (period * areas.size() + area) * measures.size() + measure;
  }
};
Slice all_group(const sim::MeasureTable& table);

// Per cell: the mean of each scenario over replications, the mean paired difference
// (scenario - comparator) with its Student's t 95% half-width, and the half-width the same runs
// would give if unpaired (Welch: the two variances added).
struct Comparison {
  std::string scenario;  // the compared scenario's name: its label in comparison.csv and the headline
  Slice layout;          // labels only
  std::size_t replications = 0;
  std::vector<double> baseline_mean, scenario_mean, difference, half_width, unpaired_half_width;
};
// `baseline[r]` and `scenario[r]` come from replication r; all slices share one layout. The
// baseline is the comparator.
Comparison compare(const std::vector<Slice>& baseline, const std::vector<Slice>& scenario);

// Each scenario against one comparator. `runs` is in replication order, each replication the
// comparator's run first and then each scenario's in the order of `scenarios` (so there are
// replications x (1 + scenarios) runs); the comparisons come in that order, named.
std::vector<Comparison> compare_each(std::vector<Slice> runs, const std::vector<std::string>& scenarios);

// programme_totals.csv: scenario,year,programme,level,allocated_gbp,spent_gbp,funded_wte,
// staff_in_post,eligible,covered, each the mean over replications; and decision_counts.csv:
// scenario,level,outcome,decisions, the mean count a run. `runs` and `names` as for bands_csv.
std::string programme_totals_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names);
std::string decision_counts_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names);

// comparison.csv: scenario,period,level,area,measure,baseline_mean,scenario_mean,difference,
// difference_low,difference_high,unpaired_low,unpaired_high, one block of rows per scenario;
// baseline_mean is the comparator's.
std::string comparison_csv(const std::vector<Comparison>& comparisons);

// bands.csv: scenario,period,measure,p2_5,p25,p50,p75,p97_5: the spread over replications of each
// scenario's System values by calendar year, every measure, for a report's fan charts. `runs` as
// for compare_each; `names` the comparator's and then each scenario's.
std::string bands_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names);

// The measures of the headline, in its order (each checked against the measure catalogue when
// icsim is built).
inline constexpr std::array<std::string_view, 5> kHeadlineMeasures = {
    "emergency_admissions", "ae_attendances", "ae_attendances_avoidable", "delayed_transfer_days", "residential_admissions"};

// The headline's cells in table order: the System, then each Place; each calendar year; each
// headline measure.
struct HeadlineCell {
  std::size_t area, period, measure, cell;
};
std::vector<HeadlineCell> headline_cells(const Slice& layout);

// headline.txt: for the System and each Place, each calendar year and each headline measure, one
// row; one column group per scenario, in order, with its difference from the comparator and
// the 95% interval. Columns are as wide as their longest entry.
std::string headline_table(const std::string& comparator, const std::vector<Comparison>& comparisons);

// The median over the headline's cells of the unpaired half-width over the paired one: how much
// pairing narrows the intervals (0 when no cell has a paired interval).
double median_narrowing(const Comparison& c);

}  // namespace icsim::experiments
