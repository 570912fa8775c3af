// Reading scenario JSON strictly: every problem located by line and column or JSON pointer, in
// plain words, without echoing the file's content, and bounded in depth so no input can
// exhaust the stack.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/validator.hpp"

namespace icsim::scenarios {

// Arrays and objects nested deeper than this are rejected; scenarios need fewer than ten.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` into `out`. Returns the problems: a syntax error or a number out of range
// (parsing stops there, `out` is null), nesting deeper than kMaxJsonDepth (the same), and
// every key that appears twice in one object (parsing goes on; the last value is kept).
std::vector<Located> parse_json(const std::string& text, nlohmann::json& out);

}  // namespace icsim::scenarios
