// The report page's sections (report/comparison_page.hpp).
#include "report/comparison_page.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "report/calibration_status.hpp"
#include "report/methods.hpp"
#include "sim/text.hpp"

namespace icsim::report {
using nlohmann::json;
using sim::html_escape;

namespace {



// What a difference means in beds or money, in words.
std::string meaning(const json& manifest, const Headline& h, const ResultRow& r) {
  if (h.meaning == "beds") {
    const double beds = r.difference / days_in_year(manifest, r.period);
    return fmt::format("{} beds a day ({} to {})", signed_grouped(beds, 1), signed_grouped(r.low / days_in_year(manifest, r.period), 1),
                       signed_grouped(r.high / days_in_year(manifest, r.period), 1));
  }
  // Costs are unit costs times activity: a programme's own spend is not in them.
  if (h.meaning == "money") return fmt::format("GBP {}m of activity, before the programmes' own spend", signed_grouped(r.difference / 1e6, 2));
  return "";
}

// Whether a difference's 95% interval excludes no difference, in words.
std::string verdict(const ResultRow& r) {
  if (r.low > 0.0) return "higher";
  if (r.high < 0.0) return "lower";
  return "no clear difference";
}

// The headline differences in words, plain language first: what changes, by how much, how sure.
std::string findings(const ComparisonResults& results, const std::string& scenario, const std::string& year) {
  std::string items;
  for (const Headline& h : headline_measures()) {
    const ResultRow* r = results.system(scenario, year, h.measure);
    if (r == nullptr) continue;
    const bool money = h.meaning == "money";
    const int decimals = money ? 0 : 1;
    const std::string extra = h.meaning.empty() ? "" : fmt::format("; {}", meaning(results.manifest, h, *r));
    if (r->low <= 0.0 && r->high >= 0.0) {
      items += fmt::format("<li><b>{}</b>: no clear difference in {} ({} to {}{}).</li>\n", html_escape(h.label), year,
                           signed_grouped(r->low, decimals), signed_grouped(r->high, decimals), extra);
      continue;
    }
    const bool fewer = r->difference < 0.0;
    const double share = r->comparator != 0.0 ? 100.0 * std::fabs(r->difference) / std::fabs(r->comparator) : 0.0;
    items += fmt::format("<li><b>{}</b>: {} {} in {} ({:.1f}% of {}), 95% interval {} to {}{}.</li>\n", html_escape(h.label),
                         grouped(std::fabs(r->difference), decimals), fewer ? "fewer" : "more", year, share,
                         grouped(r->comparator, 0), grouped(std::fabs(fewer ? r->high : r->low), decimals),
                         grouped(std::fabs(fewer ? r->low : r->high), decimals), extra);
  }
  return fmt::format("<p>With <b>{}</b>, against {}:</p>\n<ul class=\"findings\">\n{}</ul>\n", html_escape(scenario),
                     html_escape(results.manifest.value("comparator", std::string())), items);
}

std::string summary_table(const ComparisonResults& results, const std::string& scenario, const std::string& year) {
  const std::string comparator = results.manifest.value("comparator", std::string("comparator"));
  std::string rows;
  for (const Headline& h : headline_measures()) {
    const ResultRow* r = results.system(scenario, year, h.measure);
    if (r == nullptr) continue;
    const bool money = h.meaning == "money";
    rows += fmt::format(
        "<tr data-scenario=\"{0}\" data-period=\"{1}\" data-measure=\"{2}\" data-difference=\"{3:.17g}\" data-low=\"{4:.17g}\" "
        "data-high=\"{5:.17g}\"><th scope=\"row\">{6}</th><td class=\"n\">{7}</td><td class=\"n\">{8}</td><td class=\"n\"><b>{9}</b></td>"
        "<td class=\"n\">{10} to {11}</td><td>{12}</td><td>{13}</td></tr>\n",
        html_escape(scenario), html_escape(year), html_escape(h.measure), r->difference, r->low, r->high, html_escape(h.label),
        grouped(r->comparator), grouped(r->what_if), signed_grouped(r->difference, money ? 0 : 1),
        signed_grouped(r->low, money ? 0 : 1), signed_grouped(r->high, money ? 0 : 1), verdict(*r), meaning(results.manifest, h, *r));
  }
  return fmt::format(
      "<table class=\"summary\"><caption>{0} against {1}, whole System, {2}: means over replications; the difference is paired "
      "(common random numbers) with its 95% interval.</caption>\n<thead><tr><th>measure</th><th>{1}</th><th>{0}</th><th>difference</th>"
      "<th>95% interval</th><th>reading</th><th>in beds or money</th></tr></thead>\n<tbody>\n{3}</tbody></table>\n",
      html_escape(scenario), html_escape(comparator), html_escape(year), rows);
}

// The 4-hour standard: the share of timed attendances over four hours, each scenario's, and the
// paired difference in percentage points with its interval (ae_share_over_4h, each replication's
// share); from the mean counts alone for a comparison made before icsim had that measure.
std::string four_hour_text(const ComparisonResults& results, const std::string& scenario, const std::string& year) {
  const std::string comparator = results.manifest.value("comparator", std::string());
  if (const ResultRow* s = results.system(scenario, year, "ae_share_over_4h"); s != nullptr && s->comparator > 0.0) {
    return fmt::format("<p data-measure=\"ae_share_over_4h\" data-difference=\"{:.17g}\" data-low=\"{:.17g}\" data-high=\"{:.17g}\">"
                       "<b>The 4-hour standard</b>: in {}, {:.1f}% of A&amp;E attendances took over four hours with {} and {:.1f}% with "
                       "{}: {} percentage points, 95% interval {} to {} ({}).</p>\n",
                       s->difference, s->low, s->high, html_escape(year), 100.0 * s->comparator, html_escape(comparator), 100.0 * s->what_if,
                       html_escape(scenario), signed_grouped(100.0 * s->difference, 2), signed_grouped(100.0 * s->low, 2),
                       signed_grouped(100.0 * s->high, 2), verdict(*s));
  }
  const ResultRow* over = results.system(scenario, year, "ae_waits_over_4h");
  const ResultRow* timed = results.system(scenario, year, "ae_timed_attendances");
  if (over == nullptr || timed == nullptr || timed->comparator <= 0.0 || timed->what_if <= 0.0) return "";
  return fmt::format("<p>In {}, {:.1f}% of A&amp;E attendances took over four hours with {} and {:.1f}% with {} (shares of the "
                     "mean counts: this comparison has no ae_share_over_4h, so no interval).</p>\n",
                     html_escape(year), 100.0 * over->comparator / timed->comparator, html_escape(comparator),
                     100.0 * over->what_if / timed->what_if, html_escape(scenario));
}

// By area, the first four headline measures: one row per area (and what-if), sorted by name.
std::string area_table(const ComparisonResults& results, const std::string& level, const std::string& title) {
  const std::string& year = results.years.back();
  const bool several = results.scenarios.size() > 1;
  std::string head = "<th>" + html_escape(title) + "</th>" + (several ? "<th>what-if</th>" : "");
  const auto& headlines = headline_measures();
  for (std::size_t h = 0; h < 4; ++h) head += fmt::format("<th class=\"n\">{}</th>", html_escape(headlines[h].label));
  std::vector<std::pair<std::string, std::string>> rows;  // (sort key, row)
  for (const ResultRow& r : results.rows) {
    if (r.level != level || r.period != year || r.measure != headlines[0].measure) continue;
    std::string cells = fmt::format("<th scope=\"row\">{}</th>", html_escape(results.area_name(r.area)));
    if (several) cells += fmt::format("<td>{}</td>", html_escape(r.scenario));
    for (std::size_t h = 0; h < 4; ++h) {
      const ResultRow* x = results.find(r.scenario, year, level, r.area, headlines[h].measure);
      cells += x == nullptr ? "<td></td>"
                            : fmt::format("<td class=\"n\">{}<br><small>{} to {}</small></td>", signed_grouped(x->difference, 1),
                                          signed_grouped(x->low, 1), signed_grouped(x->high, 1));
    }
    rows.emplace_back(results.area_name(r.area) + "\t" + r.scenario, "<tr>" + cells + "</tr>\n");
  }
  std::sort(rows.begin(), rows.end());
  std::string body;
  for (const auto& [key, row] : rows) body += row;
  return fmt::format("<table class=\"areas\"><caption>Paired differences by {} in {}: the mean over replications, and below it "
                     "the 95% interval.</caption><thead><tr>{}</tr></thead><tbody>\n{}</tbody></table>\n",
                     html_escape(title), html_escape(year), head, body);
}


// The waterfall, how it was made, and each lever's contributions to the first four headline
// measures in the last year.
std::string attribution_section(const ComparisonResults& results, const Figure& waterfall) {
  const Attribution& a = *results.attribution;
  const std::string& year = results.years.back();
  std::string method;
  for (const json& s : a.manifest.value("scenarios", json::array())) {
    method += fmt::format("{}: {} levers, {} ({} coalitions). ", s.value("name", ""), s.value("levers", json::array()).size(),
                          s.value("method", ""), s.value("coalitions", 0));
  }
  const auto& headlines = headline_measures();
  const bool several = results.scenarios.size() > 1;
  std::string head = several ? "<th>what-if</th><th>lever</th>" : "<th>lever</th>";
  for (std::size_t h = 0; h < 4; ++h) head += fmt::format("<th class=\"n\">{}</th>", html_escape(headlines[h].label));
  std::string body;
  for (const auto& s : results.scenarios) {
    std::vector<std::string> levers;
    for (const AttributionRow& r : a.rows) {
      if (r.scenario == s && std::find(levers.begin(), levers.end(), r.lever) == levers.end()) levers.push_back(r.lever);
    }
    for (const std::string& lever : levers) {
      std::string cells = several ? fmt::format("<td>{}</td>", html_escape(s)) : std::string();
      cells += fmt::format("<th scope=\"row\">{}</th>", html_escape(lever_label(lever)));
      for (std::size_t h = 0; h < 4; ++h) {
        const auto r = std::find_if(a.rows.begin(), a.rows.end(), [&](const AttributionRow& x) {
          return x.scenario == s && x.period == year && x.measure == headlines[h].measure && x.lever == lever;
        });
        cells += r == a.rows.end() ? "<td></td>"
                                   : fmt::format("<td class=\"n\">{}<br><small>{} to {}</small></td>", signed_grouped(r->contribution, 1),
                                                 signed_grouped(r->low, 1), signed_grouped(r->high, 1));
      }
      body += "<tr>" + cells + "</tr>\n";
    }
  }
  return fmt::format("<section id=\"attribution\"><h2>What each lever contributes</h2>\n<p>Each lever is one thing the what-if changes "
                     "against the comparator (a programme, or a part of another section). Its contribution is its Shapley value: its "
                     "difference averaged over every order in which the levers could be added, so that the contributions add up to the "
                     "whole difference. Coalitions of levers were run with the comparison's first seeds (common random numbers), {} replications "
                     "of each; the whole difference here is that of these runs, which is the Summary's estimated from fewer "
                     "replications. {}</p>\n{}"
                     "<table class=\"areas\"><caption>Contributions in {}: the mean, and below it the 95% interval.</caption><thead><tr>{}"
                     "</tr></thead><tbody>\n{}</tbody></table>\n</section>\n",
                     a.manifest.value("replications", 0), html_escape(method), figure_html(waterfall), html_escape(year), head, body);
}

std::string provenance(const ComparisonResults& results, const PageInfo& info) {
  const json& m = results.manifest;
  auto text = [&](const char* key) { return manifest_text(m, key); };
  TableRows rows = software_rows(m);
  rows.push_back({"comparator", fmt::format("{} ({}), sha256 {}", text("comparator"), text("comparator_file"), text("comparator_digest_sha256"))});
  for (const json& s : m.value("scenarios", json::array())) {
    rows.emplace_back("what-if", fmt::format("{} ({}), sha256 {}", s.value("name", ""), s.value("file", ""), s.value("digest_sha256", "")));
  }
  rows.insert(rows.end(), {{"replications", text("replications")}, {"seeds", text("seeds")}, {"years", text("years")},
                           {"population scale", text("scale")}});
  if (m.contains("scale_warning")) rows.emplace_back("warning", text("scale_warning"));
  rows.insert(rows.end(), {{"comparison command", text("command_line")},
                           {"comparison run", fmt::format("started {}, host {}, {} threads, {:.1f} s", text("started_utc"), text("host"),
                                                          text("threads"), m.value("wall_seconds", 0.0))},
                           {"results", fmt::format("{}, sha256 {}", (results.dir / "comparison.csv").string(), results.csv_sha256)},
                           {"report", fmt::format("{} at {}", info.command_line, info.generated_utc)}});
  return key_value_table("provenance", rows);
}

// The STRESS-ABS checklist's words for a comparison.
Study comparison_study(const ComparisonResults& results) {
  const json& m = results.manifest;
  std::string scenarios;
  for (const json& s : m.value("scenarios", json::array())) {
    scenarios += fmt::format("{}{}: {}", scenarios.empty() ? "" : " ", s.value("name", ""), s.value("description", "(no description)"));
  }
  const bool attributed = results.attribution.has_value();
  return {"comparison",
          "Per period, area and measure: the comparator's and each what-if's means over replications and the paired difference "
          "with its 95% interval (comparison.csv)",
          fmt::format("What-if against comparator {}: {}", manifest_text(m, "comparator"), scenarios),
          fmt::format("Each what-if extends the comparator's scenario file; their effective scenarios differ only where the what-if "
                      "sets them{}.", attributed ? " (the levers of the attribution)" : ""),
          fmt::format("The effective scenarios, digests {} (comparator) and as listed in the provenance.",
                      manifest_text(m, "comparator_digest_sha256")),
          fmt::format("{} replications of each scenario, seeds {}, paired by seed (common random numbers); Student's t 95% intervals "
                      "of the paired differences{}.", manifest_text(m, "replications"), manifest_text(m, "seeds"),
                      attributed ? "; Shapley contributions by lever from coalition runs" : ""),
          fmt::format("Replications side by side, one thread each ({} threads); results do not depend on threads.",
                      manifest_text(m, "threads")),
          m};
}



}  // namespace

std::string report_html(const ComparisonResults& results, const std::vector<Figure>& figures, const PageInfo& info) {
  const json& m = results.manifest;
  const std::string comparator = m.value("comparator", std::string("comparator"));
  const std::string first = results.years.front(), last = results.years.back();
  std::string body = fmt::format("<h1>{} against {}</h1>\n<p class=\"lede\">What would {} change against {} in Mid and South Essex, "
                                 "{} to {}? {} replications of each, paired by seed, so that differences are not noise between runs.</p>\n",
                                 html_escape(fmt::format("{}", fmt::join(results.scenarios, ", "))), html_escape(comparator),
                                 html_escape(fmt::format("{}", fmt::join(results.scenarios, " and "))), html_escape(comparator), first,
                                 last, m.value("replications", 0));
  if (m.contains("scale_warning")) body += fmt::format("<p class=\"warning\">{}</p>\n", html_escape(m["scale_warning"].get<std::string>()));
  body += "<section id=\"summary\"><h2>Summary</h2>\n";
  for (const auto& s : results.scenarios) {
    body += findings(results, s, last) + four_hour_text(results, s, last) + summary_table(results, s, last);
  }
  body += "</section>\n";
  if (results.attribution) body += attribution_section(results, figure(figures, "attribution"));
  body += "<section id=\"years\"><h2>Year by year</h2>\n" + figure_html(figure(figures, "difference-by-year")) +
          figure_html(find_figure(figures, "fan-by-year") ? figure(figures, "fan-by-year") : figure(figures, "levels-by-year")) +
          "</section>\n";
  body += "<section id=\"areas\"><h2>By Place and by PCN</h2>\n" + figure_html(figure(figures, "difference-by-place")) +
          area_table(results, "place", "Place") + figure_html(figure(figures, "difference-by-pcn")) + area_table(results, "pcn", "PCN") +
          "</section>\n";
  if (const auto* f = find_figure(figures, "difference-by-deprivation")) {
    body += "<section id=\"equity\"><h2>By deprivation</h2>\n<p>Residents grouped by the deprivation of where they live (IMD 2019 "
            "quintiles of their LSOA, national fifths: 1 is the most deprived). A change that lowers a measure more, as a share, in "
            "quintile 1 than in quintile 5 narrows the gap between them.</p>\n" +
            figure_html(*f) + area_table(results, "deprivation", "deprivation quintile") + "</section>\n";
  }
  if (const auto* f = find_figure(figures, "occupancy-by-month")) {
    body += "<section id=\"hospital\"><h2>The hospital through the year</h2>\n" + figure_html(*f) + "</section>\n";
  }
  if (const auto* f = find_figure(figures, "programme-spend")) body += programmes_section(results.programmes, *f);
  body += calibration_section(results.calibration, fmt::format("this comparison's {} runs of the comparator {}", m.value("replications", 0), comparator),
                              results.dir / "calibration.csv");
  body += methods_html(comparison_study(results));
  body += "<section id=\"provenance\"><h2>Provenance</h2>\n<p>Every number above comes from the comparison named here and reproduces "
          "bit for bit from its scenarios, version and seeds.</p>\n" +
          provenance(results, info) + "</section>\n";
  return page_html(fmt::format("icsim report: {} against {}", fmt::join(results.scenarios, ", "), comparator), body, figures);
}

}  // namespace icsim::report
