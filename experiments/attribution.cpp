// Levers, coalitions and Shapley values (experiments/attribution.hpp).
#include "experiments/attribution.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "experiments/designs.hpp"
#include "experiments/statistics.hpp"
#include "sim/text.hpp"

namespace icsim::experiments {
using nlohmann::json;

namespace {

// Every leaf (or whole array, or key present on one side only) where the two differ.
void differences(const json& a, const json& b, const std::string& pointer, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.items()) keys.insert(k);
    for (const auto& [k, v] : b.items()) keys.insert(k);
    for (const std::string& k : keys) {
      const std::string at = pointer + "/" + sim::json_pointer_token(k);
      if (!a.contains(k) || !b.contains(k)) {
        out.push_back(at);
      } else {
        differences(a[k], b[k], at, out);
      }
    }
    return;
  }
  if (a != b) out.push_back(pointer);
}

std::vector<std::string> tokens_of(const std::string& pointer) {
  std::vector<std::string> tokens;
  for (json::json_pointer p(pointer); !p.empty(); p.pop_back()) tokens.insert(tokens.begin(), p.back());
  return tokens;
}

// The lever a changed pointer belongs to: its programme, or its section's part; "" for what is
// not a lever (the scenario's name and description, its schema, its run settings).
std::string lever_of(const std::string& pointer) {
  const std::vector<std::string> t = tokens_of(pointer);
  static const std::set<std::string> not_levers = {"name", "description", "$schema", "schema_version", "run"};
  if (t.empty() || not_levers.contains(t[0])) return "";
  if (t.size() >= 3 && t[0] == "programmes" && t[1] == "library") return "programme " + t[2];
  return t.size() >= 2 ? t[0] + "/" + t[1] : t[0];
}

}  // namespace

std::vector<Lever> levers_between(const json& comparator, const json& what_if) {
  std::vector<std::string> changed;
  differences(comparator, what_if, "", changed);
  std::vector<Lever> levers;
  for (const std::string& pointer : changed) {
    const std::string id = lever_of(pointer);
    if (id.empty()) continue;
    auto it = std::find_if(levers.begin(), levers.end(), [&](const Lever& l) { return l.id == id; });
    if (it == levers.end()) it = levers.insert(levers.end(), Lever{id, {}});
    it->pointers.push_back(pointer);
  }
  return levers;
}

json coalition_scenario(const json& comparator, const json& what_if, const std::vector<Lever>& levers, Coalition coalition,
                        const std::string& name) {
  json out = comparator;
  std::vector<std::string> set;
  for (std::size_t k = 0; k < levers.size(); ++k) {
    if ((coalition >> k & 1u) == 0) continue;
    set.push_back(levers[k].id);
    for (const std::string& pointer : levers[k].pointers) {
      const json::json_pointer p(pointer);
      if (what_if.contains(p)) {
        out[p] = what_if[p];
      } else if (out.contains(p)) {
        out[p.parent_pointer()].erase(p.back());
      }
    }
  }
  out["name"] = name;
  std::string description = "A coalition of levers for attribution: the comparator";
  for (std::size_t k = 0; k < set.size(); ++k) description += (k == 0 ? ", with " : ", ") + set[k] + " as in the what-if";
  out["description"] = description + ".";
  return out;
}

ShapleyPlan plan_shapley(std::size_t levers, std::size_t max_exact, std::size_t pairs, std::uint64_t seed) {
  if (levers == 0 || levers > 63) throw std::invalid_argument("icsim: Shapley attribution needs 1 to 63 levers");
  if (max_exact > 20) throw std::invalid_argument("icsim: exact Shapley attribution is for at most 20 levers");
  ShapleyPlan plan;
  plan.levers = levers;
  plan.exact = levers <= max_exact;
  const Coalition all = (Coalition{1} << levers) - 1;
  if (plan.exact) {
    for (Coalition c = 0; c <= all; ++c) plan.coalitions.push_back(c);
    return plan;
  }
  if (pairs == 0) throw std::invalid_argument("icsim: sampled Shapley attribution needs at least one ordering pair");
  std::set<Coalition> needed = {0, all};
  for (std::size_t m = 0; m < pairs; ++m) {
    std::vector<int> order = seeded_permutation(static_cast<int>(levers), seed, m);
    for (int pass = 0; pass < 2; ++pass) {
      Coalition c = 0;
      for (const int k : order) needed.insert(c |= Coalition{1} << k);
      plan.orderings.push_back(order);
      std::reverse(order.begin(), order.end());
    }
  }
  plan.coalitions.assign(needed.begin(), needed.end());
  return plan;
}

