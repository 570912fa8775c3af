// Reading a run's or a replications folder, and the report's figures drawn from it
// (report/run_report.hpp).
#include "report/run_report.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "output/sqlite.hpp"
#include "output/writers.hpp"
#include "report/calibration_status.hpp"
#include "scenarios/csv_table.hpp"
#include "sim/sha256.hpp"

namespace icsim::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string key_of(std::string_view period, std::string_view level, std::string_view area, std::string_view group,
                   std::string_view measure) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", period, level, area, group, measure);
}

// What the report reads of a run: the headline measures, the 4-hour standard's denominator,
// occupancy, and person-years for rates by deprivation.
std::vector<std::string> read_measures() {
  std::vector<std::string> measures;
  for (const Headline& h : headline_measures()) measures.emplace_back(h.measure);
  for (const char* m : {"ae_timed_attendances", "ae_share_over_4h", "bed_occupancy_rate", "person_years", "residents"}) measures.emplace_back(m);
  return measures;
}

const std::vector<std::string> kGroups = {"all", "imd1", "imd2", "imd3", "imd4", "imd5"};

// One run: its results database, the whole population and each deprivation quintile.
void read_database(RunResults& r) {
  output::Database db(r.source, output::Database::Mode::kReadOnly);
  const std::vector<std::string> measures = read_measures();
  std::string columns;
  for (const auto& m : measures) columns += ", v." + m;
  auto q = db.prepare("SELECT p.label, a.level, a.name, a.display_name, g.name" + columns +
                      " FROM measure_values v JOIN periods p ON p.id = v.period_id JOIN areas a ON a.id = v.area_id"
                      " JOIN groups g ON g.id = v.group_id WHERE g.name IN ('all', 'imd1', 'imd2', 'imd3', 'imd4', 'imd5')");
  while (q.step()) {
    const std::string area = q.text(2);
    r.area_names.emplace(area, q.text(3));
    for (std::size_t m = 0; m < measures.size(); ++m) {
      const double v = q.real(static_cast<int>(5 + m));
      r.rows.push_back({q.text(0), q.text(1), area, q.text(4), measures[m], v, v, v, v, v, v});
    }
  }
}

// Replications: summary.csv (group `all`).
void read_summary(RunResults& r, std::vector<std::string>& problems) {
  const std::vector<std::string> wanted = read_measures();
  const scenarios::CsvRecords csv = scenarios::csv_records(output::read_text(r.source));
  const std::vector<std::string> columns = {"period", "level", "area", "measure", "mean", "p2_5", "p25", "p50", "p75", "p97_5"};
  const std::vector<std::string>& header = csv.records.front();
  if (header != columns) {
    problems.push_back(fmt::format("{}: its header is \"{}\"; `icsim run --replications N` writes \"{}\" (a summary from an older "
                                   "icsim has no p25 and p75: run the replications again)",
                                   r.source.string(), fmt::join(header, ","), fmt::join(columns, ",")));
    return;
  }
  for (std::size_t k = 1; k < csv.records.size() && problems.size() <= 20; ++k) {
    const std::vector<std::string>& f = csv.records[k];
    if (f.size() != columns.size()) {
      problems.push_back(fmt::format("{}: line {} has {} fields (expected {})", r.source.string(), csv.lines[k], f.size(), columns.size()));
      continue;
    }
    if (std::find(wanted.begin(), wanted.end(), f[3]) == wanted.end()) continue;
    double v[6] = {};
    for (std::size_t c = 0; c < 6; ++c) {
      const std::string& cell = f[4 + c];
      const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), v[c]);
      if (error != std::errc() || end != cell.data() + cell.size()) {
        problems.push_back(fmt::format("{}: line {}, column {}: \"{}\" is not a number", r.source.string(), csv.lines[k], columns[4 + c], cell));
      }
    }
    r.rows.push_back({f[0], f[1], f[2], "all", f[3], v[0], v[1], v[2], v[3], v[4], v[5]});
  }
  const json names = r.manifest.value("area_names", json::object());
  for (const auto& [id, name] : names.items()) r.area_names.emplace(id, name.is_string() ? name.get<std::string>() : id);
}

json csv_rows(const fs::path& file, std::vector<std::string>& problems) {
  if (!fs::is_regular_file(file)) return json::array();
  try {
    return scenarios::parse_csv(output::read_text(file), {}).rows;
  } catch (const std::runtime_error& e) {
    problems.push_back(fmt::format("{}: {}", file.string(), e.what()));
    return json::array();
  }
}

}  // namespace

bool is_run_folder(const fs::path& dir) { return fs::is_regular_file(dir / "results.sqlite") || fs::is_regular_file(dir / "summary.csv"); }

