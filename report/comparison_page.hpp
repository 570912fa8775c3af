// A comparison's report page, read as a board paper: plain language first (what changes, by how
// much, how sure), then the years, the areas, the levers, the hospital, methods and provenance.
#pragma once
#include <string>
#include <vector>

#include "report/comparison_report.hpp"

namespace icsim::report {

std::string report_html(const ComparisonResults& results, const std::vector<Figure>& figures, const PageInfo& info);

}  // namespace icsim::report
