// Cross-references and the frozen configuration.
#include "scenarios/config_builder.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "agents/org_graph.hpp"
#include "scenarios/spec.hpp"
#include "sim/calendar.hpp"
#include "sim/text.hpp"

namespace icsim::scenarios {
using json = nlohmann::json;

namespace {
// A scenario's name names its output folder (with a run id of about 40 characters after it).
}  // namespace

std::map<std::string, int> ConfigBuilder::index_ids(json& list, const std::string& pointer, const char* what) {
  std::map<std::string, int> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string id = list[i]["id"].get<std::string>();
    if (!ids.emplace(id, static_cast<int>(i)).second) {
      problem(fmt::format("{}/{}/id", pointer, i),
              fmt::format("duplicate {} id (got \"{}\", already used at {}/{}; expected a unique id)", what, id, pointer, ids[id]));
    }
  }
  return ids;
}

int ConfigBuilder::reference(const std::map<std::string, int>& ids, const json& value, const std::string& pointer, const char* what) {
  const auto it = ids.find(value.get<std::string>());
  if (it != ids.end()) return it->second;
  if (ids.empty()) return -1;  // the list itself is empty or malformed, and reported: no follow-on problems
  // The ids that are there, the first dozen of a long list.
  constexpr std::size_t kShown = 12;
  std::string known;
  std::size_t shown = 0;
  for (const auto& [id, index] : ids) {
    if (shown++ == kShown) break;
    known += (known.empty() ? "" : ", ") + id;
  }
  if (ids.size() > kShown) known += fmt::format(" and {} more", ids.size() - kShown);
  problem(pointer, fmt::format("unknown {} (got {}; expected one of: {})", what, brief(value), known));
  return -1;
}

agents::ScenarioConfig ConfigBuilder::build(json& s, const std::vector<SectionReader>& sections) {
  agents::ScenarioConfig c;
  c.name = s["name"].get<std::string>();
  // The name becomes a folder name under runs/: keep it to a safe set of characters.
  if (!sim::usable_name(c.name)) {
    problem("/name", fmt::format("not a usable name (got {}; expected {})", brief(s["name"]), sim::usable_name_rule()));
  }
  c.description = s.value("description", "");
  // Values already reported as malformed are blank here; stand-ins let the other checks go on.
  json& run = s["run"];
  c.run.years = run["years"].is_number_integer() ? run["years"].get<int>() : 1;
  c.run.seed = run["seed"].is_number_integer() ? run["seed"].get<std::uint64_t>() : 0;
  c.run.start_date = (run["start_date"].is_string() ? sim::parse_iso_date(run["start_date"].get<std::string>()) : std::nullopt)
                         .value_or(std::chrono::year(2021) / 1 / 1);
  if (c.run.start_date.day() != std::chrono::day(1)) {
    problem("/run/start_date", fmt::format("not the first of a month (got {}; expected a date \"YYYY-MM-01\")", brief(s["run"]["start_date"])));
  }

  const auto lad_place = build_world(s["world"], c.world);
  if (!problems_.empty()) return c;  // the graph needs valid references and values

  // The organisation graph checks the structure: containment tree, one PCN per practice,
  // every PCN served.
  for (const auto& p : agents::OrgGraph(c.world).validate()) problem(pointer_of(p.where, c.pathway), p.message);

  build_population(s["population"], lad_place, c);
  build_demography(s["demography"], c.demography);
  build_health(s["health"], c);
  build_pathway(s["care_pathway"], c.pathway);
  build_flow(s["flow"], c.flow);
  build_programmes(s["programmes"], c.programmes);
  c.flow.discharge.team.workforce = c.programmes.mechanisms.workforce;  // discharge teams' staff follow the same rules
  for (const auto& section : sections) section.read(s[section.key], problems_);
  return c;
}

std::string pointer_of(const agents::Location& where, const agents::PathwayConfig& pathway) {
  using Part = agents::Location::Part;
  if (where.part == Part::kOrganisation) {
    static constexpr const char* kLists[] = {"system", "places", "pcns", "practices", "providers", "councils"};  // OrgKind order
    const char* list = kLists[static_cast<std::size_t>(where.organisation)];
    return where.organisation == agents::OrgKind::kSystem ? "/world/system" : fmt::format("/world/{}/{}", list, where.index);
  }
  if (where.part == Part::kPathway) return "/care_pathway";
  const auto& nodes = pathway.nodes;
  auto id_of = [&](int node) { return node >= 0 && static_cast<std::size_t>(node) < nodes.size() ? nodes[static_cast<std::size_t>(node)].id : std::to_string(node); };
  std::string out = (json::json_pointer("/care_pathway/nodes") / id_of(where.index)).to_string();
  if (where.part == Part::kNode) return out;
  out += where.when_full ? "/when_full" : "/routes";
  if (where.part == Part::kRoutes) return out;
  out += fmt::format("/{}", where.route);
  if (where.part == Part::kWhen) return out + "/when";
  if (where.part == Part::kTarget) return (json::json_pointer(out) / "to" / id_of(where.target)).to_string();
  return out;
}

