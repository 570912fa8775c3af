// `icsim sweep analyse DIR`: sensitivity of every kept measure to the swept parameters, by the
// estimator the design was made for (Morris mu* and sigma, Sobol' first-order and total indices,
// partial rank correlations for a Latin hypercube, main-effect shares for a factorial grid),
// with the variance due to replication noise set apart from the parameters'. Each scenario is
// analysed, and, with several, each one's difference from the first (run with the same seeds at
// the same point, so the difference is the change's, not noise).
#pragma once
#include <string>
#include <vector>

#include "sweeps/store.hpp"

namespace icsim::sweeps {

struct Statistic {
  std::string output;  // a scenario's name, or "B - A" for scenario B's difference from the first, A
  std::string period, level, area, measure;
  std::string parameter;  // a path, or "(all)" for the variance split
  // mu_star, sigma, mu_star_noise (the mu* noise alone would give), first_order, total, prcc,
  // main_effect; and over all parameters ("(all)"), variance_parameters and variance_noise
  std::string statistic;
  double value, low, high;  // low and high: the 95% bootstrap interval, or the value when there is none
};

// One output's value at every design point (the mean over its replications), for a System cell:
// what a scatter plot against each parameter shows.
struct PointOutcomes {
  std::string output, period, measure;
  std::vector<double> means;  // by point
};

struct Analysis {
  std::string design;
  std::vector<std::string> parameters;
  int points = 0, replications = 0;
  std::vector<Statistic> statistics;
  std::vector<std::string> outputs;                // each scenario, then each one's difference from the first
  std::vector<std::vector<double>> point_values;   // [point][parameter], in the parameters' own units
  std::vector<PointOutcomes> system_outcomes;      // the System's cells
};

// The statistic that ranks parameters for a design: mu_star (Morris), total (Sobol'),
// main_effect (factorial), prcc (Latin hypercube).
std::string main_statistic(const std::string& design);
// The span of the kept years ("2021-2030"), or the one kept period: the longest period label.
std::string kept_span(const Analysis& a);

// Reads the store (every run must be done) and analyses each kept cell, and each measure over
// the kept years together (period "FIRST-LAST": summed, or for a measure that does not add up,
// averaged).
Analysis analyse(SweepStore& store);

// analysis.csv, in the order computed.
std::string analysis_csv(const Analysis& a);
// For people: at the System level over the kept years, each output's measures with the
// parameters ranked by the design's main statistic, with intervals, and the share of noise.
std::string ranking_text(const Analysis& a);

}  // namespace icsim::sweeps
