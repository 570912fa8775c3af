// Wall-clock timing of a run's steps (for the manifest and progress, never for results).
#pragma once
#include <chrono>

namespace icsim::sim {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace icsim::sim
