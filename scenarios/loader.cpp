// Scenario loading: the extends chain, merge patch, CSV tables, validation against the
// specification, cross-references, and the frozen ScenarioConfig.
#include "scenarios/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "agents/org_graph.hpp"
#include "scenarios/csv_table.hpp"
#include "scenarios/spec.hpp"
#include "sim/calendar.hpp"
#include "sim/sha256.hpp"

namespace icsim::scenarios {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Type = Spec::Type;

ScenarioError::ScenarioError(std::vector<Problem> problems)
    : std::runtime_error([&] {
        std::string text;
        for (const auto& p : problems) text += p.to_string() + "\n";
        return text;
      }()),
      problems_(std::move(problems)) {}

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EnvironmentError(fmt::format("{}: cannot read file ({})", path.string(), std::strerror(errno)));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string brief(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

const char* kind_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string escape_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// A problem before we know which file it belongs to.
struct Located {
  std::string pointer;
  std::string message;
};

// Walks a value against its specification, filling defaults and collecting problems.
class Validator {
 public:
  explicit Validator(std::vector<Located>& problems) : problems_(problems) {}

  void check(json& value, const Spec& spec, const std::string& pointer) {
    switch (spec.type) {
      case Type::kObject: return check_object(value, spec, pointer);
      case Type::kArray:
      case Type::kTable: return check_array(value, spec, pointer);
      case Type::kInteger:
      case Type::kNumber: return check_number(value, spec, pointer);
      case Type::kString: return check_string(value, spec, pointer);
      case Type::kDate:
        if (!value.is_string() || !sim::parse_iso_date(value.get<std::string>())) {
          add(pointer, fmt::format("not a date (got {}; expected a real date as \"YYYY-MM-DD\")", brief(value)));
        }
        return;
    }
  }

 private:
  void add(const std::string& pointer, std::string message) { problems_.push_back({pointer, std::move(message)}); }

  void check_object(json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_object()) {
      add(pointer, fmt::format("wrong type (got {}; expected an object)", kind_of(value)));
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (spec.field(it.key())) continue;
      std::string best;
      std::size_t best_distance = 3;
      std::string keys;
      for (const auto& [key, child] : spec.fields) {
        keys += (keys.empty() ? "" : ", ") + key;
        const std::size_t d = edit_distance(it.key(), key);
        if (d < best_distance) {
          best_distance = d;
          best = key;
        }
      }
      add(pointer + "/" + escape_token(it.key()),
          best.empty() ? fmt::format("unknown key \"{}\" (expected one of: {})", it.key(), keys)
                       : fmt::format("unknown key \"{}\" (expected one of: {}). Did you mean \"{}\"?", it.key(), keys, best));
    }
    for (const auto& [key, child] : spec.fields) {
      const std::string child_pointer = pointer + "/" + escape_token(key);
      if (!value.contains(key)) {
        if (!child.default_value.is_null()) {
          value[key] = child.default_value;
        } else if (child.type == Type::kObject && !child.required) {
          continue;
        } else if (child.required) {
          add(child_pointer, fmt::format("missing required key \"{}\" (expected {})", key, expected(child)));
          continue;
        } else {
          continue;
        }
      }
      check(value[key], child, child_pointer);
    }
  }

  void check_array(json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_array()) {
      add(pointer, fmt::format("wrong type (got {}; expected {})", kind_of(value), expected(spec)));
      return;
    }
    if (spec.min_items && value.size() < *spec.min_items) {
      add(pointer, fmt::format("too few elements (got {}; expected at least {})", value.size(), *spec.min_items));
    }
    if (spec.max_items && value.size() > *spec.max_items) {
      add(pointer, fmt::format("too many elements (got {}; expected at most {})", value.size(), *spec.max_items));
    }
    for (std::size_t i = 0; i < value.size(); ++i) check(value[i], *spec.items, fmt::format("{}/{}", pointer, i));
  }

