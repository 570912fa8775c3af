// Sensitivity of a sweep's kept measures (sweeps/analysis.hpp).
#include "sweeps/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include <fmt/format.h>

#include "experiments/sensitivity.hpp"
#include "output/writers.hpp"

namespace icsim::sweeps {
namespace ex = experiments;

namespace {

struct Cell {
  std::string period, level, area, measure;
  auto operator<=>(const Cell&) const = default;
};

// What the store holds, by point and replication: y[output][cell][point][replication].
struct Data {
  std::string design;
  std::vector<std::string> parameters, scenarios;
  std::vector<DesignPoint> points;
  int replications = 0;
  std::uint64_t seed = 0;
  int bootstrap = 0;
  std::vector<std::string> outputs;
  std::map<Cell, std::vector<std::vector<std::vector<double>>>> y;  // [cell][output][point][replication]
};

Data read(SweepStore& store) {
  output::Database& db = store.database();
  Data d;
  d.design = store.meta("design");
  d.replications = std::stoi(store.meta("replications"));
  d.seed = std::stoull(store.meta("seed"));
  d.bootstrap = std::stoi(store.meta("bootstrap"));
  {
    auto q = db.prepare("SELECT path FROM parameters ORDER BY parameter");
    while (q.step()) d.parameters.push_back(q.text(0));
    auto s = db.prepare("SELECT name FROM scenarios ORDER BY scenario");
    while (s.step()) d.scenarios.push_back(s.text(0));
  }
  {
    auto q = db.prepare("SELECT p.point, p.role, p.block, p.step, v.unit, v.value FROM points p JOIN point_values v USING (point) "
                        "ORDER BY p.point, v.parameter");
    while (q.step()) {
      const auto p = static_cast<std::size_t>(q.integer(0));
      if (p >= d.points.size()) d.points.push_back({q.text(1), static_cast<int>(q.integer(2)), static_cast<int>(q.integer(3)), {}, {}});
      d.points[p].unit.push_back(q.real(4));
      d.points[p].values.push_back(q.real(5));
    }
  }
  {
    auto q = db.prepare("SELECT COUNT(*) FROM runs WHERE status != 'done'");
    while (q.step()) {
      if (q.integer(0) > 0) {
        throw output::OutputError(fmt::format("{}: {} runs are not done (resume the sweep, or collect its tasks, first)",
                                              db.file().string(), q.integer(0)));
      }
    }
  }
  d.outputs = d.scenarios;
  for (std::size_t s = 1; s < d.scenarios.size(); ++s) d.outputs.push_back(fmt::format("{} - {}", d.scenarios[s], d.scenarios[0]));
  const std::size_t n_points = d.points.size(), n_rep = static_cast<std::size_t>(d.replications), n_s = d.scenarios.size();
  std::map<std::string, bool> additive;
  {
    auto q = db.prepare("SELECT measure, additive FROM measures");
    while (q.step()) additive[q.text(0)] = q.integer(1) != 0;
  }
  std::set<std::string> years;
  auto q = db.prepare("SELECT r.point, r.replication, r.scenario, x.period, x.level, x.area, x.measure, x.value FROM results x "
                      "JOIN runs r USING (run) ORDER BY x.run, x.period, x.level, x.area, x.measure");
  auto slot = [&](const Cell& c) -> auto& {
    auto& v = d.y[c];
    if (v.empty()) v.assign(d.outputs.size(), std::vector<std::vector<double>>(n_points, std::vector<double>(n_rep, 0.0)));
    return v;
  };
  while (q.step()) {
    const auto p = static_cast<std::size_t>(q.integer(0)), r = static_cast<std::size_t>(q.integer(1)), s = static_cast<std::size_t>(q.integer(2));
    const Cell cell{q.text(3), q.text(4), q.text(5), q.text(6)};
    const double v = q.real(7);
    if (cell.period.size() == 4) years.insert(cell.period);
    slot(cell)[s][p][r] = v;
  }
  // The kept years together.
  if (years.size() > 1) {
    const std::string span = *years.begin() + "-" + *years.rbegin();
    std::map<Cell, std::vector<std::vector<std::vector<double>>>> totals;
    for (const auto& [cell, v] : d.y) {
      if (cell.period.size() != 4) continue;
      auto& t = totals[Cell{span, cell.level, cell.area, cell.measure}];
      if (t.empty()) t.assign(v.size(), std::vector<std::vector<double>>(n_points, std::vector<double>(n_rep, 0.0)));
      const double weight = additive.contains(cell.measure) && !additive[cell.measure] ? 1.0 / static_cast<double>(years.size()) : 1.0;
      for (std::size_t s = 0; s < n_s; ++s)
        for (std::size_t p = 0; p < n_points; ++p)
          for (std::size_t r = 0; r < n_rep; ++r) t[s][p][r] += weight * v[s][p][r];
    }
    d.y.insert(totals.begin(), totals.end());
  }
  for (auto& [cell, v] : d.y) {
    for (std::size_t s = 1; s < n_s; ++s)
      for (std::size_t p = 0; p < n_points; ++p)
        for (std::size_t r = 0; r < n_rep; ++r) v[n_s + s - 1][p][r] = v[s][p][r] - v[0][p][r];
  }
  return d;
}

std::vector<double> point_means(const std::vector<std::vector<double>>& y) {
  std::vector<double> out;
  for (const auto& reps : y) {
    double sum = 0.0;
    for (double v : reps) sum += v;
    out.push_back(sum / static_cast<double>(reps.size()));
  }
  return out;
}

// The design's estimates for one output: (parameter index, statistic, estimate).
struct Row {
  std::size_t parameter;
  std::string statistic;
  ex::Estimate e;
};

std::vector<Row> estimate(const Data& d, const std::vector<double>& f) {
  std::vector<Row> rows;
  const std::size_t k = d.parameters.size();
  if (d.design == "morris") {
    std::map<int, std::vector<std::size_t>> by_trajectory;
    for (std::size_t p = 0; p < d.points.size(); ++p) by_trajectory[d.points[p].block].push_back(p);
    std::vector<ex::MorrisTrajectory> trajectories;
    std::vector<std::vector<double>> values;
    for (const auto& [t, points] : by_trajectory) {
      ex::MorrisTrajectory tr;
      std::vector<double> fs;
      for (std::size_t i = 0; i < points.size(); ++i) {
        tr.points.push_back(d.points[points[i]].unit);
        fs.push_back(f[points[i]]);
        if (i == 0) continue;
        const auto& a = d.points[points[i - 1]].unit;
        const auto& b = d.points[points[i]].unit;
        std::size_t moved = 0;
        while (moved + 1 < k && a[moved] == b[moved]) ++moved;
        tr.factor.push_back(static_cast<int>(moved));
        tr.step.push_back(b[moved] - a[moved]);
      }
      trajectories.push_back(std::move(tr));
      values.push_back(std::move(fs));
    }
    const auto m = ex::morris_effects(trajectories, values, d.bootstrap, d.seed);
    for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "mu_star", m.mu_star[j]});
    for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "sigma", m.sigma[j]});
  } else if (d.design == "sobol") {
    std::vector<double> fa, fb;
    std::vector<std::vector<double>> fab(k);
    for (std::size_t p = 0; p < d.points.size(); ++p) {
      const DesignPoint& pt = d.points[p];
      if (pt.role == "A") fa.push_back(f[p]);
      else if (pt.role == "B") fb.push_back(f[p]);
      else fab[static_cast<std::size_t>(pt.step)].push_back(f[p]);
    }
    const auto s = ex::sobol_indices(fa, fb, fab, d.bootstrap, d.seed);
    for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "first_order", s.first[j]});
    for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "total", s.total[j]});
  } else {
    std::vector<ex::Point> x;
    for (const auto& p : d.points) x.push_back(p.unit);
    if (d.design == "latin_hypercube") {
      if (x.size() <= k + 2) return rows;  // too few points for partial correlations
      const auto prcc = ex::partial_rank_correlations(x, f, d.bootstrap, d.seed);
      for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "prcc", prcc[j]});
    } else {  // a full grid's shares, exact for it: no interval
      const auto shares = ex::main_effect_shares(x, f);
      for (std::size_t j = 0; j < k; ++j) rows.push_back({j, "main_effect", {shares[j], shares[j], shares[j]}});
    }
  }
  return rows;
}

