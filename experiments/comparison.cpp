// Paired differences over replications, with Student's t intervals.
#include "experiments/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "agents/measures.hpp"
#include "experiments/statistics.hpp"

namespace icsim::experiments {

Slice all_group(const sim::MeasureTable& table) {
  Slice s{table.periods(), table.areas(), table.measures(), {}};
  // The System's residents by deprivation quintile, as areas of level "deprivation", so that
  // every comparison and summary carries its equity cells through the same statistics.
  const auto& areas = table.areas();
  const std::size_t system = static_cast<std::size_t>(
      std::find_if(areas.begin(), areas.end(), [](const sim::Area& a) { return a.level == "system"; }) - areas.begin());
  std::vector<std::pair<std::size_t, std::size_t>> from;  // (area, group) of each of the slice's areas
  for (std::size_t a = 0; a < areas.size(); ++a) from.emplace_back(a, 0);
  for (std::size_t g = 0; g < table.groups().size() && system < areas.size(); ++g) {
    const std::string& group = table.groups()[g];
    if (group.size() != 4 || !group.starts_with("imd")) continue;
    s.areas.push_back({"deprivation", group, fmt::format("IMD quintile {}{}", group.back(), group == "imd1" ? " (most deprived)" : "")});
    from.emplace_back(system, g);
  }
  s.values.resize(s.periods.size() * s.areas.size() * s.measures.size());
  for (std::size_t p = 0; p < s.periods.size(); ++p) {
    for (std::size_t a = 0; a < s.areas.size(); ++a) {
      for (std::size_t m = 0; m < s.measures.size(); ++m) s.values[s.index(p, a, m)] = table.at(p, from[a].first, from[a].second, m);
    }
  }
  return s;
}

Comparison compare(const std::vector<Slice>& baseline, const std::vector<Slice>& scenario) {
  if (baseline.size() != scenario.size() || baseline.size() < 2) {
    throw std::invalid_argument("icsim: a comparison needs the same number of replications of each scenario, at least 2");
  }
  const Slice& layout = baseline.front();
  for (const auto* runs : {&baseline, &scenario}) {
    for (const Slice& s : *runs) {
      if (s.values.size() != layout.values.size() || s.measures != layout.measures || s.periods != layout.periods) {
        throw std::invalid_argument("icsim: the scenarios differ in horizon, areas or measures, so they cannot be compared cell by cell");
      }
    }
  }
  const std::size_t n = baseline.size(), cells = layout.values.size();
  const double dn = static_cast<double>(n);
  const double t = student_t_975(dn - 1.0);
  Comparison c;
  c.layout = Slice{layout.periods, layout.areas, layout.measures, {}};
  c.replications = n;
  c.baseline_mean.assign(cells, 0.0);
  c.scenario_mean.assign(cells, 0.0);
  c.difference.assign(cells, 0.0);
  c.half_width.assign(cells, 0.0);
  c.unpaired_half_width.assign(cells, 0.0);
  // Sums in replication order, so the result never depends on which run finished first.
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < cells; ++i) {
      c.baseline_mean[i] += baseline[r].values[i] / dn;
      c.scenario_mean[i] += scenario[r].values[i] / dn;
    }
  }
  for (std::size_t i = 0; i < cells; ++i) {
    c.difference[i] = c.scenario_mean[i] - c.baseline_mean[i];
    double ss_d = 0.0, ss_b = 0.0, ss_s = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      const double b = baseline[r].values[i] - c.baseline_mean[i], s = scenario[r].values[i] - c.scenario_mean[i];
      ss_d += (s - b) * (s - b);
      ss_b += b * b;
      ss_s += s * s;
    }
    c.half_width[i] = t * std::sqrt(ss_d / (dn - 1.0) / dn);
    c.unpaired_half_width[i] = t * std::sqrt((ss_b + ss_s) / (dn - 1.0) / dn);
  }
  return c;
}

std::vector<Comparison> compare_each(std::vector<Slice> runs, const std::vector<std::string>& scenarios) {
  const std::size_t k = scenarios.size() + 1;
  if (scenarios.empty() || runs.size() % k != 0) {
    throw std::invalid_argument("icsim: a comparison needs a run of the comparator and of each scenario in every replication");
  }
  std::vector<std::vector<Slice>> by_scenario(k);  // [0] the comparator
  for (std::size_t j = 0; j < runs.size(); ++j) by_scenario[j % k].push_back(std::move(runs[j]));
  std::vector<Comparison> out;
  for (std::size_t s = 1; s < k; ++s) {
    out.push_back(compare(by_scenario[0], by_scenario[s]));
    out.back().scenario = scenarios[s - 1];
  }
  return out;
}

namespace {
void check_runs(const std::vector<Slice>& runs, std::size_t k) {
  if (k == 0 || runs.empty() || runs.size() % k != 0) throw std::invalid_argument("icsim: every scenario needs its run in each replication");
}
}  // namespace

