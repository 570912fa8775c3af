// Targets evaluated on measure tables, summarised over replications, rendered as Markdown.
#include "calibration/targets.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "experiments/statistics.hpp"
#include "sim/text.hpp"

namespace icsim::calibration {
namespace {

double total(const sim::MeasureTable& m, const std::string& period, const std::vector<std::string>& measures,
             const std::vector<std::string>& groups) {
  const std::string& system = m.areas().front().name;
  double sum = 0.0;
  for (const auto& measure : measures) {
    for (const auto& group : groups) sum += m.value(period, "system", system, group, measure);
  }
  return sum;
}

}  // namespace

double simulated_value(const Target& t, const sim::MeasureTable& measures, const std::string& period) {
  const double denominator = total(measures, period, t.denominator, t.denominator_groups);
  if (denominator <= 0.0) return std::nan("");
  if (t.month == 0) return total(measures, period, t.numerator, t.numerator_groups) / denominator * t.per;
  // A month of the year `period`: rates per day, so that months of different lengths compare.
  const std::chrono::year year{std::stoi(period)};
  const std::chrono::month month{static_cast<unsigned>(t.month)};
  const double month_days = static_cast<double>(static_cast<unsigned>((year / month / std::chrono::last).day()));
  const double year_days = year.is_leap() ? 366.0 : 365.0;
  const double numerator = total(measures, fmt::format("{}-{:02d}", period, t.month), t.numerator, t.numerator_groups);
  return numerator / month_days / (denominator / year_days) * t.per;
}

std::string format_value(const Target& t, double value) {
  return std::abs(t.value) < 10.0 ? fmt::format("{:.3f}", value) : fmt::format("{:.1f}", value);
}

std::string period_label(const Target& t) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return t.month == 0 ? std::to_string(t.year) : fmt::format("{} ({})", t.year, kMonths[static_cast<std::size_t>(t.month - 1)]);
}

std::string year_period(const sim::MeasureTable& measures, int year) {
  int seen = 0;
  for (const auto& p : measures.periods()) {
    if (p.find('-') == std::string::npos && ++seen == year) return p;
  }
  throw std::out_of_range(fmt::format("icsim: the run has no year {}", year));
}

int years_needed(const std::vector<Target>& targets) {
  int years = 1;
  for (const auto& t : targets) years = std::max(years, t.year);
  return years;
}

std::vector<double> simulated_values(const std::vector<Target>& targets, const sim::MeasureTable& measures) {
  std::vector<double> values;
  int years = 0;
  for (const auto& p : measures.periods()) years += p.find('-') == std::string::npos ? 1 : 0;
  for (const auto& t : targets) values.push_back(t.year <= years ? simulated_value(t, measures, year_period(measures, t.year)) : std::nan(""));
  return values;
}

std::vector<TargetSummary> summarise(const std::vector<Target>& targets,
                                     const std::vector<std::vector<double>>& values_by_replication, double tolerance) {
  std::vector<TargetSummary> out;
  const std::size_t n = values_by_replication.size();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    TargetSummary s{targets[k], {}, 0, 0, 0, 0, false};
    for (const auto& run : values_by_replication) s.values.push_back(run[k]);
    s.mean = std::accumulate(s.values.begin(), s.values.end(), 0.0) / static_cast<double>(n);
    double ss = 0.0;
    for (double v : s.values) ss += (v - s.mean) * (v - s.mean);
    // The interval of the mean over replications: Student's t with n-1 degrees of freedom.
    const double half = n > 1 ? experiments::student_t_975(static_cast<double>(n - 1)) *
                                    std::sqrt(ss / static_cast<double>(n - 1) / static_cast<double>(n))
                              : 0.0;
    s.low = s.mean - half;
    s.high = s.mean + half;
    s.relative_error = (s.mean - s.target.value) / s.target.value;
    s.met = std::abs(s.relative_error) <= tolerance;
    out.push_back(std::move(s));
  }
  return out;
}

std::string calibration_csv(const std::vector<TargetSummary>& summaries, double tolerance) {
  std::string out = "key,unit,year,month,fitted,target,simulated,simulated_low,simulated_high,relative_error,tolerance,met,source\n";
  for (const auto& s : summaries) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", s.target.key, sim::csv_field(s.target.unit), s.target.year,
                   s.target.month, s.target.fitted ? "yes" : "no", s.target.value, s.mean, s.low, s.high, s.relative_error, tolerance,
                   s.met ? "yes" : "no", sim::csv_field(s.target.source));
  }
  return out;
}

