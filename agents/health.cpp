// Health state, its transitions and the hazard of episodes of need.
#include "agents/health.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "agents/age_bands.hpp"
#include "agents/streams.hpp"
#include "sim/parallel.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// A uniform in (0, 1) from one 32-bit word: enough resolution for category and event draws.
double unit(std::uint32_t word) { return sim::unit_word(word); }

// Band centres for interpolating profiles given by report band; 85+ is centred at 90.
constexpr std::array<double, kReportBands> kBandCentre = {0.5, 3.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0};

// Single ages a census band stands for when spreading its residents evenly (90+ as 90-99).
constexpr int kCensusBandWidth = 5;
int census_band_first_age(int band) { return 5 * band; }
int census_band_width(int band) { return band == kCensusAgeBands - 1 ? 10 : kCensusBandWidth; }

constexpr auto kAllEpisodeTypes = enumerators<EpisodeType, kEpisodeTypes>();

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double logit(double p) { return std::log(p / (1.0 - p)); }

template <class F>
void for_each_condition(std::uint16_t mask, F&& f) {
  while (mask) {
    const int c = std::countr_zero(mask);
    f(c);
    mask = static_cast<std::uint16_t>(mask & (mask - 1));
  }
}

}  // namespace

void RiskSums::add(const RiskSums& other) {
  for (std::size_t s = 0; s < mortality_rr.size(); ++s) {
    for (std::size_t a = 0; a < mortality_rr[s].size(); ++a) {
      mortality_rr[s][a] += other.mortality_rr[s][a];
      residents[s][a] += other.residents[s][a];
    }
  }
  for (std::size_t c = 0; c < comorbidity_rr.size(); ++c) {
    for (std::size_t b = 0; b < comorbidity_rr[c].size(); ++b) {
      comorbidity_rr[c][b] += other.comorbidity_rr[c][b];
      at_risk[c][b] += other.at_risk[c][b];
    }
  }
}

double HealthModel::interpolated_profile(int condition, int age) const {
  const ConditionConfig& c = config_.conditions[static_cast<std::size_t>(condition)];
  if (age < c.min_age) return 0.0;
  const double x = age + 0.5;
  const auto& p = c.age_profile;
  if (x <= kBandCentre.front()) return p.front();
  if (x >= kBandCentre.back()) return p.back();
  std::size_t b = 0;
  while (kBandCentre[b + 1] < x) ++b;
  const double t = (x - kBandCentre[b]) / (kBandCentre[b + 1] - kBandCentre[b]);
  return p[b] + t * (p[b + 1] - p[b]);
}

// Most deprived quintile (0) to least (4) spans `ratio`, geometrically, centred on the middle.
std::array<double, kImdQuintiles> deprivation_factors(double ratio) {
  std::array<double, kImdQuintiles> f{};
  for (int q = 0; q < kImdQuintiles; ++q) f[static_cast<std::size_t>(q)] = std::pow(ratio, (2.0 - q) / 4.0);
  return f;
}

struct HealthModel::RegisterFit {
  std::array<std::array<std::array<double, AgeHazard::kMaxAge + 1>, kSexes>, kConditions> prevalent{};
  std::array<std::array<double, AgeHazard::kMaxAge + 1>, kSexes> people{};
  std::array<double, kConditions> scale_sum{};
  double total_people = 0.0;
};