// Each parameter's mu* that replication noise alone would give. Replication r of every point
// shares its seed, so each step's elementary effect is taken replication by replication; their
// spread over the replications is the noise of the step's mean effect (common random numbers
// included), and a factor with no effect would show a mean absolute effect of sqrt(2 / pi) times
// its standard deviation. Effects near it cannot be told from noise.
std::vector<double> morris_noise(const Data& d, const std::vector<std::vector<double>>& y) {
  const std::size_t k = d.parameters.size(), reps = static_cast<std::size_t>(d.replications);
  std::vector<double> sum(k, 0.0);
  std::vector<int> steps(k, 0);
  for (std::size_t p = 1; p < d.points.size(); ++p) {
    const auto &a = d.points[p - 1], &b = d.points[p];
    if (a.block != b.block) continue;
    std::size_t j = 0;
    while (j + 1 < k && a.unit[j] == b.unit[j]) ++j;
    const double delta = b.unit[j] - a.unit[j];
    std::vector<double> ee;
    for (std::size_t r = 0; r < reps; ++r) ee.push_back((y[p][r] - y[p - 1][r]) / delta);
    double mean = 0.0, var = 0.0;
    for (double e : ee) mean += e / static_cast<double>(reps);
    for (double e : ee) var += (e - mean) * (e - mean) / static_cast<double>(reps - 1);
    sum[j] += var / static_cast<double>(reps);
    ++steps[j];
  }
  std::vector<double> out(k, 0.0);
  for (std::size_t j = 0; j < k; ++j) out[j] = steps[j] > 0 ? std::sqrt(2.0 / std::numbers::pi * sum[j] / steps[j]) : 0.0;
  return out;
}

}  // namespace