std::vector<std::vector<double>> shapley_contributions(const ShapleyPlan& plan, const std::function<double(Coalition)>& value) {
  const std::size_t k = plan.levers;
  if (plan.exact) {
    // w(s) = s! (k - s - 1)! / k!, the share of orderings in which a lever follows exactly s others.
    std::vector<double> weight(k);
    for (std::size_t s = 0; s < k; ++s) {
      double w = 1.0 / static_cast<double>(k);
      for (std::size_t j = 1; j <= s; ++j) w *= static_cast<double>(j) / static_cast<double>(k - j);
      weight[s] = w;
    }
    std::vector<double> values(std::size_t{1} << k);
    for (Coalition c = 0; c < values.size(); ++c) values[c] = value(c);
    std::vector<double> phi(k, 0.0);
    for (Coalition c = 0; c < values.size(); ++c) {
      const auto s = static_cast<std::size_t>(std::popcount(c));
      for (std::size_t i = 0; i < k; ++i) {
        if ((c >> i & 1u) == 0) phi[i] += weight[s] * (values[c | Coalition{1} << i] - values[c]);
      }
    }
    return {phi};
  }
  std::map<Coalition, double> cache;
  auto v = [&](Coalition c) {
    const auto it = cache.find(c);
    return it != cache.end() ? it->second : cache.emplace(c, value(c)).first->second;
  };
  std::vector<std::vector<double>> rows;
  for (std::size_t o = 0; o < plan.orderings.size(); o += 2) {
    std::vector<double> row(k, 0.0);
    for (std::size_t pass = 0; pass < 2; ++pass) {
      Coalition c = 0;
      double before = v(0);
      for (const int lever : plan.orderings[o + pass]) {
        c |= Coalition{1} << lever;
        const double after = v(c);
        row[static_cast<std::size_t>(lever)] += 0.5 * (after - before);
        before = after;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
double variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(x.size() - 1);
}
}  // namespace

Contribution summarise_contribution(const std::vector<std::vector<double>>& table) {
  const std::size_t r = table.size(), m = r == 0 ? 0 : table.front().size();
  if (r == 0 || m == 0) throw std::invalid_argument("icsim: a contribution needs at least one replication and one column");
  std::vector<double> row_means(r, 0.0), column_means(m, 0.0);
  double total = 0.0;
  for (std::size_t i = 0; i < r; ++i) {
    if (table[i].size() != m) throw std::invalid_argument("icsim: every replication needs the same columns");
    for (std::size_t j = 0; j < m; ++j) {
      row_means[i] += table[i][j] / static_cast<double>(m);
      column_means[j] += table[i][j] / static_cast<double>(r);
      total += table[i][j];
    }
  }
  const double mean = total / static_cast<double>(r * m);
  const double var = variance(row_means) / static_cast<double>(r) + variance(column_means) / static_cast<double>(m);
  const std::size_t dof = std::min(r > 1 ? r - 1 : m - 1, m > 1 ? m - 1 : r - 1);
  if (dof == 0) throw std::invalid_argument("icsim: a contribution's interval needs two replications or two ordering pairs");
  const double half = student_t_975(static_cast<double>(dof)) * std::sqrt(var);
  return {mean, mean - half, mean + half};
}

}  // namespace icsim::experiments
