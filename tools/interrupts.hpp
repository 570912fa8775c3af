// Ending a run on SIGINT, SIGTERM or SIGHUP without leaving anything half-written: the
// unfinished staging folders are removed and the progress line is cleared before the process
// dies by the signal, as a shell expects.
#pragma once

namespace icsim::tools {

// Call first in main, before any thread starts: the signals are blocked in every thread and
// handled by one thread of their own, where removing folders is safe.
void handle_interrupts();

}  // namespace icsim::tools
