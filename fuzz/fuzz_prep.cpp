// What the fuzz targets start from, made fresh by tools/fuzz so it follows the code:
//   fuzz_prep dict               libFuzzer dictionary for fuzz_scenario: every key of the
//                                parameter registry, every allowed string, JSON punctuation
//   fuzz_prep csv-dict           dictionary for fuzz_csv: every table column, CSV punctuation
//   fuzz_prep seeds OUT FILE...  one bundle (fuzz/bundle.hpp) per scenario FILE, holding every
//                                file the loader reads for it, and a short variant with each
//                                CSV table cut to a few rows
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/bundle.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/spec.hpp"

namespace {

namespace fs = std::filesystem;
using icsim::scenarios::Spec;

void collect(const Spec& spec, std::set<std::string>& keys, std::set<std::string>& values,
             std::set<std::string>& columns, bool in_table) {
  for (const auto& [key, child] : spec.fields) {
    keys.insert(key);
    if (in_table) columns.insert(key);
    collect(child, keys, values, columns, false);
  }
  values.insert(spec.allowed.begin(), spec.allowed.end());
  if (spec.items) collect(*spec.items, keys, values, columns, spec.type == Spec::Type::kTable);
}

// A libFuzzer dictionary entry: quoted, with \\, \" and \xNN escapes.
std::string entry(const std::string& token) {
  std::string out = "\"";
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    }
  }
  return out + "\"";
}

void print(const std::set<std::string>& tokens) {
  for (const auto& t : tokens) std::cout << entry(t) << "\n";
}

int dictionary(bool csv) {
  std::set<std::string> keys, values, columns;
  collect(icsim::scenarios::scenario_spec(), keys, values, columns, false);
  std::set<std::string> tokens;
  if (csv) {
    tokens = columns;
    tokens.insert(values.begin(), values.end());
    for (const char* t : {",", "\"", "\"\"", "\r\n", "\n", ",,", "-", ".", "e", "1e308", "-0", "nan", "inf"}) tokens.insert(t);
  } else {
    for (const auto& k : keys) tokens.insert("\"" + k + "\"");
    for (const auto& v : values) tokens.insert("\"" + v + "\"");
    for (const char* t : {"{", "}", "[", "]", ":", ",", "\"", "\"\"", "null", "true", "false", "-", ".", "e+", "0",
                          "1", "-1", "0.5", "1e308", "9007199254740993", "\\u0000", "\\n", "\\\"", "{}", "[]",
                          "\"extends\"", "\"schema_version\"", ".json", ".csv", "data/", "../"}) {
      tokens.insert(t);
    }
    // The bundle's own separator, so the fuzzer adds and renames files.
    tokens.insert(std::string(icsim::fuzz::kSeparator));
    tokens.insert(std::string(icsim::fuzz::kSeparator) + "base.json\n");
  }
  print(tokens);
  return 0;
}

// The header and the first `rows` lines of a CSV table.
std::string cut_rows(const std::string& text, int rows) {
  std::size_t at = 0;
  for (int line = 0; line <= rows && at != std::string::npos; ++line) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  return at == std::string::npos ? text : text.substr(0, at);
}

void write(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

int seeds(const fs::path& out_dir, const std::vector<fs::path>& scenarios) {
  fs::create_directories(out_dir);
  for (const fs::path& scenario : scenarios) {
    // The loader itself says which files it reads: the chain and the tables, in its order.
    std::vector<std::pair<std::string, std::string>> files;
    std::set<std::string> seen;
    const fs::path dir = scenario.parent_path();
    const icsim::scenarios::FileReader record = [&](const fs::path& path) {
      std::string bytes = icsim::scenarios::read_input_file(path);
      const bool top = path == scenario;
      const std::string name = top ? std::string(icsim::fuzz::kFirstFile)
                                   : icsim::fuzz::bundle_key(path.lexically_relative(dir));
      if (seen.insert(name).second) {
        if (top) {
          files.insert(files.begin(), {name, bytes});
        } else {
          files.emplace_back(name, bytes);
        }
      }
      return bytes;
    };
    try {
      icsim::scenarios::load_scenario(scenario, {}, record);
    } catch (const icsim::scenarios::ScenarioError& e) {
      // A base file such as mse-world.json is not a whole scenario; its bytes still make a seed.
      std::cerr << "fuzz_prep: " << scenario.string() << " does not load on its own (" << e.problems().size()
                << " problems); seeded anyway\n";
    }
    if (files.empty()) continue;
    const std::string stem = scenario.stem().string();
    write(out_dir / (stem + ".bundle"), icsim::fuzz::join_bundle(files));
    write(out_dir / (stem + "-alone.bundle"), files.front().second);
    auto cut = files;
    for (auto& [name, bytes] : cut) {
      if (fs::path(name).extension() == ".csv") bytes = cut_rows(bytes, 3);
    }
    write(out_dir / (stem + "-short.bundle"), icsim::fuzz::join_bundle(cut));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 1 && args[0] == "dict") return dictionary(false);
    if (args.size() == 1 && args[0] == "csv-dict") return dictionary(true);
    if (args.size() >= 2 && args[0] == "seeds") return seeds(args[1], {args.begin() + 2, args.end()});
  } catch (const std::exception& e) {
    std::cerr << "fuzz_prep: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: fuzz_prep dict | csv-dict | seeds OUT_DIR SCENARIO...\n";
  return 2;
}
