// Attribution of a what-if's difference to its levers (`icsim attribute`). A lever is one thing
// the what-if changes against its comparator: a programme of the library (every setting of it),
// or one part of another section (flow/capacity_plan, programmes/governance, ...). A coalition
// is the comparator with some levers set as the what-if sets them; the value of a coalition is
// its paired difference from the comparator, replication by replication (common random
// numbers). Each lever's Shapley value is its contribution: exact, over all 2^k coalitions, for
// up to `max_exact` levers; above that, sampled over random orderings of the levers, each taken
// with its reverse (antithetic pairs: Mitchell et al., JMLR 23, 2022). Either way the
// contributions add up to the whole difference (efficiency), replication by replication.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::experiments {

struct Lever {
  std::string id;                     // "programme virtual_wards", "flow/capacity_plan"
  std::vector<std::string> pointers;  // the JSON pointers it sets, each a leaf or a whole array
};

// The levers of `what_if` against `comparator`, both effective scenarios (resolved, defaults
// filled in), in the order of their first pointer. Names and descriptions are not levers.
std::vector<Lever> levers_between(const nlohmann::json& comparator, const nlohmann::json& what_if);

// The comparator with the levers of `coalition` (bit k: levers[k]) set as in the what-if, named `name`.
nlohmann::json coalition_scenario(const nlohmann::json& comparator, const nlohmann::json& what_if, const std::vector<Lever>& levers,
                                  std::uint64_t coalition, const std::string& name);

using Coalition = std::uint64_t;

// The coalitions a Shapley estimate needs.
struct ShapleyPlan {
  std::size_t levers = 0;
  bool exact = true;
  std::vector<std::vector<int>> orderings;  // sampled: pairs of orderings, each followed by its reverse
  std::vector<Coalition> coalitions;        // distinct, ascending; the empty one and the whole set included
};

// Exact for up to `max_exact` levers (at most 20); otherwise `pairs` random orderings, each with
// its reverse, drawn from `seed`.
ShapleyPlan plan_shapley(std::size_t levers, std::size_t max_exact, std::size_t pairs, std::uint64_t seed);

// Each lever's contribution for one value function (a coalition's value, the empty coalition's
// included). Exact: the Shapley weighted sum; sampled, each ordering pair's mean marginal
// contributions, one row per pair (their mean is the estimate).
std::vector<std::vector<double>> shapley_contributions(const ShapleyPlan& plan, const std::function<double(Coalition)>& value);

// A lever's contribution over replications: the mean and its 95% interval. `table[r][m]` is
// replication r's contribution on ordering pair m (exact: one column). The interval's variance
// adds the spread between replications (their seeds are shared by every coalition) and between
// ordering pairs (sampled), each over its count: conservative, as each also holds the residual.
// Throws std::invalid_argument for a single value, which has no spread to make an interval of.
struct Contribution {
  double mean = 0.0, low = 0.0, high = 0.0;
};
Contribution summarise_contribution(const std::vector<std::vector<double>>& table);

}  // namespace icsim::experiments
