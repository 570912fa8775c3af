// CSV, SQLite and staged output folders.
#include "output/writers.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "output/sqlite.hpp"

namespace icsim::output {
namespace fs = std::filesystem;

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// A file written in chunks, so that large outputs never sit whole in memory.
class OutputFile {
 public:
  explicit OutputFile(const fs::path& file) : file_(file), out_(std::fopen(file.c_str(), "wb")) {
    if (!out_) throw OutputError(fmt::format("{}: cannot create file ({})", file.string(), std::strerror(errno)));
  }
  void write(const char* data, std::size_t size) {
    if (std::fwrite(data, 1, size, out_.get()) != size) fail();
  }
  void close() {
    if (std::fflush(out_.get()) != 0) fail();
  }

 private:
  [[noreturn]] void fail() const {
    throw OutputError(fmt::format("{}: cannot write file ({})", file_.string(), std::strerror(errno)));
  }
  fs::path file_;
  std::unique_ptr<std::FILE, FileCloser> out_;
};

void write_bytes(const char* data, std::size_t size, const fs::path& file) {
  OutputFile out(file);
  out.write(data, size);
  out.close();
}

void insert_manifest(Database& db, const nlohmann::json& manifest) {
  Statement s = db.prepare("INSERT OR REPLACE INTO manifest VALUES (?, ?)");
  for (const auto& [key, value] : manifest.items()) s.bind(1, key).bind(2, value.is_string() ? value.get<std::string>() : value.dump()).run();
}

}  // namespace

void write_measures_csv(const sim::MeasureTable& table, const fs::path& file) {
  constexpr std::size_t kChunk = 1 << 20;
  OutputFile csv(file);
  std::string out;
  out.reserve(kChunk + 4096);
  out += "period,level,area,group,measure,value\n";
  std::string prefix;
  for (std::size_t p = 0; p < table.periods().size(); ++p) {
    for (std::size_t a = 0; a < table.areas().size(); ++a) {
      for (std::size_t g = 0; g < table.groups().size(); ++g) {
        // The first four columns are shared by every measure of a cell: build them once.
        prefix.clear();
        for (const std::string* part : {&table.periods()[p], &table.areas()[a].level, &table.areas()[a].name, &table.groups()[g]}) {
          prefix += *part;
          prefix += ',';
        }
        for (std::size_t m = 0; m < table.measures().size(); ++m) {
          if (!table.applies(g, m)) continue;
          out += prefix;
          out += table.measures()[m];
          out += ',';
          const double v = table.at(p, a, g, m);
          // Counts print as integers; other values in the shortest form that reads back exactly.
          if (v == std::floor(v) && std::abs(v) < 0x1p53) {
            out += fmt::format_int(static_cast<std::int64_t>(v)).c_str();
          } else {
            fmt::format_to(std::back_inserter(out), "{}", v);
          }
          out += '\n';
        }
        if (out.size() >= kChunk) {
          csv.write(out.data(), out.size());
          out.clear();
        }
      }
    }
  }
  csv.write(out.data(), out.size());
  csv.close();
}

namespace {

// Measure names become column names: they must be plain snake_case identifiers.
void check_column_names(const sim::MeasureTable& table) {
  for (const auto& m : table.measures()) {
    if (m.empty() || !std::all_of(m.begin(), m.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; })) {
      throw std::invalid_argument("measure name is not snake_case: " + m);
    }
  }
}