HealthModel::HealthModel(const ScenarioConfig& config, const PopulationPlan& plan, sim::Executor* executor)
    : config_(config.health),
      demography_(config.demography),
      community_(config.flow.community),
      aged_65_plus_(AgeHazard::from_yearly([](int age) { return age >= 65 ? 1.0 : 0.0; })),
      seasons_(config.health.seasons, sim::day_number(config.run.start_date), sim::Calendar(config.run.start_date, config.run.years).num_days()) {
  for (std::size_t n = 0; n < comorbidity_power_.size(); ++n) comorbidity_power_[n] = std::pow(config_.onset_comorbidity_rr, static_cast<double>(n));
  for (int c = 0; c < kConditions; ++c) {
    condition_deprivation_[static_cast<std::size_t>(c)] = deprivation_factors(config_.conditions[static_cast<std::size_t>(c)].deprivation_ratio);
    for (int age = 0; age <= AgeHazard::kMaxAge; ++age) {
      profile_[static_cast<std::size_t>(c)][static_cast<std::size_t>(age)] = interpolated_profile(c, age);
    }
  }
  for (const EpisodeType t : kAllEpisodeTypes) {
    episode_deprivation_[index(t)] = deprivation_factors(config_.episodes[index(t)].deprivation_ratio);
  }
  const std::size_t n_practices = plan.residents.size();
  practice_scale_.assign(n_practices, {});
  std::vector<const PracticeRegister*> registers(n_practices * kConditions, nullptr);
  for (const auto& r : config_.registers) registers[static_cast<std::size_t>(r.practice) * kConditions + static_cast<std::size_t>(r.condition)] = &r;
  // The bisections, practice by practice, on any thread; then their sums, in practice order.
  auto fit_scales = [&](std::size_t p) {
    const std::vector<AgeCell> ages = practice_ages(plan, p);
    for (int c = 0; c < kConditions; ++c) {
      practice_scale_[p][static_cast<std::size_t>(c)] = fitted_scale(plan, p, c, registers[p * kConditions + static_cast<std::size_t>(c)], ages);
    }
  };
  if (executor != nullptr) {
    executor->for_each(n_practices, fit_scales);
  } else {
    for (std::size_t p = 0; p < n_practices; ++p) fit_scales(p);
  }
  RegisterFit fit;
  for (std::size_t p = 0; p < n_practices; ++p) add_practice(plan, p, fit);
  set_population_means(fit);
  set_frailty_steps();
}

namespace {

std::array<double, kImdQuintiles> quintile_mix(const PopulationPlan& plan, std::size_t p) {
  std::array<double, kImdQuintiles> mix{};
  for (int q = 0; q < kImdQuintiles; ++q) {
    mix[static_cast<std::size_t>(q)] = plan.imd_cumulative[p][static_cast<std::size_t>(q)] - (q ? plan.imd_cumulative[p][static_cast<std::size_t>(q - 1)] : 0.0);
  }
  return mix;
}

std::array<double, kSexes> sex_factors(const ConditionConfig& cc) {
  return {2.0 / (1.0 + cc.male_ratio), 2.0 * cc.male_ratio / (1.0 + cc.male_ratio)};
}

// Expected prevalence among residents of one sex and age across the practice's quintile mix,
// where `scaled` is their profile times the fitted scale and the sex's factor.
double prevalence_of(double scaled, const std::array<double, kImdQuintiles>& mix, const std::array<double, kImdQuintiles>& deprivation) {
  double prevalence = 0.0;
  for (std::size_t q = 0; q < kImdQuintiles; ++q) prevalence += mix[q] * std::min(1.0, scaled * deprivation[q]);
  return prevalence;
}

}  // namespace

// The practice's planned residents by sex and single year of age, each band spread evenly over
// its years, in (sex, age) order: the order every sum over them is taken in.
std::vector<HealthModel::AgeCell> HealthModel::practice_ages(const PopulationPlan& plan, std::size_t p) {
  const auto& counts = plan.residents[p];
  std::vector<AgeCell> ages;
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int band = 0; band < kCensusAgeBands; ++band) {
      const double n = static_cast<double>(counts[static_cast<std::size_t>(sex * kCensusAgeBands + band)]);
      if (n <= 0.0) continue;
      const int width = census_band_width(band);
      for (int age = census_band_first_age(band); age < census_band_first_age(band) + width; ++age) ages.push_back({sex, age, n / width});
    }
  }
  return ages;
}

