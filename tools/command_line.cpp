// What the commands share (tools/command_line.hpp).
#include "tools/command_line.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "sim/version.hpp"

namespace icsim::tools {

int threads_or_cores(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string version_line() {
  return fmt::format("icsim {} (commit {}, {} build)", sim::version(), sim::git_commit(), sim::build_type());
}

}  // namespace icsim::tools