  void check_number(const json& value, const Spec& spec, const std::string& pointer) {
    const bool integer = spec.type == Type::kInteger;
    if (!value.is_number() || (integer && !value.is_number_integer())) {
      add(pointer, fmt::format("wrong type (got {}; expected {})", brief(value), expected(spec)));
      return;
    }
    const double x = value.get<double>();
    if (!std::isfinite(x)) {
      add(pointer, fmt::format("not a finite number (got {}; expected {})", x, expected(spec)));
    } else if ((spec.minimum && x < *spec.minimum) || (spec.maximum && x > *spec.maximum)) {
      add(pointer, fmt::format("out of range (got {}; expected {})", brief(value), expected(spec)));
    }
  }

  void check_string(const json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_string()) {
      add(pointer, fmt::format("wrong type (got {}; expected a string)", brief(value)));
      return;
    }
    if (!spec.allowed.empty() &&
        std::find(spec.allowed.begin(), spec.allowed.end(), value.get<std::string>()) == spec.allowed.end()) {
      add(pointer, fmt::format("not an allowed value (got {}; expected {})", brief(value), expected(spec)));
    } else if (spec.allowed.empty() && value.get<std::string>().empty() && spec.required) {
      add(pointer, "empty string (got \"\"; expected a non-empty string)");
    }
  }

  static std::string expected(const Spec& spec) {
    switch (spec.type) {
      case Type::kObject: return "an object";
      case Type::kArray:
      case Type::kTable: {
        std::string what = spec.type == Type::kTable ? "a CSV file name or an array of rows" : "an array";
        if (spec.min_items && spec.max_items && *spec.min_items == *spec.max_items) what += fmt::format(" of {} elements", *spec.min_items);
        return what;
      }
      case Type::kString: {
        if (spec.allowed.empty()) return "a string";
        std::string values;
        for (const auto& a : spec.allowed) values += (values.empty() ? "" : ", ") + ("\"" + a + "\"");
        return "one of " + values;
      }
      case Type::kDate: return "a date \"YYYY-MM-DD\"";
      case Type::kInteger:
      case Type::kNumber: {
        std::string what = spec.type == Type::kInteger ? "an integer" : "a number";
        if (spec.minimum && spec.maximum) what += fmt::format(" from {} to {}", *spec.minimum, *spec.maximum);
        else if (spec.minimum) what += fmt::format(" of at least {}", *spec.minimum);
        if (!spec.unit.empty()) what += " (" + spec.unit + ")";
        return what;
      }
    }
    return "?";
  }

  std::vector<Located>& problems_;
};

// Where each part of the merged scenario came from, for error messages.
struct Origins {
  struct File {
    std::string path;
    json content;
  };
  std::vector<File> files;                        // base first; last may be the command line
  struct TableFile {
    std::string csv;   // the CSV file's path
    std::size_t file;  // index into files of the scenario file that named it
  };
  std::map<std::string, TableFile> table_files;  // table pointer -> where its rows came from

  Problem locate(const Located& p) const {
    for (const auto& [prefix, table] : table_files) {
      // Rows count as the CSV's only if no later file replaced the table with rows of its own.
      if (p.pointer.rfind(prefix + "/", 0) == 0 && last_setter(prefix) == table.file) {
        const std::string& csv = table.csv;
        const std::string rest = p.pointer.substr(prefix.size());
        const std::size_t row = std::stoul(rest.substr(1, rest.find('/', 1) - 1));
        return {csv, rest, fmt::format("(line {}) {}", row + 2, p.message)};
      }
    }
    const std::size_t setter = last_setter(p.pointer);
    return {setter < files.size() ? files[setter].path : (files.empty() ? "" : files.back().path), p.pointer, p.message};
  }

