// Writing a report's folder (report/report.hpp).
#include "report/report.hpp"

#include <regex>

#include <fmt/format.h>

#include "output/run_files.hpp"
#include "output/writers.hpp"
#include "report/chromium.hpp"
#include "report/comparison_report.hpp"
#include "report/run_report.hpp"
#include "report/sweep_report.hpp"
#include "report/comparison_page.hpp"
#include "sim/clock.hpp"
#include "sim/sha256.hpp"

namespace icsim::report {
namespace fs = std::filesystem;

namespace {

struct RenderedSvg {
  std::string text;
  int width = 0, height = 0;
};

// The SVG that the page's script drew inside div#chart-ID, as a file of its own.
RenderedSvg rendered_svg(const std::string& dom, const std::string& id) {
  const std::size_t div = dom.find(fmt::format("id=\"chart-{}\"", id));
  if (div == std::string::npos) return {};
  const std::size_t end_of_div = dom.find("</div>", div);
  const std::size_t start = dom.find("<svg", div);
  const std::size_t end = dom.find("</svg>", div);
  if (start == std::string::npos || end == std::string::npos || start > end_of_div) return {};
  RenderedSvg svg{dom.substr(start, end + 6 - start)};
  if (svg.text.find("xmlns=") == std::string::npos) svg.text.insert(4, " xmlns=\"http://www.w3.org/2000/svg\"");
  static const std::regex size(R"re(<svg[^>]*?\bwidth="([0-9.]+)"[^>]*?\bheight="([0-9.]+)")re");
  std::smatch m;
  if (std::regex_search(svg.text, m, size)) {
    svg.width = static_cast<int>(std::stod(m[1].str()) + 0.999);
    svg.height = static_cast<int>(std::stod(m[2].str()) + 0.999);
  }
  svg.text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.text + "\n";
  return svg;
}

void print(const Chromium& chromium, const fs::path& staging, const std::vector<Figure>& figures) {
  const fs::path page = staging / "index.html";
  const std::string dom = chromium.rendered_dom(page);
  if (dom.find("data-charts=\"drawn\"") == std::string::npos) {
    throw std::runtime_error(fmt::format("icsim report: the page's charts did not all render in Chromium ({})",
                                         dom.find("data-charts=\"failed\"") != std::string::npos ? "a chart failed: see data-error in the page"
                                                                                                : "they did not finish"));
  }
  for (const Figure& f : figures) {
    const RenderedSvg svg = rendered_svg(dom, f.id);
    if (svg.text.empty() || svg.width <= 0 || svg.height <= 0) throw std::runtime_error(fmt::format("icsim report: chart {} has no SVG in the rendered page", f.id));
    const fs::path file = staging / "figures" / (f.id + ".svg");
    output::write_text(svg.text, file);
    chromium.screenshot(file, svg.width, svg.height, staging / "figures" / (f.id + ".png"));
  }
  chromium.print_pdf(page, staging / "report.pdf");  // once the charts are known to render
}

// A folder's page: its figures, the page, and what it was made from, by the kind of folder.
struct Page {
  std::vector<Figure> figures;
  std::string html;
  nlohmann::json made_from;  // the results file and its digest
};

Page page_of(const fs::path& dir, const PageInfo& info) {
  if (is_sweep_folder(dir)) {
    const SweepResults results = read_sweep(dir);
    std::vector<Figure> figures = sweep_figures(results);
    std::string html = sweep_html(results, figures, info);
    return {std::move(figures), std::move(html), {{"kind", "sweep"}, {"results", "sweep.sqlite"}, {"results_sha256", results.database_sha256}}};
  }
  if (fs::is_regular_file(dir / "comparison.csv") || !is_run_folder(dir)) {
    const ComparisonResults results = read_comparison(dir);  // and for a folder of no known kind, its problems
    std::vector<Figure> figures = comparison_figures(results);
    std::string html = report_html(results, figures, info);
    return {std::move(figures), std::move(html), {{"kind", "comparison"}, {"comparison_csv_sha256", results.csv_sha256}}};
  }
  const RunResults results = read_run(dir);
  std::vector<Figure> figures = run_figures(results);
  std::string html = run_html(results, figures, info);
  return {std::move(figures), std::move(html),
          {{"kind", results.replicated ? "replications" : "run"}, {"results", results.source.filename().string()}, {"results_sha256", results.source_sha256}}};
}

}  // namespace

ReportFiles write_report(const fs::path& results_dir, const ReportOptions& options) {
  if (!fs::is_directory(results_dir)) {
    throw ReportError({fmt::format("{}: no such folder (give the folder that `icsim run`, `icsim compare` or `icsim sweep` wrote)", results_dir.string())});
  }
  const PageInfo info{sim::utc_now_iso(), options.command_line};
  const Page page = page_of(results_dir, info);
  std::optional<Chromium> chromium;
  if (options.print) {
    chromium = Chromium::find();
    if (!chromium) {
      throw ReportError({"icsim report: report.pdf and the figures are printed by headless Chromium, which is not on PATH: "
                         "tools/install-deps installs Debian's chromium; --html-only writes index.html and the figures' CSV alone"});
    }
  }
  output::RunDirectory dir(results_dir / "report", true);
  output::write_text(page.html, dir.staging() / "index.html");
  fs::create_directories(dir.staging() / "figures");
  for (const Figure& f : page.figures) output::write_text(figure_csv(f), dir.staging() / "figures" / (f.id + ".csv"));
  if (chromium) print(*chromium, dir.staging(), page.figures);
  // What the report was made from: a later report of changed results is told apart by the digest.
  nlohmann::json manifest = output::provenance();
  nlohmann::json ids = nlohmann::json::array();
  for (const Figure& f : page.figures) ids.push_back(f.id);
  manifest.update({{"report_of", fs::absolute(results_dir).lexically_normal().string()},
                   {"command_line", info.command_line},
                   {"generated_utc", info.generated_utc},
                   {"figures", ids},
                   {"printed", chromium.has_value()}});
  manifest.update(page.made_from);
  output::write_text(manifest.dump(2) + "\n", dir.staging() / "manifest.json");
  dir.commit();
  return {dir.final_dir(), static_cast<int>(page.figures.size()), chromium.has_value()};
}

}  // namespace icsim::report
