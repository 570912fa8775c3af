// What every report page is made of, whatever folder it reports: the headline measures, the
// figures (a chart specification of report/charts and the rows it draws), numbers as a board
// reads them, and the self-contained page around a body (styles, chart libraries,
// specifications and data inline; no request of any kind; prints on A4).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace icsim::report {

// What is wrong with a folder given to `icsim report`: every problem, each naming its file.
class ReportError : public std::runtime_error {
 public:
  explicit ReportError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// The measures a board reads first, in the order the report shows them.
struct Headline {
  std::string_view measure, label;
  std::string_view meaning;  // "beds": days over the year's days are beds each day; "money"; "" none
};
const std::vector<Headline>& headline_measures();

// One chart: its specification (a file of report/charts), the rows it draws, and the columns
// of its CSV under figures/, in order.
struct Figure {
  std::string id;  // figures/ID.svg, .png and .csv; the page's element chart-ID
  std::string title, caption;
  std::string spec;
  nlohmann::json values = nlohmann::json::array();
  std::vector<std::string> columns;
  // Settings of this use of the specification, by JSON pointer (an axis title, say), so that one
  // specification serves charts that differ only in words.
  std::vector<std::pair<std::string, nlohmann::json>> settings = {};
};

struct PageInfo {
  std::string generated_utc;   // when the report was made
  std::string command_line;    // the report command as given
};

// A figure's rows as CSV, in its columns' order.
std::string figure_csv(const Figure& figure);

// Thousands grouped, to `decimals` places, with a true minus sign.
std::string grouped(double v, int decimals = 0);
// A plus sign for what rounds to above zero, as the minus of grouped() is for what rounds below it.
std::string signed_grouped(double v, int decimals = 0);

// The days of a calendar year that the study simulated: its horizon (the manifest's start_date
// and years) may clip its first and last years; the whole year if the manifest does not say.
double days_in_year(const nlohmann::json& manifest, const std::string& year);

using TableRows = std::vector<std::pair<std::string, std::string>>;
// A two-column table of (key, value) rows, both escaped.
std::string key_value_table(const std::string& css_class, const TableRows& rows);
// The provenance's first rows: icsim's version, commit and build, from a manifest.
TableRows software_rows(const nlohmann::json& manifest);
// A manifest's value as text ("not recorded" if absent).
std::string manifest_text(const nlohmann::json& manifest, const char* key);

// A figure in the page: its title, the element its chart is drawn in, and its caption.
std::string figure_html(const Figure& f);
const Figure* find_figure(const std::vector<Figure>& figures, const std::string& id);
// The figure of that id; throws std::logic_error if there is none (a bug).
const Figure& figure(const std::vector<Figure>& figures, const std::string& id);

// The whole page: body inside the head, styles and the scripts that draw the figures as SVG.
std::string page_html(const std::string& title, const std::string& body, const std::vector<Figure>& figures);

}  // namespace icsim::report
