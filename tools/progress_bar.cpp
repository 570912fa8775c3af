// Terminal progress bar.
#include "tools/progress_bar.hpp"

#include <unistd.h>

#include <mutex>

namespace icsim::tools {
namespace {
// One terminal: drawing and clearing take turns, and an interrupt stops all drawing.
std::mutex terminal;
bool bar_on_screen = false;
bool interrupted = false;
}  // namespace

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(int done, int total) {
  if (!enabled_ || total <= 0) return;
  // Redraw at most ten times a second, and always at the end.
  const auto now = std::chrono::steady_clock::now();
  if (done < total && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  constexpr int kWidth = 30;
  const double fraction = static_cast<double>(done) / total;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  const std::lock_guard lock(terminal);
  if (interrupted) return;
  bar_on_screen = true;
  std::fprintf(stderr, "\r%s [%s] %3d%%  ETA %5.1fs ", label_.c_str(), bar.c_str(), static_cast<int>(fraction * 100), left);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  const std::lock_guard lock(terminal);
  if (drawn_ && bar_on_screen) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  drawn_ = bar_on_screen = false;
}

void ProgressBar::interrupt() {
  const std::lock_guard lock(terminal);
  interrupted = true;
  if (bar_on_screen) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    bar_on_screen = false;
  }
}

}  // namespace icsim::tools
