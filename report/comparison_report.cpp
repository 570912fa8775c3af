// Reading a comparison folder, and the report's figures drawn from it.
#include "report/comparison_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "sim/sha256.hpp"
#include "sim/text.hpp"
#include "output/writers.hpp"
#include "report/calibration_status.hpp"
#include "scenarios/csv_table.hpp"

namespace icsim::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kColumns = {"scenario",      "period",     "level",          "area",           "measure",   "baseline_mean",
                                           "scenario_mean", "difference", "difference_low", "difference_high"};

std::vector<ResultRow> rows_of(const std::string& text, const fs::path& file, std::vector<std::string>& problems) {
  const scenarios::CsvRecords csv = scenarios::csv_records(text);
  const std::vector<std::string>& header = csv.records.front();
  std::vector<std::size_t> at;  // kColumns' positions in the file
  for (const auto& c : kColumns) {
    const auto it = std::find(header.begin(), header.end(), c);
    if (it == header.end()) {
      problems.push_back(fmt::format("{}: no column \"{}\" (a comparison's file from `icsim compare` has {})", file.string(), c,
                                     fmt::join(kColumns, ", ")));
    }
    at.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  std::vector<ResultRow> rows;
  if (!problems.empty()) return rows;
  rows.reserve(csv.records.size());
  for (std::size_t k = 1; k < csv.records.size() && problems.size() <= 20; ++k) {  // a file this wrong is not a comparison's
    const std::vector<std::string>& r = csv.records[k];
    if (r.size() != header.size()) {
      problems.push_back(fmt::format("{}: line {} has {} fields (expected {}, as in the header)", file.string(), csv.lines[k], r.size(),
                                     header.size()));
      continue;
    }
    auto number = [&](std::size_t column) {
      const std::string& cell = r[at[column]];
      double v = 0.0;
      const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (error == std::errc() && end == cell.data() + cell.size()) return v;
      problems.push_back(fmt::format("{}: line {}, column {}: \"{}\" is not a number", file.string(), csv.lines[k], kColumns[column], cell));
      return 0.0;
    };
    rows.push_back({r[at[0]], r[at[1]], r[at[2]], r[at[3]], r[at[4]], number(5), number(6), number(7), number(8), number(9)});
  }
  return rows;
}

// DIR/attribution/attribution.csv and its manifest, if `icsim attribute` wrote them.
std::optional<Attribution> attribution_of(const fs::path& dir, std::vector<std::string>& problems) {
  const fs::path csv = dir / "attribution" / "attribution.csv", manifest = dir / "attribution" / "manifest.json";
  if (!fs::is_regular_file(csv)) return std::nullopt;
  Attribution a;
  try {
    a.manifest = json::parse(output::read_text(manifest));
    const scenarios::CsvTable table = scenarios::parse_csv(output::read_text(csv), {"scenario", "period", "measure", "lever"});
    for (const json& r : table.rows) {
      a.rows.push_back({r.at("scenario").get<std::string>(), r.at("period").get<std::string>(), r.at("measure").get<std::string>(),
                        r.at("lever").get<std::string>(), r.at("contribution").get<double>(), r.at("contribution_low").get<double>(),
                        r.at("contribution_high").get<double>()});
    }
  } catch (const std::exception& e) {
    problems.push_back(fmt::format("{}: not an attribution as `icsim attribute` writes it ({})", csv.string(), e.what()));
  }
  return a;
}

}  // namespace

namespace {
// A row's keys as one string (fields never hold the separator: they are names and ids).
std::string key_of(std::string_view scenario, std::string_view period, std::string_view level, std::string_view area,
                   std::string_view measure) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", scenario, period, level, area, measure);
}
}  // namespace

void ComparisonResults::index_rows() {
  index.clear();
  system_index.clear();
  index.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const ResultRow& r = rows[k];
    index.emplace(key_of(r.scenario, r.period, r.level, r.area, r.measure), k);
    if (r.level == "system") system_index.emplace(key_of(r.scenario, r.period, "system", "", r.measure), k);
  }
}

