// A sweep's plan: its design's points, each with its coordinates in the unit cube and its
// parameters' values, and the runs (every scenario at every point, for every replication). A
// pure function of the sweep file, so every process of a sweep plans the same runs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sweeps/sweep_file.hpp"

namespace icsim::sweeps {

struct DesignPoint {
  std::string role;  // "point"; sobol: "A", "B" or "AB"; morris: "trajectory"
  int block = 0;     // sobol: the row of A and B; morris: the trajectory
  int step = 0;      // sobol AB: the factor taken from B; morris: the point's place in its trajectory
  std::vector<double> unit;    // coordinates in [0, 1]
  std::vector<double> values;  // each parameter's value
};

struct PlannedRun {
  int point, scenario, replication;
  std::uint64_t seed;  // the sweep's seed + replication: the same at every point
};

struct Plan {
  std::vector<DesignPoint> points;
  std::vector<PlannedRun> runs;  // by point, then replication, then scenario; a run's id is its index
};

Plan plan_sweep(const Sweep& sweep);

// A coordinate in [0, 1] as the parameter's value under the design (sweeps/plan.cpp gives the rules).
double parameter_value(const SweptParameter& p, double u, DesignKind design, int levels);

}  // namespace icsim::sweeps
