// Shared test helpers.
#include "tests/test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>

namespace icsim::testing {
namespace fs = std::filesystem;

fs::path source_dir() { return ICSIM_SOURCE_DIR; }
fs::path baseline_path() { return source_dir() / "scenarios" / "mse-baseline.json"; }

const scenarios::LoadedScenario& baseline() {
  static const scenarios::LoadedScenario loaded = scenarios::load_scenario(baseline_path());
  return loaded;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() / ("icsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& text) const {
  const fs::path file = path_ / name;
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
  return file;
}

fs::path write_what_if(const TempDir& dir, const std::string& overrides, const std::string& name) {
  std::string text = "{\"schema_version\": 1, \"extends\": \"" + baseline_path().string() + "\"";
  if (!overrides.empty()) text += ", " + overrides;
  text += "}";
  return dir.write(name, text);
}

}  // namespace icsim::testing