std::string bands_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names) {
  const std::size_t k = names.size();
  check_runs(runs, k);
  const Slice& l = runs.front();
  std::size_t system = 0;
  while (system < l.areas.size() && l.areas[system].level != "system") ++system;
  if (system == l.areas.size()) throw std::invalid_argument("icsim: bands need the System's values");
  std::string out = "scenario,period,measure,p2_5,p25,p50,p75,p97_5\n";
  std::vector<double> values;
  for (std::size_t s = 0; s < k; ++s) {
    for (std::size_t p = 0; p < l.periods.size(); ++p) {
      if (l.periods[p].size() != 4) continue;  // calendar years only
      for (std::size_t m = 0; m < l.measures.size(); ++m) {
        values.clear();
        for (std::size_t j = s; j < runs.size(); j += k) values.push_back(runs[j].values[l.index(p, system, m)]);
        std::sort(values.begin(), values.end());
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", names[s], l.periods[p], l.measures[m], quantile(values, 0.025),
                       quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75), quantile(values, 0.975));
      }
    }
  }
  return out;
}

std::string programme_totals_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names) {
  const std::size_t k = names.size();
  check_runs(runs, k);
  const double n = static_cast<double>(runs.size() / k);
  std::string out = "scenario,year,programme,level,allocated_gbp,spent_gbp,funded_wte,staff_in_post,eligible,covered\n";
  for (std::size_t s = 0; s < k; ++s) {
    std::vector<ProgrammeTotals> mean = runs[s].programmes;  // every replication has the same years and programmes
    for (auto& t : mean) t = {t.year, t.programme, t.level};
    for (std::size_t j = s; j < runs.size(); j += k) {
      if (runs[j].programmes.size() != mean.size()) throw std::invalid_argument("icsim: replications differ in their programmes");
      for (std::size_t i = 0; i < mean.size(); ++i) {
        const ProgrammeTotals& t = runs[j].programmes[i];
        mean[i].allocated_gbp += t.allocated_gbp / n;
        mean[i].spent_gbp += t.spent_gbp / n;
        mean[i].funded_wte += t.funded_wte / n;
        mean[i].staff_in_post += t.staff_in_post / n;
        mean[i].eligible += t.eligible / n;
        mean[i].covered += t.covered / n;
      }
    }
    for (const auto& t : mean) {
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{:.2f},{:.2f},{:.3f},{:.3f},{:.1f},{:.1f}\n", names[s], t.year, t.programme, t.level,
                     t.allocated_gbp, t.spent_gbp, t.funded_wte, t.staff_in_post, t.eligible, t.covered);
    }
  }
  return out;
}

std::string decision_counts_csv(const std::vector<Slice>& runs, const std::vector<std::string>& names) {
  const std::size_t k = names.size();
  check_runs(runs, k);
  const double n = static_cast<double>(runs.size() / k);
  std::string out = "scenario,level,outcome,decisions\n";
  for (std::size_t s = 0; s < k; ++s) {
    std::map<std::pair<std::string, std::string>, double> counts;
    for (std::size_t j = s; j < runs.size(); j += k) {
      for (const DecisionCount& d : runs[j].decisions) counts[{d.level, d.outcome}] += d.decisions / n;
    }
    for (const auto& [key, count] : counts) fmt::format_to(std::back_inserter(out), "{},{},{},{}\n", names[s], key.first, key.second, count);
  }
  return out;
}

std::string comparison_csv(const std::vector<Comparison>& comparisons) {
  std::string out = "scenario,period,level,area,measure,baseline_mean,scenario_mean,difference,difference_low,difference_high,"
                    "unpaired_low,unpaired_high\n";
  for (const Comparison& c : comparisons) {
    const Slice& l = c.layout;
    for (std::size_t p = 0; p < l.periods.size(); ++p) {
      for (std::size_t a = 0; a < l.areas.size(); ++a) {
        for (std::size_t m = 0; m < l.measures.size(); ++m) {
          const std::size_t i = l.index(p, a, m);
          const double d = c.difference[i];
          fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{}\n", c.scenario, l.periods[p], l.areas[a].level,
                         l.areas[a].name, l.measures[m], c.baseline_mean[i], c.scenario_mean[i], d, d - c.half_width[i],
                         d + c.half_width[i], d - c.unpaired_half_width[i], d + c.unpaired_half_width[i]);
        }
      }
    }
  }
  return out;
}

