// The SQLite wrapper (output/sqlite.hpp).
#include "output/sqlite.hpp"

#include <cmath>

#include <fmt/format.h>

#include "output/writers.hpp"

namespace icsim::output {

Database::Database(const std::filesystem::path& file, Mode mode) : file_(file) {
  const int flags = mode == Mode::kCreate      ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                    : mode == Mode::kReadWrite ? SQLITE_OPEN_READWRITE
                                               : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(file.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw OutputError(fmt::format("{}: cannot {} database ({})", file.string(), mode == Mode::kCreate ? "create" : "open", message));
  }
  sqlite3_busy_timeout(db_, 60'000);  // another process committing: wait for it
}

Database::~Database() { sqlite3_close(db_); }

void Database::fail(const std::string& message) const {
  throw OutputError(fmt::format("{}: cannot write database ({})", file_.string(), message));
}

void Database::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    fail(message);
  }
}

Statement Database::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(sqlite3_errmsg(db_));
  return Statement(*this, stmt);
}

Statement& Statement::bind(int column, const std::string& text) {
  sqlite3_bind_text(stmt_, column, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int column, std::int64_t v) {
  sqlite3_bind_int64(stmt_, column, static_cast<sqlite3_int64>(v));
  return *this;
}
Statement& Statement::bind(int column, double v) {
  sqlite3_bind_double(stmt_, column, v);
  return *this;
}
Statement& Statement::bind_null(int column) {
  sqlite3_bind_null(stmt_, column);
  return *this;
}
Statement& Statement::bind_value(int column, double v) {
  if (v == std::floor(v) && std::abs(v) < 0x1p53) return bind(column, static_cast<std::int64_t>(v));
  return bind(column, v);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  sqlite3_reset(stmt_);
  if (rc != SQLITE_DONE) db_->fail(sqlite3_errmsg(db_->handle()));
  return false;
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

}  // namespace icsim::output
