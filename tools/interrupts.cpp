// The signal thread.
#include "tools/interrupts.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

#include "output/writers.hpp"
#include "tools/progress_bar.hpp"

namespace icsim::tools {

void handle_interrupts() {
  static sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread started later
  std::thread([] {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) return;
    // The message first: once the staging folders go, the run's own writes start failing.
    ProgressBar::interrupt();
    std::fprintf(stderr, "icsim: interrupted (SIG%s); unfinished results removed\n", sigabbrev_np(sig));
    std::fflush(stderr);
    output::remove_all_staging();
    // Die by the signal itself, so the caller sees how the run ended.
    ::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    raise(sig);
    _exit(128 + sig);
  }).detach();
}

}  // namespace icsim::tools