const RunRow* RunResults::find(std::string_view period, std::string_view level, std::string_view area, std::string_view group,
                               std::string_view measure) const {
  const auto it = index.find(key_of(period, level, area, group, measure));
  return it == index.end() ? nullptr : &rows[it->second];
}

const RunRow* RunResults::system(std::string_view period, std::string_view measure, std::string_view group) const {
  return find(period, "system", "", group, measure);
}

std::string RunResults::area_name(const std::string& id) const {
  const auto it = area_names.find(id);
  return it == area_names.end() ? id : it->second;
}

RunResults read_run(const fs::path& dir) {
  RunResults r;
  r.dir = dir;
  r.replicated = !fs::is_regular_file(dir / "results.sqlite");
  r.source = dir / (r.replicated ? "summary.csv" : "results.sqlite");
  std::vector<std::string> problems;
  try {
    r.manifest = json::parse(output::read_text(dir / "manifest.json"));
  } catch (const std::exception& e) {
    throw ReportError({fmt::format("{}: not a run's manifest ({})", (dir / "manifest.json").string(), e.what())});
  }
  try {
    r.description = json::parse(output::read_text(dir / "effective_scenario.json")).value("description", "");
  } catch (const std::exception&) {
    r.description = r.manifest.value("description", "");  // the scenario's words are for people; the numbers do not need them
  }
  try {
    r.source_sha256 = sim::sha256_hex(output::read_text(r.source));
    if (r.replicated) read_summary(r, problems);
    else read_database(r);
  } catch (const std::runtime_error& e) {
    problems.push_back(fmt::format("{}: {}", r.source.string(), e.what()));
  }
  r.programmes = r.replicated ? read_programme_totals(dir, problems)
                              : run_programmes(r.scenario(), csv_rows(dir / "programmes.csv", problems), csv_rows(dir / "decisions.csv", problems));
  r.calibration = read_calibration(dir, problems);
  static const std::regex year(R"(\d{4})");
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    const RunRow& row = r.rows[k];
    r.index.emplace(key_of(row.period, row.level, row.level == "system" ? "" : row.area, row.group, row.measure), k);
    if (std::regex_match(row.period, year) && std::find(r.years.begin(), r.years.end(), row.period) == r.years.end()) r.years.push_back(row.period);
  }
  std::sort(r.years.begin(), r.years.end());
  if (problems.empty() && r.years.empty()) problems.push_back(fmt::format("{}: no yearly values (periods such as 2021)", r.source.string()));
  if (!problems.empty()) throw ReportError(problems);
  return r;
}

