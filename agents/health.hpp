// Residents' health: long-term conditions, frailty and living setting on arrival and as they
// change; mortality by health state (matching the life table on average); and the hazard of
// episodes of need. docs/model.md, "Health", gives every assumption and its source.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "agents/age_hazard.hpp"
#include "agents/config.hpp"
#include "agents/seasons.hpp"
#include "agents/population.hpp"
#include "sim/rng.hpp"

namespace icsim::sim {
class Executor;
}

namespace icsim::agents {

struct HealthState {
  std::uint16_t conditions = 0;  // bit c for Condition c
  // 0 fit .. 3 severe (kFrailtyIds). An int rather than an enum: an ordinal, which steps up one
  // level at a time (frailty + 1) and is compared with kFrailtyLevels.
  int frailty = 0;
  LivingSetting setting = LivingSetting::kOwnHome;
  bool care_pending = false;     // referred for home care or a care home, waiting for a place
};

// What happens next to a resident's health: a condition starts (transitions 0..10, the
// Condition), frailty steps up, they come to need home care or a care home (a referral from the
// community), or death.
inline constexpr int kFrailtyStepTransition = kConditions;
inline constexpr int kNeedsHomeCareTransition = kConditions + 1;
inline constexpr int kNeedsCareHomeTransition = kConditions + 2;
inline constexpr int kDeathTransition = kConditions + 3;
struct HealthEvent {
  sim::DayNumber day;
  int transition;
};

// One episode of need, as drawn when it arises.
struct EpisodeDraw {
  EpisodeType type;
  int condition;   // the condition exacerbated, or -1
  Urgency urgency;
  bool acsc;       // ambulatory-care-sensitive if it ends in an admission
  bool in_hours;   // arose while GP practices are open
};

// Sums over the starting population that scale relative risks so that, at the start, the
// average resident of each age and sex dies at the life-table rate and the average resident
// without a condition starts it at the rate its prevalence profile implies.
struct RiskSums {
  std::array<std::array<double, AgeHazard::kMaxAge + 1>, kSexes> mortality_rr{};
  std::array<std::array<double, AgeHazard::kMaxAge + 1>, kSexes> residents{};
  std::array<std::array<double, kReportBands>, kConditions> comorbidity_rr{};
  std::array<std::array<double, kReportBands>, kConditions> at_risk{};
  void add(const RiskSums& other);
};

class HealthModel {
 public:
  // Fits each practice's prevalence scale to its QOF registers over the planned population
  // (practices on the executor's threads, if given: the result is the same).
  HealthModel(const ScenarioConfig& config, const PopulationPlan& plan, sim::Executor* executor = nullptr);

  // A resident's health on arrival (start population or in-migrant), from its own streams.
  HealthState draw_initial(const sim::CounterRng& rng, std::uint64_t key, int practice, int sex, int quintile,
                           int age) const;

  // Accumulates one resident of the starting population; then finalise() with the total.
  void accumulate(RiskSums& sums, const HealthState& state, int sex, int age) const;
  void finalise(const RiskSums& sums);

  // The resident's next health transition in [from, until), drawn afresh from the hazards of
  // its current state (`occasion` numbers the redraws); nullopt if none in the window.
  std::optional<HealthEvent> next_transition(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion,
                                             sim::DayNumber birth_day, int sex, int quintile, int practice,
                                             const HealthState& state, sim::DayNumber from, sim::DayNumber until) const;

  // What a resident's deprivation and health do to each episode type's rate, apart from age:
  // computed once per state and shared by drawing when the next episode arises and what it is.
  struct EpisodeRisk {
    std::array<double, kEpisodeTypes> type{};
    double exacerbations = 0.0;  // sum of the exacerbation rates of the conditions held
    std::uint16_t conditions = 0;
  };
  EpisodeRisk episode_risk(int quintile, const HealthState& state) const;

