// `icsim sweep`: run a sweep on this machine, as one task of a Slurm job array or across the
// ranks of mpirun; write the job array's script; collect its tasks; analyse; export.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "sweeps/sweep_file.hpp"
#include "tools/replicated_runs.hpp"

namespace icsim::tools {

struct SweepArgs {
  std::string file, out, dir;  // dir: of analyse, export and collect
  bool resume = false, overwrite = false, quiet = false, schema = false, dry_run = false, slurm = false;
  int threads = 0;
  int task = -1, tasks = 0;  // a Slurm array task: --task K of --tasks N
  sweeps::SweepOverrides overrides;
  PrecisionArgs precision;  // --precision: a pilot sets the replications of every point
};

struct SweepCommands {
  CLI::App *sweep, *analyse, *exporter, *collect;
};
SweepCommands add_sweep_command(CLI::App& app, SweepArgs& args);
// Runs whichever of the sweep commands was given; returns the exit code.
int run_sweep_command(const SweepCommands& commands, const SweepArgs& args);

}  // namespace icsim::tools