namespace {

std::string source_caption(const RunResults& r, const std::string& what) {
  const json& m = r.manifest;
  const std::string runs = r.replicated ? fmt::format("{} replications, seeds {}", m.value("replications", 0), manifest_text(m, "seeds"))
                                        : fmt::format("one run, seed {}", manifest_text(m, "seed"));
  return fmt::format("{} Source: {} ({}; icsim {}, commit {}).", what, r.source.string(), runs, manifest_text(m, "icsim_version"),
                     manifest_text(m, "git_commit").substr(0, 12));
}

Figure by_year(const RunResults& r) {
  const auto& headlines = headline_measures();
  if (!r.replicated) {
    Figure f{"levels-by-year", "Year by year, System", "", "levels-by-year.vl.json", json::array(), {"series", "measure", "label", "year", "value"}};
    for (std::size_t h = 0; h < headlines.size(); ++h) {
      for (const auto& y : r.years) {
        if (const RunRow* row = r.system(y, headlines[h].measure)) {
          f.values.push_back({{"series", r.scenario()}, {"measure", row->measure}, {"label", headlines[h].label}, {"order", h}, {"year", y}, {"value", row->mean}});
        }
      }
    }
    f.caption = source_caption(r, "Each headline measure for the whole System, each year.");
    return f;
  }
  Figure f{"fan-by-year", "Year by year, System: median and spread over replications", "", "fan-by-year.vl.json", json::array(),
           {"series", "measure", "label", "year", "p2_5", "p25", "p50", "p75", "p97_5"}};
  for (std::size_t h = 0; h < headlines.size(); ++h) {
    for (const auto& y : r.years) {
      if (const RunRow* row = r.system(y, headlines[h].measure)) {
        f.values.push_back({{"series", r.scenario()}, {"measure", row->measure}, {"label", headlines[h].label}, {"order", h}, {"year", y},
                            {"p2_5", row->p2_5}, {"p25", row->p25}, {"p50", row->p50}, {"p75", row->p75}, {"p97_5", row->p97_5}});
      }
    }
  }
  f.caption = source_caption(r, "Each headline measure for the whole System, each year: the median over replications (line), the "
                                "middle 50% of replications (dark band) and 95% (light band).");
  return f;
}

// Each headline measure by Place in the last year: the value (dot), and for replications the
// range of the middle 95% (line). One specification with the comparison's differences by area.
Figure by_place(const RunResults& r) {
  const std::string& year = r.years.back();
  Figure f{"by-place", fmt::format("By Place in {}", year), "", "difference-by-area.vl.json", json::array(),
           {"measure", "label", "year", "area", "value", "p2_5", "p97_5"}};
  f.settings = {{"/spec/layer/1/encoding/x/title", r.replicated ? "mean, and 95% of replications" : "value"},
                {"/spec/layer/1/encoding/color/legend", nullptr}};
  const auto& headlines = headline_measures();
  std::map<std::string, std::string> places;  // name -> id
  for (const RunRow& row : r.rows) {
    if (row.level == "place") places.emplace(r.area_name(row.area), row.area);
  }
  for (std::size_t h = 0; h < headlines.size(); ++h) {
    int order = 0;
    for (const auto& [name, id] : places) {
      const RunRow* row = r.find(year, "place", id, "all", headlines[h].measure);
      if (row == nullptr) continue;
      f.values.push_back({{"scenario", r.scenario()}, {"measure", row->measure}, {"label", headlines[h].label}, {"order", h}, {"year", year},
                          {"area", name}, {"area_order", order++}, {"value", row->mean}, {"difference", row->mean}, {"low", row->p2_5},
                          {"high", row->p97_5}, {"p2_5", row->p2_5}, {"p97_5", row->p97_5}});
    }
  }
  f.caption = source_caption(r, fmt::format("Each headline measure by Place in {}{}.", year,
                                            r.replicated ? ": the mean over replications (dot) and the middle 95% of them (line)" : ""));
  return f;
}

// Rates per 1,000 person-years by deprivation quintile (1 most deprived), in the last year.
Figure by_deprivation(const RunResults& r) {
  const std::string& year = r.years.back();
  Figure f{"by-deprivation", fmt::format("By deprivation quintile in {}: rates per 1,000 person-years", year), "", "rate-by-group.vl.json",
           json::array(), {"measure", "label", "year", "group", "count", "person_years", "rate_per_1000"}};
  const auto& headlines = headline_measures();
  for (std::size_t h = 0; h < 4; ++h) {
    for (int q = 1; q <= 5; ++q) {
      const std::string group = fmt::format("imd{}", q);
      const RunRow* count = r.system(year, headlines[h].measure, group);
      const RunRow* years = r.system(year, "person_years", group);
      if (count == nullptr || years == nullptr || years->mean <= 0.0) continue;
      f.values.push_back({{"measure", count->measure}, {"label", headlines[h].label}, {"order", h}, {"year", year},
                          {"group", std::to_string(q)},
                          {"count", count->mean}, {"person_years", years->mean}, {"rate_per_1000", 1000.0 * count->mean / years->mean}});
    }
  }
  f.caption = source_caption(r, fmt::format("The first four headline measures for residents of each deprivation quintile (IMD 2019 of "
                                            "their LSOA; 1 is the most deprived fifth) in {}, per 1,000 person-years lived in it.", year));
  return f;
}

Figure occupancy(const RunResults& r) {
  Figure f{"occupancy-by-month", "Bed occupancy through the year, by acute site", "", "occupancy-by-month.vl.json", json::array(),
           {"series", "area", "month", "value"}};
  static const std::regex month(R"(\d{4}-\d{2})");
  for (const RunRow& row : r.rows) {
    if (row.level != "site" || row.measure != "bed_occupancy_rate" || row.group != "all" || !std::regex_match(row.period, month)) continue;
    f.values.push_back({{"series", r.scenario()}, {"comparator", false}, {"area", r.area_name(row.area)}, {"month", row.period + "-01"}, {"value", row.mean}});
  }
  f.caption = source_caption(r, fmt::format("General and acute beds occupied as a share of beds open, by acute site and month{}; red dots, 92%.",
                                            r.replicated ? ": the mean over replications" : ""));
  return f;
}

}  // namespace

std::vector<Figure> run_figures(const RunResults& r) {
  std::vector<Figure> figures = {by_year(r), by_place(r)};
  if (Figure f = by_deprivation(r); !f.values.empty()) figures.push_back(std::move(f));
  if (Figure f = occupancy(r); !f.values.empty()) figures.push_back(std::move(f));
  if (!r.programmes.totals.empty()) figures.push_back(programme_spend(r.programmes, fmt::format("Source: {} in {}.", r.programmes.source, r.dir.string())));
  return figures;
}

}  // namespace icsim::report
