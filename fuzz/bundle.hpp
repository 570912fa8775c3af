// A bundle: several named files in one fuzzer input. The first file is "scenario.json"; each
// further file starts after a separator line "#file NAME" (the newline before "#file" belongs
// to the separator), for example:
//
//   {"schema_version": 1, "extends": "base.json"}
//   #file base.json
//   {"schema_version": 1, "population": {"census": "data/census.csv"}}
//   #file data/census.csv
//   lad,sex,age,count
//
// A name given twice keeps its first content. Content holding "\n#file " cannot be written as
// a bundle, which costs the fuzzer nothing.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace icsim::fuzz {

inline constexpr std::string_view kFirstFile = "scenario.json";
inline constexpr std::string_view kSeparator = "\n#file ";

// The key a file is served under: loaders may ask for "./a/../b.json" meaning "b.json".
inline std::string bundle_key(const std::filesystem::path& name) {
  return name.lexically_normal().generic_string();
}

inline std::map<std::string, std::string> split_bundle(std::string_view input) {
  std::map<std::string, std::string> files;
  std::string name(kFirstFile);
  for (;;) {
    const std::size_t end = input.find(kSeparator);
    files.emplace(bundle_key(name), std::string(input.substr(0, end)));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + kSeparator.size());
    const std::size_t eol = input.find('\n');
    name = std::string(input.substr(0, eol));
    input = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);
  }
  return files;
}

// The inverse of split_bundle, for seeds; the first file must be the scenario.
inline std::string join_bundle(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out.append(kSeparator).append(files[i].first).append("\n");
    out += files[i].second;
  }
  return out;
}

}  // namespace icsim::fuzz
