// Reading a CSV data table into JSON rows, so tables are validated like the rest of a scenario.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::scenarios {

struct CsvTable {
  std::vector<std::string> header;
  nlohmann::json rows;  // array of objects keyed by header; numeric-looking cells are numbers
};

// Parses CSV text (RFC 4180 quoting). Throws std::runtime_error naming the line on a malformed row.
CsvTable parse_csv(const std::string& text);

}  // namespace icsim::scenarios
