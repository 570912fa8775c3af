// The sweep file's specification (`icsim sweep --json-schema`): what a parameter sweep varies,
// how, and what it keeps. sweeps/sweep_file.cpp reads it; its rules beyond types and ranges
// (registry paths, ranges within the parameter's, the design's needs) are checked there.
#include <nlohmann/json.hpp>

#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {
using json = nlohmann::json;

namespace {

Spec with_default(Spec s, json def) {
  s.default_value = std::move(def);
  s.required = false;
  return s;
}

Spec parameter_spec() {
  return object(
      "One swept parameter: a range (min and max, with a distribution) or a list of values.",
      {
          {"path", string("The parameter's registry path, as `icsim params` lists it (a number or an integer, not an element "
                          "of a list): it is set to the point's value in every scenario of the sweep.")},
          {"min", optional(number("Lower end of the range.", "the parameter's", json(), std::nullopt, std::nullopt, ""))},
          {"max", optional(number("Upper end of the range.", "the parameter's", json(), std::nullopt, std::nullopt, ""))},
          {"values", optional(list("The values to take instead of a range (factorial designs take each; other designs "
                                   "pick one by the point's coordinate).",
                                   number("", "", json(), std::nullopt, std::nullopt, ""), 2))},
          {"distribution",
           with_default(string("How the design's coordinate in [0, 1) maps onto the range: uniform; log_uniform (uniform in the logarithm, "
                  "for multipliers and rates spanning an order of magnitude; min > 0); triangular (with `mode`).",
                  {"uniform", "log_uniform", "triangular"}),
           "uniform")},
          {"mode", optional(number("The triangular distribution's most likely value, within [min, max].", "the parameter's",
                                   json(), std::nullopt, std::nullopt, ""))},
      });
}

}  // namespace

Spec sweep_spec_root() {
  Spec design = object(
      "The design: which points of the parameters' space are run.",
      {
          {"kind", string("factorial: every combination (a range takes `levels` evenly spaced values from min to max); "
                          "latin_hypercube: `samples` points, one in each of `samples` strata of every parameter; sobol: "
                          "Saltelli's scheme over a Sobol' sequence, `samples` x (parameters + 2) points, for first-order "
                          "and total indices; morris: `samples` trajectories of parameters + 1 points on a grid of "
                          "`levels` values, for elementary effects.",
                          {"factorial", "latin_hypercube", "sobol", "morris"})},
          {"samples", optional(integer("Points (latin_hypercube), base samples (sobol) or trajectories (morris).", "",
                                       json(), 2, 100000, ""))},
          {"levels", integer("Grid levels of each range (factorial; morris: even).", "", 4, 2, 100, "")},
      });
  Spec keep = defaulted(
      "What each run keeps in sweep.sqlite: group `all` of these measures, at these levels and areas, by these periods.",
      {
          {"measures", with_default(strings("Measures (`icsim measures`)."),
                                    json::array({"emergency_admissions", "ae_attendances", "delayed_transfer_days",
                                                 "residential_admissions"}))},
          {"levels", with_default(list("Area levels.", string("", {"system", "place", "pcn", "site"}), 1),
                                  json::array({"system", "place"}))},
          {"areas", with_default(list("Areas to keep (their identifiers in measures.csv); empty: every area at the kept levels.",
                                      string("")),
                                 json::array())},
          {"periods", with_default(string("years: each calendar year; months: each month; all: both.", {"years", "months", "all"}),
                                   "years")},
      });
  Spec root = object(
      "An icsim parameter sweep.",
      {
          {"schema_version", integer("Version of this file format.", "", json(), 1, 1, "")},
          {"$schema", optional(string("The JSON Schema editors use to check this file (scenarios/sweeps/icsim-sweep.schema.json, "
                                      "from `icsim sweep --json-schema`); ignored by icsim."))},
          {"name", string("Short name (letters, digits, -, _ and .).")},
          {"description", optional(string("What the sweep asks."))},
          {"scenarios", list("Scenario files (relative to this file), each run at every point with the same seeds; with more "
                             "than one, the analysis also takes each one's difference from the first.",
                             string(""), 1)},
          {"parameters", list("The swept parameters, each a coordinate of the design.", parameter_spec(), 1)},
          {"design", design},
          {"replications", integer("Runs of each scenario at each point, with seeds seed, seed + 1, ...: the same at every "
                                   "point (common random numbers).",
                                   "", 1, 1, 1000, "")},
          {"seed", integer("The first replication's seed; the design's random choices are keyed by it too.", "", 1, 0,
                           9007199254740991.0, "")},
          {"years", optional(integer("Years to simulate, overriding the scenarios' run.years.", "years", json(), 1, 100, ""))},
          {"keep", keep},
          {"bootstrap", integer("Bootstrap resamples behind the analysis's intervals.", "", 1000, 100, 100000, "")},
      });
  root.fields[0].second.required = true;
  return root;
}

}  // namespace icsim::scenarios
