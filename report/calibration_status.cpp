// The calibration section of a report (report/calibration_status.hpp).
#include "report/calibration_status.hpp"

#include <cmath>

#include <fmt/format.h>

#include "output/writers.hpp"
#include "report/page.hpp"
#include "scenarios/csv_table.hpp"
#include "sim/text.hpp"

namespace icsim::report {
namespace fs = std::filesystem;
using nlohmann::json;
using sim::html_escape;

json read_calibration(const fs::path& dir, std::vector<std::string>& problems) {
  const fs::path file = dir / "calibration.csv";
  if (!fs::is_regular_file(file)) return json::array();
  try {
    return scenarios::parse_csv(output::read_text(file), {"key", "unit", "fitted", "met", "source"}).rows;
  } catch (const std::runtime_error& e) {
    problems.push_back(fmt::format("{}: {}", file.string(), e.what()));
    return json::array();
  }
}

namespace {
// A number as the CSV gave it: nan and inf are read as text.
double number(const json& v) { return v.is_number() ? v.get<double>() : std::nan(""); }

std::string shown(double v) {
  if (!std::isfinite(v)) return "beyond the horizon";
  return std::fabs(v) < 10.0 ? fmt::format("{:.3f}", v) : grouped(v, 1);
}
}  // namespace

std::string calibration_section(const json& rows, const std::string& runs, const fs::path& file) {
  if (rows.empty()) return "";
  int fitted = 0, fitted_met = 0, reported = 0, reported_met = 0, beyond = 0;
  double tolerance = 0.0;
  std::string body;
  for (const json& r : rows) {
    const bool is_fitted = r.value("fitted", "") == "yes", met = r.value("met", "") == "yes";
    const double simulated = number(r["simulated"]), error = number(r["relative_error"]);
    tolerance = number(r["tolerance"]);
    if (!std::isfinite(simulated)) ++beyond;
    else if (is_fitted) ++fitted, fitted_met += met ? 1 : 0;
    else ++reported, reported_met += met ? 1 : 0;
    const std::string interval = std::isfinite(number(r["simulated_low"])) && number(r["simulated_low"]) != number(r["simulated_high"])
                                     ? fmt::format("<br><small>{} to {}</small>", shown(number(r["simulated_low"])), shown(number(r["simulated_high"])))
                                     : "";
    body += fmt::format("<tr data-key=\"{0}\" data-met=\"{1}\"><th scope=\"row\">{0}<br><small>{2}</small></th><td class=\"n\">{3}</td>"
                        "<td class=\"n\">{4}</td><td class=\"n\">{5}{6}</td><td class=\"n\">{7}</td><td>{8}</td></tr>\n",
                        html_escape(r.value("key", "")), met ? "yes" : "no", html_escape(r.value("unit", "")),
                        r["month"].get<int>() > 0 ? fmt::format("{}, month {}", r["year"].get<int>(), r["month"].get<int>()) : std::to_string(r["year"].get<int>()),
                        shown(number(r["target"])), shown(simulated), interval,
                        std::isfinite(error) ? fmt::format("{:+.1f}%", 100.0 * error) : "",
                        !std::isfinite(simulated) ? "not run this far" : met ? (is_fitted ? "fitted, within" : "reported, within")
                                                                              : (is_fitted ? "<b>fitted, outside</b>" : "reported, outside"));
  }
  return fmt::format("<section id=\"calibration\"><h2>The baseline against published figures</h2>\n<p>In {0}, {1} of the {2} published "
                     "figures the baseline is fitted to are within &plusmn;{3:.0f}% (the scenario's tolerance){4}{5}{6}. Each simulated value is the mean over the runs, with its "
                     "95% interval; year 1 is the horizon's first.</p>\n<table class=\"areas\"><caption>Calibration targets (the scenario's "
                     "calibration section; sources in the file): {7}.</caption><thead><tr><th>target</th><th class=\"n\">year</th>"
                     "<th class=\"n\">published</th><th class=\"n\">simulated</th><th class=\"n\">error</th><th>status</th></tr></thead>"
                     "<tbody>\n{8}</tbody></table>\n</section>\n",
                     html_escape(runs), fitted_met, fitted, 100.0 * tolerance, fitted_met == fitted ? "" : " (those outside are in bold)",
                     reported > 0 ? fmt::format("; {} of the {} figures reported only, held out to show gaps still to close, are within it",
                                                reported_met, reported)
                                  : ". No figure is held out (each is one the baseline was fitted to), so this is calibration, not "
                                    "validation against unseen data; the model's queues are validated against queueing theory in its "
                                    "tests (docs/model.md, 7.14)",
                     beyond > 0 ? fmt::format("; {} lie beyond this study's horizon", beyond) : "",
                     html_escape(file.string()), body);
}

}  // namespace icsim::report