  // The day of the resident's next episode of need in [from, until), or nullopt.
  std::optional<sim::DayNumber> next_episode(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion,
                                             sim::DayNumber birth_day, const EpisodeRisk& risk, sim::DayNumber from,
                                             sim::DayNumber until) const;

  // What the episode arising on `day` is (its type by the rates of that day's season).
  EpisodeDraw draw_episode(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion, int age,
                           const EpisodeRisk& risk, sim::DayNumber day, bool weekend) const;

  double mortality_rr(const HealthState& state) const;
  // Urgent and emergency needs per person-year: a resident's true risk, which risk scores estimate.
  double urgent_rate(int age, int quintile, const HealthState& state) const;
  // Episode rate per person-year, by type, for a resident in report band `band`.
  std::array<double, kEpisodeTypes> episode_rates(int band, int quintile, const HealthState& state) const;
  // Expected prevalence of a condition at an age, population average (for tests and docs).
  double mean_prevalence(int condition, int sex, int age) const {
    return mean_prevalence_[static_cast<std::size_t>(condition)][static_cast<std::size_t>(sex)][static_cast<std::size_t>(std::min(age, AgeHazard::kMaxAge))];
  }
  // The fitted scale of a practice's prevalence of a condition (relative to the profile).
  double practice_scale(int practice, int condition) const {
    return practice_scale_[static_cast<std::size_t>(practice)][static_cast<std::size_t>(condition)];
  }

 private:
  // What fitting the registers adds up over the planned population (agents/health.cpp).
  struct RegisterFit;
  struct AgeCell {
    int sex, age;
    double people;
  };
  static std::vector<AgeCell> practice_ages(const PopulationPlan& plan, std::size_t p);
  double fitted_scale(const PopulationPlan& plan, std::size_t p, int c, const PracticeRegister* reg, const std::vector<AgeCell>& ages) const;
  void add_practice(const PopulationPlan& plan, std::size_t p, RegisterFit& fit) const;
  void set_population_means(const RegisterFit& fit);
  void set_frailty_steps();
  std::array<double, kEpisodeTypes> episode_rates(int band, const EpisodeRisk& risk) const;

  // Prevalence shape of a condition at a single age: the band profile, interpolated between
  // band centres; zero below the register's base age.
  double interpolated_profile(int condition, int age) const;
  double profile(int condition, int age) const {
    return profile_[static_cast<std::size_t>(condition)][static_cast<std::size_t>(std::clamp(age, 0, AgeHazard::kMaxAge))];
  }
  double onset_multiplier(int condition, int practice, int quintile, const HealthState& state) const;

  const HealthConfig& config_;
  const DemographyConfig& demography_;
  const CommunityCareConfig& community_;
  AgeHazard aged_65_plus_;  // one per year from the 65th birthday: community care needs
  std::array<std::array<double, AgeHazard::kMaxAge + 1>, kConditions> profile_{};
  std::array<std::array<double, kImdQuintiles>, kConditions> condition_deprivation_{};
  std::array<std::array<double, kImdQuintiles>, kEpisodeTypes> episode_deprivation_{};
  std::vector<std::array<double, kConditions>> practice_scale_;            // [practice][condition]
  std::array<double, kConditions> mean_scale_{};                           // resident-weighted k x d
  std::array<std::array<std::array<double, AgeHazard::kMaxAge + 1>, kSexes>, kConditions> mean_prevalence_{};
  std::array<double, kConditions + 1> comorbidity_power_{};                // onset_comorbidity_rr^n
  std::array<double, kReportBands> mean_conditions_{};                     // by band, at the start
  std::array<std::array<AgeHazard, kSexes>, kConditions> onset_;           // after finalise()
  std::array<AgeHazard, kFrailtyLevels - 1> frailty_step_;
  std::array<AgeHazard, kSexes> death_;                                    // after finalise()
  Seasons seasons_;                                                        // episode rates through the year
};

}  // namespace icsim::agents
