// The sections of the scenario specification that live in their own files, and the helpers
// every section builds its specification with.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "scenarios/spec.hpp"

namespace icsim::scenarios {

// A vocabulary's ids (agents/vocabulary.hpp) as the values a string may take.
std::vector<std::string> ids(const auto& names) { return {names.begin(), names.end()}; }

// Builders for specification nodes (registry.cpp).
Spec object(std::string description, std::vector<std::pair<std::string, Spec>> fields);
Spec list(std::string description, Spec item, std::size_t min_items = 0);
Spec table(std::string description, Spec row);  // a CSV file or the rows inline
Spec number(std::string description, std::string unit, nlohmann::json def, std::optional<double> lo,
            std::optional<double> hi, std::string source);
Spec integer(std::string description, std::string unit, nlohmann::json def, std::optional<double> lo,
             std::optional<double> hi, std::string source);
Spec string(std::string description, std::vector<std::string> allowed = {}, bool required = true);
Spec optional(Spec s);
// A fixed-length list of numbers with a default.
Spec numbers(std::string description, std::string unit, std::vector<double> def, double lo, double hi,
             std::string source);
Spec strings(std::string description);
// An object whose keys are ids of the author's choosing, each value an `item`.
Spec map(std::string description, Spec item);
Spec boolean(std::string description, nlohmann::json def, std::string source);
// An object whose fields all have defaults, so the object itself may be left out.
Spec defaulted(std::string description, std::vector<std::pair<std::string, Spec>> fields);

Spec health_spec();        // registry_health.cpp
Spec care_pathway_spec();  // registry_pathway.cpp
Spec calibration_spec();   // registry_calibration.cpp
Spec flow_spec();          // registry_flow.cpp
Spec programmes_spec();    // registry_programmes.cpp
Spec sweep_spec_root();    // registry_sweep.cpp

}  // namespace icsim::scenarios
