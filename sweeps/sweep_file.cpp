// Reading a sweep file: parse, validate against its specification, then the rules that need the
// registry and the scenarios (sweeps/sweep_file.hpp).
#include "sweeps/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "agents/measures.hpp"
#include "scenarios/json_reader.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/spec.hpp"
#include "scenarios/validator.hpp"
#include "sim/sha256.hpp"
#include "sim/text.hpp"

namespace icsim::sweeps {
namespace fs = std::filesystem;
using json = nlohmann::json;
using scenarios::Problem;
using Type = scenarios::Spec::Type;

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kFactorial: return "factorial";
    case DesignKind::kLatinHypercube: return "latin_hypercube";
    case DesignKind::kSobol: return "sobol";
    case DesignKind::kMorris: return "morris";
  }
  return "?";
}

namespace {

// Parameters a sweep may not set: they are the sweep's own (seed, years) or change what a point
// is (the horizon's start, the population's scale, the file's format).
const std::set<std::string> kNotSwept = {"schema_version", "run.seed", "run.years", "run.start_date", "population.scale"};

class Reader {
 public:
  Reader(const fs::path& file, const SweepOverrides& overrides) : file_(file), overrides_(overrides) {}

  Sweep read() {
    std::string text;
    try {
      text = scenarios::read_input_file(file_);
    } catch (const scenarios::UnreadableFile& e) {
      throw scenarios::EnvironmentError(fmt::format("{}: cannot read the sweep file ({})", file_.string(), e.what()));
    }
    json s;
    for (const auto& p : scenarios::parse_json(text, s)) add(p.pointer, p.message);
    if (s.is_null()) throw scenarios::ScenarioError(problems_);
    if (s.is_object()) {
      if (overrides_.years) s["years"] = *overrides_.years;
      if (overrides_.replications) s["replications"] = *overrides_.replications;
      if (overrides_.samples && s["design"].is_object()) s["design"]["samples"] = *overrides_.samples;
    }
    std::vector<scenarios::Located> located;
    scenarios::validate(s, scenarios::sweep_spec(), "", located);
    for (const auto& p : located) add(p.pointer, p.message);
    if (!s.is_object()) throw scenarios::ScenarioError(problems_);
    // Values already reported are blanked: the rules below skip what they cannot read (a JSON
    // type error), so that every other problem is still reported.
    for (const auto& p : located) {
      const json::json_pointer at(p.pointer);
      if (!p.pointer.empty() && s.contains(at)) s[at] = nullptr;
    }

    Sweep sweep;
    sweep.file = file_.string();
    json digests = json::array();
    readable([&] { read_header(s, sweep); });
    readable([&] { read_scenarios(s.at("scenarios"), sweep, digests); });
    readable([&] { read_design(s.at("design"), sweep); });
    readable([&] { read_parameters(s.at("parameters"), sweep); });
    readable([&] { read_keep(s.at("keep"), sweep); });
    if (!problems_.empty()) throw scenarios::ScenarioError(problems_);
    s.erase("$schema");
    sweep.effective = {{"sweep", s}, {"scenario_digests", digests}};
    if (!overrides_.replications_rule.is_null()) sweep.effective["replications_rule"] = overrides_.replications_rule;
    sweep.digest = sim::sha256_hex(sweep.effective.dump());
    return sweep;
  }

 private:
  void add(const std::string& pointer, std::string message) { problems_.push_back({file_.string(), pointer, std::move(message)}); }

  // Runs a rule, which stops at a value already reported as malformed (blanked to null).
  template <class Rule>
  static void readable(Rule&& rule) {
    try {
      rule();
    } catch (const json::exception&) {
    }
  }

  void read_header(const json& s, Sweep& sweep) {
    sweep.replications = s.at("replications").get<int>();
    sweep.seed = s.at("seed").get<std::uint64_t>();
    sweep.bootstrap = s.at("bootstrap").get<int>();
    if (s.contains("years")) sweep.years = s["years"].get<int>();
    sweep.description = s.value("description", "");
    sweep.name = s.at("name").get<std::string>();
    if (!sim::usable_name(sweep.name)) {
      add("/name", fmt::format("not a usable name (got {}; expected {})", scenarios::brief(s["name"]), sim::usable_name_rule()));
    }
  }

