// Reading a sweep's folder and the report's figures drawn from it (report/sweep_report.hpp).
#include "report/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "output/sqlite.hpp"
#include "output/writers.hpp"
#include "sim/sha256.hpp"
#include "sweeps/store.hpp"

namespace icsim::report {
namespace fs = std::filesystem;
using nlohmann::json;

std::string measure_label(const std::string& measure) {
  for (const Headline& h : headline_measures()) {
    if (h.measure == measure) return std::string(h.label);
  }
  return measure;
}

bool is_sweep_folder(const fs::path& dir) { return fs::is_regular_file(dir / sweeps::SweepStore::kFileName); }

std::string parameter_label(const std::string& path) {
  std::string_view label = path;
  for (const std::string_view prefix : {"programmes.library.", "programmes.mechanisms.", "flow.", "health."}) {
    if (label.starts_with(prefix)) label.remove_prefix(prefix.size());
  }
  if (label.ends_with(".central")) label.remove_suffix(std::string_view(".central").size());
  const std::size_t effects = label.find(".effects.");
  if (effects == std::string_view::npos) return std::string(label);
  return fmt::format("{} {}", label.substr(0, effects), label.substr(effects + std::string_view(".effects.").size()));
}

namespace {

void read_store(SweepResults& r, output::Database& db) {
  auto meta = db.prepare("SELECT key, value FROM meta");
  while (meta.step()) r.meta[meta.text(0)] = meta.text(1);
  if (r.meta.contains("effective_sweep")) r.meta["effective_sweep"] = json::parse(r.meta["effective_sweep"].get<std::string>());
  auto scenarios = db.prepare("SELECT name, file, digest FROM scenarios ORDER BY scenario");
  while (scenarios.step()) r.scenarios.push_back({{"name", scenarios.text(0)}, {"file", scenarios.text(1)}, {"digest", scenarios.text(2)}});
  auto runs = db.prepare("SELECT COUNT(*), COUNT(DISTINCT host), COALESCE(SUM(wall_seconds), 0), COALESCE(MAX(peak_memory_mb), 0), "
                         "COALESCE(MIN(finished_utc), ''), COALESCE(MAX(finished_utc), '') FROM runs");
  while (runs.step()) {
    r.runs = {{"runs", runs.integer(0)}, {"hosts", runs.integer(1)}, {"run_seconds", runs.real(2)}, {"peak_memory_mb", runs.real(3)},
              {"first_finished", runs.text(4)}, {"last_finished", runs.text(5)}};
  }
}

}  // namespace

SweepResults read_sweep(const fs::path& dir) {
  SweepResults r;
  r.dir = dir;
  r.database = dir / sweeps::SweepStore::kFileName;
  try {
    r.database_sha256 = sim::sha256_hex(output::read_text(r.database));
    auto store = sweeps::SweepStore::open(r.database);
    read_store(r, store.database());
    r.analysis = sweeps::analyse(store);
  } catch (const std::exception& e) {
    const std::string what = e.what();  // the store's errors name their file already
    throw ReportError({what.starts_with(r.database.string()) ? what : fmt::format("{}: {}", r.database.string(), what)});
  }
  r.span = sweeps::kept_span(r.analysis);
  const auto& outputs = r.analysis.outputs;
  const std::size_t scenarios = r.scenarios.size();
  r.ranked = scenarios > 1 ? std::vector<std::string>(outputs.begin() + static_cast<std::ptrdiff_t>(scenarios), outputs.end()) : outputs;
  if (r.span.empty()) throw ReportError({fmt::format("{}: the sweep kept no System values to report", r.database.string())});
  return r;
}

namespace {

std::string source_caption(const SweepResults& r, const std::string& what) {
  return fmt::format("{} Source: {} (sweep {}, {} design, {} points, {} replications each, seed {}; {}).", what, r.database.string(),
                     r.meta.value("name", ""), r.analysis.design, r.analysis.points, r.analysis.replications, r.meta.value("seed", ""),
                     r.meta.value("model_version", ""));
}

// The ranked outputs' System statistics over the kept years, by (output, measure).
std::map<std::pair<std::string, std::string>, std::vector<const sweeps::Statistic*>> ranking(const SweepResults& r) {
  std::map<std::pair<std::string, std::string>, std::vector<const sweeps::Statistic*>> out;
  const std::string main = sweeps::main_statistic(r.analysis.design);
  for (const auto& s : r.analysis.statistics) {
    if (s.level != "system" || s.period != r.span || s.statistic != main) continue;
    if (std::find(r.ranked.begin(), r.ranked.end(), s.output) == r.ranked.end() || std::isnan(s.value)) continue;
    out[{s.output, s.measure}].push_back(&s);
  }
  for (auto& [key, stats] : out) {
    std::stable_sort(stats.begin(), stats.end(), [](const auto* a, const auto* b) { return std::fabs(a->value) > std::fabs(b->value); });
  }
  return out;
}

Figure ranking_figure(const SweepResults& r) {
  const std::string main = sweeps::main_statistic(r.analysis.design);
  Figure f{"sensitivity-ranking", fmt::format("Which parameters decide each measure, {}", r.span), "", "sensitivity-ranking.vl.json",
           json::array(), {"output", "measure", "label", "parameter", "path", "rank", "statistic", "value", "low", "high"}};
  f.settings = {{"/spec/layer/1/encoding/x/title", main}};
  int order = 0;
  for (const auto& [key, stats] : ranking(r)) {
    const std::string label = r.ranked.size() > 1 ? fmt::format("{}: {}", measure_label(key.second), key.first) : measure_label(key.second);
    for (std::size_t k = 0; k < stats.size(); ++k) {
      const auto& s = *stats[k];
      // A bootstrap that cannot estimate (too few points for the parameters) gives no interval.
      const bool bounded = std::isfinite(s.low) && std::isfinite(s.high);
      f.values.push_back({{"output", s.output}, {"measure", s.measure}, {"label", label}, {"order", order}, {"parameter", parameter_label(s.parameter)},
                          {"path", s.parameter}, {"rank", k + 1}, {"statistic", s.statistic}, {"value", s.value}, {"low", bounded ? s.low : s.value}, {"high", bounded ? s.high : s.value}});
    }
    ++order;
  }
  f.caption = source_caption(r, fmt::format("Each parameter's {} for each kept measure of the whole System over {} (dot), with its 95% "
                                            "bootstrap interval (line), largest first.", main, r.span));
  return f;
}

// Each kept measure of the first ranked output against each of the (up to) four parameters that
// rank highest for its first measure: one dot per design point, the mean of its replications.
Figure scatter_figure(const SweepResults& r) {
  Figure f{"sweep-scatter", "How the measures move with the main parameters", "", "sweep-scatter.vl.json", json::array(),
           {"output", "measure", "parameter", "path", "point", "x", "y"}};
  const auto ranks = ranking(r);
  const std::string& output = r.ranked.front();
  std::vector<std::string> top;
  for (const auto& [key, stats] : ranks) {
    if (key.first != output) continue;
    for (std::size_t k = 0; k < stats.size() && top.size() < 4; ++k) top.push_back(stats[k]->parameter);
    break;
  }
  const auto& params = r.analysis.parameters;
  for (const sweeps::PointOutcomes& o : r.analysis.system_outcomes) {
    if (o.output != output || o.period != r.span) continue;
    for (std::size_t t = 0; t < top.size(); ++t) {
      const std::size_t j = static_cast<std::size_t>(std::find(params.begin(), params.end(), top[t]) - params.begin());
      for (std::size_t p = 0; p < o.means.size(); ++p) {
        f.values.push_back({{"output", output}, {"measure", measure_label(o.measure)}, {"parameter", parameter_label(top[t])}, {"parameter_order", t},
                            {"path", top[t]}, {"point", p}, {"x", r.analysis.point_values[p][j]}, {"y", o.means[p]}});
      }
    }
  }
  f.caption = source_caption(r, fmt::format("{} over {}: each kept measure of the whole System (rows) at each design point, the mean of its "
                                            "replications, against each of the parameters ranked highest for the first measure (columns).",
                                            output, r.span));
  return f;
}

}  // namespace

std::vector<Figure> sweep_figures(const SweepResults& r) {
  std::vector<Figure> figures;
  if (Figure f = ranking_figure(r); !f.values.empty()) figures.push_back(std::move(f));
  if (Figure f = scatter_figure(r); !f.values.empty()) figures.push_back(std::move(f));
  return figures;
}

}  // namespace icsim::report