  // The index of the last file whose patch wrote this pointer; files.size() if none did.
  std::size_t last_setter(const std::string& pointer) const {
    const json::json_pointer ptr(pointer);
    for (std::size_t i = files.size(); i-- > 0;) {
      if (set_by(files[i].content, ptr)) return i;
    }
    return files.size();
  }

  // True if the file's patch wrote this value (or replaced a subtree containing it).
  static bool set_by(const json& content, const json::json_pointer& ptr) {
    if (ptr.empty()) return false;
    const json* node = &content;
    json::json_pointer walked;
    std::vector<std::string> tokens;
    for (json::json_pointer p = ptr; !p.empty(); p = p.parent_pointer()) tokens.push_back(p.back());
    std::reverse(tokens.begin(), tokens.end());
    for (const std::string& token : tokens) {
      if (node->is_object()) {
        auto it = node->find(token);
        if (it == node->end()) return false;
        node = &*it;
      } else {
        return true;  // the file replaced the whole subtree (an array or a scalar)
      }
    }
    return true;
  }
};

// Table-valued keys (at object paths) of the specification.
void table_pointers(const Spec& spec, const std::string& pointer, std::vector<std::string>& out) {
  for (const auto& [key, child] : spec.fields) {
    if (child.type == Type::kTable) out.push_back(pointer + "/" + key);
    if (child.type == Type::kObject) table_pointers(child, pointer + "/" + key, out);
  }
}

const Spec* spec_at(const std::string& pointer) {
  const Spec* spec = &scenario_spec();
  std::stringstream tokens(pointer.substr(1));
  for (std::string token; std::getline(tokens, token, '/');) {
    spec = spec->field(token);
    if (!spec) return nullptr;
  }
  return spec;
}

class Loader {
 public:
  explicit Loader(const Overrides& overrides) : overrides_(overrides) {}

  LoadedScenario load(const fs::path& file) {
    read_chain(file, 0);
    json merged = json::object();
    for (const auto& f : origins_.files) merged.merge_patch(f.content);
    merged.erase("extends");
    json command_line = json::object();
    if (overrides_.seed) command_line["run"]["seed"] = *overrides_.seed;
    if (overrides_.years) command_line["run"]["years"] = *overrides_.years;
    if (overrides_.scale) command_line["population"]["scale"] = *overrides_.scale;
    if (!command_line.empty()) {
      merged.merge_patch(command_line);
      origins_.files.push_back({"command line", command_line});
    }
    Validator(located_).check(merged, scenario_spec(), "");
    LoadedScenario out;
    // Cross-references are checked even when some values are malformed, so that every problem is
    // reported at once; a value too malformed to follow stops only these checks.
    const bool malformed = !located_.empty();
    try {
      // Values already reported are blanked, so no check reads (or converts) a bad value.
      json scratch = merged;
      for (const auto& p : located_) {
        const json::json_pointer ptr(p.pointer);
        if (scratch.contains(ptr)) scratch[ptr] = nullptr;
      }
      out.config = build_config(scratch);
    } catch (const std::exception&) {
      if (!malformed) throw;
    }
    if (!located_.empty() || !problems_.empty()) {
      for (const auto& p : located_) problems_.push_back(origins_.locate(p));
      throw ScenarioError(std::move(problems_));
    }
    out.effective_json = merged.dump(2) + "\n";
    out.digest = sim::sha256_hex(out.effective_json);
    out.sources = std::move(sources_);
    out.sources.insert(out.sources.end(), table_sources_.begin(), table_sources_.end());
    return out;
  }