  void read_scenarios(const json& list, Sweep& sweep, json& digests) {
    std::optional<std::string> horizon;
    for (std::size_t i = 0; i < list.size(); ++i) readable([&] {
      const std::string pointer = fmt::format("/scenarios/{}", i);
      const fs::path path = file_.parent_path() / list[i].get<std::string>();
      sweep.scenarios.push_back(path.string());
      if (std::count(sweep.scenarios.begin(), sweep.scenarios.end(), path.string()) > 1) {
        add(pointer, fmt::format("{} is named twice (expected each scenario once)", sim::quoted(list[i].get<std::string>())));
        return;
      }
      try {
        const auto loaded = scenarios::load_scenario(path, {std::nullopt, sweep.years, std::nullopt});
        const auto& m = *loaded.model;
        digests.push_back(loaded.digest);
        sweep.scenario_names.push_back(m.name);
        const std::string h = fmt::format("{} years from {}, scale {}", m.run.years, sim::iso_date(m.run.start_date), m.population.scale);
        if (!horizon) {
          horizon = h;
          read_world(m.world);
        } else if (h != *horizon) {
          add(pointer, fmt::format("a different horizon or scale from the first scenario's (got {}; expected {}, as the "
                                   "runs of a point are compared)",
                                   h, *horizon));
        }
      } catch (const scenarios::ScenarioError& e) {
        problems_.insert(problems_.end(), e.problems().begin(), e.problems().end());
      } catch (const scenarios::EnvironmentError& e) {
        add(pointer, fmt::format("cannot read the scenario ({})", e.what()));
      }
    });
  }

  void read_world(const agents::WorldConfig& world) {
    areas_.insert(world.system.id);
    for (const auto& p : world.places) areas_.insert(p.id);
    for (const auto& p : world.pcns) areas_.insert(p.id);
    for (const auto& p : world.providers) {
      if (p.kind == agents::ProviderKind::kAcuteSite) areas_.insert(p.id);
    }
  }

  void read_parameters(const json& list, Sweep& sweep) {
    const auto registry = scenarios::parameters();
    for (std::size_t i = 0; i < list.size(); ++i) readable([&] {
      const json& p = list[i];
      const std::string at = fmt::format("/parameters/{}", i);
      SweptParameter out;
      out.path = out.key = p["path"].get<std::string>();
      if (out.path.size() > 3 && out.path.back() == ']') {
        const std::size_t open = out.path.rfind('[');
        const std::string index = open == std::string::npos ? "" : out.path.substr(open + 1, out.path.size() - open - 2);
        if (!index.empty() && index.size() < 4 && std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          out.key = out.path.substr(0, open);
          out.element = std::stoul(index);
        }
      }
      const auto found = std::find_if(registry.begin(), registry.end(), [&](const auto& r) { return r.name == out.key; });
      const scenarios::Spec* leaf = found == registry.end() ? nullptr : found->spec;
      if (leaf && out.element) {
        // An element of a fixed-length list of numbers (by age band, by level, ...).
        const bool fixed = leaf->type == Type::kArray && leaf->items && leaf->max_items && leaf->min_items == leaf->max_items &&
                           (leaf->items->type == Type::kNumber || leaf->items->type == Type::kInteger);
        if (fixed && *out.element >= *leaf->max_items) {
          add(at + "/path", fmt::format("element {} is beyond the list's {} (expected [0] to [{}])", *out.element, *leaf->max_items,
                                        *leaf->max_items - 1));
          return;
        }
        leaf = fixed ? leaf : nullptr;
      }
      if (!leaf || kNotSwept.contains(out.key) ||
          (!out.element && leaf->type != Type::kNumber && leaf->type != Type::kInteger)) {
        add(at + "/path", fmt::format("{} is not a parameter a sweep can vary (expected the registry path of a number or an "
                                      "integer, as `icsim params` lists it, or of an element of a fixed-length list of numbers "
                                      "with its index, such as \"programmes.mechanisms.continuity.upc_gain[2]\"; not one of: {})",
                                      sim::quoted(out.path), fmt::join(kNotSwept, ", ")));
        return;
      }
      if (!swept_.insert(out.path).second) add(at + "/path", fmt::format("{} is swept twice (expected each parameter once)", sim::quoted(out.path)));
      const scenarios::Spec& spec = out.element && leaf->items->minimum ? *leaf->items : *leaf;
      out.integer = (out.element ? leaf->items->type : leaf->type) == Type::kInteger;
      read_range(p, at, spec, out, sweep.design);
      sweep.parameters.push_back(out);
    });
  }