std::vector<HeadlineCell> headline_cells(const Slice& l) {
  std::vector<std::size_t> measures;
  for (std::string_view name : kHeadlineMeasures) {
    const auto found = std::find(l.measures.begin(), l.measures.end(), name);
    if (found == l.measures.end()) throw std::invalid_argument(fmt::format("icsim: the runs have no measure {}", name));
    measures.push_back(static_cast<std::size_t>(found - l.measures.begin()));
  }
  std::vector<HeadlineCell> cells;
  for (std::size_t a = 0; a < l.areas.size(); ++a) {
    if (l.areas[a].level != "system" && l.areas[a].level != "place") continue;
    for (std::size_t p = 0; p < l.periods.size(); ++p) {
      if (l.periods[p].size() != 4) continue;
      for (std::size_t m : measures) cells.push_back({a, p, m, l.index(p, a, m)});
    }
  }
  return cells;
}

namespace {

consteval bool in_catalogue(const auto& names) {
  for (std::string_view name : names) (void)agents::measure_index(name);  // fails to compile for a name not there
  return true;
}
static_assert(in_catalogue(kHeadlineMeasures));

std::string area_label(const sim::Area& area) { return area.level == "system" ? area.name : area.display_name; }

std::string trimmed(std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

// One scenario's columns: the difference and the interval's ends of each row, formatted, each
// column as wide as its longest entry (the difference's at least its header), and the width
// of its rows (body) and of the whole group (at least the scenario's name and the headers).
struct ColumnGroup {
  std::array<std::vector<std::string>, 3> text;
  std::array<std::size_t, 3> width{10, 0, 0};
  std::size_t body = 0, span = 0;
};
constexpr std::string_view kInterval = "95% interval";

ColumnGroup column_group(const Comparison& c, const std::vector<HeadlineCell>& rows) {
  ColumnGroup g;
  for (const HeadlineCell& r : rows) {
    const double d = c.difference[r.cell], h = c.half_width[r.cell];
    const std::array<double, 3> values{d, d - h, d + h};
    for (std::size_t k = 0; k < 3; ++k) {
      g.text[k].push_back(fmt::format("{:.1f}", values[k]));
      g.width[k] = std::max(g.width[k], g.text[k].back().size());
    }
  }
  g.body = g.width[0] + 2 + g.width[1] + 4 + g.width[2];
  g.span = std::max({g.body, g.width[0] + 2 + kInterval.size(), c.scenario.size()});
  return g;
}

}  // namespace

std::string headline_table(const std::string& comparator, const std::vector<Comparison>& comparisons) {
  if (comparisons.empty()) throw std::invalid_argument("icsim: a headline needs at least one scenario");
  const Slice& l = comparisons.front().layout;
  const std::vector<HeadlineCell> rows = headline_cells(l);
  std::vector<ColumnGroup> groups;
  for (const Comparison& c : comparisons) groups.push_back(column_group(c, rows));
  std::size_t area_width = 4, measure_width = 7;
  for (const HeadlineCell& r : rows) area_width = std::max(area_width, area_label(l.areas[r.area]).size());
  for (std::string_view name : kHeadlineMeasures) measure_width = std::max(measure_width, name.size());
  auto left = [&](const std::string& area, const std::string& year, const std::string& measure) {
    return fmt::format("{:<{}}  {:<4}  {:<{}}", area, area_width, year, measure, measure_width);
  };
  std::string out = fmt::format("Differences from {} (scenario minus comparator): means of {} paired replications, with 95% "
                                "intervals\n\n",
                                comparator, comparisons.front().replications);
  std::string names = left("", "", ""), header = left("area", "year", "measure");
  for (std::size_t s = 0; s < groups.size(); ++s) {
    const ColumnGroup& g = groups[s];
    names += fmt::format("    {:<{}}", comparisons[s].scenario, g.span);
    header += fmt::format("    {:>{}}  {:<{}}", "difference", g.width[0], kInterval, g.span - g.width[0] - 2);
  }
  out += trimmed(names) + trimmed(header);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const HeadlineCell& r = rows[j];
    if (j > 0 && r.area != rows[j - 1].area) out += "\n";
    std::string line = left(area_label(l.areas[r.area]), l.periods[r.period], l.measures[r.measure]);
    for (const ColumnGroup& g : groups) {
      line += fmt::format("    {:>{}}  {:>{}} to {:>{}}", g.text[0][j], g.width[0], g.text[1][j], g.width[1], g.text[2][j],
                          g.width[2]);
      line.append(g.span - g.body, ' ');
    }
    out += trimmed(line);
  }
  return out;
}

double median_narrowing(const Comparison& c) {
  std::vector<double> ratios;
  for (const HeadlineCell& r : headline_cells(c.layout)) {
    if (c.half_width[r.cell] > 0.0) ratios.push_back(c.unpaired_half_width[r.cell] / c.half_width[r.cell]);
  }
  if (ratios.empty()) return 0.0;
  std::sort(ratios.begin(), ratios.end());
  return ratios[ratios.size() / 2];
}

}  // namespace icsim::experiments
