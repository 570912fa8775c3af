// Wall-clock timing and memory use of a run's steps (for the manifest and progress, never for results).
#pragma once
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <string>

namespace icsim::sim {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Now, as an ISO 8601 UTC timestamp to the second (for records, never for results).
inline std::string utc_now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The process's peak resident memory so far, in MB.
inline double peak_memory_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace icsim::sim
