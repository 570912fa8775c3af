// A sweep's results database, DIR/sweep.sqlite: the design (`parameters`, `scenarios`,
// `points`, `point_values`), the runs (`runs`: status, digest, host, rank, wall time, peak
// memory) and what each kept (`results`, in long form). Each finished run is committed in one
// transaction with its results, so a sweep killed at any moment loses only the runs under way;
// README.md, "Sweeps", gives the schema.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "output/sqlite.hpp"
#include "sim/measure_table.hpp"
#include "sweeps/plan.hpp"

namespace icsim::sweeps {

struct ResultRow {
  std::string period, level, area, measure;
  double value;
};

// Group `all` of the kept measures, levels, areas and periods, in the table's order.
std::vector<ResultRow> kept_results(const sim::MeasureTable& table, const Keep& keep);
// The SHA-256 of the rows as results.csv writes them: equal for equal results.
std::string results_digest(const std::vector<ResultRow>& rows);

struct RunRecord {
  std::string digest, host, finished_utc;
  int rank = 0;
  double wall_seconds = 0.0, peak_memory_mb = 0.0;
};

// Thrown when a sweep cannot resume: another sweep file, or another model.
class ResumeRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a sweep's tasks (Slurm array tasks, MPI ranks) commit their runs, one shard each, until
// they are collected into the sweep's database: DIR/tasks/task-K.sqlite.
std::filesystem::path shard_file(const std::filesystem::path& dir, int task);
std::vector<std::filesystem::path> shard_files(const std::filesystem::path& dir);

class SweepStore {
 public:
  static constexpr const char* kFileName = "sweep.sqlite";
  // A new database for this sweep and plan (the file must not exist); it appears complete or not at all.
  static SweepStore create(const std::filesystem::path& file, const Sweep& sweep, const Plan& plan, const std::string& model_version);
  // An existing one: for resuming (ResumeRefused unless the digest and model match), or, with
  // empty expectations, for reading.
  static SweepStore open(const std::filesystem::path& file, const std::string& sweep_digest = {}, const std::string& model_version = {});

  // Runs not yet committed, in run order.
  std::vector<int> pending_runs();
  std::vector<int> done_runs();
  // The measures' units and additivity, once (the first run gives them).
  void describe_measures(const sim::MeasureTable& table, const Keep& keep);
  void commit(int run, const std::vector<ResultRow>& rows, const RunRecord& record);
  std::string meta(const std::string& key);
  output::Database& database() { return *db_; }

  // Merges a task's shard (a database of the same sweep and model, holding the runs that task
  // committed) in one transaction, then removes it; ResumeRefused if it is another sweep's.
  void collect(const std::filesystem::path& shard);

  // points.csv (one column per parameter), runs.csv and results.csv, sorted by run and labels,
  // so that equal sweeps give byte-identical files (runs.csv aside: hosts and times differ).
  void export_csv(const std::filesystem::path& dir);

 private:
  explicit SweepStore(std::unique_ptr<output::Database> db) : db_(std::move(db)) {}
  std::unique_ptr<output::Database> db_;
};

}  // namespace icsim::sweeps
