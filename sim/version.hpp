// The version, git commit and build type recorded in every run's manifest.
#pragma once
#include <string_view>

namespace icsim::sim {
std::string_view version();
std::string_view git_commit();
std::string_view build_type();
}  // namespace icsim::sim
