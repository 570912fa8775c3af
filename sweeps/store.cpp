// The sweep's results database (sweeps/store.hpp).
#include "sweeps/store.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "output/writers.hpp"
#include "sim/sha256.hpp"

namespace icsim::sweeps {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parameters (parameter INTEGER PRIMARY KEY, path TEXT NOT NULL, distribution TEXT NOT NULL,
  min REAL, max REAL, mode REAL, "values" TEXT);
CREATE TABLE scenarios (scenario INTEGER PRIMARY KEY, file TEXT NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE points (point INTEGER PRIMARY KEY, role TEXT NOT NULL, block INTEGER NOT NULL, step INTEGER NOT NULL);
CREATE TABLE point_values (point INTEGER NOT NULL REFERENCES points(point), parameter INTEGER NOT NULL REFERENCES parameters(parameter),
  unit REAL NOT NULL, value REAL NOT NULL, PRIMARY KEY (point, parameter)) WITHOUT ROWID;
CREATE TABLE runs (run INTEGER PRIMARY KEY, point INTEGER NOT NULL REFERENCES points(point),
  scenario INTEGER NOT NULL REFERENCES scenarios(scenario), replication INTEGER NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', digest TEXT, host TEXT, rank INTEGER, wall_seconds REAL, peak_memory_mb REAL,
  finished_utc TEXT);
CREATE TABLE measures (measure TEXT PRIMARY KEY, unit TEXT NOT NULL, additive INTEGER NOT NULL);
CREATE TABLE results (run INTEGER NOT NULL REFERENCES runs(run), period TEXT NOT NULL, level TEXT NOT NULL, area TEXT NOT NULL,
  measure TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (run, period, level, area, measure)) WITHOUT ROWID;
)sql";

const char* distribution_name(Distribution d) {
  switch (d) {
    case Distribution::kUniform: return "uniform";
    case Distribution::kLogUniform: return "log_uniform";
    case Distribution::kTriangular: return "triangular";
  }
  return "?";
}

// The rollback journal (SQLite's default, with full syncs): a commit survives a crash or a power
// cut, and it works on the network filesystems clusters share, where WAL does not.
void configure(output::Database& db) { db.exec("PRAGMA foreign_keys=ON;"); }

std::string csv_line(const ResultRow& r) { return fmt::format("{},{},{},{},{}\n", r.period, r.level, r.area, r.measure, r.value); }

}  // namespace

std::vector<ResultRow> kept_results(const sim::MeasureTable& table, const Keep& keep) {
  const auto& groups = table.groups();
  const auto all = static_cast<std::size_t>(std::find(groups.begin(), groups.end(), "all") - groups.begin());
  std::vector<std::size_t> measures;
  for (const auto& name : keep.measures) {
    const auto it = std::find(table.measures().begin(), table.measures().end(), name);
    if (it != table.measures().end()) measures.push_back(static_cast<std::size_t>(it - table.measures().begin()));
  }
  const std::set<std::string> levels(keep.levels.begin(), keep.levels.end()), areas(keep.areas.begin(), keep.areas.end());
  std::vector<ResultRow> rows;
  for (std::size_t p = 0; p < table.periods().size(); ++p) {
    const std::string& period = table.periods()[p];
    if (!(period.size() == 4 ? keep.years : keep.months)) continue;
    for (std::size_t a = 0; a < table.areas().size(); ++a) {
      const sim::Area& area = table.areas()[a];
      if (!levels.contains(area.level) || (!areas.empty() && !areas.contains(area.name))) continue;
      for (std::size_t m : measures) rows.push_back({period, area.level, area.name, table.measures()[m], table.at(p, a, all, m)});
    }
  }
  return rows;
}

std::string results_digest(const std::vector<ResultRow>& rows) {
  std::string text;
  for (const auto& r : rows) text += csv_line(r);
  return sim::sha256_hex(text);
}

