// Reading a CSV data table into JSON rows, so tables are validated like the rest of a scenario.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::scenarios {

struct CsvTable {
  std::vector<std::string> header;
  nlohmann::json rows;  // array of objects keyed by header; numeric-looking cells are numbers
};

// The records of CSV text (RFC 4180 quoting), the header first, each with the line it starts
// on: for large tables read as text (a full comparison.csv has half a million rows). Throws
// std::runtime_error for text that is not UTF-8 or has no header.
struct CsvRecords {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
};
CsvRecords csv_records(const std::string& text);

// Parses CSV text (RFC 4180 quoting). Cells of `text_columns` stay text as written (a group
// named "0" is not the number 0); other numeric-looking cells become numbers and empty cells
// null. Throws std::runtime_error naming the line on a malformed row.
CsvTable parse_csv(const std::string& text, const std::vector<std::string>& text_columns = {});

}  // namespace icsim::scenarios