// measure_values: one row per period, area and group, one column per measure (a sixth of the
// rows of the long form, so a sixth of the insert cost); the view `measures` gives the long form.
void create_schema(Database& db, const sim::MeasureTable& table) {
  db.exec(R"sql(
    CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE periods (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, kind TEXT NOT NULL);
    CREATE TABLE areas (id INTEGER PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, display_name TEXT NOT NULL,
                        UNIQUE (level, name));
    CREATE TABLE groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE measure_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, unit TEXT, additive INTEGER,
                                definition TEXT);
  )sql");
  std::string columns, view;
  for (std::size_t m = 0; m < table.measures().size(); ++m) {
    const std::string& name = table.measures()[m];
    columns += fmt::format(",\n  {} NUMERIC NOT NULL", name);
    view += fmt::format("{}SELECT p.label AS period, a.level AS level, a.name AS area, g.name AS \"group\", '{}' AS measure, "
                        "v.{} AS value FROM measure_values v JOIN periods p ON p.id = v.period_id "
                        "JOIN areas a ON a.id = v.area_id JOIN groups g ON g.id = v.group_id",
                        m == 0 ? "" : "\nUNION ALL ", name, name);
  }
  // Groups of one measure only (delays by reason, discharges by pathway) go in a long table.
  view += "\nUNION ALL SELECT p.label, a.level, a.name, g.name, n.name, b.value FROM breakdown_values b "
          "JOIN periods p ON p.id = b.period_id JOIN areas a ON a.id = b.area_id JOIN groups g ON g.id = b.group_id "
          "JOIN measure_names n ON n.id = b.measure_id";
  db.exec(fmt::format("CREATE TABLE measure_values (\n  period_id INTEGER NOT NULL REFERENCES periods(id),\n"
                      "  area_id INTEGER NOT NULL REFERENCES areas(id),\n  group_id INTEGER NOT NULL REFERENCES groups(id){});\n"
                      "CREATE TABLE breakdown_values (period_id INTEGER NOT NULL REFERENCES periods(id), area_id INTEGER NOT NULL "
                      "REFERENCES areas(id), group_id INTEGER NOT NULL REFERENCES groups(id), measure_id INTEGER NOT NULL "
                      "REFERENCES measure_names(id), value NUMERIC NOT NULL);\n"
                      "CREATE VIEW measures AS\n{};",
                      columns, view));
}

// A dimension table: row i holds (i, columns[0][i], columns[1][i], ...).
void insert_dimension(Database& db, const char* sql, const std::vector<const std::vector<std::string>*>& values) {
  Statement s = db.prepare(sql);
  for (std::size_t i = 0; i < values.front()->size(); ++i) {
    s.bind(1, static_cast<std::int64_t>(i));
    for (std::size_t c = 0; c < values.size(); ++c) s.bind(static_cast<int>(c) + 2, (*values[c])[i]);
    s.run();
  }
}

// Periods, areas, groups and measures (with unit, additivity and definition where the table
// has them; NULL where it has none).
void insert_dimensions(Database& db, const sim::MeasureTable& table) {
  std::vector<std::string> period_kinds, levels, names, display_names;
  for (const auto& p : table.periods()) period_kinds.push_back(p.size() == 4 ? "year" : "month");
  for (const auto& a : table.areas()) {
    levels.push_back(a.level);
    names.push_back(a.name);
    display_names.push_back(a.display_name.empty() ? a.name : a.display_name);
  }
  insert_dimension(db, "INSERT INTO periods VALUES (?, ?, ?)", {&table.periods(), &period_kinds});
  insert_dimension(db, "INSERT INTO areas VALUES (?, ?, ?, ?)", {&levels, &names, &display_names});
  insert_dimension(db, "INSERT INTO groups VALUES (?, ?)", {&table.groups()});
  Statement s = db.prepare("INSERT INTO measure_names VALUES (?, ?, ?, ?, ?)");
  const auto& described = table.descriptions();
  for (std::size_t m = 0; m < table.measures().size(); ++m) {
    s.bind(1, static_cast<std::int64_t>(m)).bind(2, table.measures()[m]);
    if (m < described.size()) {
      s.bind(3, described[m].unit).bind(4, std::int64_t{described[m].additive ? 1 : 0}).bind(5, described[m].definition);
    } else {
      for (int c = 3; c <= 5; ++c) s.bind_null(c);
    }
    s.run();
  }
}

