// Loading a scenario: read the file and the chain of files it extends, merge them (JSON Merge
// Patch, RFC 7396), read its CSV tables, validate everything, and freeze the result.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "agents/config.hpp"

namespace icsim::scenarios {

// One problem with a scenario, located by file and JSON pointer.
struct Problem {
  std::string file;
  std::string pointer;
  std::string message;
  std::string to_string() const { return file + ":" + pointer + ": " + message; }
};

// Bad input: everything wrong with the scenario, all at once.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// The environment failed us: a file that cannot be read.
class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Values given on the command line; they override the scenario and are validated with it.
struct Overrides {
  std::optional<std::uint64_t> seed;
  std::optional<int> years;
  std::optional<double> scale;
};

struct SourceFile {
  std::string path;    // as resolved from the command line
  std::string sha256;  // of the file's bytes
  std::string role;    // "scenario", "extends" or "table"
};

struct LoadedScenario {
  agents::ScenarioConfig config;     // validated and immutable
  std::string effective_json;        // the resolved scenario, defaults and tables included
  std::string digest;                // SHA-256 of effective_json
  std::vector<SourceFile> sources;   // the chain of files, base first, then the tables read
};

// Throws ScenarioError for bad input and EnvironmentError for unreadable files.
LoadedScenario load_scenario(const std::filesystem::path& file, const Overrides& overrides = {});

}  // namespace icsim::scenarios