 private:
  void read_chain(const fs::path& file, int depth) {
    if (depth > 16) {
      problems_.push_back({file.string(), "/extends", "the chain of extended files is too long or circular (expected at most 16 levels of extends)"});
      throw ScenarioError(std::move(problems_));
    }
    const std::string text = read_file(file);
    json content;
    try {
      content = json::parse(text);
    } catch (const json::parse_error& e) {
      problems_.push_back({file.string(), "", fmt::format("not valid JSON: {}", e.what())});
      throw ScenarioError(std::move(problems_));
    }
    if (!content.is_object()) {
      problems_.push_back({file.string(), "", fmt::format("wrong type (got {}; expected an object)", kind_of(content))});
      throw ScenarioError(std::move(problems_));
    }
    const auto version = content.find("schema_version");
    if (version == content.end() || *version != kSchemaVersion) {
      problems_.push_back({file.string(), "/schema_version",
                           fmt::format("unsupported schema version (got {}; expected {})",
                                       version == content.end() ? "nothing" : brief(*version), kSchemaVersion)});
      throw ScenarioError(std::move(problems_));
    }
    if (const auto base = content.find("extends"); base != content.end()) {
      if (!base->is_string()) {
        problems_.push_back({file.string(), "/extends", fmt::format("wrong type (got {}; expected a file name)", brief(*base))});
        throw ScenarioError(std::move(problems_));
      }
      read_chain(file.parent_path() / base->get<std::string>(), depth + 1);
    }
    sources_.push_back({file.string(), sim::sha256_hex(text), depth == 0 ? "scenario" : "extends"});
    read_tables(file, content);
    origins_.files.push_back({file.string(), std::move(content)});
  }

  // Replaces each table given as a CSV file name by its rows.
  void read_tables(const fs::path& file, json& content) {
    std::vector<std::string> pointers;
    table_pointers(scenario_spec(), "", pointers);
    for (const std::string& pointer : pointers) {
      const json::json_pointer ptr(pointer);
      if (!content.contains(ptr) || !content[ptr].is_string()) continue;
      const fs::path csv = file.parent_path() / content[ptr].get<std::string>();
      const std::string text = read_file(csv);
      table_sources_.push_back({csv.string(), sim::sha256_hex(text), "table"});
      try {
        CsvTable table = parse_csv(text);
        const Spec* row = spec_at(pointer)->items.get();
        bool header_ok = true;
        for (const auto& column : table.header) {
          if (!row->field(column)) {
            problems_.push_back({csv.string(), "/0/" + column, fmt::format("unknown column \"{}\" in the header", column)});
            header_ok = false;
          }
        }
        for (const auto& [key, child] : row->fields) {
          if (child.required && std::find(table.header.begin(), table.header.end(), key) == table.header.end()) {
            problems_.push_back({csv.string(), "", fmt::format("missing column \"{}\" in the header", key)});
            header_ok = false;
          }
        }
        content[ptr] = header_ok ? std::move(table.rows) : json::array();
        origins_.table_files[pointer] = {csv.string(), origins_.files.size()};
      } catch (const std::runtime_error& e) {
        problems_.push_back({csv.string(), "", e.what()});
        content[ptr] = json::array();
      }
    }
  }

  void problem(const std::string& pointer, std::string message) { located_.push_back({pointer, std::move(message)}); }

