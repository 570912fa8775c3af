// `icsim report DIR`: DIR/report/ for a run's, a replications, a comparison's or a sweep's
// folder: index.html (self-contained), report.pdf and figures/ (each chart as SVG, PNG and the
// CSV of its data), written in a staging folder and committed whole, so that no half-written
// report is ever left.
#pragma once
#include <filesystem>
#include <string>

namespace icsim::report {

struct ReportOptions {
  bool print = true;         // report.pdf and the figures' SVG and PNG, by headless Chromium
  std::string command_line;  // as given, for the provenance
};

struct ReportFiles {
  std::filesystem::path dir;
  int figures = 0;
  bool printed = false;
};

// Throws ReportError (report/page.hpp) for a folder of no kind it reads, results it cannot read
// (a sweep with runs not done, say), or when the browser the printing needs is missing;
// std::runtime_error if the browser fails.
ReportFiles write_report(const std::filesystem::path& results_dir, const ReportOptions& options);

}  // namespace icsim::report
