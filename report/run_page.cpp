// The report page of one scenario, run once or replicated (report/run_report.hpp): where the
// System stands in the last year against the first, then the years, the Places, deprivation,
// the hospital, the programmes, methods and provenance.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "report/calibration_status.hpp"
#include "report/methods.hpp"
#include "report/run_report.hpp"
#include "sim/text.hpp"

namespace icsim::report {
using nlohmann::json;
using sim::html_escape;

namespace {

// Means over replications to one place; a run's counts and any money whole.
int decimals_of(const RunResults& r, const Headline& h) { return r.replicated && h.meaning != "money" ? 1 : 0; }

// "146,746 in 2030 (95% of replications 145,012 to 148,230), 12.3% more than 2021's 130,661".
std::string finding(const RunResults& r, const Headline& h, const RunRow& first, const RunRow& last) {
  std::string text = fmt::format("<li><b>{}</b>: {} in {}", html_escape(h.label), grouped(last.mean, r.replicated ? 1 : 0), last.period);
  if (r.replicated) text += fmt::format(" (95% of replications {} to {})", grouped(last.p2_5), grouped(last.p97_5));
  if (first.period != last.period && first.mean != 0.0) {
    const double change = 100.0 * (last.mean - first.mean) / std::fabs(first.mean);
    text += fmt::format(", {:.1f}% {} than {}'s {}", std::fabs(change), change < 0.0 ? "less" : "more", first.period, grouped(first.mean));
  }
  if (h.meaning == "beds") text += fmt::format("; {} beds a day", grouped(last.mean / days_in_year(r.manifest, last.period), 1));
  if (h.meaning == "money") text += "; unit costs times activity, before the programmes' own spend";
  return text + ".</li>\n";
}

std::string summary(const RunResults& r) {
  const std::string &first = r.years.front(), &last = r.years.back();
  std::string items, rows;
  for (const Headline& h : headline_measures()) {
    const RunRow* a = r.system(first, h.measure);
    const RunRow* b = r.system(last, h.measure);
    if (a == nullptr || b == nullptr) continue;
    items += finding(r, h, *a, *b);
    rows += fmt::format("<tr data-period=\"{0}\" data-measure=\"{1}\" data-value=\"{2:.17g}\"><th scope=\"row\">{3}</th><td class=\"n\">{4}</td>"
                        "<td class=\"n\"><b>{5}</b></td>{6}<td class=\"n\">{7}</td></tr>\n",
                        html_escape(last), html_escape(h.measure), b->mean, html_escape(h.label), grouped(a->mean, decimals_of(r, h)),
                        grouped(b->mean, decimals_of(r, h)),
                        r.replicated ? fmt::format("<td class=\"n\">{} to {}</td>", grouped(b->p2_5), grouped(b->p97_5)) : std::string(),
                        signed_grouped(b->mean - a->mean, decimals_of(r, h)));
  }
  if (const RunRow* share = r.system(last, "ae_share_over_4h"); share != nullptr && share->mean > 0.0) {
    items += fmt::format("<li><b>The 4-hour standard</b>: {:.1f}% of A&amp;E attendances took over four hours in {}{}.</li>\n",
                         100.0 * share->mean, last,
                         r.replicated ? fmt::format(" (95% of replications {:.1f}% to {:.1f}%)", 100.0 * share->p2_5, 100.0 * share->p97_5) : "");
  }
  const std::string spread = r.replicated ? "<th class=\"n\">95% of replications</th>" : "";
  return fmt::format("<section id=\"summary\"><h2>Summary</h2>\n<p>The whole System in {0}, against {1}:</p>\n<ul class=\"findings\">\n{2}</ul>\n"
                     "<table class=\"summary\"><caption>Whole System, {1} and {0}{3}.</caption>\n<thead><tr><th>measure</th>"
                     "<th class=\"n\">{1}</th><th class=\"n\">{0}</th>{4}<th class=\"n\">change</th></tr></thead>\n<tbody>\n{5}</tbody></table>\n"
                     "</section>\n",
                     html_escape(last), html_escape(first), items, r.replicated ? ": means over replications" : "", spread, rows);
}

// By Place, the first four headline measures in the first and last years.
std::string place_table(const RunResults& r) {
  const std::string &first = r.years.front(), &last = r.years.back();
  const auto& headlines = headline_measures();
  std::string head = "<th>Place</th>";
  for (std::size_t h = 0; h < 4; ++h) head += fmt::format("<th class=\"n\">{}<br><small>{} / {}</small></th>", html_escape(headlines[h].label), first, last);
  std::map<std::string, std::string> rows;  // by name
  for (const RunRow& row : r.rows) {
    if (row.level != "place" || row.period != last || row.group != "all" || row.measure != headlines[0].measure) continue;
    std::string cells = fmt::format("<th scope=\"row\">{}</th>", html_escape(r.area_name(row.area)));
    for (std::size_t h = 0; h < 4; ++h) {
      const RunRow* a = r.find(first, "place", row.area, "all", headlines[h].measure);
      const RunRow* b = r.find(last, "place", row.area, "all", headlines[h].measure);
      cells += a && b ? fmt::format("<td class=\"n\">{} / {}</td>", grouped(a->mean), grouped(b->mean)) : "<td></td>";
    }
    rows[r.area_name(row.area)] = "<tr>" + cells + "</tr>\n";
  }
  std::string body;
  for (const auto& [name, row] : rows) body += row;
  return fmt::format("<table class=\"areas\"><caption>By Place, {} and {}{}.</caption><thead><tr>{}</tr></thead><tbody>\n{}</tbody></table>\n",
                     first, last, r.replicated ? ": means over replications" : "", head, body);
}

std::string deprivation_section(const std::vector<Figure>& figures) {
  const Figure* f = find_figure(figures, "by-deprivation");
  if (f == nullptr) {
    return "<section id=\"equity\"><h2>By deprivation</h2>\n<p>A replications folder keeps the whole population only (summary.csv, "
           "group <code>all</code>); the report of any one run of it shows each deprivation quintile.</p>\n</section>\n";
  }
  // The gap between the most and the least deprived fifth, measure by measure.
  std::string items;
  std::map<std::string, std::pair<double, double>> ends;  // label -> (quintile 1, quintile 5)
  for (const json& v : f->values) {
    const std::string group = v["group"].get<std::string>();
    if (group == "1") ends[v["label"].get<std::string>()].first = v["rate_per_1000"].get<double>();
    if (group == "5") ends[v["label"].get<std::string>()].second = v["rate_per_1000"].get<double>();
  }
  for (const auto& [label, rates] : ends) {
    if (rates.second <= 0.0) continue;
    items += fmt::format("<li><b>{}</b>: {} per 1,000 person-years in the most deprived fifth, {} in the least ({:.2f} times).</li>\n",
                         html_escape(label), grouped(rates.first, 1), grouped(rates.second, 1), rates.first / rates.second);
  }
  return "<section id=\"equity\"><h2>By deprivation</h2>\n<ul>\n" + items + "</ul>\n" + figure_html(*f) + "</section>\n";
}

Study run_study(const RunResults& r) {
  const json& m = r.manifest;
  const std::string runs = r.replicated ? fmt::format("{} replications, seeds {}", manifest_text(m, "replications"), manifest_text(m, "seeds"))
                                        : fmt::format("one run, seed {}", manifest_text(m, "seed"));
  return {r.replicated ? "replications" : "run",
          r.replicated ? "Per period, area and measure: the mean and the 2.5th, 25th, 50th, 75th and 97.5th percentiles over replications (summary.csv)"
                       : "Per period, area, group of residents and measure: the run's value (measures.csv and results.sqlite), with "
                         "occupancy, pools, discharge teams, programmes and decisions day by day or year by year",
          fmt::format("Where scenario {} takes the System: {}", r.scenario(), r.description.empty() ? "(no description)" : r.description),
          "The scenario file and what it extends, as resolved into effective_scenario.json.",
          fmt::format("effective_scenario.json, digest {}.", manifest_text(m, "scenario_digest_sha256")),
          r.replicated ? fmt::format("{}; percentiles interpolated between order statistics.", runs)
                       : fmt::format("{}: one sample of the model's stochastic outcomes (replicate with --replications N for its spread).", runs),
          fmt::format("{} threads; results do not depend on threads.", manifest_text(m, "threads")),
          m};
}

std::string provenance(const RunResults& r, const PageInfo& info) {
  const json& m = r.manifest;
  auto text = [&](const char* key) { return manifest_text(m, key); };
  TableRows rows = software_rows(m);
  rows.push_back({"scenario", fmt::format("{}, sha256 {}", text("scenario"), text("scenario_digest_sha256"))});
  for (const json& f : m.value("scenario_files", json::array())) {
    rows.emplace_back("scenario file", fmt::format("{} ({}), sha256 {}", f.value("path", ""), f.value("role", ""), f.value("sha256", "")));
  }
  rows.insert(rows.end(), {{r.replicated ? "replications" : "seed", r.replicated ? text("replications") : text("seed")},
                           {"years", text("years")}, {"population scale", text("scale")}});
  if (r.replicated) rows.emplace_back("seeds", text("seeds"));
  if (m.contains("scale_warning")) rows.emplace_back("warning", text("scale_warning"));
  rows.insert(rows.end(), {{"run command", text("command_line")},
                           {"run", fmt::format("started {}, host {}, {} threads, {:.1f} s", text("started_utc"), text("host"), text("threads"),
                                               m.value("wall_seconds", 0.0))},
                           {"results", fmt::format("{}, sha256 {}", r.source.string(), r.source_sha256)},
                           {"report", fmt::format("{} at {}", info.command_line, info.generated_utc)}});
  return key_value_table("provenance", rows);
}

}  // namespace

std::string run_html(const RunResults& r, const std::vector<Figure>& figures, const PageInfo& info) {
  const json& m = r.manifest;
  const std::string what = r.replicated ? fmt::format("{} replications", m.value("replications", 0)) : fmt::format("one run, seed {}", manifest_text(m, "seed"));
  std::string body = fmt::format("<h1>{}: {}</h1>\n<p class=\"lede\">Mid and South Essex, {} to {}. {}</p>\n", html_escape(r.scenario()),
                                 html_escape(what), r.years.front(), r.years.back(), html_escape(r.description));
  if (m.contains("scale_warning")) body += fmt::format("<p class=\"warning\">{}</p>\n", html_escape(m["scale_warning"].get<std::string>()));
  body += summary(r);
  const Figure* years = find_figure(figures, "fan-by-year");
  body += "<section id=\"years\"><h2>Year by year</h2>\n" + figure_html(years ? *years : figure(figures, "levels-by-year")) + "</section>\n";
  body += "<section id=\"areas\"><h2>By Place</h2>\n" + figure_html(figure(figures, "by-place")) + place_table(r) + "</section>\n";
  body += deprivation_section(figures);
  if (const Figure* f = find_figure(figures, "occupancy-by-month")) {
    body += "<section id=\"hospital\"><h2>The hospital through the year</h2>\n" + figure_html(*f) + "</section>\n";
  }
  if (const Figure* f = find_figure(figures, "programme-spend")) body += programmes_section(r.programmes, *f);
  body += calibration_section(r.calibration, r.replicated ? fmt::format("the {} of {}", what, r.scenario()) : fmt::format("this run ({})", what),
                              r.dir / "calibration.csv");
  body += methods_html(run_study(r));
  body += "<section id=\"provenance\"><h2>Provenance</h2>\n<p>Every number above comes from the run named here and reproduces bit for "
          "bit from its scenario, version and seed.</p>\n" +
          provenance(r, info) + "</section>\n";
  return page_html(fmt::format("icsim report: {}, {}", r.scenario(), what), body, figures);
}

}  // namespace icsim::report
