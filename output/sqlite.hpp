// A thin RAII wrapper over SQLite (the results databases of runs and sweeps): one connection,
// prepared statements, and every failure an OutputError that names the file (a full disk shows
// as "database or disk is full").
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace icsim::output {

class Statement;

class Database {
 public:
  enum class Mode { kCreate, kReadWrite, kReadOnly };
  explicit Database(const std::filesystem::path& file, Mode mode = Mode::kCreate);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  Statement prepare(const std::string& sql);
  const std::filesystem::path& file() const { return file_; }
  [[noreturn]] void fail(const std::string& message) const;
  sqlite3* handle() const { return db_; }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

// A prepared statement: bind by column from 1, then step() (for a row) or run() (to the end).
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int column, const std::string& text);
  Statement& bind(int column, std::int64_t v);
  Statement& bind(int column, double v);
  Statement& bind_null(int column);
  // Whole counts as integers (smaller records, and exact); other values as doubles.
  Statement& bind_value(int column, double v);
  // True while there is a row to read; resets the statement at the end.
  bool step();
  // Runs to the end and resets, ready to bind again.
  void run();
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string text(int column) const;
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace icsim::output
