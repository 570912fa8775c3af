// Automatic replications (`--precision P`): replications are added until the 95% interval of
// every headline value is within P of its mean. The sequential procedure for a relative precision
// of Law (Simulation Modeling and Analysis, 5th ed., 2015, section 9.4.1): after at least
// `minimum` replications, stop at the first n whose widest half-width over |mean| is at most
// P / (1 + P), which bounds each watched mean's relative error by P with about 95% confidence
// (each on its own: the rule waits for the widest of many); or at `maximum`, recording that the
// precision was not met.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "experiments/comparison.hpp"

namespace icsim::experiments {

struct PrecisionRule {
  double relative = 0.05;     // P, as a fraction of the mean
  std::size_t minimum = 10;   // replications before the rule is first checked (at least 2; fewer lets an
                              // early run of close values stop it too soon)
  std::size_t maximum = 50;   // and the most it may take
  // The ratio a half-width over |mean| must reach: P / (1 + P).
  double adjusted() const { return relative / (1.0 + relative); }
};

// The headline values the rule watches are the System's headline measures in each calendar
// year, of each run of a replication (their means), of each later run's paired difference from
// the first (a comparison: the what-ifs' from the comparator; its half-width is compared with the
// first's mean, since a difference of zero has no relative precision of its own), or both (a
// sweep's pilot: its analysis uses the scenarios' values and their differences).
enum class Watched { kMeans, kDifferences, kMeansAndDifferences };
std::string watched_description(Watched watched);

struct Widest {
  double ratio = 0.0;        // the largest half-width over |mean| (infinite for a mean of 0 with a spread)
  std::string cell;          // which: "2023 delayed_transfer_days"
  std::size_t scenario = 0;  // of which run of the replication
  bool difference = false;   // its difference from the first run, rather than its own value
};
// Over the first `n` replications of `runs`, which hold `per_replication` runs each, in
// replication order.
Widest widest_interval(const std::vector<Slice>& runs, std::size_t per_replication, std::size_t n,
                       Watched watched = Watched::kMeans);

struct PrecisionOutcome {
  std::size_t replications = 0;      // kept: the first n that met the rule, or the maximum
  std::size_t replications_run = 0;  // run: the last batch may go past the stopping point
  bool met = false;
  Widest widest;                     // at the kept n
};

// Runs replications `count` at a time from `first` through `run_batch`, which returns their
// runs in replication order (`per_replication` each), until the rule stops, and returns the
// kept replications' runs. The rule is checked at every n in order, so the outcome and the
// kept runs do not depend on `batch`. `checked(n, widest)` is called after each check.
std::vector<Slice> run_to_precision(const PrecisionRule& rule, std::size_t per_replication, Watched watched, std::size_t batch,
                                    const std::function<std::vector<Slice>(std::size_t first, std::size_t count)>& run_batch,
                                    PrecisionOutcome& outcome,
                                    const std::function<void(std::size_t, const Widest&)>& checked = {});

// One line for a manifest or a terminal: "12 replications: the widest 95% interval, 2027
// delayed_transfer_days, is 4.10% of its mean; the rule for P = 5% needs at most 4.76%".
std::string describe(const PrecisionRule& rule, const PrecisionOutcome& outcome);

}  // namespace icsim::experiments