// The scale of condition c's prevalence profile that makes the expected register over the
// practice's planned residents meet its QOF register (bisection; the register grows with k).
double HealthModel::fitted_scale(const PopulationPlan& plan, std::size_t p, int c, const PracticeRegister* reg,
                                 const std::vector<AgeCell>& ages) const {
  const ConditionConfig& cc = config_.conditions[static_cast<std::size_t>(c)];
  const std::array<double, kImdQuintiles> mix = quintile_mix(plan, p);
  const std::array<double, kSexes> sex_factor = sex_factors(cc);
  // What does not depend on k, out of the bisection's loop.
  struct Term {
    double people, profile, sex_factor;
  };
  std::vector<Term> terms;
  terms.reserve(ages.size());
  for (const AgeCell& a : ages) terms.push_back({a.people, profile(c, a.age), sex_factor[static_cast<std::size_t>(a.sex)]});
  const std::array<double, kImdQuintiles>& deprivation = condition_deprivation_[static_cast<std::size_t>(c)];
  auto expected = [&](double k) {
    double total = 0.0;
    for (const Term& t : terms) total += t.people * prevalence_of(k * t.profile * t.sex_factor, mix, deprivation);
    return total;
  };
  double eligible = 0.0;
  for (const AgeCell& a : ages) {
    if (a.age >= cc.min_age) eligible += a.people;
  }
  const double rate = reg && reg->list_base > 0.0 ? reg->registered / reg->list_base : 0.0;
  const double target = rate * eligible;
  if (target <= 0.0) return 0.0;
  double lo = 0.0, hi = 1.0;
  while (expected(hi) < target && hi < 1e6) hi *= 2.0;
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    const bool adjacent = mid == lo || mid == hi;  // then after this step every later one repeats it
    (expected(mid) < target ? lo : hi) = mid;
    if (adjacent) break;
  }
  return 0.5 * (lo + hi);
}

// One practice's fitted prevalence, people and scales added to the population's sums.
void HealthModel::add_practice(const PopulationPlan& plan, std::size_t p, RegisterFit& fit) const {
  const std::array<double, kImdQuintiles> mix = quintile_mix(plan, p);
  const std::vector<AgeCell> ages = practice_ages(plan, p);
  double practice_people = 0.0;
  for (auto n : plan.residents[p]) practice_people += static_cast<double>(n);
  for (int c = 0; c < kConditions; ++c) {
    const std::array<double, kSexes> sex_factor = sex_factors(config_.conditions[static_cast<std::size_t>(c)]);
    const std::array<double, kImdQuintiles>& deprivation = condition_deprivation_[static_cast<std::size_t>(c)];
    const double k = practice_scale_[p][static_cast<std::size_t>(c)];
    for (const AgeCell& a : ages) {
      const double scaled = k * profile(c, a.age) * sex_factor[static_cast<std::size_t>(a.sex)];
      fit.prevalent[static_cast<std::size_t>(c)][static_cast<std::size_t>(a.sex)][static_cast<std::size_t>(a.age)] +=
          a.people * prevalence_of(scaled, mix, deprivation);
      if (c == 0) fit.people[static_cast<std::size_t>(a.sex)][static_cast<std::size_t>(a.age)] += a.people;
    }
    for (int q = 0; q < kImdQuintiles; ++q) {
      fit.scale_sum[static_cast<std::size_t>(c)] += practice_people * mix[static_cast<std::size_t>(q)] * k * deprivation[static_cast<std::size_t>(q)];
    }
  }
  fit.total_people += practice_people;
}

// The population's mean scale by condition, mean prevalence by condition, sex and age, and
// mean number of conditions by band.
void HealthModel::set_population_means(const RegisterFit& fit) {
  std::array<double, kReportBands> band_people{};
  for (int c = 0; c < kConditions; ++c) {
    mean_scale_[static_cast<std::size_t>(c)] = fit.total_people > 0.0 ? fit.scale_sum[static_cast<std::size_t>(c)] / fit.total_people : 0.0;
    for (int sex = 0; sex < kSexes; ++sex) {
      double last = 0.0;
      for (int age = 0; age <= AgeHazard::kMaxAge; ++age) {
        const double n = fit.people[static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)];
        // Beyond the oldest planned age, prevalence stays where it was.
        if (n > 0.0) last = fit.prevalent[static_cast<std::size_t>(c)][static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)] / n;
        mean_prevalence_[static_cast<std::size_t>(c)][static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)] = last;
        mean_conditions_[static_cast<std::size_t>(report_band_of_age(age))] += fit.prevalent[static_cast<std::size_t>(c)][static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)];
      }
    }
  }
  for (int sex = 0; sex < kSexes; ++sex) {
    for (int age = 0; age <= AgeHazard::kMaxAge; ++age) band_people[static_cast<std::size_t>(report_band_of_age(age))] += fit.people[static_cast<std::size_t>(sex)][static_cast<std::size_t>(age)];
  }
  for (int b = 0; b < kReportBands; ++b) {
    auto& m = mean_conditions_[static_cast<std::size_t>(b)];
    m = band_people[static_cast<std::size_t>(b)] > 0.0 ? m / band_people[static_cast<std::size_t>(b)] : 0.0;
  }
}

