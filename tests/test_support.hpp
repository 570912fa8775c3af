// Shared test helpers: the baseline scenario, temporary folders and scenario files.
#pragma once
#include <filesystem>
#include <string>

#include "scenarios/loader.hpp"

namespace icsim::testing {

std::filesystem::path source_dir();
std::filesystem::path baseline_path();
// The baseline, loaded once per process, at full scale.
const scenarios::LoadedScenario& baseline();

// A fresh empty folder under the system's temporary folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to `name` inside the folder and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

// A what-if scenario file that extends the baseline with `overrides` (a JSON object's body).
std::filesystem::path write_what_if(const TempDir& dir, const std::string& overrides,
                                    const std::string& name = "what-if.json");

}  // namespace icsim::testing