SweepStore SweepStore::create(const fs::path& file, const Sweep& sweep, const Plan& plan, const std::string& model_version) {
  // Built under another name and renamed once complete, so that a reader (or --resume after a
  // kill) never finds a database without its plan.
  const fs::path partial = file.string() + ".partial";
  fs::remove(partial);
  fs::remove(partial.string() + "-journal");
  auto db = std::make_unique<output::Database>(partial, output::Database::Mode::kCreate);
  configure(*db);
  db->exec("BEGIN;");
  db->exec(kSchema);
  {
    auto meta = db->prepare("INSERT INTO meta VALUES (?, ?)");
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"name", sweep.name},
        {"sweep_file", sweep.file},
        {"sweep_digest_sha256", sweep.digest},
        {"model_version", model_version},
        {"design", design_name(sweep.design)},
        {"replications", std::to_string(sweep.replications)},
        {"seed", std::to_string(sweep.seed)},
        {"bootstrap", std::to_string(sweep.bootstrap)},
        {"effective_sweep", sweep.effective.dump(2)},
    };
    for (const auto& [key, value] : rows) meta.bind(1, key).bind(2, value).run();
    if (!sweep.pilot.empty()) meta.bind(1, std::string("precision")).bind(2, sweep.pilot).run();
  }
  {
    auto insert = db->prepare("INSERT INTO parameters VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
      const SweptParameter& p = sweep.parameters[j];
      insert.bind(1, static_cast<std::int64_t>(j)).bind(2, p.path).bind(3, std::string(distribution_name(p.distribution)));
      if (p.values.empty()) {
        insert.bind(4, p.min).bind(5, p.max);
        if (p.distribution == Distribution::kTriangular) insert.bind(6, p.mode);
        else insert.bind_null(6);
        insert.bind_null(7);
      } else {
        insert.bind_null(4).bind_null(5).bind_null(6).bind(7, nlohmann::json(p.values).dump());
      }
      insert.run();
    }
  }
  {
    auto insert = db->prepare("INSERT INTO scenarios VALUES (?, ?, ?, ?)");
    for (std::size_t s = 0; s < sweep.scenarios.size(); ++s) {
      insert.bind(1, static_cast<std::int64_t>(s)).bind(2, sweep.scenarios[s]).bind(3, sweep.scenario_names[s])
          .bind(4, sweep.effective["scenario_digests"][s].get<std::string>()).run();
    }
  }
  {
    auto point = db->prepare("INSERT INTO points VALUES (?, ?, ?, ?)");
    auto value = db->prepare("INSERT INTO point_values VALUES (?, ?, ?, ?)");
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      const DesignPoint& d = plan.points[p];
      point.bind(1, static_cast<std::int64_t>(p)).bind(2, d.role).bind(3, std::int64_t{d.block}).bind(4, std::int64_t{d.step}).run();
      for (std::size_t j = 0; j < d.values.size(); ++j) {
        value.bind(1, static_cast<std::int64_t>(p)).bind(2, static_cast<std::int64_t>(j)).bind(3, d.unit[j]).bind(4, d.values[j]).run();
      }
    }
  }
  {
    auto run = db->prepare("INSERT INTO runs (run, point, scenario, replication, seed) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t r = 0; r < plan.runs.size(); ++r) {
      const PlannedRun& p = plan.runs[r];
      run.bind(1, static_cast<std::int64_t>(r)).bind(2, std::int64_t{p.point}).bind(3, std::int64_t{p.scenario})
          .bind(4, std::int64_t{p.replication}).bind(5, static_cast<std::int64_t>(p.seed)).run();
    }
  }
  db->exec("COMMIT;");
  db.reset();
  fs::rename(partial, file);
  db = std::make_unique<output::Database>(file, output::Database::Mode::kReadWrite);
  configure(*db);
  return SweepStore(std::move(db));
}