void HealthModel::set_frailty_steps() {
  const FrailtyConfig& f = config_.frailty;
  for (int k = 0; k + 1 < kFrailtyLevels; ++k) {
    frailty_step_[static_cast<std::size_t>(k)] = AgeHazard::from_yearly([&](int age) {
      if (age < f.progression_min_age) return 0.0;
      return f.progression_rate[static_cast<std::size_t>(k)] * std::pow(f.progression_age_rr, (age - 75) / 10.0);
    });
  }
}

HealthState HealthModel::draw_initial(const sim::CounterRng& rng, std::uint64_t key, int practice, int sex, int quintile,
                                      int age) const {
  HealthState state;
  const sim::RandomBlock b0 = rng.block(streams::kInitialHealth, key, 0);
  const sim::RandomBlock b1 = rng.block(streams::kInitialHealth, key, 1);
  const sim::RandomBlock b2 = rng.block(streams::kInitialHealth, key, 2);
  const sim::RandomBlock b3 = rng.block(streams::kInitialHealth, key, 3);
  const std::array<std::uint32_t, 16> words = {b0[0], b0[1], b0[2], b0[3], b1[0], b1[1], b1[2], b1[3],
                                               b2[0], b2[1], b2[2], b2[3], b3[0], b3[1], b3[2], b3[3]};
  // Conditions: independent given age, sex, deprivation and practice.
  for (int c = 0; c < kConditions; ++c) {
    const ConditionConfig& cc = config_.conditions[static_cast<std::size_t>(c)];
    const double sex_factor = sex ? 2.0 * cc.male_ratio / (1.0 + cc.male_ratio) : 2.0 / (1.0 + cc.male_ratio);
    const double p = std::min(1.0, practice_scale_[static_cast<std::size_t>(practice)][static_cast<std::size_t>(c)] *
                                       profile(c, age) * sex_factor * condition_deprivation_[static_cast<std::size_t>(c)][static_cast<std::size_t>(quintile)]);
    if (unit(words[static_cast<std::size_t>(c)]) < p) state.conditions = static_cast<std::uint16_t>(state.conditions | (1u << c));
  }
  // Frailty: the band's category mix, shifted by the number of conditions (proportional odds).
  const int band = report_band_of_age(age);
  const FrailtyConfig& f = config_.frailty;
  const double shift = f.condition_log_odds * (std::popcount(state.conditions) - mean_conditions_[static_cast<std::size_t>(band)]);
  const double u = unit(words[11]);
  double at_least = 1.0;
  for (int k = 1; k < kFrailtyLevels; ++k) {
    double share = 0.0;
    for (int j = k; j < kFrailtyLevels; ++j) share += f.initial_share[static_cast<std::size_t>(band)][static_cast<std::size_t>(j)];
    at_least = share <= 0.0 ? 0.0 : share >= 1.0 ? 1.0 : logistic(logit(share) + shift);
    if (u < at_least) state.frailty = k;
  }
  // Living setting: support at home and care homes for older residents, by frailty.
  const LivingSettingConfig& s = config_.settings;
  if (age >= s.min_age) {
    const double v = unit(words[12]);
    const bool dementia = state.conditions & (1u << kDementia);
    const double care_home = std::min(0.95, s.care_home_share[static_cast<std::size_t>(state.frailty)] * (dementia ? s.dementia_care_home_rr : 1.0));
    const double home_care = (1.0 - care_home) * s.home_care_share[static_cast<std::size_t>(state.frailty)];
    state.setting = v < care_home ? LivingSetting::kCareHome : v < care_home + home_care ? LivingSetting::kHomeWithCare : LivingSetting::kOwnHome;
  }
  return state;
}

