// What every command of the icsim executable shares: exit codes, thread counts, the version line.
#pragma once
#include <string>

namespace icsim::tools {

namespace exit_codes {
enum ExitCode { kOk = 0, kInternal = 1, kBadInput = 2, kEnvironment = 3 };
}

// Worker threads: as asked, or one per core.
int threads_or_cores(int requested);
// "icsim VERSION (commit C, TYPE build)": the build a record was made by.
std::string version_line();

}  // namespace icsim::tools