const ResultRow* ComparisonResults::find(std::string_view scenario, std::string_view period, std::string_view level,
                                         std::string_view area, std::string_view measure) const {
  const auto it = index.find(key_of(scenario, period, level, area, measure));
  return it == index.end() ? nullptr : &rows[it->second];
}

std::string ComparisonResults::area_name(const std::string& id) const {
  if (id.size() == 4 && id.starts_with("imd")) return fmt::format("IMD quintile {}{}", id.back(), id == "imd1" ? " (most deprived)" : "");
  const auto names = manifest.find("area_names");
  if (names == manifest.end() || !names->is_object()) return id;
  const auto name = names->find(id);
  return name != names->end() && name->is_string() ? name->get<std::string>() : id;
}

const ResultRow* ComparisonResults::system(std::string_view scenario, std::string_view period, std::string_view measure) const {
  const auto it = system_index.find(key_of(scenario, period, "system", "", measure));
  return it == system_index.end() ? nullptr : &rows[it->second];
}

ComparisonResults read_comparison(const fs::path& dir) {
  std::vector<std::string> problems;
  const fs::path csv = dir / "comparison.csv", manifest = dir / "manifest.json";
  if (!fs::is_directory(dir)) throw ReportError({fmt::format("{}: no such folder (give the folder `icsim compare` wrote)", dir.string())});
  for (const fs::path& f : {csv, manifest}) {
    if (!fs::is_regular_file(f)) {
      problems.push_back(fmt::format("{}: missing; `icsim report` reads a comparison's folder (comparison.csv and manifest.json, from "
                                     "`icsim compare`), a run's (results.sqlite, from `icsim run`) or a replications folder "
                                     "(summary.csv, from `icsim run --replications N`) or a sweep's (sweep.sqlite, from `icsim sweep`)", f.string()));
    }
  }
  if (!problems.empty()) throw ReportError(problems);
  ComparisonResults results{dir, {}, {}, {}, {}, {}, {}, json::array(), {}, json::array(), {}, {}};
  try {
    results.manifest = json::parse(output::read_text(manifest));
  } catch (const json::exception& e) {
    problems.push_back(fmt::format("{}: not JSON ({})", manifest.string(), e.what()));
  }
  if (problems.empty()) {
    const json& scenarios = results.manifest.value("scenarios", json());
    if (!scenarios.is_array() || scenarios.empty() || !results.manifest.contains("comparator")) {
      problems.push_back(fmt::format("{}: not a comparison's manifest (it has no \"comparator\" and \"scenarios\")", manifest.string()));
    } else {
      for (const json& s : scenarios) results.scenarios.push_back(s.value("name", ""));
    }
  }
  try {
    const std::string text = output::read_text(csv);
    results.csv_sha256 = sim::sha256_hex(text);
    results.rows = rows_of(text, csv, problems);
    results.index_rows();
  } catch (const std::runtime_error& e) {
    problems.push_back(fmt::format("{}: {}", csv.string(), e.what()));
  }
  results.attribution = attribution_of(dir, problems);
  results.programmes = read_programme_totals(dir, problems);
  results.calibration = read_calibration(dir, problems);
  if (fs::is_regular_file(dir / "bands.csv")) {
    try {
      results.bands = scenarios::parse_csv(output::read_text(dir / "bands.csv"), {"scenario", "period", "measure"}).rows;
    } catch (const std::runtime_error& e) {
      problems.push_back(fmt::format("{}: {}", (dir / "bands.csv").string(), e.what()));
    }
  }
  static const std::regex year(R"(\d{4})");
  for (const ResultRow& r : results.rows) {
    if (std::regex_match(r.period, year) && std::find(results.years.begin(), results.years.end(), r.period) == results.years.end()) {
      results.years.push_back(r.period);
    }
  }
  std::sort(results.years.begin(), results.years.end());
  if (problems.empty() && results.years.empty()) problems.push_back(fmt::format("{}: no yearly rows (periods such as 2021)", csv.string()));
  if (!problems.empty()) throw ReportError(problems);
  return results;
}