double HealthModel::mortality_rr(const HealthState& state) const {
  double rr = config_.frailty.mortality_hr[static_cast<std::size_t>(state.frailty)] *
              config_.settings.mortality_hr[index(state.setting)];
  for_each_condition(state.conditions, [&](int c) { rr *= config_.conditions[static_cast<std::size_t>(c)].mortality_hr; });
  return rr;
}

void HealthModel::accumulate(RiskSums& sums, const HealthState& state, int sex, int age) const {
  const auto s = static_cast<std::size_t>(sex);
  const auto a = static_cast<std::size_t>(std::min(age, AgeHazard::kMaxAge));
  sums.mortality_rr[s][a] += mortality_rr(state);
  sums.residents[s][a] += 1.0;
  const auto band = static_cast<std::size_t>(report_band_of_age(age));
  const double comorbidity = comorbidity_power_[static_cast<std::size_t>(std::popcount(state.conditions))];
  for (int c = 0; c < kConditions; ++c) {
    if (state.conditions & (1u << c)) continue;
    sums.comorbidity_rr[static_cast<std::size_t>(c)][band] += comorbidity;
    sums.at_risk[static_cast<std::size_t>(c)][band] += 1.0;
  }
}

void HealthModel::finalise(const RiskSums& sums) {
  for (int sex = 0; sex < kSexes; ++sex) {
    const auto s = static_cast<std::size_t>(sex);
    // Mortality: the life-table rate divided by the mean relative risk at that age and sex, so
    // that the starting population dies at the life-table rate on average.
    std::array<double, AgeHazard::kMaxAge + 1> mean_rr{};
    double last = 1.0;
    for (std::size_t a = 0; a < mean_rr.size(); ++a) {
      if (sums.residents[s][a] > 0.0) last = sums.mortality_rr[s][a] / sums.residents[s][a];
      mean_rr[a] = last;
    }
    auto life_table = [&](int age) {
      return demography_.mortality_rate[s][static_cast<std::size_t>(std::min(age, kLifeTableMaxAge))] * demography_.mortality_multiplier;
    };
    death_[s] = AgeHazard::from_yearly([&](int age) { return life_table(age) / mean_rr[static_cast<std::size_t>(age)]; });

    // Onset: the rate that keeps the age profile of prevalence in a stationary population,
    // allowing for the condition's excess mortality: h = p'/(1-p) + p (HR-1) m0, where m0 is
    // the death rate without the condition.
    for (int c = 0; c < kConditions; ++c) {
      const auto ci = static_cast<std::size_t>(c);
      const double hr = config_.conditions[ci].mortality_hr;
      const auto& p = mean_prevalence_[ci][s];
      std::array<double, kReportBands> comorbidity{};
      for (std::size_t b = 0; b < comorbidity.size(); ++b) {
        comorbidity[b] = sums.at_risk[ci][b] > 0.0 ? sums.comorbidity_rr[ci][b] / sums.at_risk[ci][b] : 1.0;
      }
      onset_[ci][s] = AgeHazard::from_yearly([&](int age) {
        const auto a = static_cast<std::size_t>(age);
        const double now = std::min(p[a], 0.99);
        const double next = std::min(age < AgeHazard::kMaxAge ? p[a + 1] : p[a], 0.99);
        const double m0 = life_table(age) / (1.0 + now * (hr - 1.0));
        const double rate = std::max(0.0, next - now) / (1.0 - now) + std::max(0.0, now * (hr - 1.0) * m0 / (1.0 - now));
        return rate / comorbidity[static_cast<std::size_t>(report_band_of_age(age))];
      });
    }
  }
}