std::string markdown_report(const std::vector<TargetSummary>& summaries, const ReportContext& c) {
  int met = 0;
  int fitted = 0;
  for (const auto& s : summaries) {
    met += s.met && s.target.fitted ? 1 : 0;
    fitted += s.target.fitted ? 1 : 0;
  }
  std::string md = fmt::format(
      "# Calibration of the baseline\n\n"
      "<!-- Written by `icsim calibrate`; do not edit by hand. -->\n\n"
      "Scenario `{}` (digest `{}`), {}, each target in the simulated year of its row (year 1 is {}), {} replications with seeds {} to {}, "
      "population scale {}. Each simulated value is the mean over replications with its 95% interval (Student's t over "
      "replications). A target is met when the mean is within {:.0f}% of the published value. Targets marked reported are "
      "shown, not fitted: the gap is a finding.\n\n"
      "{}**{} of {} fitted targets met.**\n\n"
      "| target (calibration.csv key) | year | published | simulated (95% interval) | relative error | met | unit | note |\n"
      "|---|:-:|---:|---:|---:|:-:|---|---|\n",
      c.scenario, c.scenario_digest.substr(0, 16), c.version, c.first_year, c.replications, c.first_seed,
      c.first_seed + static_cast<std::uint64_t>(c.replications) - 1, c.scale, 100 * c.tolerance,
      c.scale_warning.empty() ? "" : fmt::format("**Warning:** {}.\n\n", c.scale_warning), met, fitted);
  for (const auto& s : summaries) {
    md += fmt::format("| `{}` | {} | {} | {} ({} to {}) | {:+.1f}% | {} | {} | {} |\n", s.target.key, period_label(s.target),
                      format_value(s.target, s.target.value), format_value(s.target, s.mean), format_value(s.target, s.low),
                      format_value(s.target, s.high), 100 * s.relative_error,
                      !s.target.fitted ? (s.met ? "yes (reported)" : "no (reported)") : s.met ? "yes" : "**no**", s.target.unit,
                      s.target.note);
  }
  md += "\n## Sources\n\n";
  for (const auto& s : summaries) md += fmt::format("- `{}`: {}\n", s.target.key, s.target.source);
  md += "\n## Fitted parameters\n\n"
        "These parameters were fitted so that the baseline meets the targets (their source in `icsim params` says so):\n\n";
  for (const auto& [name, source] : c.fitted) md += fmt::format("- `{}`: {}\n", name, source);
  md += "\nProcedure (`tools/fit_baseline.py`): rounds of proportional adjustment on one-year runs of the whole population "
        "(seed 20210101). Each round sets each report band's episode-rate multiplier to the ratio of an assumed age profile of "
        "attendance rates (whose level the targets for all ages, 65+ and infants pin down) to the simulated rate; the A&E "
        "admission probability of each age group to the ratio of the assumed admissions-to-attendances profile; the GP same-day "
        "capacity to the no-GP-appointment share; the share of minor need going straight to A&E to the avoidable share; the "
        "urgent treatment centre share to the type 3-4 share; the ACSC share of infections to the ACSC share of admissions; "
        "and care-home shares to the care-home residents estimate on the first day. Nine rounds brought every target within "
        "1-6%. The fitted "
        "values were then written into the parameter registry (scenarios/registry_health.cpp) and the care pathway of "
        "scenarios/mse-baseline.json, and this report was produced from them with fresh seeds.\n\n"
        "The hospital-flow parameters marked fitted (scenarios/registry_flow.cpp) were set in a few rounds of two-year "
        "runs of the whole population: the mean nights of each age band were scaled together between the length-of-stay "
        "target and the occupancy target, which pull in opposite directions on MSE's beds (with England's admission "
        "rate and England's length of stay, the 1,800 beds would be over 100% full); the care-home entry rates and the "
        "council-funded share were set so that council-supported admissions meet ASCOF 2A with care-home places full. "
        "The care-home shares were later fitted again, alone, to the residents on the first day (the first fit had used "
        "the end of a year in which nobody entered a care home, which left about a quarter too many at the start); the "
        "other parameters were kept, and the targets for residents aged 65+ moved by about a point.\n";
  md += "\n## How each target is computed\n\n"
        "Each target is the sum of its numerator measures over its numerator groups, divided by the sum of its denominator "
        "measures over its denominator groups, times its multiplier, at system level for the period "
        "(scenarios/data/calibration_targets.csv). A target with a month is a shape through the year: its numerator is "
        "that month's per day and its denominator the year's per day:\n\n";
  for (const auto& s : summaries) {
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& x : v) out += (out.empty() ? "" : " + ") + x;
      return out;
    };
    md += fmt::format("- `{}` = {} x ({}) [{}] / ({}) [{}]\n", s.target.key, s.target.per, join(s.target.numerator),
                      join(s.target.numerator_groups), join(s.target.denominator), join(s.target.denominator_groups));
  }
  return md;
}

}  // namespace icsim::calibration
