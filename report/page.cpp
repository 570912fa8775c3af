// The parts of every report page (report/page.hpp).
#include "report/page.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "report/assets.hpp"
#include "sim/text.hpp"

namespace icsim::report {
using nlohmann::json;
using sim::html_escape;

namespace {

std::string join_problems(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& p : problems) text += (text.empty() ? "" : "\n") + p;
  return text;
}

std::string csv_cell(const json& v) {
  if (v.is_string()) return sim::csv_field(v.get<std::string>());
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #1d1d1b; max-width: 190mm; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 19pt; margin: 0 0 4pt; } h2 { font-size: 14pt; border-bottom: 1.5pt solid #005eb8; padding-bottom: 2pt; margin-top: 18pt; }
h3 { font-size: 11pt; margin: 8pt 0 4pt; } .lede { font-size: 11.5pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; font-size: 9pt; }
th, td { border-bottom: 0.5pt solid #ccc; padding: 3pt 4pt; text-align: left; vertical-align: top; } td.n { text-align: right; white-space: nowrap; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 3pt; }
figure { margin: 8pt 0 14pt; break-inside: avoid; } .plot svg { max-width: 100%; height: auto; } figcaption { font-size: 8.5pt; color: #555; }
table.provenance td { word-break: break-all; } .warning { background: #fff4ce; padding: 4pt 6pt; border-left: 3pt solid #e0a800; }
section { break-inside: auto; } h2 { break-after: avoid; } tr { break-inside: avoid; }
@media print { a { color: inherit; text-decoration: none; } }
)";


// The chart libraries, each figure's specification and data, and the script that renders them
// as SVG; window.icsimCharts, and the body's data-charts once all are done ("drawn" or
// "failed", with each failed chart's data-error), say how it went.
std::string chart_scripts(const std::vector<Figure>& figures) {
  json specs = json::object(), data = json::object();
  for (const Figure& f : figures) {
    json spec = json::parse(asset(f.spec));
    for (const auto& [pointer, value] : f.settings) spec[json::json_pointer(pointer)] = value;
    specs[f.id] = std::move(spec);
    data[f.id] = f.values;
  }
  auto inline_json = [](const json& j) {  // safe inside <script>: no '<' at all, so no tag or comment can open
    std::string text;
    for (const char c : j.dump()) {
      if (c == '<') text += "\\u003c";
      else text += c;
    }
    return text;
  };
  return fmt::format(R"(<script>{}</script>
<script>{}</script>
<script type="application/json" id="icsim-specs">{}</script>
<script type="application/json" id="icsim-data">{}</script>
<script>
window.icsimCharts = {{done: false, drawn: 0, failed: []}};
(async function () {{
  const specs = JSON.parse(document.getElementById('icsim-specs').textContent);
  const data = JSON.parse(document.getElementById('icsim-data').textContent);
  for (const el of document.querySelectorAll('div.plot')) {{
    const id = el.id.slice('chart-'.length);
    try {{
      const spec = Object.assign({{}}, specs[id], {{data: {{values: data[id]}}}});
      const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {{renderer: 'svg', container: el, hover: true}});
      await view.runAsync();
      window.icsimCharts.drawn += 1;
    }} catch (e) {{
      window.icsimCharts.failed.push(id + ': ' + e);
      el.setAttribute('data-error', String(e));
      console.error('icsim report: chart ' + id + ' failed: ' + e);
    }}
  }}
  window.icsimCharts.done = true;
  document.body.setAttribute('data-charts', window.icsimCharts.failed.length ? 'failed' : 'drawn');
}})();
</script>
)",
                     asset("vega.min.js"), asset("vega-lite.min.js"), inline_json(specs), inline_json(data));
}

}  // namespace

ReportError::ReportError(std::vector<std::string> problems) : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

const std::vector<Headline>& headline_measures() {
  static const std::vector<Headline> measures = {
      {"emergency_admissions", "Emergency admissions", ""},
      {"ae_attendances", "A&E attendances", ""},
      {"delayed_transfer_days", "Delayed transfer of care days", "beds"},
      {"residential_admissions", "Care-home admissions", ""},
      {"ae_waits_over_4h", "A&E attendances over 4 hours", ""},
      {"bed_days", "Emergency patients' bed days", "beds"},
      {"cost_nhs_gbp", "NHS cost (GBP)", "money"},
      {"cost_social_care_gbp", "Social care cost (GBP)", "money"},
  };
  return measures;
}

std::string figure_csv(const Figure& figure) {
  std::string out = fmt::format("{}\n", fmt::join(figure.columns, ","));
  for (const json& row : figure.values) {
    std::vector<std::string> cells;
    for (const auto& c : figure.columns) cells.push_back(row.contains(c) ? csv_cell(row[c]) : "");
    out += fmt::format("{}\n", fmt::join(cells, ","));
  }
  return out;
}

// Thousands grouped, to `decimals` places, with a true minus sign.
std::string grouped(double v, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const std::size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point), rest = point == std::string::npos ? "" : digits.substr(point);
  std::string out;
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (k > 0 && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  const bool negative = v < 0.0 && std::stod(digits) != 0.0;
  return fmt::format("{}{}{}", negative ? "\u2212" : "", out, rest);
}

// A plus sign for what rounds to above zero, as the minus of grouped() is for what rounds below it.
std::string signed_grouped(double v, int decimals) {
  const std::string text = grouped(v, decimals);
  return fmt::format("{}{}", v > 0.0 && std::stod(fmt::format("{:.{}f}", v, decimals)) != 0.0 ? "+" : "", text);
}

double days_in_year(const json& manifest, const std::string& year) {
  using namespace std::chrono;
  const int y = std::stoi(year);
  const sys_days first{std::chrono::year{y} / January / 1}, next{std::chrono::year{y + 1} / January / 1};
  sys_days from = first, to = next;
  const std::string start = manifest.value("start_date", std::string());
  int sy = 0, sm = 0, sd = 0;
  if (manifest.contains("years") && std::sscanf(start.c_str(), "%d-%d-%d", &sy, &sm, &sd) == 3) {
    const year_month_day begin{std::chrono::year{sy}, month{static_cast<unsigned>(sm)}, day{static_cast<unsigned>(sd)}};
    const sys_days horizon_start{begin};
    const sys_days horizon_end{begin + std::chrono::years{manifest["years"].get<int>()}};
    from = std::max(from, horizon_start);
    to = std::min(to, horizon_end);
  }
  return std::max(1.0, static_cast<double>((to - from).count()));
}

TableRows software_rows(const json& manifest) {
  return {{"icsim version", manifest_text(manifest, "icsim_version")},
          {"git commit", manifest_text(manifest, "git_commit")},
          {"build", manifest_text(manifest, "build_type")}};
}

std::string key_value_table(const std::string& css_class, const TableRows& rows) {
  std::string body;
  for (const auto& [key, value] : rows) body += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(key), html_escape(value));
  return fmt::format("<table class=\"{}\">\n{}</table>\n", html_escape(css_class), body);
}

