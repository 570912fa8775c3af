// Designs onto parameters (sweeps/plan.hpp).
#include "sweeps/plan.hpp"

#include <algorithm>
#include <cmath>

#include "experiments/designs.hpp"

namespace icsim::sweeps {

// - A list of n values: value floor(u n) (the last at u = 1). A factorial design's coordinates
//   are its strata's midpoints, so each value is taken once.
// - A range in a factorial design: `levels` evenly spaced values from min to max.
// - Otherwise by the distribution's inverse: uniform, uniform in the logarithm, or triangular.
// An integer parameter takes whole values: min to max equally likely under uniform.
double parameter_value(const SweptParameter& p, double u, DesignKind design, int levels) {
  u = std::clamp(u, 0.0, 1.0);
  if (!p.values.empty()) {
    const auto n = p.values.size();
    return p.values[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
  }
  if (design == DesignKind::kFactorial) {
    const int i = std::min(levels - 1, static_cast<int>(u * levels));
    const double v = p.min + (p.max - p.min) * i / (levels - 1);
    return p.integer ? std::round(v) : v;
  }
  if (p.integer && p.distribution == Distribution::kUniform) return std::min(p.max, std::floor(p.min + u * (p.max - p.min + 1.0)));
  double v = 0.0;
  switch (p.distribution) {
    case Distribution::kUniform: v = p.min + u * (p.max - p.min); break;
    case Distribution::kLogUniform: v = std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min))); break;
    case Distribution::kTriangular: {
      const double width = p.max - p.min, c = (p.mode - p.min) / width;
      v = u < c ? p.min + std::sqrt(u * width * (p.mode - p.min)) : p.max - std::sqrt((1.0 - u) * width * (p.max - p.mode));
      break;
    }
  }
  v = std::clamp(v, p.min, p.max);  // rounding at the ends
  return p.integer ? std::round(v) : v;
}

namespace {

void add_point(const Sweep& sweep, Plan& plan, std::string role, int block, int step, const experiments::Point& unit) {
  DesignPoint d{std::move(role), block, step, unit, {}};
  for (std::size_t j = 0; j < unit.size(); ++j) d.values.push_back(parameter_value(sweep.parameters[j], unit[j], sweep.design, sweep.levels));
  plan.points.push_back(std::move(d));
}

}  // namespace

Plan plan_sweep(const Sweep& sweep) {
  namespace ex = experiments;
  Plan plan;
  const int k = static_cast<int>(sweep.parameters.size());
  switch (sweep.design) {
    case DesignKind::kFactorial: {
      std::vector<int> levels;
      for (const auto& p : sweep.parameters) levels.push_back(p.values.empty() ? sweep.levels : static_cast<int>(p.values.size()));
      for (const auto& u : ex::factorial(levels)) add_point(sweep, plan, "point", 0, 0, u);
      break;
    }
    case DesignKind::kLatinHypercube:
      for (const auto& u : ex::latin_hypercube(sweep.samples, k, sweep.seed)) add_point(sweep, plan, "point", 0, 0, u);
      break;
    case DesignKind::kSobol: {
      const auto d = ex::saltelli(sweep.samples, k);
      for (int i = 0; i < sweep.samples; ++i) {
        const auto row = static_cast<std::size_t>(i);
        add_point(sweep, plan, "A", i, 0, d.a[row]);
        add_point(sweep, plan, "B", i, 0, d.b[row]);
        for (int j = 0; j < k; ++j) add_point(sweep, plan, "AB", i, j, d.ab[static_cast<std::size_t>(j)][row]);
      }
      break;
    }
    case DesignKind::kMorris: {
      const auto trajectories = ex::morris(sweep.samples, k, sweep.levels, sweep.seed);
      for (std::size_t t = 0; t < trajectories.size(); ++t) {
        for (std::size_t s = 0; s < trajectories[t].points.size(); ++s) {
          add_point(sweep, plan, "trajectory", static_cast<int>(t), static_cast<int>(s), trajectories[t].points[s]);
        }
      }
      break;
    }
  }
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (int r = 0; r < sweep.replications; ++r) {
      for (std::size_t s = 0; s < sweep.scenarios.size(); ++s) {
        plan.runs.push_back({static_cast<int>(p), static_cast<int>(s), r, sweep.seed + static_cast<std::uint64_t>(r)});
      }
    }
  }
  return plan;
}

}  // namespace icsim::sweeps
