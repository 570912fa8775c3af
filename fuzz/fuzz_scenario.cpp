// Fuzz target: the scenario loader, validator and configuration builder, with the calibration
// section read as the command line reads it, on in-memory files (a bundle, fuzz/bundle.hpp), so
// extends chains and CSV tables are reached without a disk.
// Bad input must come back as ScenarioError (one-line problems) or EnvironmentError; anything
// else escaping the loader is a bug, and abort() makes libFuzzer keep the input. A scenario that
// loads must load again from its effective JSON to the same effective JSON.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>

#include "calibration/section.hpp"
#include "fuzz/bundle.hpp"
#include "scenarios/loader.hpp"

namespace {

namespace fs = std::filesystem;
using namespace icsim::scenarios;

[[noreturn]] void fail(std::string_view what, std::string_view detail) {
  // Cut, so a huge message does not bury libFuzzer's report.
  std::fprintf(stderr, "fuzz_scenario: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(std::min<std::size_t>(detail.size(), 2000)), detail.data());
  std::abort();
}

// The command line prints one problem a line: a raw control character or newline breaks that.
void check_one_line(const std::string& text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) fail("problem message with a control character", text);
  }
}

// The effective scenario must load again to itself: runs are reproduced from it.
void check_reloads(const LoadedScenario& loaded) {
  const FileReader read = [&loaded](const fs::path&) -> std::string { return loaded.effective_json; };
  try {
    const LoadedScenario again = load_scenario(fs::path("effective_scenario.json"), {}, read);
    if (again.effective_json != loaded.effective_json) fail("effective scenario reloads differently", loaded.effective_json);
  } catch (const ScenarioError& e) {
    fail("effective scenario does not reload", e.what());
  } catch (const std::exception& e) {
    fail(typeid(e).name(), e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto files = icsim::fuzz::split_bundle(std::string_view(reinterpret_cast<const char*>(data), size));
  const FileReader read = [&files](const fs::path& path) -> std::string {
    const auto it = files.find(icsim::fuzz::bundle_key(path));
    if (it == files.end()) throw UnreadableFile("no such file");
    return it->second;
  };
  std::optional<LoadedScenario> loaded;
  try {
    loaded = load_scenario(fs::path(icsim::fuzz::kFirstFile), {}, read, {icsim::calibration::section_reader()});
  } catch (const ScenarioError& e) {
    if (e.problems().empty()) fail("ScenarioError without problems", e.what());
    for (const Problem& p : e.problems()) check_one_line(p.to_string());
  } catch (const EnvironmentError&) {
    // An unreadable (here: missing) file: expected.
  } catch (const std::exception& e) {
    fail(typeid(e).name(), e.what());
  } catch (...) {
    fail("unknown exception", "");
  }
  if (loaded) check_reloads(*loaded);
  return 0;
}