Analysis analyse(SweepStore& store) {
  const Data d = read(store);
  Analysis out{d.design, d.parameters, static_cast<int>(d.points.size()), d.replications, {}, d.outputs, {}, {}};
  for (const DesignPoint& p : d.points) out.point_values.push_back(p.values);
  for (const auto& [cell, by_output] : d.y) {
    for (std::size_t o = 0; o < d.outputs.size(); ++o) {
      const std::vector<double> means = point_means(by_output[o]);
      if (cell.level == "system") out.system_outcomes.push_back({d.outputs[o], cell.period, cell.measure, means});
      auto add = [&](const std::string& parameter, const std::string& statistic, const ex::Estimate& e) {
        out.statistics.push_back({d.outputs[o], cell.period, cell.level, cell.area, cell.measure, parameter, statistic, e.value, e.low, e.high});
      };
      for (const Row& r : estimate(d, means)) add(d.parameters[r.parameter], r.statistic, r.e);
      if (d.replications >= 2) {
        const auto split = ex::split_variance(by_output[o]);
        add("(all)", "variance_parameters", {split.parameters, split.parameters, split.parameters});
        add("(all)", "variance_noise", {split.noise, split.noise, split.noise});
        if (d.design == "morris") {
          const auto noise = morris_noise(d, by_output[o]);
          for (std::size_t j = 0; j < noise.size(); ++j) add(d.parameters[j], "mu_star_noise", {noise[j], noise[j], noise[j]});
        }
      }
    }
  }
  return out;
}

std::string analysis_csv(const Analysis& a) {
  std::string out = "output,period,level,area,measure,parameter,statistic,value,low,high\n";
  for (const auto& s : a.statistics) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", s.output, s.period, s.level, s.area, s.measure, s.parameter,
                   s.statistic, s.value, s.low, s.high);
  }
  return out;
}

std::string main_statistic(const std::string& design) {
  return design == "morris" ? "mu_star" : design == "sobol" ? "total" : design == "factorial" ? "main_effect" : "prcc";
}

std::string kept_span(const Analysis& a) {
  std::string longest;
  for (const auto& s : a.statistics) {
    if (s.level == "system" && s.period.size() > longest.size()) longest = s.period;
  }
  return longest;
}

std::string ranking_text(const Analysis& a) {
  const std::string main = main_statistic(a.design);
  const std::string longest = kept_span(a);
  std::string out = fmt::format("{} design, {} points, {} replication{} each; parameters ranked by {} at the System level, {}\n",
                                a.design, a.points, a.replications, a.replications == 1 ? "" : "s", main, longest);
  std::map<std::pair<std::string, std::string>, std::vector<const Statistic*>> groups;  // (output, measure)
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& s : a.statistics) {
    if (s.level != "system" || s.period != longest) continue;
    const auto key = std::make_pair(s.output, s.measure);
    if (!groups.contains(key)) order.push_back(key);
    groups[key].push_back(&s);
  }
  for (const auto& key : order) {
    const auto& stats = groups[key];
    std::vector<const Statistic*> ranked;
    double noise = -1.0, parameters = 0.0;
    std::map<std::string, double> floor;
    for (const Statistic* s : stats) {
      if (s->statistic == main) ranked.push_back(s);
      if (s->statistic == "variance_noise") noise = s->value;
      if (s->statistic == "variance_parameters") parameters = s->value;
      if (s->statistic == "mu_star_noise") floor[s->parameter] = s->value;
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Statistic* x, const Statistic* y) { return std::abs(x->value) > std::abs(y->value); });
    out += fmt::format("\n{}: {}", key.first, key.second);
    if (noise >= 0.0 && noise + parameters > 0.0) {
      out += fmt::format(" (replication noise {:.0f}% of the variance)", 100.0 * noise / (noise + parameters));
    }
    out += "\n";
    if (ranked.empty()) {
      out += "  too few points for the design's statistics\n";
      continue;
    }
    if (std::all_of(ranked.begin(), ranked.end(), [](const Statistic* s) { return std::isnan(s->value); })) {
      out += "  it does not vary across the points: nothing to rank\n";  // a scenario the parameters do not touch
      continue;
    }
    std::size_t width = 0;
    for (const Statistic* s : ranked) width = std::max(width, s->parameter.size());
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const Statistic& s = *ranked[i];
      out += fmt::format("  {:>2}. {:<{}} {:>12.4g}", i + 1, s.parameter, width, s.value);
      if (s.low != s.value || s.high != s.value) out += fmt::format("  [{:.4g}, {:.4g}]", s.low, s.high);
      if (floor.contains(s.parameter)) out += fmt::format("  noise alone: {:.4g}", floor[s.parameter]);
      out += "\n";
    }
  }
  return out;
}

}  // namespace icsim::sweeps
