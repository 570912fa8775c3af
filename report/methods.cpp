// The methods appendix (report/methods.hpp).
#include "report/methods.hpp"

#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/page.hpp"
#include "sim/text.hpp"

namespace icsim::report {
using nlohmann::json;
using sim::html_escape;

namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

std::string table(const std::string& caption, const Rows& rows) {
  std::string body;
  for (const auto& [key, value] : rows) body += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(key), html_escape(value));
  return fmt::format("<table class=\"methods\"><caption>{}</caption>\n{}</table>\n", html_escape(caption), body);
}

// icsim:table
const Rows kOdd = {
    {"Purpose and patterns",
     "To test how deciding and delivering care at PCN, Place or System level, and moving care out of hospital, change unplanned "
     "admissions, A&E attendances and delayed transfers of care over 5 to 10 years in Mid and South Essex (docs/model.md, 1)."},
    {"Entities, state variables and scales",
     "One agent per resident (age, sex, deprivation quintile, practice, long-term conditions, frailty, living setting, hospital "
     "state); GP practices in 28 PCNs, 4 Places and one System; acute sites with beds and A&E; community, social care and care-home "
     "pools; programmes and the bodies that decide on them. Time in days, A&E in continuous hours; 10 years from 2021 (2)."},
    {"Process overview and scheduling",
     "A daily pipeline of phases: programmes, residents' events (births, episodes of need, health transitions, deaths, moves), the "
     "hospital's intake, the care pathway, discharges and admissions, then month-end in-migration and counts; `icsim pipeline` lists "
     "each phase with what it reads and writes (3)."},
    {"Design concepts",
     "Need arises from each resident's rates (age, deprivation, conditions, frailty, setting, season); where it is met follows the "
     "care pathway's routes and capacities; queues form for beds, A&E, discharge teams and downstream places; bodies decide on "
     "observed, lagged and noisy dashboards. Every random draw is keyed by entity and decision (4)."},
    {"Initialisation",
     "The Census 2021 population by Place, age and sex, shared among practices by list size and deprivation; conditions and frailty "
     "drawn to their prevalence; care-home and home-care users placed; beds filled to the published occupancy with length-biased "
     "stays (5)."},
    {"Input data", "Public figures with their sources in the parameter registry (`icsim params`) and scenarios/data (6)."},
    {"Submodels",
     "Mortality, migration, fertility, health states, episodes and seasons, the care pathway, acute sites and A&E time in department, "
     "escalation, electives, capacity plans, discharge to assess, downstream services, costs, programmes and governance (7)."},
};

Rows stress(const Study& s) {
  const json& m = s.manifest;
  return {
      {"1.1 Purpose of the model", "As in the ODD summary above: the effect of subsidiarity and pathway shifts on unplanned care."},
      {"1.2 Model outputs", s.outputs + "; every measure is defined in docs/measures.md."},
      {"1.3 Experimentation aims", s.aims},
      {"2.1 Base model overview", "docs/model.md, 3 (the daily pipeline) and `icsim describe --dot` (the organisation graph)."},
      {"2.2 Base model logic", "docs/model.md, 7: each submodel's rules and parameters."},
      {"2.3 Scenario logic", s.scenario_logic},
      {"2.4 Algorithms", "Next-event times by inversion of cumulative hazards; A&E as a discrete-event queue in continuous time; "
                         "largest-remainder apportionment of capacities."},
      {"2.5 Components: agents, environment, interactions", "Residents, practices, PCNs, Places, the System, providers and councils "
                                                            "(docs/model.md, 2); residents interact through shared capacity."},
      {"3.1 Data sources", "The parameter registry gives each parameter's source or names it an assumption (`icsim params`)."},
      {"3.2 Pre-processing", "tools/make_mse_world.py builds the MSE world from public data."},
      {"3.3 Input parameters", s.input_parameters},
      {"3.4 Assumptions", "Parameters without a study are named assumptions in the registry, each with the range for sensitivity."},
      {"4.1 Initialisation", "Warm start: the first day's inpatients, care-home and home-care users are seated (no warm-up period)."},
      {"4.2 Run length", fmt::format("{} years from the scenario's start date.", manifest_text(m, "years"))},
      {"4.3 Estimation approach", s.estimation},
      {"5.1 Software", fmt::format("icsim {} (C++20, oneTBB), commit {}, {} build.", manifest_text(m, "icsim_version"),
                                   manifest_text(m, "git_commit"), manifest_text(m, "build_type"))},
      {"5.2 Random sampling", "Philox4x32-10 counter-based streams (Random123), keyed by stream, entity and occasion."},
      {"5.3 Model execution", s.execution},
      {"5.4 System specification", fmt::format("Host {}; wall time {:.0f} s; peak memory {:.0f} MB.", manifest_text(m, "host"),
                                               m.value("wall_seconds", 0.0), m.value("peak_memory_mb", 0.0))},
      {"6.1 Computer model sharing", "icsim's source, with its scenarios and data; the command line in the provenance repeats the study."},
  };
}

}  // namespace

std::string methods_html(const Study& study) {
  return "<section id=\"methods\"><h2>Methods</h2>\n" + table("The model in brief (ODD protocol; sections of docs/model.md)", kOdd) +
         table("STRESS-ABS reporting checklist (Monks et al. 2019), filled in from the " + study.kind, stress(study)) + "</section>\n";
}

}  // namespace icsim::report