// The practices, with the checks on their own fields.
void ConfigBuilder::build_practices(json& list, agents::WorldConfig& world) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    json& x = list[i];
    agents::PracticeConfig practice{x["id"], x["name"], x["list_size"], std::nullopt, std::nullopt, -1};
    if (x.contains("list_size_50_plus")) {
      practice.list_size_50_plus = x["list_size_50_plus"].get<std::int64_t>();
      if (*practice.list_size_50_plus > practice.list_size) {
        problem(fmt::format("/world/practices/{}/list_size_50_plus", i),
                fmt::format("larger than the whole list (got {}; expected at most list_size {})", *practice.list_size_50_plus, practice.list_size));
      }
    }
    if (x.contains("imd2019_score")) practice.imd2019_score = x["imd2019_score"].get<double>();
    world.practices.push_back(std::move(practice));
  }
}

// The organisations, with ids resolved to indices. Returns each local authority's Place.
std::map<std::string, int> ConfigBuilder::build_world(json& w, agents::WorldConfig& world) {
  world.system = {w["system"]["id"].get<std::string>(), w["system"]["name"].get<std::string>()};
  const auto places = index_ids(w["places"], "/world/places", "Place");
  const auto councils = index_ids(w["councils"], "/world/councils", "council");
  const auto pcns = index_ids(w["pcns"], "/world/pcns", "PCN");
  const auto practices = index_ids(w["practices"], "/world/practices", "practice");
  index_ids(w["providers"], "/world/providers", "provider");

  std::map<std::string, int> lad_place;
  for (std::size_t i = 0; i < w["places"].size(); ++i) {
    json& p = w["places"][i];
    agents::PlaceConfig place{p["id"], p["name"], p["local_authorities"].get<std::vector<std::string>>(), p["growth_per_year"]};
    for (std::size_t k = 0; k < place.local_authorities.size(); ++k) {
      const auto [it, fresh] = lad_place.emplace(place.local_authorities[k], static_cast<int>(i));
      if (!fresh) {
        problem(fmt::format("/world/places/{}/local_authorities/{}", i, k),
                fmt::format("local authority in two Places (got \"{}\", already in Place \"{}\"; expected each in one Place)",
                            place.local_authorities[k], w["places"][static_cast<std::size_t>(it->second)]["id"].get<std::string>()));
      }
    }
    world.places.push_back(std::move(place));
  }
  for (std::size_t i = 0; i < w["councils"].size(); ++i) {
    json& x = w["councils"][i];
    agents::CouncilConfig council{x["id"], x["name"], {}};
    for (std::size_t k = 0; k < x["places"].size(); ++k) {
      const int place = reference(places, x["places"][k], fmt::format("/world/councils/{}/places/{}", i, k), "Place");
      if (place >= 0) council.places.push_back(place);
    }
    world.councils.push_back(std::move(council));
  }
  build_practices(w["practices"], world);
  for (std::size_t i = 0; i < w["pcns"].size(); ++i) {
    json& x = w["pcns"][i];
    const std::string at = fmt::format("/world/pcns/{}", i);
    agents::PcnConfig pcn{x["id"], x["name"], reference(places, x["place"], at + "/place", "Place"),
                          reference(councils, x["council"], at + "/council", "council"), {}};
    for (std::size_t k = 0; k < x["practices"].size(); ++k) {
      const int practice = reference(practices, x["practices"][k], fmt::format("{}/practices/{}", at, k), "practice");
      if (practice < 0) continue;
      pcn.practices.push_back(practice);
      auto& owner = world.practices[static_cast<std::size_t>(practice)].pcn;
      if (owner < 0) owner = static_cast<int>(i);
    }
    if (pcn.council >= 0 && pcn.place >= 0) {
      const auto& served = world.councils[static_cast<std::size_t>(pcn.council)].places;
      if (std::find(served.begin(), served.end(), pcn.place) == served.end()) {
        problem(at + "/council", fmt::format("council does not serve the PCN's Place (got {}; expected a council serving \"{}\")",
                                             brief(x["council"]), x["place"].get<std::string>()));
      }
    }
    world.pcns.push_back(std::move(pcn));
  }
  for (std::size_t i = 0; i < w["providers"].size(); ++i) {
    json& x = w["providers"][i];
    const std::string kind = x["kind"];
    agents::ProviderConfig provider{x["id"], x["name"],
                                    kind == "acute_site" ? agents::ProviderKind::kAcuteSite
                                    : kind == "community" ? agents::ProviderKind::kCommunity
                                                          : agents::ProviderKind::kMentalHealth,
                                    x.value("organisation", ""), x["general_acute_beds"], {}};
    for (std::size_t k = 0; k < x["places"].size(); ++k) {
      const int place = reference(places, x["places"][k], fmt::format("/world/providers/{}/places/{}", i, k), "Place");
      if (place >= 0) provider.places.push_back(place);
    }
    world.providers.push_back(std::move(provider));
  }
  return lad_place;
}