// Many rows per statement: per-statement overhead, not the B-tree, dominates single-row inserts.
void insert_values(Database& db, const sim::MeasureTable& table, const std::vector<std::size_t>& wide_groups) {
  const std::size_t n_p = table.periods().size(), n_a = table.areas().size(), n_m = table.measures().size();
  constexpr std::size_t kRowsPerInsert = 1000;
  auto insert_sql = [&](std::size_t rows) {
    std::string row = "(?,?,?";
    for (std::size_t m = 0; m < n_m; ++m) row += ",?";
    row += ")";
    std::string sql = "INSERT INTO measure_values VALUES ";
    for (std::size_t r = 0; r < rows; ++r) sql += (r == 0 ? "" : ",") + row;
    return sql;
  };
  Statement full = db.prepare(insert_sql(kRowsPerInsert));
  const std::size_t n_wide = wide_groups.size();
  const std::size_t total = n_p * n_a * n_wide;
  for (std::size_t first = 0; first < total; first += kRowsPerInsert) {
    const std::size_t rows = std::min(kRowsPerInsert, total - first);
    std::optional<Statement> tail;
    if (rows < kRowsPerInsert) tail.emplace(db.prepare(insert_sql(rows)));
    Statement& stmt = tail ? *tail : full;
    int column = 1;
    for (std::size_t row = first; row < first + rows; ++row) {
      const std::size_t g = wide_groups[row % n_wide], a = (row / n_wide) % n_a, p = row / (n_wide * n_a);
      stmt.bind(column, static_cast<std::int64_t>(p)).bind(column + 1, static_cast<std::int64_t>(a)).bind(column + 2, static_cast<std::int64_t>(g));
      column += 3;
      for (std::size_t m = 0; m < n_m; ++m) stmt.bind_value(column++, table.at(p, a, g, m));
    }
    stmt.run();
  }
}

void insert_breakdowns(Database& db, const sim::MeasureTable& table, const std::vector<std::size_t>& long_groups) {
  Statement breakdown = db.prepare("INSERT INTO breakdown_values VALUES (?, ?, ?, ?, ?)");
  for (std::size_t p = 0; p < table.periods().size(); ++p) {
    for (std::size_t a = 0; a < table.areas().size(); ++a) {
      for (std::size_t g : long_groups) {
        const auto m = static_cast<std::size_t>(table.only_measure(g));
        for (int k = 0; k < 4; ++k) breakdown.bind(k + 1, static_cast<std::int64_t>(std::array{p, a, g, m}[static_cast<std::size_t>(k)]));
        breakdown.bind_value(5, table.at(p, a, g, m)).run();
      }
    }
  }
}

}  // namespace

void write_results_sqlite(const sim::MeasureTable& table, const nlohmann::json& manifest, const fs::path& file) {
  check_column_names(table);
  Database db(file);
  // A new file written once: no journal needed; the staging folder protects against crashes.
  db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA page_size=65536; "
          "PRAGMA cache_size=-262144; BEGIN;");
  create_schema(db, table);
  insert_dimensions(db, table);
  std::vector<std::size_t> wide_groups, long_groups;
  for (std::size_t g = 0; g < table.groups().size(); ++g) (table.only_measure(g) < 0 ? wide_groups : long_groups).push_back(g);
  insert_values(db, table, wide_groups);
  insert_breakdowns(db, table, long_groups);
  insert_manifest(db, manifest);
  db.exec("COMMIT;");
}

void update_sqlite_manifest(const nlohmann::json& manifest, const fs::path& file) {
  Database db(file);
  db.exec("BEGIN;");
  insert_manifest(db, manifest);
  db.exec("COMMIT;");
}

