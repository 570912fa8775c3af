// Scenario loading: the extends chain, merge patch, CSV tables, validation against the
// specification, cross-references, and the frozen ScenarioConfig.
#include "scenarios/loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenarios/config_builder.hpp"
#include "scenarios/csv_table.hpp"
#include "scenarios/json_reader.hpp"
#include "scenarios/spec.hpp"
#include "scenarios/validator.hpp"
#include "sim/sha256.hpp"
#include "sim/text.hpp"

namespace icsim::scenarios {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Type = Spec::Type;

std::string Problem::to_string() const {
  return sim::printable(file) + ":" + (pointer.empty() ? "" : sim::printable(pointer) + ":") + " " + sim::printable(message);
}

ScenarioError::ScenarioError(std::vector<Problem> problems)
    : std::runtime_error([&] {
        std::string text;
        for (const auto& p : problems) text += p.to_string() + "\n";
        return text;
      }()),
      problems_(std::move(problems)) {}

std::string read_input_file(const fs::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    throw UnreadableFile(errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw UnreadableFile(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    throw UnreadableFile(S_ISDIR(st.st_mode) ? "it is a folder" : "it is a device, FIFO or socket, not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > kMaxInputBytes) {
    throw UnreadableFile(fmt::format("it is too large: {} bytes, expected at most {} MiB", st.st_size, kMaxInputBytes >> 20));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UnreadableFile(std::strerror(errno));
    if (n == 0) break;  // the file shrank while being read
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  return text;
}

namespace {

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

class Loader {
 public:
  Loader(const Overrides& overrides, const FileReader& read, const std::vector<SectionReader>& sections)
      : overrides_(overrides), read_(read), sections_(sections) {}

  LoadedScenario load(const fs::path& file) {
    read_chain(file, 0, nullptr);
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
    validate(merged, scenario_spec(), "", located_);
    LoadedScenario out;
    agents::ScenarioConfig config;
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
      config = ConfigBuilder(located_).build(scratch, sections_);
    } catch (const std::exception&) {
      if (!malformed) throw;
    }
    if (!located_.empty() || !problems_.empty()) {
      for (const auto& p : located_) {
        // A table that could not be read stands empty: what follows from that is not news.
        const bool follow_on = std::any_of(unusable_tables_.begin(), unusable_tables_.end(), [&](const std::string& t) {
          return p.pointer == t || p.pointer.rfind(t + "/", 0) == 0;
        });
        if (!follow_on) problems_.push_back(origins_.locate(p));
      }
      throw ScenarioError(std::move(problems_));
    }
    out.model = agents::freeze(std::move(config));
    out.effective_json = merged.dump(2) + "\n";
    out.digest = sim::sha256_hex(out.effective_json);
    out.sources = std::move(sources_);
    out.sources.insert(out.sources.end(), table_sources_.begin(), table_sources_.end());
    return out;
  }

 private:
  // A file and the key that named it (nullptr for the scenario given on the command line).
  struct Referrer {
    std::string file;
    std::string pointer;
  };

  // The bytes of a file; one the scenario names but that cannot be read is bad input, located
  // at the key that names it.
  std::optional<std::string> read(const fs::path& file, const Referrer* by, const char* what) {
    try {
      return read_(file);
    } catch (const UnreadableFile& e) {
      if (!by) throw EnvironmentError(fmt::format("{}: cannot read file ({})", sim::printable(file.string()), e.what()));
      problems_.push_back({by->file, by->pointer, fmt::format("cannot read {} {} ({})", what, sim::quoted(file.string()), e.what())});
      return std::nullopt;
    }
  }

  [[noreturn]] void stop(std::string file, std::string pointer, std::string message) {
    problems_.push_back({std::move(file), std::move(pointer), std::move(message)});
    throw ScenarioError(std::move(problems_));
  }

  void read_chain(const fs::path& file, int depth, const Referrer* by) {
    if (depth > 16) {
      stop(file.string(), "/extends", "the chain of extended files is too long or circular (expected at most 16 levels of extends)");
    }
    const auto text = read(file, by, "the extended file");
    if (!text) throw ScenarioError(std::move(problems_));
    json content;
    for (auto& p : parse_json(*text, content)) problems_.push_back({file.string(), std::move(p.pointer), std::move(p.message)});
    if (content.is_null() && !problems_.empty()) throw ScenarioError(std::move(problems_));
    if (!content.is_object()) stop(file.string(), "", fmt::format("wrong type (got {}; expected an object)", kind_of(content)));
    const auto version = content.find("schema_version");
    if (version == content.end() || *version != kSchemaVersion) {
      stop(file.string(), "/schema_version",
           fmt::format("unsupported schema version (got {}; expected {})", version == content.end() ? "nothing" : brief(*version),
                       kSchemaVersion));
    }
    if (const auto base = content.find("extends"); base != content.end()) {
      if (!base->is_string() || base->get<std::string>().empty()) {
        stop(file.string(), "/extends", fmt::format("wrong type (got {}; expected a file name)", brief(*base)));
      }
      const Referrer here{file.string(), "/extends"};
      read_chain(file.parent_path() / base->get<std::string>(), depth + 1, &here);
    }
    sources_.push_back({file.string(), sim::sha256_hex(*text), depth == 0 ? "scenario" : "extends"});
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
      const Referrer here{file.string(), pointer};
      const auto text = read(csv, &here, "the table");
      if (!text) {
        content[ptr] = json::array();
        unusable_tables_.push_back(pointer);
        continue;
      }
      table_sources_.push_back({csv.string(), sim::sha256_hex(*text), "table"});
      try {
        const Spec* row = spec_at(pointer)->items.get();
        std::vector<std::string> text_columns;
        for (const auto& [key, child] : row->fields) {
          if (child.type == Spec::Type::kString) text_columns.push_back(key);
        }
        CsvTable table = parse_csv(*text, text_columns);
        bool header_ok = true;
        const bool any_known = std::any_of(table.header.begin(), table.header.end(), [&](const auto& c) { return row->field(c) != nullptr; });
        std::string expected;
        for (const auto& [key, child] : row->fields) expected += (expected.empty() ? "" : ", ") + key;
        if (!any_known) {
          // Likely not the table meant at all: say so without echoing what the file holds.
          problems_.push_back({csv.string(), "", fmt::format("the header names none of the expected columns (expected: {})", expected)});
          header_ok = false;
        }
        for (const auto& column : table.header) {
          if (any_known && !row->field(column)) {
            problems_.push_back({csv.string(), "/0/" + sim::json_pointer_token(column),
                                 fmt::format("unknown column {} in the header (expected: {})", sim::quoted(column), expected)});
            header_ok = false;
          }
        }
        for (const auto& [key, child] : row->fields) {
          if (any_known && child.required && std::find(table.header.begin(), table.header.end(), key) == table.header.end()) {
            problems_.push_back({csv.string(), "", fmt::format("missing column \"{}\" in the header", key)});
            header_ok = false;
          }
        }
        content[ptr] = header_ok ? std::move(table.rows) : json::array();
        if (!header_ok) unusable_tables_.push_back(pointer);
        origins_.table_files[pointer] = {csv.string(), origins_.files.size()};
      } catch (const std::runtime_error& e) {
        problems_.push_back({csv.string(), "", e.what()});
        content[ptr] = json::array();
        unusable_tables_.push_back(pointer);
      }
    }
  }

  Overrides overrides_;
  const FileReader& read_;
  const std::vector<SectionReader>& sections_;
  Origins origins_;
  std::vector<Located> located_;
  std::vector<Problem> problems_;
  std::vector<SourceFile> sources_;        // the chain of scenario files, base first
  std::vector<SourceFile> table_sources_;  // the CSV tables they name
  std::vector<std::string> unusable_tables_;  // pointers of tables already reported unreadable
};

}  // namespace

LoadedScenario load_scenario(const fs::path& file, const Overrides& overrides, const FileReader& read,
                             const std::vector<SectionReader>& sections) {
  return Loader(overrides, read, sections).load(file);
}

}  // namespace icsim::scenarios
