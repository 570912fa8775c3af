// The calibration section of the scenario specification: the published figures a scenario is
// checked against by `icsim calibrate`, and how each is computed from the run's measures.
#include "scenarios/registry_parts.hpp"

namespace icsim::scenarios {

// icsim:table
Spec calibration_spec() {
  using json = nlohmann::json;
  Spec row = object("", {
      {"key", string("The figure's key in calibration.csv.")},
      {"value", number("The published value.", "as `unit`", json(), std::nullopt, std::nullopt, "calibration.csv")},
      {"unit", string("Unit of the published value.")},
      {"source", optional(string("Where the figure comes from (copied from calibration.csv)."))},
      {"numerator", string("Measures summed for the numerator, separated by spaces.")},
      {"numerator_groups", string("Groups summed for the numerator, separated by spaces (e.g. \"65-74 75-84 85+\").")},
      {"denominator", string("Measures summed for the denominator, separated by spaces.")},
      {"denominator_groups", string("Groups summed for the denominator, separated by spaces.")},
      {"per", number("Multiplier: 1000 for a rate per 1,000, 100 for a percentage.", "", json(), 0, 1e9, "")},
      {"note", optional(string("Where the comparison is not like for like.", {}, false))},
      {"year", optional(integer("Which simulated year (1 = the first) is compared with this figure; absent: calibration.year.",
                                "year of the run", json(), 1, 100, "scenario choice"))},
      {"month", optional(integer("A shape through the year: the numerator is this calendar month's (1 = January), per day, "
                                 "and the denominator its year's, per day, so that 1 is an average month; 0 or absent: "
                                 "the year's.", "month of the year", json(), 0, 12, "scenario choice"))},
      {"status", optional(string("fitted: the baseline's parameters are fitted to meet it; reported: shown beside the "
                                 "simulated value, a gap the baseline has not been fitted to close (absent: fitted).",
                                 {"fitted", "reported"}, false))},
  });
  Spec targets = table("Calibration targets: a CSV file or the rows inline.", row);
  targets.required = false;
  Spec s = object("What `icsim calibrate` compares the scenario with.", {
      {"targets", targets},
      {"tolerance", number("Relative error within which a target counts as met.", "fraction", 0.10, 0, 1,
                           "the partnership's calibration standard (+/-10%)")},
      {"year", integer("Which simulated year (1 = the first) is compared with the targets.", "year of the run", 1, 1, 100,
                       "assumption: the first year, nearest the pre-pandemic figures")},
  });
  s.default_value = json::object();
  return s;
}

}  // namespace icsim::scenarios
