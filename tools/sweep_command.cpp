// `icsim sweep` (tools/sweep_command.hpp). A sweep's runs are committed to DIR/sweep.sqlite by a
// single process; under mpirun, or as Slurm array tasks, each rank or task commits its share to
// a shard of its own (DIR/tasks/task-K.sqlite), which rank 0 (or `sweep collect`) merges.
#include "tools/sweep_command.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "output/writers.hpp"
#include "scenarios/spec.hpp"
#include "sim/clock.hpp"
#include "sweeps/analysis.hpp"
#include "sweeps/runner.hpp"
#include "tools/command_line.hpp"
#include "tools/mpi_world.hpp"
#include "tools/progress_bar.hpp"

namespace icsim::tools {
namespace fs = std::filesystem;
namespace sw = sweeps;
using namespace exit_codes;

namespace {

// Holds FILE.lock while a process writes FILE, so that two cannot write it at once.
class WriteLock {
 public:
  explicit WriteLock(const fs::path& file) : fd_(::open((file.string() + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (fd_ < 0 || flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      throw output::OutputError(fmt::format("{}: another sweep process is writing it (or it cannot be locked)", file.string()));
    }
  }
  ~WriteLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_;
};

struct Context {
  const SweepArgs& args;
  sw::Sweep sweep;
  sw::Plan plan;
  fs::path dir, file;
  int threads;
  sim::Clock::time_point start = sim::Clock::now();

  std::string plan_line(std::size_t to_do) const {
    return fmt::format("{}: {} design, {} points x {} scenario{} x {} replication{} = {} runs; {} to do, {} at a time\n", sweep.name,
                       sw::design_name(sweep.design), plan.points.size(), sweep.scenarios.size(), sweep.scenarios.size() == 1 ? "" : "s",
                       sweep.replications, sweep.replications == 1 ? "" : "s", plan.runs.size(), to_do, threads);
  }
};

// The rule as the effective sweep records it.
nlohmann::json rule_json(const PrecisionArgs& p) {
  return {{"precision", *p.precision}, {"minimum", p.minimum}, {"maximum", p.maximum}};
}

// How a sweep's pilot reads its scenarios' runs: one scenario's values, or several scenarios'
// values and their differences from the first (the analysis uses both).
experiments::Watched pilot_watch(const sw::Sweep& sweep) {
  return sweep.scenarios.size() == 1 ? experiments::Watched::kMeans : experiments::Watched::kMeansAndDifferences;
}

// The pilot: the sweep's scenarios as their files set them, with the sweep's seeds, replications
// added until the rule is met. Returns the replications and sets `record` to what it found.
int run_pilot(const Context& c, std::string& record) {
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(c.threads));
  experiments::Ensemble ensemble({c.sweep.years, std::nullopt}, c.threads);
  auto jobs_of = [&](std::uint64_t r) {
    std::vector<experiments::ReplicationJob> jobs;
    for (const auto& file : c.sweep.scenarios) jobs.push_back({file, c.sweep.seed + r, false});
    return jobs;
  };
  if (!c.args.quiet) {
    fmt::print("{}: a pilot of its scenarios sets the replications of every point (--precision)\n", c.sweep.name);
    std::fflush(stdout);  // before the pilot's lines on stderr
  }
  const auto watched = pilot_watch(c.sweep);
  const auto pilot =
      run_replicated(ensemble, jobs_of, c.sweep.scenarios.size(), watched, 0, c.args.precision, c.threads, c.args.quiet);
  warn_if_not_met(c.args.precision, *pilot.precision);
  if (!c.args.quiet) fmt::print("pilot: {}\n", experiments::describe(c.args.precision.rule(), *pilot.precision));
  record = precision_record(c.args.precision, watched, *pilot.precision).dump();
  return static_cast<int>(pilot.replications);
}

// The replications the pilot set for a sweep that exists (--resume, a Slurm task), read from the
// record in its database; -1 after printing why it cannot be used.
int recorded_pilot(const Context& c) {
  const std::string text = sw::SweepStore::open(c.file).meta("precision");
  const auto& p = c.args.precision;
  try {
    if (text.empty()) {
      std::cerr << fmt::format("icsim: {} was not run with --precision; resume it as it was started\n", c.file.string());
      return -1;
    }
    const auto record = nlohmann::json::parse(text);
    if (record.at("target").get<double>() != *p.precision || record.at("minimum").get<std::size_t>() != p.minimum ||
        record.at("maximum").get<std::size_t>() != p.maximum) {
      std::cerr << fmt::format("icsim: {} was run with --precision {} --min-replications {} --max-replications {}; resume it "
                               "with the same\n",
                               c.file.string(), record.at("target").dump(), record.at("minimum").dump(), record.at("maximum").dump());
      return -1;
    }
    return record.at("replications").get<int>();
  } catch (const nlohmann::json::exception& e) {
    std::cerr << fmt::format("icsim: {}: its precision record cannot be read ({})\n", c.file.string(), e.what());
    return -1;
  }
}

// The sweep read again with the pilot's replications, its rule recorded in the effective sweep.
void set_replications(Context& c, int replications, std::string record) {
  sw::SweepOverrides overrides = c.args.overrides;
  overrides.replications = replications;
  overrides.replications_rule = rule_json(c.args.precision);
  c.sweep = sw::read_sweep(c.args.file, overrides);
  c.sweep.pilot = std::move(record);
  c.plan = sw::plan_sweep(c.sweep);
}

// With --precision, holding the sweep's lock: the pilot's replications, run now for a new sweep
// or read from the record of the one being resumed, so that a resumed sweep or a task never runs
// the pilot again. An exit code.
int settle_replications(Context& c) {
  if (!c.args.precision.precision) return kOk;
  std::string record;
  const int replications = c.args.resume || c.args.task >= 0 ? recorded_pilot(c) : run_pilot(c, record);
  if (replications < 0) return kBadInput;
  set_replications(c, replications, std::move(record));
  return kOk;
}

// The sweep's folder and database before any run: created, or with --resume reopened after
// checking that it is the same sweep and model, with any tasks' shards left by an earlier
// attempt collected; with --precision, the pilot run (or its record read) first. An exit code.
int prepare(Context& c, std::optional<WriteLock>& lock) {
  if (!c.args.resume && fs::exists(c.dir)) {
    if (!c.args.overwrite || !(fs::exists(c.file) || fs::exists(c.file.string() + ".partial"))) {
      std::cerr << fmt::format("icsim: {} exists; use --resume to finish its sweep, or --overwrite to replace a sweep's folder\n",
                               c.dir.string());
      return kBadInput;
    }
    fs::remove_all(c.dir);
  }
  if (c.args.resume && !fs::exists(c.file)) {
    std::cerr << fmt::format("icsim: {} holds no sweep to resume ({} is missing)\n", c.dir.string(), c.file.string());
    return kBadInput;
  }
  fs::create_directories(c.dir);
  lock.emplace(c.file);
  if (const int status = settle_replications(c); status != kOk) return status;
  try {
    if (!c.args.resume) {
      sw::SweepStore::create(c.file, c.sweep, c.plan, version_line());
      return kOk;
    }
    sw::SweepStore store = sw::SweepStore::open(c.file, c.sweep.digest, version_line());
    for (const auto& shard : sw::shard_files(c.dir)) store.collect(shard);
  } catch (const sw::ResumeRefused& e) {
    std::cerr << "icsim: cannot resume: " << e.what() << "\n";
    return kBadInput;
  }
  return kOk;
}

// Runs `runs` into `store` with a progress bar, then prints what they took.
void run_into(const Context& c, const std::vector<int>& runs, sw::SweepStore& store, int rank, bool quiet) {
  if (!quiet) std::cout << c.plan_line(runs.size()) << std::flush;
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(c.threads));
  ProgressBar bar(fmt::format("{} runs", c.sweep.name), !quiet);
  sw::RunnerOptions options;
  options.threads = c.threads;
  options.rank = rank;
  options.progress = [&](int done, int total) { bar.update(done, total); };
  sw::run_sweep(c.sweep, c.plan, runs, store, options);
  bar.finish();
}

void print_summary(const Context& c, std::size_t runs) {
  const double seconds = sim::seconds_since(c.start);
  fmt::print("{} runs in {:.1f} s ({:.0f} runs an hour), peak memory {:.0f} MB; results: {} ({:.0f} kB)\n", runs, seconds,
             seconds > 0 ? 3600.0 * static_cast<double>(runs) / seconds : 0.0, sim::peak_memory_mb(), c.file.string(),
             static_cast<double>(fs::file_size(c.file)) / 1024.0);
}

// A task's shard: created, or reopened when the task runs again.
sw::SweepStore open_shard(const Context& c, int task) {
  const fs::path shard = sw::shard_file(c.dir, task);
  return fs::exists(shard) ? sw::SweepStore::open(shard, c.sweep.digest, version_line())
                           : sw::SweepStore::create(shard, c.sweep, c.plan, version_line());
}

// Task K of N (a Slurm array task, an MPI rank): its share of the runs not yet done, into its shard.
std::size_t run_task(const Context& c, int task, int tasks, bool quiet) {
  std::vector<int> share;
  {
    sw::SweepStore main = sw::SweepStore::open(c.file, c.sweep.digest, version_line());
    share = sw::task_share(c.sweep, c.plan, sw::pending_in(c.dir, main, task), task, tasks);
  }
  fs::create_directories(sw::shard_file(c.dir, task).parent_path());
  const WriteLock lock(sw::shard_file(c.dir, task));
  sw::SweepStore shard = open_shard(c, task);
  run_into(c, share, shard, task, quiet);
  return share.size();
}

// The job array's script: N tasks, each `icsim sweep ... --task $SLURM_ARRAY_TASK_ID --tasks N`
// with the sweep's overrides, then `icsim sweep collect DIR`.
int write_slurm_script(const Context& c) {
  const int tasks = c.args.tasks > 0 ? c.args.tasks : 4;
  std::string overrides;
  if (c.args.overrides.years) overrides += fmt::format(" --years {}", *c.args.overrides.years);
  if (c.args.overrides.replications) overrides += fmt::format(" --replications {}", *c.args.overrides.replications);
  if (c.args.overrides.samples) overrides += fmt::format(" --samples {}", *c.args.overrides.samples);
  if (const auto& p = c.args.precision; p.precision) {
    overrides += fmt::format(" --precision {} --min-replications {} --max-replications {}", *p.precision, p.minimum, p.maximum);
  }
  const fs::path script = c.dir / "sweep.sbatch";
  output::replace_file(
      fmt::format("#!/bin/bash\n"
                  "# {} as a Slurm job array: each task runs its share of the runs into DIR/tasks/; then\n"
                  "#   icsim sweep collect {}\n"
                  "#SBATCH --job-name=icsim-{}\n#SBATCH --array=0-{}\n#SBATCH --cpus-per-task={}\n#SBATCH --output={}/slurm-%A_%a.out\n"
                  "exec {} sweep {} --out {} --task \"$SLURM_ARRAY_TASK_ID\" --tasks {} --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"{} --quiet\n",
                  c.sweep.name, fs::absolute(c.dir).string(), c.sweep.name, tasks - 1, c.threads, (fs::absolute(c.dir) / "tasks").string(),
                  fs::canonical("/proc/self/exe").string(), fs::absolute(c.args.file).string(), fs::absolute(c.dir).string(), tasks,
                  overrides),
      script);
  fs::create_directories(c.dir / "tasks");
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  fmt::print("{}: {} runs in {} tasks; submit with: sbatch {}\nthen: icsim sweep collect {}\n", c.sweep.name, c.plan.runs.size(), tasks,
             script.string(), c.dir.string());
  return kOk;
}

// A Slurm array task: its share of the runs, with the replications of the sweep's record. An
// exit code.
int sweep_task(Context& c) {
  try {
    if (const int status = settle_replications(c); status != kOk) return status;
    const std::size_t runs = run_task(c, c.args.task, c.args.tasks, c.args.quiet);
    if (!c.args.quiet) print_summary(c, runs);
  } catch (const sw::ResumeRefused& e) {
    std::cerr << "icsim: this task's sweep is not the one its folder holds: " << e.what() << "\n";
    return kBadInput;
  }
  return kOk;
}

// Rank 0 prepares the folder (and runs any pilot) while the others wait; every rank learns the
// outcome, and with --precision the replications, so that none waits for a rank that has given
// up. Rank 0 rethrows what stopped it, for main to report.
int prepare_on_rank_zero(Context& c, const MpiWorld& mpi, std::optional<WriteLock>& lock) {
  constexpr int kRankZeroFailed = -1;
  std::exception_ptr failure;
  int status = kOk;
  if (mpi.rank() == 0) {
    try {
      status = prepare(c, lock);
    } catch (...) {
      failure = std::current_exception();
      status = kRankZeroFailed;
    }
  }
  status = mpi.broadcast(status);
  if (failure) std::rethrow_exception(failure);
  if (status != kOk) return status == kRankZeroFailed ? kInternal : status;
  if (c.args.precision.precision && mpi.size() > 1) {
    const int replications = mpi.broadcast(mpi.rank() == 0 ? c.sweep.replications : 0);
    if (mpi.rank() != 0) set_replications(c, replications, {});
  }
  return kOk;
}

int sweep(const SweepArgs& args) {
  if (!precision_is_usable("sweep", args.precision)) return kBadInput;
  Context c{args, sw::read_sweep(args.file, args.overrides), {}, {}, {}, threads_or_cores(args.threads)};
  c.plan = sw::plan_sweep(c.sweep);
  c.dir = args.out.empty() ? fs::path("runs") / "sweeps" / c.sweep.name : fs::path(args.out);
  c.file = c.dir / sw::SweepStore::kFileName;
  if (args.dry_run) {
    std::cout << (args.precision.precision ? "with --precision, a pilot sets the replications before any run; with the file's:\n" : "")
              << c.plan_line(c.plan.runs.size());
    return kOk;
  }
  if (args.task >= 0) return sweep_task(c);  // a Slurm task, never an MPI rank
  const MpiWorld mpi;
  std::optional<WriteLock> lock;
  if (const int status = prepare_on_rank_zero(c, mpi, lock); status != kOk) return status;
  if (args.slurm) return write_slurm_script(c);
  if (mpi.size() == 1) {
    sw::SweepStore store = sw::SweepStore::open(c.file, c.sweep.digest, version_line());
    const std::vector<int> pending = store.pending_runs();
    run_into(c, pending, store, 0, args.quiet);
    if (!args.quiet) print_summary(c, pending.size());
    return kOk;
  }
  // Every rank its share, into its shard; then rank 0 merges them.
  std::size_t before = 0;
  if (mpi.rank() == 0) before = sw::SweepStore::open(c.file).pending_runs().size();
  run_task(c, mpi.rank(), mpi.size(), args.quiet || mpi.rank() != 0);
  mpi.barrier();
  if (mpi.rank() == 0) {
    sw::SweepStore store = sw::SweepStore::open(c.file, c.sweep.digest, version_line());
    for (const auto& shard : sw::shard_files(c.dir)) store.collect(shard);
    if (!args.quiet) print_summary(c, before - store.pending_runs().size());
  }
  return kOk;
}

int collect(const SweepArgs& args) {
  const fs::path file = fs::path(args.dir) / sw::SweepStore::kFileName;
  const WriteLock lock(file);
  sw::SweepStore store = sw::SweepStore::open(file);
  const auto shards = sw::shard_files(args.dir);
  for (const auto& shard : shards) store.collect(shard);
  fmt::print("{}: {} task shards collected; {} runs still to do\n", args.dir, shards.size(), store.pending_runs().size());
  return kOk;
}

}  // namespace

SweepCommands add_sweep_command(CLI::App& app, SweepArgs& a) {
  auto* cmd = app.add_subcommand("sweep", "Run a parameter sweep (a sweep file: scenarios, parameters, design, what to keep) into "
                                          "DIR/sweep.sqlite, on this machine, under mpirun or as a Slurm job array; or analyse, "
                                          "export or collect one.");
  cmd->add_option("SWEEP", a.file, "Sweep file (JSON)");
  cmd->add_option("--out", a.out, "Output folder (default runs/sweeps/<name>)");
  cmd->add_flag("--resume", a.resume, "Run only the runs a stopped sweep in --out has not finished (the same sweep file and model)");
  cmd->add_flag("--overwrite", a.overwrite, "Replace the sweep folder if it exists");
  cmd->add_option("--threads", a.threads, "Runs at once, per process (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--years", a.overrides.years, "Years to simulate (overrides the file's; recorded)")->check(CLI::Range(1, 100));
  auto* replications = cmd->add_option("--replications", a.overrides.replications, "Replications per point (overrides the file's; recorded)")
                           ->check(CLI::Range(1, 1000));
  add_precision_options(cmd, a.precision, replications);
  cmd->add_option("--samples", a.overrides.samples, "The design's samples (overrides the file's; recorded)")->check(CLI::Range(2, 100000));
  cmd->add_flag("--dry-run", a.dry_run, "Check the sweep file and print its plan; run nothing");
  cmd->add_flag("--slurm", a.slurm, "Create the sweep's folder and write DIR/sweep.sbatch, a job array of --tasks tasks; run nothing but, with --precision, "
                "its pilot (here)");
  auto* task = cmd->add_option("--task", a.task, "As Slurm array task K of --tasks (the script passes it): run its share into DIR/tasks/")
                   ->check(CLI::Range(0, 100000));
  auto* tasks = cmd->add_option("--tasks", a.tasks, "The job array's number of tasks (default 4 with --slurm)")->check(CLI::Range(1, 100001));
  task->needs(tasks);
  cmd->add_flag("--quiet", a.quiet, "No progress bar or summary");
  cmd->add_flag("--json-schema", a.schema, "Print the sweep file's JSON Schema");
  auto* analyse = cmd->add_subcommand("analyse", "Sensitivity of every kept measure: Morris mu* and sigma, Sobol' indices, partial "
                                                 "rank correlations or main effects, with bootstrap intervals; writes DIR/analysis.csv.");
  analyse->add_option("DIR", a.dir, "A sweep's folder")->required();
  auto* exporter = cmd->add_subcommand("export", "Write DIR/points.csv, runs.csv and results.csv from DIR/sweep.sqlite, sorted.");
  exporter->add_option("DIR", a.dir, "A sweep's folder")->required();
  auto* collector = cmd->add_subcommand("collect", "Merge the shards of a Slurm job array's tasks (DIR/tasks/) into DIR/sweep.sqlite.");
  collector->add_option("DIR", a.dir, "A sweep's folder")->required();
  return {cmd, analyse, exporter, collector};
}

int run_sweep_command(const SweepCommands& commands, const SweepArgs& args) {
  if (*commands.analyse) {
    auto store = sw::SweepStore::open(fs::path(args.dir) / sw::SweepStore::kFileName);
    const auto analysis = sw::analyse(store);
    output::replace_file(sw::analysis_csv(analysis), fs::path(args.dir) / "analysis.csv");
    std::cout << sw::ranking_text(analysis) << fmt::format("\nevery statistic: {}\n", (fs::path(args.dir) / "analysis.csv").string());
    return kOk;
  }
  if (*commands.exporter) {
    auto store = sw::SweepStore::open(fs::path(args.dir) / sw::SweepStore::kFileName);
    store.export_csv(args.dir);
    fmt::print("{}: points.csv, runs.csv, results.csv\n", args.dir);
    return kOk;
  }
  if (*commands.collect) return collect(args);
  if (args.schema) {
    std::cout << scenarios::sweep_json_schema().dump(2) << "\n";
    return kOk;
  }
  if (args.file.empty()) {
    std::cerr << "icsim: sweep needs a sweep file (icsim sweep SWEEP.json --out DIR), or analyse DIR, export DIR, collect DIR or "
                 "--json-schema\n";
    return kBadInput;
  }
  return sweep(args);
}

}  // namespace icsim::tools
