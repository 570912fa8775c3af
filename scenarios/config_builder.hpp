// From validated scenario JSON to the immutable agents::ScenarioConfig: ids resolved to
// indices, cross-references checked (including the organisation graph), tables read into place.
#pragma once
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/config.hpp"
#include "agents/org_graph.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/validator.hpp"

namespace icsim::scenarios {

// A fixed-length array from a validated JSON list of numbers (nulls, already reported, as 0).
template <std::size_t N>
std::array<double, N> to_array(const nlohmann::json& values) {
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N && i < values.size(); ++i) out[i] = values[i].is_number() ? values[i].get<double>() : 0.0;
  return out;
}

// The enum value of a validated id (validation allows only the ids; anything else is the first).
template <typename Enum, std::size_t N>
Enum to_enum(const nlohmann::json& value, const std::array<std::string_view, N>& ids) {
  const std::string id = value.is_string() ? value.get<std::string>() : "";
  for (std::size_t k = 0; k < N; ++k) {
    if (ids[k] == id) return static_cast<Enum>(k);
  }
  return static_cast<Enum>(0);
}

// The JSON pointer of the scenario element a model location came from: organisations by their
// list and index, care-pathway nodes by id (`pathway` gives the ids).
std::string pointer_of(const agents::Location& where, const agents::PathwayConfig& pathway);

class ConfigBuilder {
 public:
  explicit ConfigBuilder(std::vector<Located>& problems) : problems_(problems) {}

  // `s` has passed validate(); values it reported are null. Throws nlohmann::json exceptions
  // only when such a null stops the checks (its problem is already reported). The sections are
  // read last, when the world had no problems.
  agents::ScenarioConfig build(nlohmann::json& s, const std::vector<SectionReader>& sections);

 private:
  void problem(const std::string& pointer, std::string message) { problems_.push_back({pointer, std::move(message)}); }
  // Ids in a list must be unique; returns id -> index.
  std::map<std::string, int> index_ids(nlohmann::json& list, const std::string& pointer, const char* what);
  std::map<std::string, int> build_world(nlohmann::json& w, agents::WorldConfig& world);
  void build_practices(nlohmann::json& practices, agents::WorldConfig& world);
  agents::RouteCriteria route_criteria(const nlohmann::json& when, const std::string& at);
  void build_population(nlohmann::json& pop, const std::map<std::string, int>& lad_place, agents::ScenarioConfig& c);
  void build_demography(nlohmann::json& d, agents::DemographyConfig& demography);
  // scenarios/build_health.cpp: conditions, registers (every practice x condition), frailty,
  // living settings, episode types, GP access.
  void build_health(nlohmann::json& h, agents::ScenarioConfig& c);
  // scenarios/build_pathway.cpp: node ids resolved, then the graph's own checks (care_pathway.hpp).
  void build_pathway(nlohmann::json& p, agents::PathwayConfig& pathway);
  // scenarios/build_flow.cpp: stays, beds, discharge pathways, downstream services, costs.
  void build_flow(nlohmann::json& f, agents::FlowConfig& flow);
  void build_acute(const nlohmann::json& a, agents::AcuteConfig& acute);  // flow.acute: escalation and electives
  // scenarios/build_programmes.cpp: the programme library, mechanisms and governance.
  void build_programmes(nlohmann::json& p, agents::ProgrammesConfig& out);
  // The index of the referenced id, or -1 (and a problem) if there is none.
  int reference(const std::map<std::string, int>& ids, const nlohmann::json& value, const std::string& pointer, const char* what);

  std::vector<Located>& problems_;
};

}  // namespace icsim::scenarios
