// Fuzz target: the strict JSON reader and the validator on one small file, thousands of times a
// second (fuzz_scenario reaches the configuration builder, but slowly). Any exception is a bug;
// problems must be one line each; whatever is read must dump as the effective scenario does.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/json_reader.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/spec.hpp"
#include "scenarios/validator.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_json: %s: %.2000s\n", what, detail.c_str());
  std::abort();
}

void check_one_line(const std::vector<icsim::scenarios::Located>& problems) {
  for (const auto& p : problems) {
    const std::string line = icsim::scenarios::Problem{"f.json", p.pointer, p.message}.to_string();
    for (const char c : line) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) fail("problem message with a control character", line);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icsim::scenarios;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    nlohmann::json value;
    const auto parse_problems = parse_json(text, value);
    check_one_line(parse_problems);
    std::vector<Located> problems;
    validate(value, scenario_spec(), "", problems);
    check_one_line(problems);
    (void)value.dump(2);  // what the effective scenario would be written with
  } catch (const std::exception& e) {
    fail(typeid(e).name(), e.what());
  } catch (...) {
    fail("unknown exception", "");
  }
  return 0;
}
