// Writers for a run's results: measures.csv, results.sqlite and JSON files, written into a
// staging folder that becomes the output folder only when everything is complete.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/measure_table.hpp"

namespace icsim::output {

// A folder or file could not be created or written.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The tidy long format: period,level,area,group,measure,value.
void write_measures_csv(const sim::MeasureTable& table, const std::filesystem::path& file);
// The same measures and the manifest in SQLite; schema in docs/measures.md.
void write_results_sqlite(const sim::MeasureTable& table, const nlohmann::json& manifest,
                          const std::filesystem::path& file);
// Adds or replaces manifest rows in a results.sqlite written by write_results_sqlite.
void update_sqlite_manifest(const nlohmann::json& manifest, const std::filesystem::path& file);
void write_text(const std::string& text, const std::filesystem::path& file);
// A results file read whole (of any size: a full comparison.csv is tens of megabytes); throws
// OutputError naming the file if it cannot be read.
std::string read_text(const std::filesystem::path& file);

// Writes `text` to `file` whole or not at all: into a temporary file beside it, renamed over it.
void replace_file(const std::string& text, const std::filesystem::path& file);
// Throws OutputError unless a file can be created in `file`'s folder (checked by creating one).
void check_can_write_beside(const std::filesystem::path& file);

// The output folder of a run. Files go into a hidden staging folder beside it, whose lock file
// is held while the run lives; commit() renames it into place, so a folder under the final name
// is always complete.
// - `DIR/` means `DIR`; `.`, `..` and folders holding the working folder are refused.
// - An existing folder is refused, unless `overwrite` and it is an icsim output (it holds a
//   manifest.json that icsim wrote), which commit() then swaps out atomically.
// - `unique`: the name is the first of NAME, NAME-2, NAME-3, ... still free at commit, so runs
//   started at once never collide.
// - Staging folders that a killed process left beside the output are removed on construction;
//   a signal handler can remove live ones with remove_all_staging().
class RunDirectory {
 public:
  RunDirectory(std::filesystem::path final_dir, bool overwrite, bool unique = false);
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  // The final folder; with `unique`, its name as committed.
  const std::filesystem::path& final_dir() const { return final_; }
  void commit();

 private:
  void release_lock();
  std::filesystem::path final_;
  std::filesystem::path staging_;
  std::filesystem::path lock_file_;
  int lock_fd_ = -1;
  bool overwrite_;
  bool unique_;
  bool committed_ = false;
};

// Removes every staging folder of this process that is not yet committed; for a handler of
// SIGINT or SIGTERM, on a thread of its own (it takes a lock that commit() holds).
void remove_all_staging();

}  // namespace icsim::output
