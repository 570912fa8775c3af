// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends.
#include "scenarios/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/text.hpp"

namespace icsim::scenarios {
namespace {

// The records, and the line each starts on (blank lines are skipped; quoted fields may span lines).
std::vector<std::vector<std::string>> split_records(const std::string& text, std::vector<std::size_t>& first_lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::size_t line = 1, record_line = 1;
  std::string field;
  bool quoted = false, field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;  // LF, or a lone CR
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;  // CRLF: the LF skipped here ends the line
        ++line;
      }
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(record.size() == 1 && record[0].empty())) {
        records.push_back(std::move(record));
        first_lines.push_back(record_line);
      }
      record.clear();
      record_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (field_started || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
    first_lines.push_back(record_line);
  }
  return records;
}

nlohmann::json cell_value(const std::string& text) {
  if (text.empty()) return nullptr;
  std::int64_t i = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && p == text.data() + text.size()) return i;
  double d = 0;
  auto [q, ec2] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec2 == std::errc() && q == text.data() + text.size()) return d;
  return text;
}

}  // namespace

CsvRecords csv_records(const std::string& text) {
  if (const std::size_t bad = sim::invalid_utf8_at(text); bad != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw std::runtime_error(fmt::format("line {} is not UTF-8 text (expected a CSV file in UTF-8)", line));
  }
  CsvRecords out;
  out.records = split_records(text, out.lines);
  if (out.records.empty()) throw std::runtime_error("the file is empty (expected a header line)");
  return out;
}

CsvTable parse_csv(const std::string& text, const std::vector<std::string>& text_columns) {
  const CsvRecords all = csv_records(text);
  const auto& records = all.records;
  const auto& lines = all.lines;
  CsvTable table{records.front(), nlohmann::json::array()};
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      throw std::runtime_error(fmt::format("line {} has {} fields (expected {}, as in the header)", lines[r],
                                           records[r].size(), table.header.size()));
    }
    nlohmann::json row = nlohmann::json::object();
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      const bool text_column = std::find(text_columns.begin(), text_columns.end(), table.header[c]) != text_columns.end();
      row[table.header[c]] = text_column ? nlohmann::json(records[r][c]) : cell_value(records[r][c]);
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace icsim::scenarios
