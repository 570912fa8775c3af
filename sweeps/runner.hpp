// Running a sweep's runs on this machine: side by side in one task arena, one thread each (as
// replications are), each point's scenarios loaded with the point's parameters set, every
// finished run committed to the store at once.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"
#include "sweeps/plan.hpp"
#include "sweeps/store.hpp"

namespace icsim::sweeps {

struct RunnerOptions {
  int threads = 1;
  int rank = 0;  // the MPI rank or Slurm task that runs them, for the record
  // Called after each commit with (runs done, runs to do), from the thread that committed.
  std::function<void(int, int)> progress;
};

// The scenario of run `run`'s point: its file extended by the point's parameter values (and the
// sweep's years), loaded and checked.
scenarios::LoadedScenario load_point(const Sweep& sweep, const Plan& plan, int point, int scenario);

// The runs task `task` of `tasks` (a Slurm array task, an MPI rank) does, of `pending`: those
// whose point and scenario fall to it, dealt round-robin, so that the tasks' shares are disjoint
// and about equal, and one point's replications stay together (one model loaded).
std::vector<int> task_share(const Sweep& sweep, const Plan& plan, const std::vector<int>& pending, int task, int tasks);

// Runs not done in DIR's database nor in task `task`'s shard. (The tasks' shares are disjoint, so
// no task needs another's shard; shards of an earlier attempt with another number of tasks are
// collected before a new one starts.)
std::vector<int> pending_in(const std::filesystem::path& dir, SweepStore& store, int task);

// Runs `runs` (ids into plan.runs) and commits each.
void run_sweep(const Sweep& sweep, const Plan& plan, const std::vector<int>& runs, SweepStore& store, const RunnerOptions& options);

}  // namespace icsim::sweeps