// The census and deprivation tables, checked against the Places' local authorities.
void ConfigBuilder::build_population(json& pop, const std::map<std::string, int>& lad_place, agents::ScenarioConfig& c) {
  c.population.scale = pop["scale"];
  c.population.deprivation_practice_weight = pop["deprivation_practice_weight"];
  std::set<std::tuple<std::string, int, int>> seen_cells;
  const std::vector<std::string>& bands = spec_at("/population/census")->items->field("age_band")->allowed;
  for (std::size_t i = 0; i < pop["census"].size(); ++i) {
    json& row = pop["census"][i];
    const std::string lad = row["lad_code"];
    const int sex = row["sex"] == "male" ? 1 : 0;
    const int band = static_cast<int>(std::find(bands.begin(), bands.end(), row["age_band"].get<std::string>()) - bands.begin());
    if (!lad_place.count(lad)) {
      problem(fmt::format("/population/census/{}/lad_code", i),
              fmt::format("local authority in no Place (got \"{}\"; expected one listed in a Place's local_authorities)", lad));
    }
    if (!seen_cells.emplace(lad, sex, band).second) {
      problem(fmt::format("/population/census/{}", i), fmt::format("duplicate row for {} {} {}", lad, row["sex"].get<std::string>(),
                                                                   row["age_band"].get<std::string>()));
    }
    c.population.census.push_back({lad, sex, band, row["residents"]});
  }
  for (const auto& [lad, place] : lad_place) {
    for (int sex = 0; sex < agents::kSexes; ++sex) {
      for (int band = 0; band < agents::kCensusAgeBands; ++band) {
        if (!seen_cells.count({lad, sex, band})) {
          problem("/population/census", fmt::format("no row for {} {} {} (expected every sex and age band of every local authority)",
                                                    lad, sex ? "male" : "female", bands[static_cast<std::size_t>(band)]));
        }
      }
    }
  }
  std::vector<double> place_area_population(c.world.places.size(), 0.0);
  for (std::size_t i = 0; i < pop["deprivation"].size(); ++i) {
    json& row = pop["deprivation"][i];
    const std::string lad = row["lad_code"];
    const auto place = lad_place.find(lad);
    if (place == lad_place.end()) {
      problem(fmt::format("/population/deprivation/{}/lad_code", i),
              fmt::format("local authority in no Place (got \"{}\"; expected one listed in a Place's local_authorities)", lad));
    } else {
      place_area_population[static_cast<std::size_t>(place->second)] += row["population"].get<double>();
    }
    c.population.deprivation.push_back({lad, row["imd_decile"], row["population"]});
  }
  std::vector<std::int64_t> place_lists(c.world.places.size(), 0);
  for (const auto& pcn : c.world.pcns) {
    for (int practice : pcn.practices) place_lists[static_cast<std::size_t>(pcn.place)] += c.world.practices[static_cast<std::size_t>(practice)].list_size;
  }
  for (std::size_t p = 0; p < c.world.places.size(); ++p) {
    if (place_area_population[p] <= 0.0) {
      problem("/population/deprivation", fmt::format("no small areas with people in Place \"{}\" (expected rows for its local authorities)",
                                                     c.world.places[p].id));
    }
    if (place_lists[p] <= 0) {
      problem(fmt::format("/world/places/{}", p), fmt::format("the practices of Place \"{}\" have no registered patients "
                                                              "(got a list_size total of 0; expected more than 0)", c.world.places[p].id));
    }
  }

}

// The life table (every age of both sexes) and the demographic rates.
void ConfigBuilder::build_demography(json& d, agents::DemographyConfig& demography) {
  demography.mortality_multiplier = d["mortality_multiplier"];
  demography.male_birth_share = d["male_birth_share"];
  std::array<std::array<bool, agents::kLifeTableMaxAge + 1>, agents::kSexes> have{};
  for (std::size_t i = 0; i < d["life_table"].size(); ++i) {
    json& row = d["life_table"][i];
    const auto sex = static_cast<std::size_t>(row["sex"] == "male" ? 1 : 0);
    const auto age = row["age"].get<std::size_t>();
    if (have[sex][age]) problem(fmt::format("/demography/life_table/{}", i), fmt::format("duplicate row for {} aged {}", row["sex"].get<std::string>(), age));
    have[sex][age] = true;
    demography.mortality_rate[sex][age] = row["mx"];
  }
  for (std::size_t sex = 0; sex < agents::kSexes; ++sex) {
    for (std::size_t age = 0; age <= agents::kLifeTableMaxAge; ++age) {
      if (!have[sex][age]) {
        problem("/demography/life_table", fmt::format("no row for {} aged {} (expected ages 0-100 for both sexes)", sex ? "male" : "female", age));
      }
    }
  }
  for (std::size_t i = 0; i < agents::kFertilityAgeBands; ++i) demography.fertility_rate[i] = d["fertility_rate_per_1000"][i].get<double>() / 1000.0;
  for (std::size_t i = 0; i < agents::kCensusAgeBands; ++i) demography.out_migration_rate[i] = d["out_migration_rate"][i];
}

}  // namespace icsim::scenarios
