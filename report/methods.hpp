// The report's methods appendix: the model in brief, element by element of the ODD protocol
// (Grimm et al. 2020), each pointing to its section of docs/model.md; and the STRESS-ABS
// checklist (Monks et al. 2019, Journal of Simulation 13(1)) filled in from the comparison's
// manifest, so that a reader can judge and repeat the study.
#pragma once
#include <string>

#include "report/comparison_report.hpp"

namespace icsim::report {

std::string methods_html(const ComparisonResults& results);

}  // namespace icsim::report
