// What a report carries inside it: the chart libraries (Vega and Vega-Lite, vendored from the
// npm registry by tools/install-deps into web/node_modules) and the chart specifications of
// report/charts, embedded in the binary when it is built (report/embed.cmake).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace icsim::report {

struct Asset {
  std::string_view name;  // the file's name: vega.min.js, difference-by-year.vl.json, ...
  std::string_view text;
};

const std::vector<Asset>& embedded_assets();

// The asset of that name; throws std::logic_error if the build did not embed it (a bug).
std::string_view asset(std::string_view name);

}  // namespace icsim::report
