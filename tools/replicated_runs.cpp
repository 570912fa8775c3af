// Fixed or sequential replications over one ensemble, with the command line's options and output.
#include "tools/replicated_runs.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace icsim::tools {
namespace ex = experiments;

void add_precision_options(CLI::App* cmd, PrecisionArgs& args, CLI::Option* replications) {
  auto* precision = cmd->add_option("--precision", args.precision,
                                    "Add replications until the 95% interval of every headline value (the System's, each year) "
                                    "is within P of its mean (0.05: 5%); a difference's interval, for a comparison, within P of "
                                    "the comparator's mean")
                        ->check(CLI::Range(1e-6, 1.0))
                        ->excludes(replications);
  cmd->add_option("--min-replications", args.minimum, "With --precision: replications before the rule is first checked")
      ->check(CLI::Range(2, 1000))
      ->needs(precision);
  cmd->add_option("--max-replications", args.maximum, "With --precision: the most replications it may take")
      ->check(CLI::Range(2, 1000))
      ->needs(precision);
}

bool precision_is_usable(const std::string& command, const PrecisionArgs& args) {
  if (!args.precision || args.maximum >= args.minimum) return true;
  fmt::print(stderr, "icsim {}: --max-replications {} is below --min-replications {}; the rule needs at least as many as it starts with\n",
             command, args.maximum, args.minimum);
  return false;
}

ReplicatedRuns run_replicated(ex::Ensemble& ensemble, const ReplicationJobs& jobs_of, std::size_t per_replication, ex::Watched watched,
                              std::size_t fixed, const PrecisionArgs& args, int threads, bool quiet) {
  auto jobs_for = [&](std::size_t first, std::size_t count) {
    std::vector<ex::ReplicationJob> jobs;
    for (std::size_t r = first; r < first + count; ++r) {
      for (auto& job : jobs_of(static_cast<std::uint64_t>(r))) jobs.push_back(std::move(job));
    }
    return jobs;
  };
  ReplicatedRuns out;
  if (!args.precision) {
    std::function<void(int, int)> done;
    if (!quiet) done = [](int k, int n) { fmt::print(stderr, "run {}/{} done\n", k, n); };
    out.runs = ensemble.run(jobs_for(0, fixed), done);
    out.replications = fixed;
    return out;
  }
  const ex::PrecisionRule rule = args.rule();
  // Enough replications a batch to keep every thread busy; the rule's outcome does not depend on it.
  const std::size_t batch = std::max<std::size_t>(1, static_cast<std::size_t>(threads) / per_replication);
  std::function<void(std::size_t, const ex::Widest&)> checked;
  if (!quiet) {
    checked = [&](std::size_t n, const ex::Widest& w) {
      fmt::print(stderr, "{} replications: widest 95% interval {:.2f}% of its mean ({}); the rule needs {:.2f}%\n", n, 100.0 * w.ratio,
                 w.cell, 100.0 * rule.adjusted());
    };
  }
  ex::PrecisionOutcome outcome;
  out.runs = ex::run_to_precision(rule, per_replication, watched, batch,
                                  [&](std::size_t first, std::size_t count) { return ensemble.run(jobs_for(first, count)); }, outcome,
                                  checked);
  out.replications = outcome.replications;
  out.precision = outcome;
  return out;
}

nlohmann::json precision_record(const PrecisionArgs& args, ex::Watched watched, const ex::PrecisionOutcome& outcome) {
  const ex::PrecisionRule rule = args.rule();
  return {
      {"target", rule.relative},
      {"rule", "sequential procedure for a relative precision (Law 2015, section 9.4.1): stop at the first n >= minimum whose widest "
               "95% half-width over |mean| is at most target / (1 + target), or at maximum"},
      {"watched", ex::watched_description(watched)},
      {"minimum", rule.minimum},
      {"maximum", rule.maximum},
      {"met", outcome.met},
      {"replications", outcome.replications},
      {"replications_run", outcome.replications_run},
      {"widest_cell", outcome.widest.cell},
      {"widest_ratio", outcome.widest.ratio},
      {"summary", ex::describe(rule, outcome)},
  };
}

void warn_if_not_met(const PrecisionArgs& args, const ex::PrecisionOutcome& outcome) {
  if (!outcome.met) fmt::print(stderr, "icsim: warning: precision not met: {}\n", ex::describe(args.rule(), outcome));
}

}  // namespace icsim::tools
