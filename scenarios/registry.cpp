// The scenario specification and parameter registry, and its renderings (text, Markdown, JSON
// Schema). Every parameter names its unit, default, range and source here.
#include <sstream>

#include <fmt/format.h>

#include "scenarios/registry_parts.hpp"
#include "scenarios/spec.hpp"

namespace icsim::scenarios {

using Type = Spec::Type;
using json = nlohmann::json;

Spec object(std::string description, std::vector<std::pair<std::string, Spec>> fields) {
  Spec s;
  s.type = Type::kObject;
  s.description = std::move(description);
  s.fields = std::move(fields);
  return s;
}
Spec list(std::string description, Spec item, std::size_t min_items) {
  Spec s;
  s.type = Type::kArray;
  s.description = std::move(description);
  s.items = std::make_shared<Spec>(std::move(item));
  if (min_items > 0) s.min_items = min_items;
  s.required = true;
  return s;
}
Spec table(std::string description, Spec row) {
  Spec s = list(std::move(description), std::move(row), 1);
  s.type = Type::kTable;
  s.required = true;
  return s;
}
Spec number(std::string description, std::string unit, json def, std::optional<double> lo,
            std::optional<double> hi, std::string source) {
  Spec s;
  s.type = Type::kNumber;
  s.description = std::move(description);
  s.unit = std::move(unit);
  s.default_value = std::move(def);
  s.required = s.default_value.is_null();
  s.minimum = lo;
  s.maximum = hi;
  s.source = std::move(source);
  return s;
}
Spec integer(std::string description, std::string unit, json def, std::optional<double> lo,
             std::optional<double> hi, std::string source) {
  Spec s = number(std::move(description), std::move(unit), std::move(def), lo, hi, std::move(source));
  s.type = Type::kInteger;
  return s;
}
Spec string(std::string description, std::vector<std::string> allowed, bool required) {
  Spec s;
  s.type = Type::kString;
  s.description = std::move(description);
  s.allowed = std::move(allowed);
  s.required = required;
  return s;
}
Spec optional(Spec s) {
  s.required = false;
  return s;
}
Spec numbers(std::string description, std::string unit, std::vector<double> def, double lo, double hi,
             std::string source) {
  Spec item = number("", unit, json(), lo, hi, "");
  item.required = false;
  Spec s = list(std::move(description), std::move(item));
  s.unit = std::move(unit);
  s.min_items = def.size();
  s.max_items = def.size();
  s.default_value = def;
  s.source = std::move(source);
  s.minimum = lo;
  s.maximum = hi;
  s.required = false;  // it has a default
  return s;
}
Spec strings(std::string description) { return list(std::move(description), string(""), 1); }
Spec map(std::string description, Spec item) {
  Spec s;
  s.type = Type::kMap;
  s.description = std::move(description);
  s.items = std::make_shared<Spec>(std::move(item));
  s.required = true;
  return s;
}
Spec defaulted(std::string description, std::vector<std::pair<std::string, Spec>> fields) {
  Spec s = object(std::move(description), std::move(fields));
  s.default_value = json::object();
  return s;
}
Spec boolean(std::string description, json def, std::string source) {
  Spec s;
  s.type = Type::kBoolean;
  s.description = std::move(description);
  s.default_value = std::move(def);
  s.required = s.default_value.is_null();
  s.source = std::move(source);
  return s;
}

namespace {


const std::vector<std::string> kCensusBands = {"0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34",
                                               "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69",
                                               "70-74", "75-79", "80-84", "85-89", "90+"};

// icsim:table
Spec build() {
  Spec run = object("How long, from when, and with which random seed.", {
      {"start_date", [] {
         Spec s = string("First simulated day, YYYY-MM-DD. The population is the Census 2021 population on that day.");
         s.type = Type::kDate;
         s.required = false;
         s.default_value = "2021-01-01";
         s.source = "gp_registered_mse_2021 (list sizes dated 1 Jan 2021); Census 2021 day is 21 Mar 2021";
         return s;
       }()},
      {"years", integer("Length of the horizon.", "years", 10, 1, 100, "assumption: the partnership plans over 5-10 years (MODEL.md)")},
      {"seed", integer("Run seed: keys every random stream. `icsim run --seed` overrides it.", "", 1, 0, 9007199254740991.0,
                       "chosen by the user")},
  });
  run.default_value = json::object();

  Spec place = object("A Place: an Integrated Care Partnership footprint of whole local authorities.", {
      {"id", string("Identifier, referenced by PCNs, councils and providers.")},
      {"name", string("Display name.")},
      {"local_authorities", strings("ONS codes of the local authority districts (LADs) whose residents form the Place.")},
      {"growth_per_year", number("Population growth the Place follows; in-migration tops the population up to this path each month.",
                                 "fraction per year", json(), -0.05, 0.10,
                                 "popgrowth_2011_2021_<place> (Census 2011 to 2021, annualised)")},
  });
  Spec council = object("A council with adult social care responsibilities.", {
      {"id", string("Identifier.")},
      {"name", string("Display name.")},
      {"places", strings("Places (ids) where the council provides adult social care.")},
  });
  Spec pcn = object("A Primary Care Network: a group of GP practices serving 30-50,000 people.", {
      {"id", string("PCN ODS code.")},
      {"name", string("Display name.")},
      {"place", string("The Place (id) the PCN belongs to.")},
      {"council", string("The council (id) providing adult social care to the PCN's residents.")},
      {"practices", strings("Member practices (ODS codes). A practice belongs to exactly one PCN.")},
  });
  Spec practice = object("A GP practice.", {
      {"id", string("Practice ODS code.")},
      {"name", string("Display name.")},
      {"list_size", integer("Registered patients, all ages. Used as shares within the Place (lists exceed residents).",
                            "registered patients", json(), 0, 1e6, "gp_registered_mse_2021 (NHS Digital, 1 Jan 2021)")},
      {"list_size_50_plus", optional(integer("Registered patients aged 50+, tilting the practice's age profile.",
                                             "registered patients", json(), 0, 1e6, "QOF 2020-21 list size, type 50OV"))},
      {"imd2019_score", optional(number("Practice deprivation score; ranks practices within their Place.", "IMD 2019 score",
                                        json(), 0, 100, "OHID Fingertips indicator 93553"))},
  });
  Spec provider = object("A provider of hospital, community or mental health services.", {
      {"id", string("Identifier.")},
      {"name", string("Display name.")},
      {"kind", string("What it provides.", {"acute_site", "community", "mental_health"})},
      {"organisation", optional(string("The legal body it belongs to."))},
      {"general_acute_beds", integer("General and acute beds (acute sites).", "beds", 0, 0, 10000,
                                     "mseft_beds_available_2022_23.csv (NHS England sitrep, mean of 2022-23), split across sites by catchment population; kh03_ga_beds_by_site not found (scenarios/data/README.md)")},
      {"places", strings("Places served: the catchment of an acute site.")},
  });
  Spec system = object("The Integrated Care System.", {{"id", string("Identifier; the area name of system-level measures.")},
                                                     {"name", string("Display name.")}});
  system.required = true;
  Spec world = object("The organisations of the health and care system.", {
      {"system", system},
      {"places", list("Places.", place, 1)},
      {"councils", list("Councils.", council, 1)},
      {"pcns", list("Primary Care Networks.", pcn, 1)},
      {"practices", [&] {
         Spec s = list("GP practices.", practice, 1);
         s.max_items = 65535;  // a resident's practice is held in 16 bits
         return s;
       }()},
      {"providers", list("Providers.", provider, 1)},
  });
  world.required = true;

  Spec census_row = object("", {
      {"lad_code", string("Local authority district code.")},
      {"sex", string("Sex.", {"female", "male"})},
      {"age_band", string("Census 5-year age band.", kCensusBands)},
      {"residents", integer("Usual residents.", "persons", json(), 0, 1e7, "ONS Census 2021 P03")},
  });
  Spec deprivation_row = object("", {
      {"lsoa_code", string("Lower-layer super output area (2011).")},
      {"lad_code", string("Local authority district code.")},
      {"imd_decile", integer("National IMD 2019 decile, 1 = most deprived.", "decile", json(), 1, 10, "MHCLG IoD 2019 File 2")},
      {"population", number("Area population (weight).", "persons", json(), 0, 1e6, "MHCLG IoD 2019 File 6 (mid-2015)")},
  });
  Spec population = object("The synthetic population.", {
      {"census", table("Usual residents by local authority, sex and 5-year age band: a CSV file (path relative to the "
                       "scenario file) or the rows inline.", census_row)},
      {"deprivation", table("Small areas with their IMD decile and population: a CSV file or rows inline.", deprivation_row)},
      {"deprivation_practice_weight",
       number("How far a practice's residents' deprivation follows the practice's own IMD rank within its Place (1) "
              "rather than the Place's mix (0). Each Place's quintile mix is kept in expectation either way (exactly so only when every practice has a score).",
              "fraction", 0.8, 0, 1, "assumption: practices serve their neighbourhoods; range 0.5-1")},
      {"scale", number("Multiplies every population count, and with it the capacity pools and queues: a scaled world is "
                       "another system, for tests of plumbing only (icsim warns). `icsim run --scale` overrides it.",
                       "ratio", 1.0, 1e-4, 10, "chosen by the user")},
  });
  population.required = true;

  Spec life_row = object("", {
      {"sex", string("Sex.", {"female", "male"})},
      {"age", integer("Age in completed years; 100 stands for 100 and over.", "years", json(), 0, 100, "")},
      {"mx", number("Central death rate.", "deaths per person-year", json(), 0, 1, "ONS National life tables UK 2017-2019")},
  });
  Spec demography = object("Births, deaths and migration.", {
      {"life_table", table("Central death rates m_x by sex and single year of age 0-100: a CSV file or rows inline.", life_row)},
      {"mortality_multiplier", number("Multiplies every death rate (MSE against the UK life table).", "ratio", 1.0, 0, 5,
                                      "assumption: UK 2017-2019 rates apply to MSE; range 0.9-1.1")},
      {"fertility_rate_per_1000",
       numbers("Live births per 1,000 women per year by mother's age: 15-19, 20-24, 25-29, 30-34, 35-39, 40-44, 45-49.",
               "births per 1,000 woman-years", {10.4, 47.7, 85.7, 106.7, 63.4, 15.4, 1.2}, 0, 300,
               "assumption: ONS Births in England and Wales 2021 age-specific fertility rates (rounded; TFR about 1.6); "
               "not in calibration.csv; range +/-20%")},
      {"male_birth_share", number("Share of live births that are boys.", "fraction", 0.512, 0.4, 0.6,
                                  "assumption: sex ratio at birth of about 105 boys per 100 girls (ONS)")},
      {"out_migration_rate",
       numbers("Gross rate of moving out of the Place, by census age band 0-4 ... 90+. In-migration then follows each "
               "Place's growth path, so these rates set the churn, not the totals.",
               "moves per resident-year",
               {0.070, 0.045, 0.035, 0.060, 0.130, 0.120, 0.085, 0.055, 0.040, 0.030, 0.025, 0.025, 0.025, 0.022, 0.018,
                0.018, 0.022, 0.028, 0.030},
               0, 1,
               "assumption: shape of the ONS internal migration age profile (peak at 20-29); proj_ons_snpp_mse_by_lad not "
               "found; range x0.5-x1.5")},
  });
  demography.required = true;

  Spec root = object("An icsim scenario.", {
      {"schema_version", integer("Version of this file format.", "", json(), kSchemaVersion, kSchemaVersion, "")},
      {"$schema", optional(string("The JSON Schema editors use to complete and check this file "
                                  "(scenarios/icsim-scenario.schema.json, from `icsim params --json-schema`); "
                                  "ignored by icsim."))},
      {"extends", optional(string("A base scenario file (path relative to this file); this file overrides it as a JSON "
                                  "Merge Patch (RFC 7396)."))},
      {"name", string("Short name; names the output folder (letters, digits, -, _ and .).")},
      {"description", optional(string("What the scenario tests and why."))},
      {"run", run},
      {"world", world},
      {"population", population},
      {"demography", demography},
      {"health", health_spec()},
      {"care_pathway", care_pathway_spec()},
      {"flow", flow_spec()},
      {"programmes", programmes_spec()},
      {"calibration", calibration_spec()},
  });
  root.fields[0].second.required = true;
  return root;
}

void collect(const Spec& spec, const std::string& path, std::vector<ParameterInfo>& out) {
  const bool nested = (spec.type == Type::kArray || spec.type == Type::kMap) && spec.items &&
                      (spec.items->type == Type::kObject || spec.items->type == Type::kMap);
  const bool leaf = spec.type != Type::kObject && !nested;
  if (leaf && !path.empty()) {
    out.push_back({path, &spec});
    return;
  }
  if (spec.type == Type::kObject) {
    for (const auto& [key, child] : spec.fields) collect(child, path.empty() ? key : path + "." + key, out);
  } else if (spec.items) {
    collect(*spec.items, path + (spec.type == Type::kMap ? ".<id>" : "[]"), out);
  }
}

std::string range_text(const Spec& s) {
  if (!s.allowed.empty()) {
    std::string out;
    for (const auto& a : s.allowed) out += (out.empty() ? "" : "|") + a;
    return out;
  }
  // A list or map of values shows the values' range.
  if (!s.minimum && !s.maximum) return (s.type == Type::kArray || s.type == Type::kMap) && s.items ? range_text(*s.items) : "";
  return fmt::format("[{}, {}]", s.minimum ? fmt::format("{}", *s.minimum) : "", s.maximum ? fmt::format("{}", *s.maximum) : "");
}

std::string default_text(const Spec& s) {
  if (!s.default_value.is_null()) return s.default_value.dump();
  return s.required ? "(required)" : "(optional)";
}

const char* type_name(Type t) {
  switch (t) {
    case Type::kObject: return "object";
    case Type::kArray: return "array";
    case Type::kTable: return "table";
    case Type::kInteger: return "integer";
    case Type::kNumber: return "number";
    case Type::kString: return "string";
    case Type::kDate: return "date";
    case Type::kMap: return "map";
    case Type::kBoolean: return "boolean";
  }
  return "?";
}

json schema_of(const Spec& s) {
  json out;
  std::string description = s.description;
  if (!s.unit.empty()) description += fmt::format(" Unit: {}.", s.unit);
  if (!s.source.empty()) description += fmt::format(" Source: {}.", s.source);
  if (!description.empty()) out["description"] = description;
  if (!s.default_value.is_null()) out["default"] = s.default_value;
  switch (s.type) {
    case Type::kObject: {
      out["type"] = "object";
      out["additionalProperties"] = false;
      json required = json::array();
      for (const auto& [key, child] : s.fields) {
        out["properties"][key] = schema_of(child);
        if (child.required) required.push_back(key);
      }
      if (!required.empty()) out["required"] = required;
      break;
    }
    case Type::kArray:
    case Type::kTable: {
      json array{{"type", "array"}, {"items", schema_of(*s.items)}};
      if (s.min_items) array["minItems"] = *s.min_items;
      if (s.max_items) array["maxItems"] = *s.max_items;
      if (s.type == Type::kTable) {
        out["oneOf"] = json::array({json{{"type", "string"}, {"description", "CSV file, relative to the scenario file"}}, array});
      } else {
        out.update(array);
      }
      break;
    }
    case Type::kInteger:
    case Type::kNumber:
      out["type"] = s.type == Type::kInteger ? "integer" : "number";
      if (s.minimum) out["minimum"] = *s.minimum;
      if (s.maximum) out["maximum"] = *s.maximum;
      break;
    case Type::kString:
      out["type"] = "string";
      if (!s.allowed.empty()) out["enum"] = s.allowed;
      break;
    case Type::kDate:
      out["type"] = "string";
      out["format"] = "date";
      break;
    case Type::kMap:
      out["type"] = "object";
      out["additionalProperties"] = schema_of(*s.items);
      if (!s.key_pattern.empty()) out["propertyNames"] = {{"pattern", "^" + s.key_pattern + "$"}};
      if (s.min_items) out["minProperties"] = *s.min_items;
      if (s.max_items) out["maxProperties"] = *s.max_items;
      break;
    case Type::kBoolean:
      out["type"] = "boolean";
      break;
  }
  return out;
}

}  // namespace

const Spec& scenario_spec() {
  static const Spec spec = build();
  return spec;
}

const Spec* spec_at(const std::string& pointer) {
  const Spec* spec = &scenario_spec();
  std::stringstream tokens(pointer.substr(1));
  for (std::string token; std::getline(tokens, token, '/');) {
    spec = spec->type == Type::kMap ? spec->items.get() : spec->field(token);
    if (!spec) return nullptr;
  }
  return spec;
}

std::vector<ParameterInfo> parameters() {
  std::vector<ParameterInfo> out;
  collect(scenario_spec(), "", out);
  return out;
}

std::string parameters_text() {
  std::string out;
  for (const auto& p : parameters()) {
    const Spec& s = *p.spec;
    out += fmt::format("{}\n  {} ({}{})\n  default: {}", p.name, s.description, type_name(s.type),
                       s.unit.empty() ? "" : ", " + s.unit, default_text(s));
    const std::string range = range_text(s);
    if (!range.empty()) out += fmt::format("   range: {}", range);
    if (!s.source.empty()) out += fmt::format("\n  source: {}", s.source);
    out += "\n\n";
  }
  return out;
}

std::string parameters_markdown() {
  std::string out = "| name | unit | default | range | source | description |\n|---|---|---|---|---|---|\n";
  auto cell = [](std::string text) {
    for (std::size_t pos = 0; (pos = text.find('|', pos)) != std::string::npos; pos += 2) text.replace(pos, 1, "\\|");
    return text;
  };
  for (const auto& p : parameters()) {
    const Spec& s = *p.spec;
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", p.name, cell(s.unit), cell(default_text(s)),
                       cell(range_text(s)), cell(s.source), cell(s.description));
  }
  return out;
}

const Spec& sweep_spec() {
  static const Spec spec = sweep_spec_root();
  return spec;
}

json sweep_json_schema() {
  json schema = schema_of(sweep_spec());
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "icsim sweep";
  return schema;
}

json json_schema() {
  json schema = schema_of(scenario_spec());
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "icsim scenario";
  // A file that extends another may leave out anything its base provides.
  schema["if"] = {{"required", json::array({"extends"})}};
  schema["then"] = {{"required", json::array({"schema_version"})}};
  schema["else"] = {{"required", schema["required"]}};
  schema.erase("required");
  return schema;
}

}  // namespace icsim::scenarios