  // Ids in a list must be unique; returns id -> index.
  std::map<std::string, int> index_ids(json& list, const std::string& pointer, const char* what) {
    std::map<std::string, int> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string id = list[i]["id"].get<std::string>();
      if (!ids.emplace(id, static_cast<int>(i)).second) {
        problem(fmt::format("{}/{}/id", pointer, i),
                fmt::format("duplicate {} id (got \"{}\", already used at {}/{}; expected a unique id)", what, id, pointer, ids[id]));
      }
    }
    return ids;
  }

  int reference(const std::map<std::string, int>& ids, const json& value, const std::string& pointer, const char* what) {
    const auto it = ids.find(value.get<std::string>());
    if (it != ids.end()) return it->second;
    std::string known;
    for (const auto& [id, index] : ids) known += (known.empty() ? "" : ", ") + id;
    problem(pointer, fmt::format("unknown {} (got {}; expected one of: {})", what, brief(value), known));
    return -1;
  }

  agents::ScenarioConfig build_config(json& s) {
    agents::ScenarioConfig c;
    c.name = s["name"].get<std::string>();
    // The name becomes a folder name under runs/: keep it to a safe set of characters.
    const bool safe_name = !c.name.empty() && std::isalnum(static_cast<unsigned char>(c.name[0])) &&
        std::all_of(c.name.begin(), c.name.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
        });
    if (!safe_name) {
      problem("/name", fmt::format("not a usable name (got {}; expected letters, digits, '-', '_' or '.', "
                                   "starting with a letter or digit)", brief(s["name"])));
    }
    c.description = s.value("description", "");
    // Values already reported as malformed are blank here; stand-ins let the other checks go on.
    json& run = s["run"];
    c.run.years = run["years"].is_number_integer() ? run["years"].get<int>() : 1;
    c.run.seed = run["seed"].is_number_integer() ? run["seed"].get<std::uint64_t>() : 0;
    c.run.start_date = (run["start_date"].is_string() ? sim::parse_iso_date(run["start_date"].get<std::string>()) : std::nullopt)
                           .value_or(std::chrono::year(2021) / 1 / 1);
    if (c.run.start_date.day() != std::chrono::day(1)) {
      problem("/run/start_date", fmt::format("not the first of a month (got {}; expected a date \"YYYY-MM-01\")", brief(s["run"]["start_date"])));
    }

    json& w = s["world"];
    c.world.system = {w["system"]["id"].get<std::string>(), w["system"]["name"].get<std::string>()};
    const auto places = index_ids(w["places"], "/world/places", "Place");
    const auto councils = index_ids(w["councils"], "/world/councils", "council");
    const auto pcns = index_ids(w["pcns"], "/world/pcns", "PCN");
    const auto practices = index_ids(w["practices"], "/world/practices", "practice");
    index_ids(w["providers"], "/world/providers", "provider");

    std::map<std::string, int> lad_place;
    for (std::size_t i = 0; i < w["places"].size(); ++i) {
      json& p = w["places"][i];
      agents::PlaceConfig place{p["id"], p["name"], p["local_authorities"].get<std::vector<std::string>>(), p["growth_per_year"]};
      for (std::size_t k = 0; k < place.local_authorities.size(); ++k) {
        const auto [it, fresh] = lad_place.emplace(place.local_authorities[k], static_cast<int>(i));
        if (!fresh) {
          problem(fmt::format("/world/places/{}/local_authorities/{}", i, k),
                  fmt::format("local authority in two Places (got \"{}\", already in Place \"{}\"; expected each in one Place)",
                              place.local_authorities[k], w["places"][static_cast<std::size_t>(it->second)]["id"].get<std::string>()));
        }
      }
      c.world.places.push_back(std::move(place));
    }
    for (std::size_t i = 0; i < w["councils"].size(); ++i) {
      json& x = w["councils"][i];
      agents::CouncilConfig council{x["id"], x["name"], {}};
      for (std::size_t k = 0; k < x["places"].size(); ++k) {
        const int place = reference(places, x["places"][k], fmt::format("/world/councils/{}/places/{}", i, k), "Place");
        if (place >= 0) council.places.push_back(place);
      }
      c.world.councils.push_back(std::move(council));
    }
    for (std::size_t i = 0; i < w["practices"].size(); ++i) {
      json& x = w["practices"][i];
      agents::PracticeConfig practice{x["id"], x["name"], x["list_size"], std::nullopt, std::nullopt, -1};
      if (x.contains("list_size_50_plus")) {
        practice.list_size_50_plus = x["list_size_50_plus"].get<std::int64_t>();
        if (*practice.list_size_50_plus > practice.list_size) {
          problem(fmt::format("/world/practices/{}/list_size_50_plus", i),
                  fmt::format("larger than the whole list (got {}; expected at most list_size {})", *practice.list_size_50_plus, practice.list_size));
        }
      }
      if (x.contains("imd2019_score")) practice.imd2019_score = x["imd2019_score"].get<double>();
      c.world.practices.push_back(std::move(practice));
    }
    for (std::size_t i = 0; i < w["pcns"].size(); ++i) {
      json& x = w["pcns"][i];
      const std::string at = fmt::format("/world/pcns/{}", i);
      agents::PcnConfig pcn{x["id"], x["name"], reference(places, x["place"], at + "/place", "Place"),
                            reference(councils, x["council"], at + "/council", "council"), {}};
      for (std::size_t k = 0; k < x["practices"].size(); ++k) {
        const int practice = reference(practices, x["practices"][k], fmt::format("{}/practices/{}", at, k), "practice");
        if (practice < 0) continue;
        pcn.practices.push_back(practice);
        auto& owner = c.world.practices[static_cast<std::size_t>(practice)].pcn;
        if (owner < 0) owner = static_cast<int>(i);
      }
      if (pcn.council >= 0 && pcn.place >= 0) {
        const auto& served = c.world.councils[static_cast<std::size_t>(pcn.council)].places;
        if (std::find(served.begin(), served.end(), pcn.place) == served.end()) {
          problem(at + "/council", fmt::format("council does not serve the PCN's Place (got {}; expected a council serving \"{}\")",
                                               brief(x["council"]), x["place"].get<std::string>()));
        }
      }
      c.world.pcns.push_back(std::move(pcn));
    }
    for (std::size_t i = 0; i < w["providers"].size(); ++i) {
      json& x = w["providers"][i];
      const std::string kind = x["kind"];
      agents::ProviderConfig provider{x["id"], x["name"],
                                      kind == "acute_site" ? agents::ProviderKind::kAcuteSite
                                      : kind == "community" ? agents::ProviderKind::kCommunity
                                                            : agents::ProviderKind::kMentalHealth,
                                      x.value("organisation", ""), x["general_acute_beds"], {}};
      for (std::size_t k = 0; k < x["places"].size(); ++k) {
        const int place = reference(places, x["places"][k], fmt::format("/world/providers/{}/places/{}", i, k), "Place");
        if (place >= 0) provider.places.push_back(place);
      }
      c.world.providers.push_back(std::move(provider));
    }
    if (!located_.empty()) return c;  // the graph needs valid references and values

    // The organisation graph checks the structure: containment tree, one PCN per practice,
    // every PCN served.
    for (const auto& p : agents::OrgGraph(c.world).validate()) problem(p.pointer, p.message);

    // Population tables.
    json& pop = s["population"];
    c.population.scale = pop["scale"];
    c.population.deprivation_practice_weight = pop["deprivation_practice_weight"];
    std::set<std::tuple<std::string, int, int>> seen_cells;
    const std::vector<std::string>& bands = spec_at("/population/census")->items->field("age_band")->allowed;
    for (std::size_t i = 0; i < pop["census"].size(); ++i) {
      json& row = pop["census"][i];
      const std::string lad = row["lad_code"];
      const int sex = row["sex"] == "male" ? 1 : 0;
      const int band = static_cast<int>(std::find(bands.begin(), bands.end(), row["age_band"].get<std::string>()) - bands.begin());
      if (!lad_place.count(lad)) {
        problem(fmt::format("/population/census/{}/lad_code", i),
                fmt::format("local authority in no Place (got \"{}\"; expected one listed in a Place's local_authorities)", lad));
      }
      if (!seen_cells.emplace(lad, sex, band).second) {
        problem(fmt::format("/population/census/{}", i), fmt::format("duplicate row for {} {} {}", lad, row["sex"].get<std::string>(),
                                                                     row["age_band"].get<std::string>()));
      }
      c.population.census.push_back({lad, sex, band, row["residents"]});
    }
    for (const auto& [lad, place] : lad_place) {
      for (int sex = 0; sex < agents::kSexes; ++sex) {
        for (int band = 0; band < agents::kCensusAgeBands; ++band) {
          if (!seen_cells.count({lad, sex, band})) {
            problem("/population/census", fmt::format("no row for {} {} {} (expected every sex and age band of every local authority)",
                                                      lad, sex ? "male" : "female", bands[static_cast<std::size_t>(band)]));
          }
        }
      }
    }
    std::vector<double> place_area_population(c.world.places.size(), 0.0);
    for (std::size_t i = 0; i < pop["deprivation"].size(); ++i) {
      json& row = pop["deprivation"][i];
      const std::string lad = row["lad_code"];
      const auto place = lad_place.find(lad);
      if (place == lad_place.end()) {
        problem(fmt::format("/population/deprivation/{}/lad_code", i),
                fmt::format("local authority in no Place (got \"{}\"; expected one listed in a Place's local_authorities)", lad));
      } else {
        place_area_population[static_cast<std::size_t>(place->second)] += row["population"].get<double>();
      }
      c.population.deprivation.push_back({lad, row["imd_decile"], row["population"]});
    }
    std::vector<std::int64_t> place_lists(c.world.places.size(), 0);
    for (const auto& pcn : c.world.pcns) {
      for (int practice : pcn.practices) place_lists[static_cast<std::size_t>(pcn.place)] += c.world.practices[static_cast<std::size_t>(practice)].list_size;
    }
    for (std::size_t p = 0; p < c.world.places.size(); ++p) {
      if (place_area_population[p] <= 0.0) {
        problem("/population/deprivation", fmt::format("no small areas with people in Place \"{}\" (expected rows for its local authorities)",
                                                       c.world.places[p].id));
      }
      if (place_lists[p] <= 0) {
        problem(fmt::format("/world/places/{}", p), fmt::format("the practices of Place \"{}\" have no registered patients "
                                                                "(got a list_size total of 0; expected more than 0)", c.world.places[p].id));
      }
    }

    // Demography.
    json& d = s["demography"];
    c.demography.mortality_multiplier = d["mortality_multiplier"];
    c.demography.male_birth_share = d["male_birth_share"];
    std::array<std::array<bool, agents::kLifeTableMaxAge + 1>, agents::kSexes> have{};
    for (std::size_t i = 0; i < d["life_table"].size(); ++i) {
      json& row = d["life_table"][i];
      const auto sex = static_cast<std::size_t>(row["sex"] == "male" ? 1 : 0);
      const auto age = row["age"].get<std::size_t>();
      if (have[sex][age]) problem(fmt::format("/demography/life_table/{}", i), fmt::format("duplicate row for {} aged {}", row["sex"].get<std::string>(), age));
      have[sex][age] = true;
      c.demography.mortality_rate[sex][age] = row["mx"];
    }
    for (std::size_t sex = 0; sex < agents::kSexes; ++sex) {
      for (std::size_t age = 0; age <= agents::kLifeTableMaxAge; ++age) {
        if (!have[sex][age]) {
          problem("/demography/life_table", fmt::format("no row for {} aged {} (expected ages 0-100 for both sexes)", sex ? "male" : "female", age));
        }
      }
    }
    for (std::size_t i = 0; i < agents::kFertilityAgeBands; ++i) c.demography.fertility_rate[i] = d["fertility_rate_per_1000"][i].get<double>() / 1000.0;
    for (std::size_t i = 0; i < agents::kCensusAgeBands; ++i) c.demography.out_migration_rate[i] = d["out_migration_rate"][i];
    return c;
  }

  Overrides overrides_;
  Origins origins_;
  std::vector<Located> located_;
  std::vector<Problem> problems_;
  std::vector<SourceFile> sources_;        // the chain of scenario files, base first
  std::vector<SourceFile> table_sources_;  // the CSV tables they name
};

}  // namespace

LoadedScenario load_scenario(const fs::path& file, const Overrides& overrides) {
  return Loader(overrides).load(file);
}

}  // namespace icsim::scenarios