namespace {

std::string source_caption(const ComparisonResults& results, const std::string& what) {
  const json& m = results.manifest;
  return fmt::format("{} Source: {} ({} replications each, seeds {}; icsim {}, commit {}).", what,
                     (results.dir / "comparison.csv").string(), m.value("replications", 0), m.value("seeds", std::string("?")),
                     m.value("icsim_version", std::string("?")), m.value("git_commit", std::string("?")).substr(0, 12));
}

json difference_row(const ComparisonResults& results, const ResultRow& r, int order, std::string_view label) {
  return {{"scenario", r.scenario}, {"measure", r.measure}, {"label", label}, {"order", order}, {"year", r.period},
          {"area", results.area_name(r.area)},         {"comparator", r.comparator}, {"what_if", r.what_if}, {"difference", r.difference},
          {"low", r.low},           {"high", r.high}};
}

Figure by_year(const ComparisonResults& results) {
  Figure f{"difference-by-year", "Differences year by year, System", "", "difference-by-year.vl.json", json::array(),
           {"scenario", "measure", "label", "year", "comparator", "what_if", "difference", "low", "high"}};
  const auto& headlines = headline_measures();
  for (const auto& s : results.scenarios) {
    for (std::size_t h = 0; h < headlines.size(); ++h) {
      for (const auto& y : results.years) {
        if (const ResultRow* r = results.system(s, y, headlines[h].measure)) f.values.push_back(difference_row(results, *r, static_cast<int>(h), headlines[h].label));
      }
    }
  }
  f.caption = source_caption(results, "Each headline measure's paired difference (what-if less comparator) for the whole System, "
                                      "each year: the mean over replications (line) and its 95% interval (band); dashed, no difference.");
  return f;
}

Figure levels(const ComparisonResults& results) {
  Figure f{"levels-by-year", "Each scenario year by year, System", "", "levels-by-year.vl.json", json::array(),
           {"series", "measure", "label", "year", "value"}};
  const auto& headlines = headline_measures();
  const std::string comparator = results.manifest.value("comparator", std::string("comparator"));
  for (std::size_t h = 0; h < headlines.size(); ++h) {
    for (std::size_t s = 0; s < results.scenarios.size(); ++s) {
      for (const auto& y : results.years) {
        const ResultRow* r = results.system(results.scenarios[s], y, headlines[h].measure);
        if (r == nullptr) continue;
        auto row = [&](const std::string& series, double value) {
          f.values.push_back({{"series", series}, {"measure", r->measure}, {"label", headlines[h].label}, {"order", h}, {"year", y}, {"value", value}});
        };
        if (s == 0) row(comparator, r->comparator);
        row(results.scenarios[s], r->what_if);
      }
    }
  }
  f.caption = source_caption(results, "Each headline measure for the whole System, each year: the mean over replications of the comparator "
                                      "and of each what-if.");
  return f;
}

// By PCN, the four measures most read by area, so that the figure fits a page.
// Each headline measure's spread over replications, year by year, for every scenario (bands.csv).
Figure fan(const ComparisonResults& results) {
  Figure f{"fan-by-year", "Each scenario year by year, System: median and spread over replications", "", "fan-by-year.vl.json",
           json::array(), {"series", "measure", "label", "year", "p2_5", "p25", "p50", "p75", "p97_5"}};
  const auto& headlines = headline_measures();
  for (std::size_t h = 0; h < headlines.size(); ++h) {
    for (const json& b : results.bands) {
      if (b.value("measure", "") != headlines[h].measure) continue;
      f.values.push_back({{"series", b["scenario"]}, {"measure", b["measure"]}, {"label", headlines[h].label}, {"order", h},
                          {"year", b["period"]}, {"p2_5", b["p2_5"]}, {"p25", b["p25"]}, {"p50", b["p50"]}, {"p75", b["p75"]},
                          {"p97_5", b["p97_5"]}});
    }
  }
  f.caption = source_caption(results, "Each headline measure for the whole System, each year: the median over replications (line), "
                                      "the middle 50% of replications (dark band) and 95% (light band), for the comparator and each "
                                      "what-if. From bands.csv beside comparison.csv.");
  return f;
}

Figure by_area(const ComparisonResults& results, const std::string& level, const std::string& title, std::size_t measures) {
  const std::string& year = results.years.back();
  Figure f{"difference-by-" + level, fmt::format("Differences by {} in {}", title, year), "", "difference-by-area.vl.json", json::array(),
           {"scenario", "measure", "label", "year", "area", "comparator", "what_if", "difference", "low", "high"}};
  const auto& headlines = headline_measures();
  std::map<std::string, int> area_order;  // by name
  for (const ResultRow& r : results.rows) {
    if (r.level == level) area_order.emplace(results.area_name(r.area), 0);
  }
  int k = 0;
  for (auto& [area, order] : area_order) order = k++;
  for (const ResultRow& r : results.rows) {
    if (r.level != level || r.period != year) continue;
    const auto h = std::find_if(headlines.begin(), headlines.end(), [&](const Headline& x) { return x.measure == r.measure; });
    if (h == headlines.end() || static_cast<std::size_t>(h - headlines.begin()) >= measures) continue;
    json row = difference_row(results, r, static_cast<int>(h - headlines.begin()), h->label);
    row["area_order"] = area_order[results.area_name(r.area)];
    f.values.push_back(row);
  }
  f.caption = source_caption(results, fmt::format("Each headline measure's paired difference by {} in {}: the mean over replications (dot) "
                                                  "and its 95% interval (line).", title, year));
  return f;
}

// The first four headline measures' differences for each deprivation quintile's residents in the
// last year, as a share of the quintile's comparator value: whether a change narrows the gap.
Figure by_deprivation(const ComparisonResults& results) {
  const std::string& year = results.years.back();
  Figure f{"difference-by-deprivation", fmt::format("Differences by deprivation quintile in {}, as a share of the comparator's", year), "",
           "difference-by-area.vl.json", json::array(),
           {"scenario", "measure", "label", "year", "area", "comparator", "what_if", "difference", "low", "high"}};
  f.settings = {{"/spec/layer/1/encoding/x/title", "% of the comparator's"}};
  const auto& headlines = headline_measures();
  for (std::size_t h = 0; h < 4; ++h) {
    for (const auto& s : results.scenarios) {
      for (int q = 1; q <= 5; ++q) {
        const ResultRow* r = results.find(s, year, "deprivation", fmt::format("imd{}", q), headlines[h].measure);
        if (r == nullptr || r->comparator == 0.0) continue;
        const double per = 100.0 / std::fabs(r->comparator);
        json row = difference_row(results, *r, static_cast<int>(h), headlines[h].label);
        row.update({{"area_order", q}, {"difference", r->difference * per}, {"low", r->low * per}, {"high", r->high * per}});
        f.values.push_back(row);
      }
    }
  }
  f.caption = source_caption(results, fmt::format("Each of the first four headline measures' paired difference for the residents of each "
                                                  "deprivation quintile (IMD 2019 of their LSOA; 1 is the most deprived fifth) in {}, as a "
                                                  "percentage of that quintile's comparator value: the mean (dot) and its 95% interval (line).",
                                                  year));
  return f;
}

Figure occupancy(const ComparisonResults& results) {
  Figure f{"occupancy-by-month", "Bed occupancy through the year, by acute site", "", "occupancy-by-month.vl.json", json::array(),
           {"series", "comparator", "area", "month", "value"}};
  static const std::regex month(R"(\d{4}-\d{2})");
  const std::string comparator = results.manifest.value("comparator", std::string("comparator"));
  for (const ResultRow& r : results.rows) {
    if (r.level != "site" || r.measure != "bed_occupancy_rate" || !std::regex_match(r.period, month)) continue;
    if (r.scenario == results.scenarios.front()) {
      f.values.push_back({{"series", comparator}, {"comparator", true}, {"area", results.area_name(r.area)}, {"month", r.period + "-01"}, {"value", r.comparator}});
    }
    f.values.push_back({{"series", r.scenario}, {"comparator", false}, {"area", results.area_name(r.area)}, {"month", r.period + "-01"}, {"value", r.what_if}});
  }
  f.caption = source_caption(results, "General and acute beds occupied as a share of beds open, by acute site and month: the mean over "
                                      "replications of the comparator (dashed) and of each what-if (solid); red dots, 92%.");
  return f;
}

}  // namespace

