// A progress bar with an estimate of the time left, drawn on standard error when it is a
// terminal and silent otherwise.
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace icsim::tools {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  void update(int done, int total);
  void finish();
  // Clears any bar on the terminal and draws no more; safe from another thread.
  static void interrupt();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace icsim::tools