SweepStore SweepStore::open(const fs::path& file, const std::string& sweep_digest, const std::string& model_version) {
  if (!fs::exists(file)) throw output::OutputError(fmt::format("{}: no sweep database here", file.string()));
  auto db = std::make_unique<output::Database>(file, output::Database::Mode::kReadWrite);
  configure(*db);
  SweepStore store(std::move(db));
  if (!sweep_digest.empty() && store.meta("sweep_digest_sha256") != sweep_digest) {
    throw ResumeRefused(fmt::format("{} was made by another sweep file (or other scenarios, or other --years, --replications, "
                                    "--samples or --precision): its digest is {}, this one's {}; start it afresh with another --out",
                                    file.string(), store.meta("sweep_digest_sha256").substr(0, 16), sweep_digest.substr(0, 16)));
  }
  if (!model_version.empty() && store.meta("model_version") != model_version) {
    throw ResumeRefused(fmt::format("{} was made by another model ({}; this is {}): its runs and new ones would not compare; "
                                    "start it afresh with another --out",
                                    file.string(), store.meta("model_version"), model_version));
  }
  return store;
}

std::string SweepStore::meta(const std::string& key) {
  auto q = db_->prepare("SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  std::string value;
  while (q.step()) value = q.text(0);
  return value;
}

fs::path shard_file(const fs::path& dir, int task) { return dir / "tasks" / fmt::format("task-{}.sqlite", task); }

std::vector<fs::path> shard_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir / "tasks")) return out;
  for (const auto& entry : fs::directory_iterator(dir / "tasks")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("task-", 0) == 0 && entry.path().extension() == ".sqlite") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> SweepStore::done_runs() {
  auto q = db_->prepare("SELECT run FROM runs WHERE status = 'done' ORDER BY run");
  std::vector<int> out;
  while (q.step()) out.push_back(static_cast<int>(q.integer(0)));
  return out;
}

void SweepStore::collect(const fs::path& shard) {
  {
    SweepStore other = open(shard, meta("sweep_digest_sha256"), meta("model_version"));
  }
  auto attach = db_->prepare("ATTACH DATABASE ? AS shard");
  attach.bind(1, shard.string()).run();
  db_->exec("BEGIN IMMEDIATE;");
  try {
    db_->exec(R"sql(
INSERT OR REPLACE INTO results SELECT x.* FROM shard.results x JOIN shard.runs r USING (run) WHERE r.status = 'done';
UPDATE runs SET (status, digest, host, rank, wall_seconds, peak_memory_mb, finished_utc) =
  (SELECT s.status, s.digest, s.host, s.rank, s.wall_seconds, s.peak_memory_mb, s.finished_utc FROM shard.runs s WHERE s.run = runs.run)
  WHERE run IN (SELECT run FROM shard.runs WHERE status = 'done');
INSERT OR IGNORE INTO measures SELECT * FROM shard.measures;
COMMIT;)sql");
  } catch (...) {
    db_->exec("ROLLBACK;");
    db_->exec("DETACH DATABASE shard;");
    throw;
  }
  db_->exec("DETACH DATABASE shard;");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(shard.string() + suffix);
}

std::vector<int> SweepStore::pending_runs() {
  auto q = db_->prepare("SELECT run FROM runs WHERE status != 'done' ORDER BY run");
  std::vector<int> out;
  while (q.step()) out.push_back(static_cast<int>(q.integer(0)));
  return out;
}

void SweepStore::describe_measures(const sim::MeasureTable& table, const Keep& keep) {
  const auto& described = table.descriptions();
  auto insert = db_->prepare("INSERT OR IGNORE INTO measures VALUES (?, ?, ?)");
  db_->exec("BEGIN;");
  for (const auto& name : keep.measures) {
    const auto m = static_cast<std::size_t>(std::find(table.measures().begin(), table.measures().end(), name) - table.measures().begin());
    if (m >= described.size()) continue;
    insert.bind(1, name).bind(2, described[m].unit).bind(3, std::int64_t{described[m].additive ? 1 : 0}).run();
  }
  db_->exec("COMMIT;");
}

