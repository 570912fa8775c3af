// `icsim attribute DIR`: each what-if's difference in a comparison's folder decomposed into its
// levers' contributions (Shapley values over coalitions of levers, with common random numbers),
// written to DIR/attribution/, where `icsim report` finds it for its waterfall.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

namespace icsim::tools {

struct AttributeArgs {
  std::string dir;
  int replications = 5;  // of each coalition, seeds as the comparison's first ones
  int pairs = 4;         // above max_exact levers: random orderings, each with its reverse
  int max_exact = 6;
  int threads = 0;
  bool overwrite = false, quiet = false;
};

CLI::App* add_attribute_command(CLI::App& app, AttributeArgs& args);
int attribute_command(const AttributeArgs& args, const std::string& command_line);

}  // namespace icsim::tools
