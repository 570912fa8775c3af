// The report page of a sweep (report/sweep_report.hpp): which assumptions decide the answer and
// how sure that is, in words and a table; then the ranking and the scatter plots, methods and
// provenance.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "report/methods.hpp"
#include "report/sweep_report.hpp"
#include "sim/text.hpp"

namespace icsim::report {
using nlohmann::json;
using sim::html_escape;

namespace {

std::string interval(const sweeps::Statistic& s) {
  if (!std::isfinite(s.low) || !std::isfinite(s.high)) return "none (too few points to bootstrap)";
  return s.low != s.value || s.high != s.value ? fmt::format("{:.3g} to {:.3g}", s.low, s.high) : std::string("none");
}

// The share of an output's variance that replication noise makes, if it was estimated.
std::string noise_share(const SweepResults& r, const std::string& output, const std::string& measure) {
  double noise = -1.0, parameters = 0.0;
  for (const auto& s : r.analysis.statistics) {
    if (s.level != "system" || s.period != r.span || s.output != output || s.measure != measure) continue;
    if (s.statistic == "variance_noise") noise = s.value;
    if (s.statistic == "variance_parameters") parameters = s.value;
  }
  if (noise < 0.0 || noise + parameters <= 0.0) return "";
  return fmt::format("{:.0f}%", 100.0 * noise / (noise + parameters));
}

// Over the design points, the output's smallest, median and largest value.
std::string spread(const SweepResults& r, const std::string& output, const std::string& measure) {
  for (const auto& o : r.analysis.system_outcomes) {
    if (o.output != output || o.period != r.span || o.measure != measure || o.means.empty()) continue;
    std::vector<double> v = o.means;
    std::sort(v.begin(), v.end());
    return fmt::format("from {} to {} over the {} points (median {})", grouped(v.front(), 1), grouped(v.back(), 1), v.size(),
                       grouped(v[v.size() / 2], 1));
  }
  return "";
}

std::string summary(const SweepResults& r, const Figure* ranked) {
  const std::string main = sweeps::main_statistic(r.analysis.design);
  std::string items, rows;
  std::string last_key;
  if (ranked != nullptr) {
    for (const json& v : ranked->values) {
      const std::string output = v["output"], measure = v["measure"];
      const sweeps::Statistic* s = nullptr;
      for (const auto& x : r.analysis.statistics) {
        if (x.output == output && x.measure == measure && x.parameter == v["path"] && x.statistic == main && x.level == "system" && x.period == r.span) s = &x;
      }
      if (s == nullptr) continue;
      const std::string noise = noise_share(r, output, measure);
      if (output + measure != last_key) {
        items += fmt::format("<li><b>{}</b>, {}: {}; {} ranks first ({} {:.3g}, 95% interval {}){}.</li>\n", html_escape(measure_label(measure)),
                             html_escape(output), spread(r, output, measure), html_escape(parameter_label(s->parameter)), main, s->value,
                             interval(*s), noise.empty() ? "" : fmt::format("; replication noise is {} of the variance", noise));
        last_key = output + measure;
      }
      rows += fmt::format("<tr data-output=\"{0}\" data-measure=\"{1}\" data-parameter=\"{2}\" data-value=\"{3:.17g}\"><td>{8}</td>"
                          "<td>{4}</td><td class=\"n\">{5}</td><th scope=\"row\">{6}</th><td class=\"n\">{3:.3g}</td><td class=\"n\">{7}</td></tr>\n",
                          html_escape(output), html_escape(measure), html_escape(s->parameter), s->value, html_escape(output),
                          v["rank"].get<int>(), html_escape(parameter_label(s->parameter)), interval(*s), html_escape(measure_label(measure)));
    }
  }
  // A ranked output's measure that no parameter moves (every statistic undefined) has no rows above.
  std::set<std::pair<std::string, std::string>> shown, flat;
  if (ranked != nullptr) {
    for (const json& v : ranked->values) shown.emplace(v["output"], v["measure"]);
  }
  for (const auto& s : r.analysis.statistics) {
    const bool ranked_output = std::find(r.ranked.begin(), r.ranked.end(), s.output) != r.ranked.end();
    if (ranked_output && s.level == "system" && s.period == r.span && s.statistic == main && !shown.contains({s.output, s.measure})) {
      flat.emplace(s.output, s.measure);
    }
  }
  for (const auto& [output, measure] : flat) {
    items += fmt::format("<li><b>{}</b>, {}: it does not vary across the points, so nothing ranks.</li>\n", html_escape(measure_label(measure)),
                         html_escape(output));
  }
  return fmt::format("<section id=\"summary\"><h2>Summary</h2>\n<p>Which of the {} swept parameters decide each kept measure of the whole "
                     "System over {}, ranked by {} ({} design):</p>\n<ul class=\"findings\">\n{}</ul>\n"
                     "<table class=\"summary\"><caption>Every parameter's {} for each measure over {}, with its 95% bootstrap interval "
                     "(analysis.csv of `icsim sweep analyse` holds every statistic for every kept cell).</caption>\n<thead><tr><th>measure</th>"
                     "<th>output</th><th class=\"n\">rank</th><th>parameter</th><th class=\"n\">{}</th><th class=\"n\">95% interval</th></tr>"
                     "</thead>\n<tbody>\n{}</tbody></table>\n</section>\n",
                     r.analysis.parameters.size(), html_escape(r.span), main, html_escape(r.analysis.design), items.empty() ? "<li>nothing varies across the points</li>\n" : items,
                     main, html_escape(r.span), main, rows);
}

Study sweep_study(const SweepResults& r) {
  const json effective = r.meta.value("effective_sweep", json::object());
  json manifest = {{"years", effective.value("years", json("as each scenario sets"))}, {"icsim_version", r.meta.value("model_version", "")},
                   {"host", fmt::format("{} host(s)", r.runs.value("hosts", 0))}, {"wall_seconds", r.runs.value("run_seconds", 0.0)},
                   {"peak_memory_mb", r.runs.value("peak_memory_mb", 0.0)}};
  std::string scenarios;
  for (const json& s : r.scenarios) scenarios += fmt::format("{}{}", scenarios.empty() ? "" : ", ", s.value("name", ""));
  return {"sweep",
          "Each run's kept measures by period, level and area (sweep.sqlite: results), and the sensitivity statistics (analysis.csv)",
          fmt::format("Which of the swept parameters decide the kept measures of {}; {}", scenarios, effective.value("description", "")),
          "Each design point sets the swept parameters (by their registry paths) in each scenario; everything else is the scenario's.",
          fmt::format("The sweep file {} (sha256 {}): its parameters, ranges and distributions are in the provenance.",
                      r.meta.value("sweep_file", ""), r.meta.value("sweep_digest_sha256", "")),
          fmt::format("{} design, {} points, {} replications of each scenario at each point with the same seeds at every point "
                      "(common random numbers); {} with {} bootstrap resamples for its intervals; the variance split between "
                      "parameters and replication noise.", r.analysis.design, r.analysis.points, r.analysis.replications,
                      sweeps::main_statistic(r.analysis.design), r.meta.value("bootstrap", "")),
          fmt::format("{} runs, one thread each, on one machine or shared among MPI ranks or Slurm tasks; results do not depend on "
                      "how they were shared.", r.runs.value("runs", 0)),
          manifest};
}

std::string provenance(const SweepResults& r, const PageInfo& info) {
  TableRows rows = {{"icsim version", r.meta.value("model_version", "")},
                    {"sweep", fmt::format("{} ({}), sha256 {}", r.meta.value("name", ""), r.meta.value("sweep_file", ""),
                                          r.meta.value("sweep_digest_sha256", ""))}};
  for (const json& s : r.scenarios) {
    rows.emplace_back("scenario", fmt::format("{} ({}), sha256 {}", s.value("name", ""), s.value("file", ""), s.value("digest", "")));
  }
  for (const json& p : r.meta.value("effective_sweep", json::object()).value("parameters", json::array())) {
    rows.emplace_back("parameter", p.dump());
  }
  rows.insert(rows.end(), {{"design", fmt::format("{}, {} points", r.analysis.design, r.analysis.points)},
                           {"replications", r.meta.value("replications", "")},
                           {"seed", r.meta.value("seed", "")},
                           {"runs", fmt::format("{} on {} host(s), {:.0f} s of runs, finished {} to {}", r.runs.value("runs", 0),
                                                r.runs.value("hosts", 0), r.runs.value("run_seconds", 0.0), r.runs.value("first_finished", ""),
                                                r.runs.value("last_finished", ""))},
                           {"results", fmt::format("{}, sha256 {}", r.database.string(), r.database_sha256)},
                           {"report", fmt::format("{} at {}", info.command_line, info.generated_utc)}});
  return key_value_table("provenance", rows);
}

}  // namespace

std::string sweep_html(const SweepResults& r, const std::vector<Figure>& figures, const PageInfo& info) {
  const json effective = r.meta.value("effective_sweep", json::object());
  std::string body = fmt::format("<h1>Sweep {}: which assumptions decide the answer</h1>\n<p class=\"lede\">{}</p>\n",
                                 html_escape(r.meta.value("name", "")), html_escape(effective.value("description", "")));
  const Figure* ranked = find_figure(figures, "sensitivity-ranking");
  body += summary(r, ranked);
  if (ranked != nullptr) body += "<section id=\"ranking\"><h2>The ranking</h2>\n" + figure_html(*ranked) + "</section>\n";
  if (const Figure* f = find_figure(figures, "sweep-scatter")) {
    body += "<section id=\"scatter\"><h2>The measures against the main parameters</h2>\n" + figure_html(*f) + "</section>\n";
  }
  body += methods_html(sweep_study(r));
  body += "<section id=\"provenance\"><h2>Provenance</h2>\n<p>Every number above comes from the sweep named here and reproduces bit "
          "for bit from its sweep file, scenarios, version and seed.</p>\n" +
          provenance(r, info) + "</section>\n";
  return page_html(fmt::format("icsim report: sweep {}", r.meta.value("name", "")), body, figures);
}

}  // namespace icsim::report