void SweepStore::commit(int run, const std::vector<ResultRow>& rows, const RunRecord& record) {
  db_->exec("BEGIN IMMEDIATE;");
  try {
    auto clear = db_->prepare("DELETE FROM results WHERE run = ?");
    clear.bind(1, std::int64_t{run}).run();
    auto insert = db_->prepare("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) insert.bind(1, std::int64_t{run}).bind(2, r.period).bind(3, r.level).bind(4, r.area).bind(5, r.measure).bind_value(6, r.value).run();
    auto done = db_->prepare(
        "UPDATE runs SET status = 'done', digest = ?, host = ?, rank = ?, wall_seconds = ?, peak_memory_mb = ?, finished_utc = ? "
        "WHERE run = ?");
    done.bind(1, record.digest).bind(2, record.host).bind(3, std::int64_t{record.rank}).bind(4, record.wall_seconds)
        .bind(5, record.peak_memory_mb).bind(6, record.finished_utc).bind(7, std::int64_t{run}).run();
    db_->exec("COMMIT;");
  } catch (...) {
    db_->exec("ROLLBACK;");
    throw;
  }
}

void SweepStore::export_csv(const fs::path& dir) {
  std::vector<std::string> paths;
  {
    auto q = db_->prepare("SELECT path FROM parameters ORDER BY parameter");
    while (q.step()) paths.push_back(q.text(0));
  }
  std::string points = "point,role,block,step";
  for (const auto& p : paths) points += "," + p;
  {
    auto q = db_->prepare("SELECT p.point, p.role, p.block, p.step, v.value FROM points p JOIN point_values v USING (point) "
                          "ORDER BY p.point, v.parameter");
    std::int64_t last = -1;
    while (q.step()) {
      if (q.integer(0) != last) {
        last = q.integer(0);
        points += fmt::format("\n{},{},{},{}", last, q.text(1), q.integer(2), q.integer(3));
      }
      points += fmt::format(",{}", q.real(4));
    }
    points += "\n";
  }
  std::string runs = "run,point,scenario,replication,seed,status,digest,host,rank,wall_seconds,peak_memory_mb,finished_utc\n";
  {
    auto q = db_->prepare("SELECT r.run, r.point, s.name, r.replication, r.seed, r.status, r.digest, r.host, r.rank, r.wall_seconds, "
                          "r.peak_memory_mb, r.finished_utc FROM runs r JOIN scenarios s USING (scenario) ORDER BY r.run");
    while (q.step()) {
      runs += fmt::format("{},{},{},{},{},{}", q.integer(0), q.integer(1), q.text(2), q.integer(3), q.integer(4), q.text(5));
      for (int c = 6; c < 12; ++c) {
        runs += ',';
        if (!q.is_null(c)) runs += q.text(c);
      }
      runs += "\n";
    }
  }
  std::string results = "run,point,scenario,replication,period,level,area,measure,value\n";
  {
    auto q = db_->prepare("SELECT x.run, r.point, s.name, r.replication, x.period, x.level, x.area, x.measure, x.value FROM results x "
                          "JOIN runs r USING (run) JOIN scenarios s ON s.scenario = r.scenario "
                          "ORDER BY x.run, x.period, x.level, x.area, x.measure");
    while (q.step()) {
      results += fmt::format("{},{},{},{},{},{},{},{},{}\n", q.integer(0), q.integer(1), q.text(2), q.integer(3), q.text(4), q.text(5),
                             q.text(6), q.text(7), q.real(8));
    }
  }
  output::replace_file(points, dir / "points.csv");
  output::replace_file(runs, dir / "runs.csv");
  output::replace_file(results, dir / "results.csv");
}

}  // namespace icsim::sweeps
