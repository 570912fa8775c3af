// The programmes' section of a report (report/programmes.hpp).
#include "report/programmes.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "output/writers.hpp"
#include "scenarios/csv_table.hpp"
#include "sim/text.hpp"

namespace icsim::report {
namespace fs = std::filesystem;
using nlohmann::json;
using sim::html_escape;

namespace {
const std::vector<std::string> kSums = {"allocated_gbp", "spent_gbp", "funded_wte", "staff_in_post", "eligible", "covered"};

// A year as text, whether the CSV reader made it a number or not.
std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

ProgrammeRows run_programmes(const std::string& scenario, const json& programmes, const json& decisions) {
  ProgrammeRows rows{json::array(), json::array(), "programmes.csv and decisions.csv", false};
  std::map<std::pair<std::string, std::string>, std::size_t> at;  // (year, programme) -> row
  for (const json& p : programmes) {
    const auto key = std::make_pair(text_of(p.value("year", json())), p.value("programme", ""));
    auto [it, added] = at.try_emplace(key, rows.totals.size());
    if (added) {
      json row = {{"scenario", scenario}, {"year", key.first}, {"programme", key.second}, {"level", p.value("level", "")}};
      for (const auto& s : kSums) row[s] = 0.0;
      rows.totals.push_back(row);
    }
    for (const auto& s : kSums) rows.totals[it->second][s] = rows.totals[it->second][s].get<double>() + p.value(s, 0.0);
  }
  std::map<std::pair<std::string, std::string>, double> counts;
  for (const json& d : decisions) ++counts[{d.value("level", ""), d.value("outcome", "")}];
  for (const auto& [key, n] : counts) rows.decisions.push_back({{"scenario", scenario}, {"level", key.first}, {"outcome", key.second}, {"decisions", n}});
  return rows;
}

ProgrammeRows read_programme_totals(const fs::path& dir, std::vector<std::string>& problems) {
  ProgrammeRows rows{json::array(), json::array(), "programme_totals.csv and decision_counts.csv", true};
  for (const auto& [name, into] : {std::pair{"programme_totals.csv", &rows.totals}, std::pair{"decision_counts.csv", &rows.decisions}}) {
    const fs::path file = dir / name;
    if (!fs::is_regular_file(file)) continue;
    try {
      *into = scenarios::parse_csv(output::read_text(file), {"scenario", "year", "programme", "level", "outcome"}).rows;
    } catch (const std::runtime_error& e) {
      problems.push_back(fmt::format("{}: {}", file.string(), e.what()));
    }
  }
  return rows;
}

Figure programme_spend(const ProgrammeRows& rows, const std::string& source_caption) {
  Figure f{"programme-spend", "Programme spend by year", "", "programme-spend.vl.json", json::array(),
           {"scenario", "year", "programme", "allocated_gbp", "spent_gbp"}};
  std::set<std::string> scenarios;
  for (const json& t : rows.totals) scenarios.insert(t.value("scenario", ""));
  for (const json& t : rows.totals) {
    const std::string programme = t.value("programme", "");
    f.values.push_back({{"scenario", t["scenario"]}, {"year", t["year"]},
                        {"programme", scenarios.size() > 1 ? fmt::format("{}: {}", t.value("scenario", ""), programme) : programme},
                        {"allocated_gbp", t["allocated_gbp"]}, {"spent_gbp", t["spent_gbp"]}});
  }
  f.caption = fmt::format("Each programme's spend each year{}, summed over the units that run it; the black tick is what was "
                          "allocated to all of them (what is not spent is carried forward or returned). {}",
                          rows.means ? " (the mean over replications)" : "", source_caption);
  return f;
}

std::string programmes_section(const ProgrammeRows& rows, const Figure& spend) {
  std::string last;
  for (const json& t : rows.totals) last = std::max(last, t.value("year", ""));
  const int decimals = rows.means ? 1 : 0;
  std::string body;
  for (const json& t : rows.totals) {
    if (t.value("year", "") != last) continue;
    body += fmt::format("<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                        html_escape(t.value("scenario", "")), html_escape(t.value("programme", "")), html_escape(t.value("level", "")),
                        grouped(t.value("allocated_gbp", 0.0)), grouped(t.value("spent_gbp", 0.0)), grouped(t.value("funded_wte", 0.0), 1),
                        grouped(t.value("staff_in_post", 0.0), 1), grouped(t.value("eligible", 0.0), decimals), grouped(t.value("covered", 0.0), decimals));
  }
  std::string decided;
  for (const json& d : rows.decisions) {
    decided += fmt::format("<tr><td>{}</td><th scope=\"row\">{} ({})</th><td class=\"n\">{}</td></tr>\n", html_escape(d.value("scenario", "")),
                           html_escape(d.value("outcome", "")), html_escape(d.value("level", "")), grouped(d.value("decisions", 0.0), decimals));
  }
  const std::string per = rows.means ? ", means over replications" : "";
  return fmt::format("<section id=\"programmes\"><h2>Programmes</h2>\n{}<table class=\"areas\"><caption>Each programme in {}{}: GBP allocated "
                     "and spent, staff funded and in post (whole-time equivalents), residents eligible and covered at the year's end, "
                     "summed over the units that run it ({}).</caption><thead><tr><th>scenario</th><th>programme</th><th>level</th>"
                     "<th class=\"n\">allocated</th><th class=\"n\">spent</th><th class=\"n\">funded WTE</th><th class=\"n\">in post</th>"
                     "<th class=\"n\">eligible</th><th class=\"n\">covered</th></tr></thead><tbody>\n{}</tbody></table>\n"
                     "<table class=\"areas\"><caption>Decisions by the bodies on the programmes over the horizon, by outcome and level{}."
                     "</caption><tbody>\n{}</tbody></table>\n</section>\n",
                     figure_html(spend), html_escape(last), per, html_escape(rows.source), body, per,
                     decided.empty() ? "<tr><td>none</td></tr>\n" : decided);
}

}  // namespace icsim::report