void write_text(const std::string& text, const fs::path& file) { write_bytes(text.data(), text.size(), file); }

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) throw OutputError(fmt::format("{}: cannot be opened", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw OutputError(fmt::format("{}: cannot be read", file.string()));
  return text.str();
}

namespace {

// The staging folders of this process not yet committed; commit() and remove_all_staging()
// hold the lock, so a signal never removes a folder while it is being renamed into place.
struct Staging {
  std::mutex mutex;
  std::set<fs::path> live;
  bool removing = false;  // once a signal has come, no new staging folder is made
};
Staging& staging_registry() {
  static Staging s;
  return s;
}

// `DIR/` is `DIR`, `a/./b` is `a/b`.
fs::path normalised(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  return p;
}

// True if `a` is `b` or one of its parents (both made absolute, links resolved).
bool holds(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const fs::path ca = fs::weakly_canonical(a, ec), cb = fs::weakly_canonical(b, ec);
  const auto [end, _] = std::mismatch(ca.begin(), ca.end(), cb.begin(), cb.end());
  return end == ca.end();
}

// An icsim output folder holds the manifest icsim writes, naming icsim's version.
bool is_icsim_output(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "manifest.json", ec)) return false;
  std::ifstream in(dir / "manifest.json", std::ios::binary);
  const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
  return manifest.is_object() && manifest.contains("icsim_version");
}

// Why an existing folder may not be replaced, or "" if it may.
std::string refusal(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "it exists and is not a folder";
  if (holds(dir, fs::current_path(ec))) return "it holds the working folder";
  if (!is_icsim_output(dir)) return "it is not an icsim output folder (it has no manifest.json written by icsim)";
  return "";
}

// A staging folder's lock file: held for the life of the process that owns the folder.
fs::path lock_file_of(const fs::path& staging) { return staging.string() + ".lock"; }

// Removes staging folders beside `dir` whose owner is gone: their lock is free, or (folders
// without a lock file) their process no longer exists.
void remove_stale_staging(const fs::path& parent) {
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto mark = name.rfind(".partial-");
    if (name.empty() || name[0] != '.' || mark == std::string::npos) continue;
    const std::string tail = name.substr(mark + 9);
    if (tail.size() > 5 && tail.ends_with(".lock")) {
      const int fd = ::open(it->path().c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0) continue;
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
        std::error_code ignored;
        fs::remove_all(it->path().string().substr(0, it->path().string().size() - 5), ignored);
        ::unlink(it->path().c_str());
      }
      ::close(fd);
    } else if (!tail.empty() && std::isdigit(static_cast<unsigned char>(tail[0])) && !fs::exists(lock_file_of(it->path()), ec)) {
      const long pid = std::strtol(tail.c_str(), nullptr, 10);  // PID or PID-N
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
        std::error_code ignored;
        fs::remove_all(it->path(), ignored);
      }
    }
  }
}

int rename_flags(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

}  // namespace

void remove_all_staging() {
  Staging& reg = staging_registry();
  const std::lock_guard lock(reg.mutex);
  reg.removing = true;
  for (const auto& dir : reg.live) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    ::unlink(lock_file_of(dir).c_str());
  }
  reg.live.clear();
}

RunDirectory::RunDirectory(fs::path final_dir, bool overwrite, bool unique)
    : final_(normalised(final_dir)), overwrite_(overwrite), unique_(unique) {
  std::error_code ec;
  const std::string shown = final_dir.string();
  const std::string leaf = final_.filename().string();
  if (final_.empty() || leaf == "." || leaf == ".." || leaf.empty()) {
    throw OutputError(fmt::format("{}: not a folder icsim can write its results into (name a new folder)", shown));
  }
  if (holds(final_, fs::current_path(ec))) {
    throw OutputError(fmt::format("{}: refusing to write results there (it holds the working folder)", shown));
  }
  if (fs::exists(fs::symlink_status(final_, ec)) && !unique_) {
    if (!overwrite_) throw OutputError(fmt::format("{}: output folder exists (use --overwrite to replace it)", shown));
    if (const std::string why = refusal(final_); !why.empty()) {
      throw OutputError(fmt::format("{}: refusing to replace it: {}", shown, why));
    }
  }
  const fs::path parent = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("{}: cannot create folder ({})", parent.string(), ec.message()));
  remove_stale_staging(parent);

  // PID-N: one process may stage several folders of one name (replications, a server's runs).
  static std::atomic<int> sequence = 0;
  staging_ = parent / fmt::format(".{}.partial-{}-{}", leaf, ::getpid(), ++sequence);
  lock_file_ = lock_file_of(staging_);
  // The lock is taken under a temporary name and then renamed, so no other process ever sees
  // the lock file unlocked while this one lives.
  const fs::path taking = lock_file_.string() + ".new";
  lock_fd_ = ::open(taking.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (lock_fd_ < 0) throw OutputError(fmt::format("{}: cannot write in this folder ({})", parent.string(), std::strerror(errno)));
  if (::flock(lock_fd_, LOCK_EX) != 0 || ::rename(taking.c_str(), lock_file_.c_str()) != 0) {
    const int err = errno;
    ::unlink(taking.c_str());
    ::close(lock_fd_);
    throw OutputError(fmt::format("{}: cannot write in this folder ({})", parent.string(), std::strerror(err)));
  }
  Staging& reg = staging_registry();
  const std::lock_guard lock(reg.mutex);
  fs::remove_all(staging_, ec);
  if (reg.removing || !fs::create_directory(staging_, ec) || ec) {
    ::unlink(lock_file_.c_str());
    ::close(lock_fd_);
    throw OutputError(fmt::format("{}: cannot create folder ({})", staging_.string(), reg.removing ? "interrupted" : ec ? ec.message() : "exists"));
  }
  reg.live.insert(staging_);
}

