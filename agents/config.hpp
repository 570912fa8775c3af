// The validated, immutable description of a run: plain values only. scenarios/ builds it from
// scenario files; nothing downstream of it sees JSON.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace icsim::agents {

inline constexpr int kSexes = 2;                 // 0 female, 1 male
inline constexpr int kCensusAgeBands = 19;       // 0-4, 5-9, ..., 85-89, 90+
inline constexpr int kLifeTableMaxAge = 100;     // single years 0..100; 100 stands for 100+
inline constexpr int kImdQuintiles = 5;          // 1 = most deprived fifth of England's areas
inline constexpr int kFertilityAgeBands = 7;     // mothers aged 15-19, ..., 45-49

struct SystemConfig {
  std::string id;
  std::string name;
};

struct PlaceConfig {
  std::string id;
  std::string name;
  std::vector<std::string> local_authorities;  // ONS LAD codes whose residents form the Place
  double growth_per_year;                      // published annual population growth, fraction
};

struct CouncilConfig {
  std::string id;
  std::string name;
  std::vector<int> places;  // indices into places
};

struct PcnConfig {
  std::string id;
  std::string name;
  int place;                  // index into places
  int council;                // index into councils: adult social care for this PCN
  std::vector<int> practices; // indices into practices
};

struct PracticeConfig {
  std::string id;
  std::string name;
  std::int64_t list_size;                      // registered patients, all ages
  std::optional<std::int64_t> list_size_50_plus; // registered patients aged 50+, if known
  std::optional<double> imd2019_score;         // practice deprivation score (higher = more deprived)
  int pcn;                                     // index into pcns
};

enum class ProviderKind { kAcuteSite, kCommunity, kMentalHealth };

struct ProviderConfig {
  std::string id;
  std::string name;
  ProviderKind kind;
  std::string organisation;          // the legal body, e.g. the trust an acute site belongs to
  std::int64_t general_acute_beds;   // acute sites only; 0 otherwise
  std::vector<int> places;           // Places served (the catchment, for acute sites)
};

struct PopulationCell {
  std::string local_authority;  // LAD code
  int sex;                      // 0 female, 1 male
  int age_band;                 // census band 0..18
  std::int64_t residents;
};

struct DeprivationArea {
  std::string local_authority;  // LAD code
  int imd_decile;               // 1..10, national
  double population;            // area population, the weight
};

struct WorldConfig {
  SystemConfig system;
  std::vector<PlaceConfig> places;
  std::vector<CouncilConfig> councils;
  std::vector<PcnConfig> pcns;
  std::vector<PracticeConfig> practices;
  std::vector<ProviderConfig> providers;
};

struct PopulationConfig {
  std::vector<PopulationCell> census;        // usual residents by LAD, sex and 5-year band
  std::vector<DeprivationArea> deprivation;  // small areas with their IMD decile and size
  double deprivation_practice_weight;        // 0: Place mix for all; 1: ranked by practice score
  double scale;                              // multiplies every count (for fast tests)
};

struct DemographyConfig {
  // Central death rates m_x by sex and single year of age 0..100 (per year).
  std::array<std::array<double, kLifeTableMaxAge + 1>, kSexes> mortality_rate;
  double mortality_multiplier;
  // Live births per woman-year by mother's age band 15-19 ... 45-49.
  std::array<double, kFertilityAgeBands> fertility_rate;
  double male_birth_share;
  // Gross out-migration rate per resident-year by census age band.
  std::array<double, kCensusAgeBands> out_migration_rate;
};

struct RunSettings {
  std::chrono::year_month_day start_date;
  int years;
  std::uint64_t seed;
};

struct ScenarioConfig {
  std::string name;
  std::string description;
  RunSettings run;
  WorldConfig world;
  PopulationConfig population;
  DemographyConfig demography;
};

}  // namespace icsim::agents
