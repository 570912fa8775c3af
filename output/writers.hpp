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

// The output folder of a run. Files go into a hidden staging folder beside it; commit() renames
// it into place, so a folder under the final name is always complete. Without `overwrite` an
// existing folder is an error, checked both before the run and at commit.
class RunDirectory {
 public:
  RunDirectory(std::filesystem::path final_dir, bool overwrite);
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_dir() const { return final_; }
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool overwrite_;
  bool committed_ = false;
};

}  // namespace icsim::output