std::string manifest_text(const json& manifest, const char* key) {
  if (!manifest.contains(key)) return "not recorded";
  return manifest[key].is_string() ? manifest[key].get<std::string>() : manifest[key].dump();
}

std::string figure_html(const Figure& f) {
  return fmt::format("<figure class=\"chart\" id=\"figure-{0}\"><h3>{1}</h3><div class=\"plot\" id=\"chart-{0}\" data-spec=\"{2}\"></div>"
                     "<figcaption>{3} Figure files: figures/{0}.svg, .png and .csv.</figcaption></figure>\n",
                     html_escape(f.id), html_escape(f.title), html_escape(f.spec), html_escape(f.caption));
}

const Figure* find_figure(const std::vector<Figure>& figures, const std::string& id) {
  const auto it = std::find_if(figures.begin(), figures.end(), [&](const Figure& f) { return f.id == id; });
  return it == figures.end() ? nullptr : &*it;
}

const Figure& figure(const std::vector<Figure>& figures, const std::string& id) {
  if (const Figure* f = find_figure(figures, id)) return *f;
  throw std::logic_error("icsim: the report has no figure " + id + " (a bug)");
}

std::string page_html(const std::string& title, const std::string& body, const std::vector<Figure>& figures) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
                     "style-src 'unsafe-inline'; img-src data:\">\n<style>{}</style>\n</head>\n<body>\n{}{}</body>\n</html>\n",
                     html_escape(title), kStyle, body, chart_scripts(figures));
}

}  // namespace icsim::report