  // The range or the values of one parameter, checked against its specification.
  void read_range(const json& p, const std::string& at, const scenarios::Spec& spec, SweptParameter& out, DesignKind design) {
    const std::string allowed = fmt::format("[{}, {}]", spec.minimum ? fmt::format("{}", *spec.minimum) : "",
                                            spec.maximum ? fmt::format("{}", *spec.maximum) : "");
    auto check_value = [&](const std::string& pointer, double v) {
      if ((spec.minimum && v < *spec.minimum) || (spec.maximum && v > *spec.maximum)) {
        add(pointer, fmt::format("out of the parameter's range (got {}; expected a value in {})", v, allowed));
      }
      if (out.integer && v != std::floor(v)) add(pointer, fmt::format("not a whole number (got {}; {} is an integer)", v, out.path));
    };
    const std::string distribution = p["distribution"].get<std::string>();
    out.distribution = distribution == "log_uniform" ? Distribution::kLogUniform
                       : distribution == "triangular" ? Distribution::kTriangular
                                                      : Distribution::kUniform;
    if (p.contains("values")) {
      if (p.contains("min") || p.contains("max")) add(at, "both values and a range (expected values, or min and max)");
      if (distribution != "uniform" || p.contains("mode")) add(at + "/distribution", "a distribution applies to a range, not to values");
      if (design == DesignKind::kSobol) {
        add(at + "/values", "a list of values in a sobol design (expected a range: its indices assume continuous inputs)");
      }
      for (std::size_t v = 0; v < p["values"].size(); ++v) {
        out.values.push_back(p["values"][v].get<double>());
        check_value(fmt::format("{}/values/{}", at, v), out.values.back());
      }
    } else if (!p.contains("min") || !p.contains("max")) {
      add(at, "no range (expected min and max, or values)");
    } else {
      out.min = p["min"].get<double>();
      out.max = p["max"].get<double>();
      check_value(at + "/min", out.min);
      check_value(at + "/max", out.max);
      if (!(out.min < out.max)) add(at + "/max", fmt::format("not above min (got {}; expected more than {})", out.max, out.min));
      if (out.distribution == Distribution::kLogUniform && out.min <= 0.0) {
        add(at + "/min", fmt::format("not positive (got {}; a log_uniform range needs min > 0)", out.min));
      }
      if (out.distribution == Distribution::kTriangular) {
        if (!p.contains("mode")) {
          add(at + "/mode", "missing (a triangular distribution needs its mode)");
        } else {
          out.mode = p["mode"].get<double>();
          if (out.mode < out.min || out.mode > out.max) {
            add(at + "/mode", fmt::format("outside the range (got {}; expected a value in [{}, {}])", out.mode, out.min, out.max));
          }
        }
      } else if (p.contains("mode")) {
        add(at + "/mode", "a mode applies to a triangular distribution only");
      }
    }
  }

  void read_design(const json& d, Sweep& sweep) {
    const std::string kind = d["kind"].get<std::string>();
    sweep.design = kind == "factorial"         ? DesignKind::kFactorial
                   : kind == "latin_hypercube" ? DesignKind::kLatinHypercube
                   : kind == "sobol"           ? DesignKind::kSobol
                                               : DesignKind::kMorris;
    sweep.levels = d["levels"].get<int>();
    if (d.contains("samples")) sweep.samples = d["samples"].get<int>();
    if (sweep.design != DesignKind::kFactorial && !d.contains("samples")) {
      add("/design/samples", fmt::format("missing (a {} design needs its number of samples)", kind));
    }
    if (sweep.design == DesignKind::kMorris && sweep.levels % 2 != 0) {
      add("/design/levels", fmt::format("odd (got {}; a Morris grid needs an even number of levels)", sweep.levels));
    }
  }

  void read_keep(const json& k, Sweep& sweep) {
    for (std::size_t i = 0; i < k["measures"].size(); ++i) {
      const std::string m = k["measures"][i].get<std::string>();
      if (!agents::find_measure(m)) {
        add(fmt::format("/keep/measures/{}", i), fmt::format("unknown measure {} (expected one that `icsim measures` lists)", sim::quoted(m)));
      }
      sweep.keep.measures.push_back(m);
    }
    for (const auto& l : k["levels"]) sweep.keep.levels.push_back(l.get<std::string>());
    for (std::size_t i = 0; i < k["areas"].size(); ++i) {
      const std::string a = k["areas"][i].get<std::string>();
      if (!areas_.empty() && !areas_.contains(a)) {
        add(fmt::format("/keep/areas/{}", i), fmt::format("unknown area {} (expected the id of the System, a Place, a PCN or an "
                                                          "acute site of the scenarios' world)",
                                                          sim::quoted(a)));
      }
      sweep.keep.areas.push_back(a);
    }
    const std::string periods = k["periods"].get<std::string>();
    sweep.keep.years = periods != "months";
    sweep.keep.months = periods != "years";
  }

  fs::path file_;
  SweepOverrides overrides_;
  std::vector<Problem> problems_;
  std::set<std::string> areas_, swept_;
};

}  // namespace

Sweep read_sweep(const fs::path& file, const SweepOverrides& overrides) { return Reader(file, overrides).read(); }

json parameter_patch(const Sweep& sweep, const std::vector<double>& values, const json& scenario) {
  json patch = json::object();
  for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
    const SweptParameter& p = sweep.parameters[j];
    std::string pointer;
    for (std::size_t start = 0;;) {
      const std::size_t dot = p.key.find('.', start);
      pointer += '/';
      pointer += sim::json_pointer_token(p.key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    const json value = p.integer ? json(static_cast<std::int64_t>(values[j])) : json(values[j]);
    const json::json_pointer at(pointer);
    if (!p.element) {
      patch[at] = value;
      continue;
    }
    // A merge patch replaces a list whole: the scenario's, with this element set (or the
    // patch's, when another parameter set an element of it already).
    if (!patch.contains(at)) patch[at] = scenario.contains(at) ? scenario[at] : json::array();
    json& list = patch[at];
    while (list.size() <= *p.element) list.push_back(0.0);
    list[*p.element] = value;
  }
  return patch;
}

}  // namespace icsim::sweeps
