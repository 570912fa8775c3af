// Replications for `run`, `compare` and a sweep's pilot: a fixed number, or with --precision P
// as many as the sequential rule of experiments/precision takes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "experiments/ensemble.hpp"
#include "experiments/precision.hpp"

namespace icsim::tools {

struct PrecisionArgs {
  std::optional<double> precision;  // P, a fraction of the mean
  std::size_t minimum = experiments::PrecisionRule{}.minimum, maximum = experiments::PrecisionRule{}.maximum;
  experiments::PrecisionRule rule() const { return {precision.value_or(0.0), minimum, maximum}; }
};

// Adds --precision, --min-replications and --max-replications to `cmd`; --precision excludes
// `replications` (the option of a fixed number).
void add_precision_options(CLI::App* cmd, PrecisionArgs& args, CLI::Option* replications);

struct ReplicatedRuns {
  std::vector<experiments::Slice> runs;  // in replication order, `per_replication` each
  std::size_t replications = 0;
  std::optional<experiments::PrecisionOutcome> precision;
};

// Replication r's jobs, one for each scenario, in the order their runs are wanted.
using ReplicationJobs = std::function<std::vector<experiments::ReplicationJob>(std::uint64_t r)>;

// Whether the options go together (a maximum no smaller than the minimum); prints why not, as
// `icsim COMMAND: ...`.
bool precision_is_usable(const std::string& command, const PrecisionArgs& args);

// Replications 0, 1, ... of `jobs_of`: `fixed` of them, or as many as the rule takes, in batches
// that keep `threads` busy. Prints each run's end (or each check of the rule) unless quiet.
ReplicatedRuns run_replicated(experiments::Ensemble& ensemble, const ReplicationJobs& jobs_of, std::size_t per_replication,
                              experiments::Watched watched, std::size_t fixed, const PrecisionArgs& args, int threads, bool quiet);

// The manifest's record of the rule and what it took.
nlohmann::json precision_record(const PrecisionArgs& args, experiments::Watched watched, const experiments::PrecisionOutcome& outcome);

// Prints a warning when the rule stopped at its maximum; quiet or not, as for a scaled world.
void warn_if_not_met(const PrecisionArgs& args, const experiments::PrecisionOutcome& outcome);

}  // namespace icsim::tools
