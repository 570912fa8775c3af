// Deterministic parallel execution: work is split into a fixed set of partitions whose results
// never depend on which thread ran them or in what order.
#pragma once
#include <cstddef>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

namespace icsim::sim {

// A pool of `threads` workers owned by one run, so that several runs in one process neither
// share nor fight over threads.
class Executor {
 public:
  explicit Executor(int threads) : threads_(threads), arena_(threads) {}

  int threads() const { return threads_; }

  // Calls body(i) for every i in [0, n), each index exactly once, on any worker. The body must
  // write only to state owned by index i.
  template <class Body>
  void for_each(std::size_t n, Body&& body) {
    if (threads_ == 1) {
      for (std::size_t i = 0; i < n; ++i) body(i);
      return;
    }
    arena_.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                        });
    });
  }

  // As for_each, with `task` running alongside it (on one thread: task first). The task must
  // touch nothing the bodies touch, so the result is the same either way.
  template <class Task, class Body>
  void for_each_alongside(Task&& task, std::size_t n, Body&& body) {
    if (threads_ == 1) {
      task();
      for_each(n, std::forward<Body>(body));
      return;
    }
    arena_.execute([&] {
      tbb::task_group group;
      group.run([&] { task(); });
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                        });
      group.wait();
    });
  }

 private:
  int threads_;
  tbb::task_arena arena_;
};

}  // namespace icsim::sim
