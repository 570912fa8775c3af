// Running headless Chromium (report/chromium.hpp).
#include "report/chromium.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "output/writers.hpp"

extern char** environ;

namespace icsim::report {
namespace fs = std::filesystem;

namespace {

// The file's URL: absolute, with the characters a URL path cannot hold percent-encoded.
std::string file_url(const fs::path& file) {
  std::string url = "file://";
  for (const char ch : fs::absolute(file).lexically_normal().string()) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || std::string_view("/-._~").find(ch) != std::string_view::npos) {
      url += ch;
    } else {
      url += fmt::format("%{:02X}", c);
    }
  }
  return url;
}

// Waits for the browser, killing its process group (it starts renderers of its own) after
// `limit`; its exit status, or -1 if killed.
int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (done < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::optional<Chromium> Chromium::find() {
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (access(candidate.c_str(), X_OK) == 0) return Chromium(candidate);
      start = end + 1;
    }
  }
  return std::nullopt;
}

void Chromium::run(const std::vector<std::string>& arguments, const fs::path& file, const fs::path& out) const {
  char profile_template[] = "/tmp/icsim-chromium-XXXXXX";
  const char* profile = mkdtemp(profile_template);
  if (profile == nullptr) throw std::runtime_error("icsim report: cannot make a temporary folder for Chromium's profile");
  std::vector<std::string> args = {program_.string(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                   "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                                   fmt::format("--user-data-dir={}", profile)};
  args.insert(args.end(), arguments.begin(), arguments.end());
  args.push_back(file_url(file));
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  const fs::path log = fs::path(profile) / "stderr.txt";
  int spawned = posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (spawned == 0) spawned = posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (spawned == 0) spawned = posix_spawnattr_setpgroup(&attributes, 0);  // its own group, killed whole on a timeout
  if (spawned == 0) spawned = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  if (spawned == 0) spawned = posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  const int status = spawned == 0 ? wait_for(pid, std::chrono::seconds(180)) : -1;
  std::error_code ignored;
  if (status != 0) {
    std::string tail;
    if (FILE* f = std::fopen(log.c_str(), "r")) {
      char buf[4096];
      const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
      std::fclose(f);
      tail.assign(buf, n);
    }
    fs::remove_all(profile, ignored);
    throw std::runtime_error(fmt::format("icsim report: {} failed on {} ({}){}{}", program_.string(), file.string(),
                                         spawned != 0 ? "could not start" : status < 0 ? "killed or timed out" : fmt::format("exit {}", status),
                                         tail.empty() ? "" : ":\n", tail));
  }
  fs::remove_all(profile, ignored);
}

// The scripts render within a moment; the budget of virtual time lets them finish before the
// browser prints or dumps, without waiting for it in real time.
void Chromium::print_pdf(const fs::path& page, const fs::path& pdf) const {
  run({"--virtual-time-budget=30000", "--no-pdf-header-footer", fmt::format("--print-to-pdf={}", fs::absolute(pdf).string())}, page,
      "/dev/null");
  made(pdf);
}

std::string Chromium::rendered_dom(const fs::path& page) const {
  const fs::path out = fs::path(page).replace_extension(".dom.html");
  run({"--virtual-time-budget=30000", "--dump-dom"}, page, out);
  const std::string dom = output::read_text(out);
  std::error_code ignored;
  fs::remove(out, ignored);
  return dom;
}

void Chromium::screenshot(const fs::path& svg, int width, int height, const fs::path& png) const {
  run({"--force-device-scale-factor=2", fmt::format("--window-size={},{}", width, height),
       fmt::format("--screenshot={}", fs::absolute(png).string())},
      svg, "/dev/null");
  made(png);
}

// The browser can exit 0 without writing what it was asked for.
void Chromium::made(const fs::path& file) const {
  std::error_code error;
  if (fs::file_size(file, error) == 0 || error) {
    throw std::runtime_error(fmt::format("icsim report: {} wrote no {}", program_.string(), file.string()));
  }
}

}  // namespace icsim::report