double HealthModel::onset_multiplier(int condition, int practice, int quintile, const HealthState& state) const {
  const auto c = static_cast<std::size_t>(condition);
  const double mean = mean_scale_[c];
  if (mean <= 0.0) return 0.0;
  return practice_scale_[static_cast<std::size_t>(practice)][c] * condition_deprivation_[c][static_cast<std::size_t>(quintile)] /
         mean * comorbidity_power_[static_cast<std::size_t>(std::popcount(state.conditions))];
}

std::optional<HealthEvent> HealthModel::next_transition(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion,
                                                        sim::DayNumber birth_day, int sex, int quintile, int practice,
                                                        const HealthState& state, sim::DayNumber from,
                                                        sim::DayNumber until) const {
  CompetingHazards<kDeathTransition + 1> hazards;
  for (int c = 0; c < kConditions; ++c) {
    if (state.conditions & (1u << c)) continue;
    hazards.add(c, onset_[static_cast<std::size_t>(c)][static_cast<std::size_t>(sex)], onset_multiplier(c, practice, quintile, state));
  }
  if (state.frailty + 1 < kFrailtyLevels) {
    const int band = report_band_of_age(age_in_years(birth_day, from));
    const double shift = config_.frailty.condition_log_odds * (std::popcount(state.conditions) - mean_conditions_[static_cast<std::size_t>(band)]);
    hazards.add(kFrailtyStepTransition, frailty_step_[static_cast<std::size_t>(state.frailty)], std::exp(shift));
  }
  // Needs arising at home: a care package, or a care home (more likely with dementia).
  if (!state.care_pending) {
    const auto f = static_cast<std::size_t>(state.frailty);
    if (state.setting == LivingSetting::kOwnHome) hazards.add(kNeedsHomeCareTransition, aged_65_plus_, community_.home_care_entry[f]);
    if (state.setting != LivingSetting::kCareHome) {
      const bool dementia = state.conditions & (1u << kDementia);
      hazards.add(kNeedsCareHomeTransition, aged_65_plus_, community_.care_home_entry[f] * (dementia ? community_.dementia_care_home_rr : 1.0));
    }
  }
  hazards.add(kDeathTransition, death_[static_cast<std::size_t>(sex)], mortality_rr(state));
  const sim::RandomBlock b = rng.block(streams::kHealthTransition, key, occasion);
  const auto first = hazards.first(birth_day, from, until, sim::standard_exponential(sim::open_unit_interval(b[0], b[1])), unit(b[2]));
  if (!first) return std::nullopt;
  return HealthEvent{first->day, first->id};
}

HealthModel::EpisodeRisk HealthModel::episode_risk(int quintile, const HealthState& state) const {
  EpisodeRisk m;
  m.conditions = state.conditions;
  for_each_condition(state.conditions, [&](int c) { m.exacerbations += config_.conditions[static_cast<std::size_t>(c)].exacerbation_rate; });
  for (const EpisodeType t : kAllEpisodeTypes) {
    const EpisodeTypeConfig& e = config_.episodes[index(t)];
    double k = episode_deprivation_[index(t)][static_cast<std::size_t>(quintile)] * e.frailty_rr[static_cast<std::size_t>(state.frailty)] *
               e.setting_rr[index(state.setting)];
    for_each_condition(state.conditions, [&](int c) { k *= e.condition_rr[static_cast<std::size_t>(c)]; });
    m.type[index(t)] = k;
  }
  return m;
}

std::array<double, kEpisodeTypes> HealthModel::episode_rates(int band, const EpisodeRisk& m) const {
  std::array<double, kEpisodeTypes> rates{};
  for (const EpisodeType t : kAllEpisodeTypes) {
    const double base = config_.episodes[index(t)].rate[static_cast<std::size_t>(band)] +
                        (t == EpisodeType::kLtcExacerbation ? m.exacerbations : 0.0);
    rates[index(t)] = base * m.type[index(t)];
  }
  return rates;
}

std::array<double, kEpisodeTypes> HealthModel::episode_rates(int band, int quintile, const HealthState& state) const {
  return episode_rates(band, episode_risk(quintile, state));
}

