// Fuzz target: the CSV table reader. A malformed table must come back as std::runtime_error;
// anything else is a bug, and abort() makes libFuzzer keep the input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "scenarios/csv_table.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_csv: %s: %.2000s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto plain = icsim::scenarios::parse_csv(text);
    // Again with every other column as text, so both kinds of cell are reached.
    std::vector<std::string> text_columns;
    for (std::size_t c = 0; c < plain.header.size(); c += 2) text_columns.push_back(plain.header[c]);
    const auto typed = icsim::scenarios::parse_csv(text, text_columns);
    if (!typed.rows.is_array() || typed.rows.size() != plain.rows.size()) fail("row counts differ", text);
    for (const auto& row : typed.rows) {
      for (const auto& column : text_columns) {
        if (!row.at(column).is_string()) fail("text column read as a non-string", column);
      }
    }
  } catch (const std::runtime_error&) {
    // A malformed table: expected.
  } catch (const std::exception& e) {
    fail(typeid(e).name(), e.what());
  } catch (...) {
    fail("unknown exception", "");
  }
  return 0;
}
