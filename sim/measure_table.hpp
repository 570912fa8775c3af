// A plain, dense table of measure values by period, area, group and measure: what a run
// produces and what the output writers read.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace icsim::sim {

struct Area {
  std::string level;  // "system", "place", "pcn", "site"
  std::string name;          // the identifier written in measures.csv
  std::string display_name;  // for people: "Thurrock", "Grays PCN"
};

// What a measure is, for people reading the output (the dimension table of results.sqlite).
struct MeasureDescription {
  std::string unit;
  std::string definition;
  bool additive = true;  // adds up over areas and groups
};

class MeasureTable {
 public:
  MeasureTable(std::vector<std::string> periods, std::vector<Area> areas,
               std::vector<std::string> groups, std::vector<std::string> measures);

  const std::vector<std::string>& periods() const { return periods_; }
  const std::vector<Area>& areas() const { return areas_; }
  const std::vector<std::string>& groups() const { return groups_; }
  const std::vector<std::string>& measures() const { return measures_; }

  double& at(std::size_t period, std::size_t area, std::size_t group, std::size_t measure) {
    return values_[index(period, area, group, measure)];
  }
  double at(std::size_t period, std::size_t area, std::size_t group, std::size_t measure) const {
    return values_[index(period, area, group, measure)];
  }
  std::size_t rows() const { return values_.size(); }
  // By measure; empty when the table's maker gave none.
  const std::vector<MeasureDescription>& descriptions() const { return descriptions_; }
  void describe(std::vector<MeasureDescription> descriptions) { descriptions_ = std::move(descriptions); }
  // A group that only one measure is broken down by (for example delays by reason): other
  // measures have no value in it, and writers leave those cells out.
  void restrict_group(std::size_t group, std::size_t measure) { group_only_[group] = static_cast<std::ptrdiff_t>(measure); }
  bool applies(std::size_t group, std::size_t measure) const {
    return group_only_[group] < 0 || group_only_[group] == static_cast<std::ptrdiff_t>(measure);
  }
  // The one measure a restricted group applies to, or -1 for a group of every measure.
  std::ptrdiff_t only_measure(std::size_t group) const { return group_only_[group]; }
  // Looks a cell up by its labels; throws std::out_of_range if any label is unknown.
  double value(const std::string& period, const std::string& level, const std::string& area,
               const std::string& group, const std::string& measure) const;

 private:
  std::size_t index(std::size_t p, std::size_t a, std::size_t g, std::size_t m) const {
    return ((p * areas_.size() + a) * groups_.size() + g) * measures_.size() + m;
  }
  std::vector<std::string> periods_;
  std::vector<Area> areas_;
  std::vector<std::string> groups_;
  std::vector<std::string> measures_;
  std::vector<double> values_;
  std::vector<std::ptrdiff_t> group_only_;
  std::vector<MeasureDescription> descriptions_;  // by group: the one measure it applies to, or -1
};

}  // namespace icsim::sim
