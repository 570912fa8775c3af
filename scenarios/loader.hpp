// Loading a scenario: read the file and the chain of files it extends, merge them (JSON Merge
// Patch, RFC 7396), read its CSV tables, validate everything, and freeze the result.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "agents/model.hpp"

namespace icsim::scenarios {

// A problem at a JSON pointer of the merged scenario, before it is traced to a file.
struct Located {
  std::string pointer;
  std::string message;
};

// One problem with a scenario, located by file and JSON pointer.
struct Problem {
  std::string file;
  std::string pointer;
  std::string message;
  // One line: file:pointer: message (file: message when the whole file is meant), with control
  // characters escaped.
  std::string to_string() const;
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

// A file that cannot be read; what() is the plain reason ("no such file", "a directory", ...).
class UnreadableFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input files larger than this are refused (the largest shipped one is under 100 KiB).
inline constexpr std::size_t kMaxInputBytes = 64u << 20;

// Reads one input file's bytes; throws UnreadableFile. The loader's only access to files, so
// tests and fuzzing can serve files from memory.
using FileReader = std::function<std::string(const std::filesystem::path&)>;

// The disk: regular files only (no directories, devices or FIFOs, which it never blocks on),
// at most kMaxInputBytes.
std::string read_input_file(const std::filesystem::path& path);

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
  agents::Model model;               // validated, checked and frozen
  std::string effective_json;        // the resolved scenario, defaults and tables included
  std::string digest;                // SHA-256 of effective_json
  std::vector<SourceFile> sources;   // the chain of files, base first, then the tables read
};

// A top-level section of the scenario that the loader validates against the specification (and
// fills in its defaults) but does not interpret: a library above scenarios/ reads it, as
// calibration/ reads "calibration".
struct SectionReader {
  std::string key;
  // Reads the section, adding problems at JSON pointers of the merged scenario. Called after the
  // configuration is built, when it got past the world's cross-references (as the other checks
  // do), so that its problems are reported with every other.
  std::function<void(const nlohmann::json& section, std::vector<Located>& problems)> read;
};

// Throws ScenarioError for bad input, including files the scenario names that cannot be read,
// and EnvironmentError when `file` itself cannot be read.
LoadedScenario load_scenario(const std::filesystem::path& file, const Overrides& overrides = {},
                             const FileReader& read = read_input_file, const std::vector<SectionReader>& sections = {});

}  // namespace icsim::scenarios