double HealthModel::urgent_rate(int age, int quintile, const HealthState& state) const {
  const auto rates = episode_rates(report_band_of_age(age), episode_risk(quintile, state));
  double urgent = 0.0;
  for (const EpisodeType t : kAllEpisodeTypes) urgent += rates[index(t)] * (1.0 - config_.episodes[index(t)].urgency_share[index(Urgency::kMinor)]);
  return urgent;
}

std::optional<sim::DayNumber> HealthModel::next_episode(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion,
                                                        sim::DayNumber birth_day, const EpisodeRisk& risk,
                                                        sim::DayNumber from, sim::DayNumber until) const {
  double target = sim::standard_exponential(rng.uniform(streams::kEpisodeTime, key, occasion)) * kDaysPerYear;
  // The rate is constant within a report band: walk the bands until the target is reached.
  sim::DayNumber day = from;
  while (day < until) {
    const int band = report_band_of_age(age_in_years(birth_day, day));
    const sim::DayNumber band_end = band + 1 < kReportBands
                                        ? std::min(until, anniversary(birth_day, kReportBandLowerAge[static_cast<std::size_t>(band + 1)]))
                                        : until;
    const auto rates = episode_rates(band, risk);
    if (seasons_.on()) {
      if (const auto found = seasons_.reach(rates, day, band_end, target)) return found;
      day = band_end;
      continue;
    }
    const double rate = std::accumulate(rates.begin(), rates.end(), 0.0);  // per year; target in year-days
    const double span = static_cast<double>(band_end - day);
    if (rate * span >= target) return day + static_cast<sim::DayNumber>(std::floor(target / rate));
    target -= rate * span;
    day = band_end;
  }
  return std::nullopt;
}

EpisodeDraw HealthModel::draw_episode(const sim::CounterRng& rng, std::uint64_t key, std::uint32_t occasion, int age,
                                      const EpisodeRisk& risk, sim::DayNumber day, bool weekend) const {
  const sim::RandomBlock b = rng.block(streams::kEpisodeDetail, key, occasion);
  auto rates = episode_rates(report_band_of_age(age), risk);
  if (seasons_.on()) {
    const std::array<double, kEpisodeTypes> m = seasons_.multipliers(day);
    for (std::size_t t = 0; t < kEpisodeTypes; ++t) rates[t] *= m[t];
  }
  std::array<double, kEpisodeTypes> cumulative{};
  std::partial_sum(rates.begin(), rates.end(), cumulative.begin());
  EpisodeDraw e{};
  const double u = unit(b[0]);
  e.type = enumerator<EpisodeType>(sim::categorical(cumulative, u));
  e.condition = -1;
  const EpisodeTypeConfig& type = config_.episodes[index(e.type)];
  if (e.type == EpisodeType::kLtcExacerbation && risk.conditions != 0) {
    // Reuse the type draw's position within the chosen type for the condition exacerbated: the
    // base rate first (no condition), then each condition held by its exacerbation rate.
    const std::size_t t = index(e.type);
    const double below = t == 0 ? 0.0 : cumulative[t - 1];
    const double within = (u * cumulative.back() - below) / rates[t];  // in [0, 1)
    const double base = type.rate[static_cast<std::size_t>(report_band_of_age(age))];
    const double total = base + risk.exacerbations;
    double acc = base;
    for_each_condition(risk.conditions, [&](int c) {
      acc += config_.conditions[static_cast<std::size_t>(c)].exacerbation_rate;
      if (e.condition < 0 && within * total < acc) e.condition = c;
    });
  }
  const std::array<double, kUrgencies> urgency_cum = {type.urgency_share[0], type.urgency_share[0] + type.urgency_share[1],
                                                      type.urgency_share[0] + type.urgency_share[1] + type.urgency_share[2]};
  e.urgency = enumerator<Urgency>(sim::categorical(urgency_cum, unit(b[1])));
  e.acsc = e.condition >= 0 ? config_.conditions[static_cast<std::size_t>(e.condition)].acsc : unit(b[2]) < type.acsc_share;
  e.in_hours = !weekend && unit(b[3]) < config_.gp.in_hours_share;
  return e;
}

}  // namespace icsim::agents
