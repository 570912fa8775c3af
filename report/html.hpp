// The report page: one self-contained HTML file (styles, chart libraries, specifications and
// data inline; no request of any kind) that reads as a board paper, plain language first, and
// prints on A4.
#pragma once
#include <string>
#include <vector>

#include "report/comparison_report.hpp"

namespace icsim::report {

struct PageInfo {
  std::string generated_utc;   // when the report was made
  std::string command_line;    // the report command as given
};

std::string report_html(const ComparisonResults& results, const std::vector<Figure>& figures, const PageInfo& info);

}  // namespace icsim::report
