// A model: a scenario's configuration, checked and frozen. Every run is of a Model, so the
// structural checks (the organisation tree, the care pathway) hold for every configuration,
// however it was built (from JSON, in a test, by a sweep); runs share one Model and none can
// change it.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "agents/config.hpp"
#include "agents/org_graph.hpp"

namespace icsim::agents {

class Model {
 public:
  Model() = default;  // no model yet: nothing can run it
  const ScenarioConfig& operator*() const { return *config_; }
  const ScenarioConfig* operator->() const { return config_.get(); }
  explicit operator bool() const { return config_ != nullptr; }

 private:
  explicit Model(std::shared_ptr<const ScenarioConfig> config) : config_(std::move(config)) {}
  std::shared_ptr<const ScenarioConfig> config_;
  friend Model freeze(ScenarioConfig config);
};

// The structural problems of a configuration, each located in the model's terms, all at once.
std::vector<WorldProblem> check_config(const ScenarioConfig& config);

// A configuration that fails check_config.
class InvalidModel : public std::invalid_argument {
 public:
  explicit InvalidModel(std::vector<WorldProblem> problems);
  const std::vector<WorldProblem>& problems() const { return problems_; }

 private:
  std::vector<WorldProblem> problems_;
};

// Checks the configuration and freezes it; throws InvalidModel listing every problem.
Model freeze(ScenarioConfig config);

}  // namespace icsim::agents
