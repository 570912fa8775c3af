// A sweep file (scenarios/registry_sweep.cpp has its specification): read, checked against the
// registry and the scenarios it varies, and resolved. Every problem is reported at once, each
// with its file and JSON pointer, as for a scenario.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::sweeps {

enum class Distribution { kUniform, kLogUniform, kTriangular };
enum class DesignKind { kFactorial, kLatinHypercube, kSobol, kMorris };

struct SweptParameter {
  std::string path;         // registry path, dotted; "[i]" at the end for element i of a fixed-length list
  std::string key;          // the path without the element
  std::optional<std::size_t> element;
  bool integer = false;     // an integer parameter: values are rounded down to whole numbers
  double min = 0.0, max = 0.0, mode = 0.0;
  std::vector<double> values;  // instead of a range, when given
  Distribution distribution = Distribution::kUniform;
};

struct Keep {
  std::vector<std::string> measures, levels, areas;  // areas empty: all at the levels
  bool years = true, months = false;
};

// Values given on the command line for quick checks; they override the file and are recorded.
struct SweepOverrides {
  std::optional<int> years, replications, samples;
  // With --precision: the rule whose pilot set `replications` (its target, minimum and maximum),
  // recorded in the effective sweep, so that resuming with another rule is refused.
  nlohmann::json replications_rule;
};

struct Sweep {
  std::string file;                    // as given
  std::string name, description;
  std::vector<std::string> scenarios;  // paths, resolved against the sweep file's folder
  std::vector<std::string> scenario_names;
  std::vector<SweptParameter> parameters;
  DesignKind design = DesignKind::kLatinHypercube;
  int samples = 0, levels = 4;
  int replications = 1;
  std::uint64_t seed = 1;
  std::optional<int> years;
  Keep keep;
  int bootstrap = 1000;
  // The file with defaults and overrides filled in, the scenarios' effective digests beside it,
  // and its SHA-256: a resumed sweep must have the same.
  nlohmann::json effective;
  std::string digest;
  // With --precision: what the pilot found (JSON), kept in the database's meta as `precision`.
  std::string pilot;
};

// Throws scenarios::ScenarioError with every problem (the sweep file's, and those of the
// scenarios it names, at their own files), scenarios::EnvironmentError when `file` cannot be
// read.
Sweep read_sweep(const std::filesystem::path& file, const SweepOverrides& overrides = {});

// The JSON Merge Patch that sets each parameter's path to its value in a scenario whose
// effective JSON is `scenario` (a list's other elements are kept from it).
nlohmann::json parameter_patch(const Sweep& sweep, const std::vector<double>& values, const nlohmann::json& scenario);

const char* design_name(DesignKind kind);

}  // namespace icsim::sweeps
