// Dense measure table.
#include "sim/measure_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace icsim::sim {

MeasureTable::MeasureTable(std::vector<std::string> periods, std::vector<Area> areas,
                           std::vector<std::string> groups, std::vector<std::string> measures)
    : periods_(std::move(periods)),
      areas_(std::move(areas)),
      groups_(std::move(groups)),
      measures_(std::move(measures)),
      values_(periods_.size() * areas_.size() * groups_.size() * measures_.size(), 0.0),
      group_only_(groups_.size(), -1) {}

double MeasureTable::value(const std::string& period, const std::string& level,
                           const std::string& area, const std::string& group,
                           const std::string& measure) const {
  auto find = [](const auto& v, const auto& x, const char* what) {
    const auto it = std::find(v.begin(), v.end(), x);
    if (it == v.end()) throw std::out_of_range(std::string("unknown ") + what);
    return static_cast<std::size_t>(it - v.begin());
  };
  const auto a = std::find_if(areas_.begin(), areas_.end(),
                              [&](const Area& x) { return x.level == level && x.name == area; });
  if (a == areas_.end()) throw std::out_of_range("unknown area " + level + "/" + area);
  return at(find(periods_, period, "period"), static_cast<std::size_t>(a - areas_.begin()),
            find(groups_, group, "group"), find(measures_, measure, "measure"));
}

}  // namespace icsim::sim
