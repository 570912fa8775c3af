// Checking a scenario's JSON against the specification: types, ranges, required keys, unknown
// keys (with a suggestion), filling in defaults. Problems are collected, never thrown.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/loader.hpp"
#include "scenarios/spec.hpp"

namespace icsim::scenarios {

// Checks `value` against `spec` at `pointer`, inserting defaults for missing keys that have one.
void validate(nlohmann::json& value, const Spec& spec, const std::string& pointer, std::vector<Located>& problems);

// A short rendering of a value for messages: its JSON, cut at 40 characters.
std::string brief(const nlohmann::json& value);
// "an integer", "a string", ...: the kind of a JSON value, for messages.
const char* kind_of(const nlohmann::json& value);

}  // namespace icsim::scenarios