RunDirectory::~RunDirectory() {
  Staging& reg = staging_registry();
  {
    const std::lock_guard lock(reg.mutex);
    if (reg.live.erase(staging_) > 0) {
      std::error_code ec;
      fs::remove_all(staging_, ec);
    }
  }
  release_lock();
}

void RunDirectory::commit() {
  Staging& reg = staging_registry();
  const std::lock_guard lock(reg.mutex);
  if (reg.removing || !reg.live.contains(staging_)) throw OutputError(fmt::format("{}: interrupted", final_.string()));
  const fs::path wanted = final_;
  for (int n = 2;; ++n) {
    const int err = rename_flags(staging_, final_, RENAME_NOREPLACE);
    if (err == 0) break;
    if (err != EEXIST && err != ENOTEMPTY) {
      throw OutputError(fmt::format("{}: cannot move results into place ({})", final_.string(), std::strerror(err)));
    }
    if (unique_ && n < 10000) {
      final_ = wanted.string() + fmt::format("-{}", n);
      continue;
    }
    if (!overwrite_) throw OutputError(fmt::format("{}: output folder exists (use --overwrite to replace it)", final_.string()));
    if (const std::string why = refusal(final_); !why.empty()) {
      throw OutputError(fmt::format("{}: refusing to replace it: {}", final_.string(), why));
    }
    // Swap the new results in atomically; the old ones, now under the staging name, go.
    if (const int swap = rename_flags(staging_, final_, RENAME_EXCHANGE); swap != 0) {
      throw OutputError(fmt::format("{}: cannot replace folder ({})", final_.string(), std::strerror(swap)));
    }
    std::error_code ec;
    fs::remove_all(staging_, ec);
    break;
  }
  reg.live.erase(staging_);
  committed_ = true;
  release_lock();
}

void RunDirectory::release_lock() {
  if (lock_fd_ < 0) return;
  ::unlink(lock_file_.c_str());
  ::close(lock_fd_);
  lock_fd_ = -1;
}

void check_can_write_beside(const fs::path& file) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw OutputError(fmt::format("{}: no such folder (for {})", dir.string(), file.string()));
  const fs::path probe = dir / fmt::format(".{}.probe-{}", file.filename().string(), ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(fmt::format("{}: cannot write in this folder ({})", dir.string(), std::strerror(errno)));
  ::close(fd);
  ::unlink(probe.c_str());
}

void replace_file(const std::string& text, const fs::path& file) {
  const fs::path temporary = file.string() + fmt::format(".partial-{}", ::getpid());
  try {
    write_text(text, temporary);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) {
    ::unlink(temporary.c_str());
    throw OutputError(fmt::format("{}: cannot write file ({})", file.string(), ec.message()));
  }
}

}  // namespace icsim::output
