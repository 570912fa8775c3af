// Freezing a configuration into a model: its structural checks, then a shared, const copy.
#include "agents/model.hpp"

#include <fmt/format.h>

#include "agents/care_pathway.hpp"

namespace icsim::agents {
namespace {
std::string summary(const std::vector<WorldProblem>& problems) {
  std::string out = fmt::format("icsim: the configuration has {} problem{}", problems.size(), problems.size() == 1 ? "" : "s");
  for (const auto& p : problems) out += fmt::format("\n  {}: {}", to_string(p.where), p.message);
  return out;
}
}  // namespace

std::vector<WorldProblem> check_config(const ScenarioConfig& config) {
  std::vector<WorldProblem> problems = OrgGraph(config.world).validate();
  if (!config.pathway.nodes.empty() && config.pathway.entry >= 0) {
    try {
      for (auto& p : CarePathway(config.pathway).validate()) problems.push_back(std::move(p));
    } catch (const std::invalid_argument& e) {
      problems.push_back({Location{}, e.what()});  // a route to a node that does not exist
    }
  } else {
    problems.push_back({Location{}, "the care pathway has no nodes or no entry (expected an entry node)"});
  }
  return problems;
}

InvalidModel::InvalidModel(std::vector<WorldProblem> problems) : std::invalid_argument(summary(problems)), problems_(std::move(problems)) {}

Model freeze(ScenarioConfig config) {
  auto problems = check_config(config);
  if (!problems.empty()) throw InvalidModel(std::move(problems));
  return Model(std::make_shared<const ScenarioConfig>(std::move(config)));
}

}  // namespace icsim::agents
