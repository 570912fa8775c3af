// Headless Chromium (Debian's chromium) as the report's printer: the page to PDF, and the page's
// charts as rendered, each to SVG and PNG. It runs the page's own scripts, so the files show
// exactly what a browser shows; the page makes no request, and Chromium runs with a profile of
// its own in a temporary folder.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace icsim::report {

class Chromium {
 public:
  // The browser on PATH (chromium, or chromium-browser), or nullopt.
  static std::optional<Chromium> find();
  explicit Chromium(std::filesystem::path program) : program_(std::move(program)) {}

  // Prints the page (after its scripts have run) to `pdf`, A4 as the page's own @page asks.
  void print_pdf(const std::filesystem::path& page, const std::filesystem::path& pdf) const;
  // The page's DOM once its scripts have run.
  std::string rendered_dom(const std::filesystem::path& page) const;
  // A picture of an SVG file at twice its size.
  void screenshot(const std::filesystem::path& svg, int width, int height, const std::filesystem::path& png) const;

 private:
  // Runs the browser headless with `arguments` then the file's URL; its output goes to `out`.
  void run(const std::vector<std::string>& arguments, const std::filesystem::path& file, const std::filesystem::path& out) const;
  // Throws if `file` is missing or empty.
  void made(const std::filesystem::path& file) const;
  std::filesystem::path program_;
};

}  // namespace icsim::report