std::string lever_label(const std::string& lever) {
  if (lever == "total") return "whole difference (these runs)";
  std::string label = lever.rfind("programme ", 0) == 0 ? lever.substr(10) : lever;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

namespace {

// Each headline difference of the last year as a waterfall of its levers' contributions.
Figure waterfall(const ComparisonResults& results) {
  const std::string& year = results.years.back();
  Figure f{"attribution", fmt::format("What each lever contributes, {}", year), "", "attribution-waterfall.vl.json", json::array(),
           {"scenario", "measure", "label", "lever", "contribution", "low", "high", "start", "end"}};
  const auto& headlines = headline_measures();
  for (const auto& s : results.scenarios) {
    for (std::size_t h = 0; h < headlines.size(); ++h) {
      const std::string label = results.scenarios.size() > 1 ? fmt::format("{}: {}", headlines[h].label, s) : std::string(headlines[h].label);
      double start = 0.0;
      int lever = 0;
      for (const AttributionRow& a : results.attribution->rows) {
        if (a.scenario != s || a.period != year || a.measure != headlines[h].measure) continue;
        const bool total = a.lever == "total";
        const double from = total ? 0.0 : start;
        f.values.push_back({{"scenario", s}, {"measure", a.measure}, {"label", label}, {"order", h}, {"lever", lever_label(a.lever)},
                            {"lever_order", lever++}, {"contribution", a.contribution}, {"low", a.low}, {"high", a.high},
                            {"start", from}, {"end", from + a.contribution}, {"interval_low", from + a.low}, {"interval_high", from + a.high},
                            {"kind", total ? "whole difference" : a.contribution < 0.0 ? "lower" : "higher"}});
        if (!total) start += a.contribution;
      }
    }
  }
  const json& m = results.attribution->manifest;
  f.caption = fmt::format("Each headline difference of the whole System in {} decomposed into its levers' Shapley contributions "
                          "(each bar starts where the levers above it left the difference; the line at its end, its 95% interval), "
                          "and the whole difference last. Source: {} ({} runs, {} replications of each coalition, seeds {}).",
                          year, (results.dir / "attribution" / "attribution.csv").string(), m.value("runs", 0),
                          m.value("replications", 0), m.value("seeds", std::string("?")));
  return f;
}

}  // namespace

std::vector<Figure> comparison_figures(const ComparisonResults& results) {
  std::vector<Figure> figures = {by_year(results), results.bands.empty() ? levels(results) : fan(results), by_area(results, "place", "Place", headline_measures().size()),
                                 by_area(results, "pcn", "PCN", 4)};
  if (Figure f = by_deprivation(results); !f.values.empty()) figures.push_back(std::move(f));
  Figure occ = occupancy(results);
  if (!occ.values.empty()) figures.push_back(std::move(occ));
  if (results.attribution) figures.push_back(waterfall(results));
  if (!results.programmes.totals.empty()) {
    figures.push_back(programme_spend(results.programmes, fmt::format("Source: {} in {} ({} replications of each scenario).", results.programmes.source,
                                                                     results.dir.string(), results.manifest.value("replications", 0))));
  }
  return figures;
}

}  // namespace icsim::report
