#include "agents/programmes.hpp"
#include "agents/keys.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "agents/age_bands.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

std::size_t at(int i) { return static_cast<std::size_t>(i); }
std::size_t level_index(CommissioningLevel level) { return static_cast<std::size_t>(level); }

// The first meeting on or after `day`, meetings falling every `interval` days from day 0.
int next_meeting(int day, int interval) {
  if (interval <= 0) return day;
  return (day + interval - 1) / interval * interval;
}

// Members of `members` who support the proposal at one meeting (`round` of the proposal).
int supporters(int members, double p, const sim::CounterRng& rng, std::uint64_t proposal, std::uint32_t round) {
  int yes = 0;
  for (int m = 0; m < members; ++m) {
    if (rng.uniform(streams::kGovernance, proposal, round * 256u + static_cast<std::uint32_t>(m)) < p) ++yes;
  }
  return yes;
}

}  // namespace

bool eligible(const EligibilityConfig& e, int age, const HealthState& state) {
  if (age < e.min_age) return false;
  if (((e.frailty_mask >> state.frailty) & 1u) == 0) return false;
  if (((e.setting_mask >> index(state.setting)) & 1u) == 0) return false;
  const std::uint32_t held = e.condition_mask != 0 ? (state.conditions & e.condition_mask) : state.conditions;
  const int needed = e.condition_mask != 0 ? std::max(1, e.min_conditions) : e.min_conditions;
  return std::popcount(held) >= needed;
}

// MoU section 8: a PCN's clinical directors decide within pcn_decision_days; an ICP board by a
// majority at its monthly meeting (three tries); a System decision needs the SLE's consensus,
// else 75% of the Partnership Board (8.4), else the issue resolution ladder (8.10): an SLE
// majority, an independent facilitator, then a Partnership Board majority.
GovernanceOutcome govern(CommissioningLevel level, int day, const GovernanceConfig& g, const sim::CounterRng& rng,
                         std::uint64_t proposal, int practices) {
  const double p = g.partner_agree_probability;
  switch (level) {
    case CommissioningLevel::kPcn: {
      // The network agreement: the clinical directors propose, the member practices decide.
      const bool agreed = 2 * supporters(practices, p, rng, proposal, 0) > practices;
      return {day + g.pcn_decision_days, agreed, 1, agreed ? "pcn_practices_majority" : "pcn_practices_refused"};
    }
    case CommissioningLevel::kPlace: {
      int meeting = next_meeting(day, g.place_board_interval_days);
      for (std::uint32_t round = 0; round < 3; ++round) {
        if (2 * supporters(g.place_partners, p, rng, proposal, round) > g.place_partners) {
          return {meeting, true, static_cast<int>(round) + 1, "place_board_majority"};
        }
        if (round < 2) meeting = next_meeting(meeting + 1, g.place_board_interval_days);
      }
      return {meeting, false, 3, "place_board_refused"};
    }
    case CommissioningLevel::kSystem:
      break;
  }
  const int n = g.system_partners;
  int meeting = next_meeting(day, g.sle_interval_days);
  if (supporters(n, p, rng, proposal, 0) == n) return {meeting, true, 1, "sle_consensus"};
  meeting = next_meeting(meeting + 1, g.board_interval_days);
  if (supporters(n, p, rng, proposal, 1) >= static_cast<int>(std::ceil(g.supermajority * n - 1e-9))) {
    return {meeting, true, 2, "board_75_percent"};
  }
  meeting = next_meeting(meeting + 1, g.sle_interval_days);
  if (2 * supporters(n, p, rng, proposal, 2) > n) return {meeting, true, 3, "sle_majority"};
  meeting += g.facilitator_days;
  if (2 * supporters(n, p, rng, proposal, 3) > n) return {meeting, true, 4, "facilitator"};
  meeting = next_meeting(meeting + 1, g.board_interval_days);
  if (2 * supporters(n, p, rng, proposal, 4) > n) return {meeting, true, 5, "board_majority"};
  return {meeting, false, 5, "refused"};
}

void draw_uncertain_effects(ProgrammesConfig& config, std::uint64_t seed) {
  const sim::CounterRng rng(seed);
  for (int k = 0; k < kProgrammes; ++k) {
    for (int e = 0; e < kProgrammeEffects; ++e) {
      UncertainValue& v = config.programmes[at(k)].effects[at(e)];
      const double a = v.low, b = v.high, c = v.central;
      if (b <= a) continue;
      const double u = rng.uniform(streams::kParameterDraw, static_cast<std::uint64_t>(k), static_cast<std::uint32_t>(e));
      v.central = u < (c - a) / (b - a) ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1.0 - u) * (b - a) * (b - c));
    }
  }
}

ProgrammePortfolio::ProgrammePortfolio(const ProgrammesConfig& config, ProgrammeLayout layout, const sim::CounterRng& rng)
    : config_(config), layout_(std::move(layout)), rng_(rng) {
  const std::size_t pcns = layout_.unit_of_pcn[level_index(CommissioningLevel::kPcn)].size();
  const std::size_t months = layout_.year_of_month.size();
  same_day_.assign(pcns, SameDay{});
  for (int k = 0; k < kProgrammes; ++k) {
    const auto n = at(units(k));
    funded_[at(k)] = programme(k).budget_gbp_per_year > 0.0;
    for (auto* v : {&budget_, &places_, &eligible_, &year_allocated_, &year_spent_, &vacant_days_, &post_days_}) (*v)[at(k)].assign(n, 0.0);
    teams_[at(k)].assign(n, Team{});
    lists_[at(k)].assign(funded_[at(k)] && programme(k).targeted && config_.mechanisms.targeting.on ? n : 0, CaseloadList{});
    cuts_[at(k)].assign(n, CaseloadList::Cut{});
    ranks_[at(k)] = !lists_[at(k)].empty();
    if (ranks_[at(k)]) ranks_mask_ |= 1u << k;
    if (ranks_[at(k)]) ranked_levels_ |= 1u << level_index(programme(k).level);
    if (funded_[at(k)] && programme(k).keeps_continuity && continuity_rr(programme(k).level) < 1.0) {
      continuity_mask_ |= 1u << k;
      best_continuity_rr_ = std::min(best_continuity_rr_, continuity_rr(programme(k).level));
    }
    month_spent_[at(k)].assign(n, std::vector<double>(months, 0.0));
    coverage_[at(k)].assign(pcns, 0.0);
    eligible_of_pcn_[at(k)].assign(pcns, 0.0);
  }
  for (std::size_t l = 0; l < kCommissioningLevels; ++l) {
    const std::size_t n = layout_.unit_ids[l].size();
    envelope_[l].assign(n, 0.0);
    share_[l].assign(n, std::array<double, kProgrammes>{});
    busy_until_[l].assign(n, -1);
  }
  activity_.assign(pcns * months * kProgrammes * kProgrammeActivities, 0);
  observed_.assign(pcns * months, {});
  // The counts each programme is aimed at: what its effects act on, where it has an effect.
  constexpr std::array<std::uint32_t, kProgrammeEffects> kAimedAt = {
      1u << kObservedAdmissions | 1u << kObservedAeAttendances, 1u << kObservedAeAttendances, 1u << kObservedCareHomeAdmissions,
      1u << kObservedBedDays, 1u << kObservedDelayedDays, 1u << kObservedCareHomeAdmissions,
      1u << kObservedAdmissions | 1u << kObservedBedDays};
  for (int k = 0; k < kProgrammes; ++k) {
    for (int e = 0; e < kProgrammeEffects; ++e) {
      if (programme(k).effects[at(e)].central != 1.0) aimed_at_[at(k)] |= kAimedAt[at(e)];
    }
    // Continuity is aimed at ACSC admissions; same-day appointments at A&E attendances.
    if (((continuity_mask_ >> k) & 1u) != 0) aimed_at_[at(k)] |= 1u << kObservedAdmissions;
    if (programme(k).same_day_appointments_per_staff_per_week > 0.0) aimed_at_[at(k)] |= 1u << kObservedAeAttendances;
  }
  static_assert(kProgrammes <= 16, "eligibility masks hold one bit per programme in 16 bits");
  need_mask_.assign(static_cast<std::size_t>(kFrailtyLevels * kLivingSettings) << kConditions, 0);
  for (int k = 0; k < kProgrammes; ++k) {
    if (!funded(k)) continue;
    const EligibilityConfig& e = programme(k).eligible;
    const auto bit = static_cast<std::uint16_t>(1u << k);
    for (int age = e.min_age; age <= kMaxAge; ++age) age_mask_[at(age)] |= bit;
    for (int f = 0; f < kFrailtyLevels; ++f) {
      for (int s = 0; s < kLivingSettings; ++s) {
        for (std::uint32_t c = 0; c < (1u << kConditions); ++c) {
          if (eligible(e, e.min_age, {static_cast<std::uint16_t>(c), f, enumerator<LivingSetting>(at(s)), false})) {
            need_mask_[(at(f * kLivingSettings + s) << kConditions) | c] |= bit;
          }
        }
      }
    }
  }
}

bool ProgrammePortfolio::any_funded() const { return std::any_of(funded_.begin(), funded_.end(), [](bool f) { return f; }); }

int ProgrammePortfolio::units(int k) const { return static_cast<int>(layout_.unit_ids[level_index(programme(k).level)].size()); }

void ProgrammePortfolio::set_counts(const std::vector<std::vector<double>>& eligible_by_pcn,
                                    const std::vector<std::vector<double>>& residents) {
  residents_ = residents;
  for (int k = 0; k < kProgrammes; ++k) {
    if (!funded(k)) continue;
    const auto& unit_of_pcn = layout_.unit_of_pcn[level_index(programme(k).level)];
    auto& e = eligible_[at(k)];
    std::fill(e.begin(), e.end(), 0.0);
    for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) e[at(unit_of_pcn[pcn])] += eligible_by_pcn[at(k)][pcn];
    eligible_of_pcn_[at(k)] = eligible_by_pcn[at(k)];
  }
}

// Need per resident under the allocation formula, summed over the unit's PCNs.
double ProgrammePortfolio::unit_weight(CommissioningLevel level, int unit) const {
  const GovernanceConfig& g = config_.governance;
  const auto& unit_of_pcn = layout_.unit_of_pcn[level_index(level)];
  double w = 0.0;
  for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) {
    if (unit_of_pcn[pcn] != unit) continue;
    for (int band = 0; band < kReportBands; ++band) {
      for (int q = 0; q < kImdQuintiles; ++q) {
        const double people = residents_[pcn][at(band * kImdQuintiles + q)];
        switch (g.allocation) {
          case AllocationFormula::kEqualPerHead: w += people; break;
          case AllocationFormula::kWeightedCapitation: w += people * g.capitation_weight[at(band)]; break;
          case AllocationFormula::kNeedBased:
            // Quintile 0 is the most deprived: it gets the full uplift, the least deprived none.
            w += people * g.capitation_weight[at(band)] * (1.0 + g.deprivation_uplift * (kImdQuintiles - 1 - q) / (kImdQuintiles - 1.0));
            break;
        }
      }
    }
  }
  return w;
}

// The System shares each level's total funding out as envelopes by the formula; each body
// keeps its own split of its envelope over its programmes. Programmes starting now join the
// split at their funding's share of the total; the others keep their proportions.
void ProgrammePortfolio::allocate() {
  for (std::size_t l = 0; l < kCommissioningLevels; ++l) {
    const auto level = static_cast<CommissioningLevel>(l);
    double total = 0.0;
    std::array<double, kProgrammes> funding{};
    for (int k = 0; k < kProgrammes; ++k) {
      if (!funded(k) || programme(k).level != level || programme(k).start_month > month_) continue;
      funding[at(k)] = programme(k).budget_gbp_per_year * layout_.scale;
      total += funding[at(k)];
    }
    const std::size_t n = envelope_[l].size();
    std::vector<double> weight(n);
    for (std::size_t u = 0; u < n; ++u) weight[u] = unit_weight(level, static_cast<int>(u));
    const double weights = std::accumulate(weight.begin(), weight.end(), 0.0);
    for (std::size_t u = 0; u < n; ++u) {
      envelope_[l][u] = weights > 0.0 ? total * weight[u] / weights : 0.0;
      auto& share = share_[l][u];
      double joining = 0.0, kept = 0.0;
      for (int k = 0; k < kProgrammes; ++k) {
        if (funding[at(k)] == 0.0) continue;
        if (!joined_[at(k)]) joining += funding[at(k)] / total;
        else kept += share[at(k)];
      }
      for (int k = 0; k < kProgrammes; ++k) {
        if (funding[at(k)] == 0.0) continue;
        if (!joined_[at(k)]) share[at(k)] = funding[at(k)] / total;
        else if (kept > 0.0) share[at(k)] *= (1.0 - joining) / kept;
        budget_[at(k)][u] = envelope_[l][u] * share[at(k)];
      }
    }
    for (int k = 0; k < kProgrammes; ++k) joined_[at(k)] = joined_[at(k)] || funding[at(k)] > 0.0;
  }
}

double ProgrammePortfolio::ramp(int k, int day) const {
  const ProgrammeConfig& p = programme(k);
  if (p.start_month >= static_cast<int>(layout_.month_first_day.size())) return 0.0;
  const double t = day - layout_.month_first_day[at(p.start_month)];
  if (t < 0.0) return 0.0;
  const double length = p.ramp_months * kDaysPerMonth;
  const double x = length > 0.0 ? std::min(1.0, t / length) : 1.0;
  switch (p.ramp) {
    case RampProfile::kLinear: return x;
    case RampProfile::kFrontLoaded: return 1.0 - (1.0 - x) * (1.0 - x);
    case RampProfile::kBackLoaded: return x * x;
    case RampProfile::kStep: return x >= 1.0 ? 1.0 : 0.0;
  }
  return x;
}

bool ProgrammePortfolio::count_due(int month) const {
  const auto months = static_cast<int>(layout_.year_of_month.size());
  if (month <= 0 || month >= months) return false;
  if (month % std::max(1, config_.governance.review_months) == 0) return true;
  if (layout_.year_of_month[at(month)] != layout_.year_of_month[at(month - 1)]) return true;
  for (int k = 0; k < kProgrammes; ++k) {
    if (funded(k) && programme(k).start_month == month) return true;
  }
  return false;
}

void ProgrammePortfolio::begin_day(int day) {
  const bool new_month = month_ + 1 < static_cast<int>(layout_.month_first_day.size()) && day >= layout_.month_first_day[at(month_ + 1)];
  if (new_month) {
    ++month_;
    const int year = layout_.year_of_month[at(month_)];
    bool starting = false;
    for (int k = 0; k < kProgrammes; ++k) starting = starting || (funded(k) && programme(k).start_month == month_);
    if (year != year_) {
      if (year_ >= 0) close_year(year_);
      year_ = year;
      allocate();
    } else if (starting) {
      allocate();
    }
    if (month_ > 0 && month_ % std::max(1, config_.governance.review_months) == 0) review(month_, day);
  }
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->effective_day > day) {
      ++it;
      continue;
    }
    const std::size_t l = level_index(it->level);
    auto& share = share_[l][at(it->unit)];
    const double moved = std::min(it->share, share[at(it->from)]);
    share[at(it->from)] -= moved;
    share[at(it->to)] += moved;
    for (int k : {it->from, it->to}) budget_[at(k)][at(it->unit)] = envelope_[l][at(it->unit)] * share[at(k)];
    it = pending_.erase(it);
  }
  refresh_staff_and_coverage(day);
}

// Each unit's budget, along the ramp, funds its team's posts (agents/workforce.hpp); the team
// then has its day, and the clinical time available carries the caseload. A service whose team
// has fewer people in post than its minimum cannot run. Spending is the time in post (vacant
// posts cost nothing: the money is carried forward), management time and the fixed costs.
void ProgrammePortfolio::refresh_staff_and_coverage(int day) {
  const WorkforceConfig& w = config_.mechanisms.workforce;
  for (int k = 0; k < kProgrammes; ++k) {
    if (!funded(k)) continue;
    const ProgrammeConfig& p = programme(k);
    const std::size_t l = level_index(p.level);
    const double progress = ramp(k, day);
    const auto& unit_of_pcn = layout_.unit_of_pcn[l];
    std::vector<double> unit_coverage(budget_[at(k)].size(), 0.0);
    for (std::size_t u = 0; u < budget_[at(k)].size(); ++u) {
      // The team at the full population (workforce.hpp); what it does at the run's scale.
      const double scale = layout_.scale;
      const TeamEstablishment e = establishment(budget_[at(k)][u] / scale, p.staff_cost_gbp_per_year, w);
      Team& team = teams_[at(k)][u];
      team.fund(e.clinical_wte * progress);
      team.step(day, w, rng_, keys::team(k, l, u));
      const bool running = team.in_post() >= (w.on ? std::max(1, p.min_team) : 1);
      places_[at(k)][u] = running ? team.available_wte(w) * p.caseload_per_staff * scale : 0.0;
      const double fixed = w.on && budget_[at(k)][u] > 0.0 ? w.team_fixed_cost_gbp : 0.0;
      const double management = progress > 0.0 ? e.management_wte : 0.0;
      const double spend = ((team.in_post_wte() + management) * p.staff_cost_gbp_per_year + fixed) * scale / kDaysPerYear;
      year_allocated_[at(k)][u] += budget_[at(k)][u] / kDaysPerYear;
      year_spent_[at(k)][u] += spend;
      month_spent_[at(k)][u][at(month_)] += spend;
      vacant_days_[at(k)][u] += team.posts() - team.in_post();
      post_days_[at(k)][u] += team.posts();
      unit_coverage[u] = eligible_[at(k)][u] > 0.0 ? std::min(1.0, places_[at(k)][u] / eligible_[at(k)][u]) : 0.0;
      if (ranks(k)) cuts_[at(k)][u] = lists_[at(k)][u].cut(places_[at(k)][u]);
    }
    for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) coverage_[at(k)][pcn] = unit_coverage[at(unit_of_pcn[pcn])];
  }
  refresh_same_day_appointments();
}

// Each PCN's share of a unit's staff is the share of the unit's covered residents who live in
// it; those staff's weekly appointments are spread over Monday to Saturday.
void ProgrammePortfolio::refresh_same_day_appointments() {
  std::fill(same_day_.begin(), same_day_.end(), SameDay{});
  for (int k = 0; k < kProgrammes; ++k) {
    const ProgrammeConfig& p = programme(k);
    if (!funded(k) || p.same_day_appointments_per_staff_per_week <= 0.0) continue;
    for (std::size_t pcn = 0; pcn < same_day_.size(); ++pcn) {
      const double staff = coverage_[at(k)][pcn] * eligible_of_pcn_[at(k)][pcn] / p.caseload_per_staff;
      const double per_day = staff * p.same_day_appointments_per_staff_per_week / 6.0;
      SameDay& d = same_day_[pcn];
      if (per_day > d.largest) {
        d.largest = per_day;
        d.programme = k;
      }
      d.per_day += per_day;
    }
  }
}

bool ProgrammePortfolio::covers(int k, int pcn, std::uint64_t resident, const ScoreCard* card) const {
  const double c = coverage(k, pcn);
  if (c <= 0.0) return false;
  // One block holds the fixed draws of four programmes: the place in a random share, or the
  // place among those sharing the caseload's last score bin (drawn only for those).
  auto draw = [&] { return sim::unit_word(rng_.block(streams::kProgrammeCover, resident, static_cast<std::uint32_t>(k / 4))[at(k % 4)]); };
  if (!ranks(k)) return draw() < c;
  if (card == nullptr || ((card->ranked >> k) & 1u) == 0) return false;  // not on k's list at the last count
  const std::size_t l = level_index(programme(k).level);
  return in_caseload(cuts_[at(k)][at(layout_.unit_of_pcn[l][at(pcn)])], card->bin[l], draw);
}

double ProgrammePortfolio::score_error_draw(CommissioningLevel level, std::uint64_t resident) const {
  const auto u = rng_.uniform2(streams::kRiskScoreError, resident, static_cast<std::uint32_t>(level_index(level)));
  return sim::standard_normal(u[0], u[1]);
}

int ProgrammePortfolio::score_bin(CommissioningLevel level, double log_urgent_rate, double error) const {
  return CaseloadList::bin(log_urgent_rate + score_error_[level_index(level)] * error);
}

void ProgrammePortfolio::fit_score_errors(const std::vector<double>& urgent_rates, const std::vector<std::uint64_t>& residents) {
  if (!config_.mechanisms.targeting.on) return;
  for (std::size_t l = 0; l < kCommissioningLevels; ++l) {
    if (((ranked_levels_ >> l) & 1u) == 0) continue;
    std::vector<double> z(residents.size());
    for (std::size_t i = 0; i < residents.size(); ++i) z[i] = score_error_draw(static_cast<CommissioningLevel>(l), residents[i]);
    score_error_[l] = score_error_for(config_.mechanisms.targeting.c_statistic[l], urgent_rates, z);
  }
}

void ProgrammePortfolio::set_lists(const std::vector<std::array<CaseloadList, kProgrammes>>& by_pcn) {
  for (int k = 0; k < kProgrammes; ++k) {
    if (!ranks(k)) continue;
    const auto& unit_of_pcn = layout_.unit_of_pcn[level_index(programme(k).level)];
    for (CaseloadList& list : lists_[at(k)]) list.clear();
    for (std::size_t pcn = 0; pcn < by_pcn.size(); ++pcn) lists_[at(k)][at(unit_of_pcn[pcn])].add(by_pcn[pcn][at(k)]);
    for (CaseloadList& list : lists_[at(k)]) list.finish();
  }
}

double ProgrammePortfolio::continuity_rr(CommissioningLevel level) const {
  const ContinuityConfig& c = config_.mechanisms.continuity;
  return c.on ? std::exp(c.acsc_log_rr_per_upc * c.upc_gain[level_index(level)]) : 1.0;
}

// Each body with two or more running programmes looks at the value its dashboard credits to
// each (activity times its value, with noise), per pound spent, over the latest quarter it has
// data for. If the weakest returns less than the threshold, it proposes moving part of that
// programme's share to the strongest (MoU principle 9: keep the best, stop what has not worked).
void ProgrammePortfolio::review(int month, int day) {
  const GovernanceConfig& g = config_.governance;
  const int last = month - g.reporting_lag_months;       // exclusive
  const int first = last - std::max(1, g.review_months);
  if (first < 0) return;
  const double sigma = std::sqrt(std::log(1.0 + g.dashboard_noise_cv * g.dashboard_noise_cv));
  for (std::size_t l = 0; l < kCommissioningLevels; ++l) {
    const auto level = static_cast<CommissioningLevel>(l);
    for (std::size_t u = 0; u < envelope_[l].size(); ++u) {
      if (busy_until_[l][u] >= day) continue;  // one proposal at a time
      int worst = -1, best = -1;
      std::array<double, kProgrammes> ret{};
      for (int k = 0; k < kProgrammes; ++k) {
        // A programme still recruiting pays its overheads in full: it is judged once it is staffed.
        if (!funded(k) || programme(k).level != level || share_[l][u][at(k)] <= 0.0 || ramp(k, day) < 1.0) continue;
        double spend = 0.0;
        for (int m = first; m < last; ++m) spend += month_spent_[at(k)][u][at(m)];
        const std::optional<double> value = g.observed_dashboards ? observed_value(k, l, u, first, last)
                                                                  : credited_value(k, l, u, first, last);
        if (spend <= 0.0 || !value) continue;
        const auto z = rng_.uniform2(streams::kDashboard, keys::body(l, u), static_cast<std::uint32_t>(month * kProgrammes + k));
        ret[at(k)] = *value / spend * std::exp(sigma * sim::standard_normal(z[0], z[1]) - 0.5 * sigma * sigma);
        if (worst < 0 || ret[at(k)] < ret[at(worst)]) worst = k;
        if (best < 0 || ret[at(k)] > ret[at(best)]) best = k;
      }
      if (worst < 0 || worst == best || ret[at(worst)] >= g.stop_below_return) continue;
      const double moved = g.reallocation_share * share_[l][u][at(worst)];
      // Votes are keyed by the body and the review, so one body's proposals never shift another's.
      const std::uint64_t proposal = keys::proposal(l, u, month);
      const int practices = level == CommissioningLevel::kPcn && u < layout_.practices_of_pcn.size() ? layout_.practices_of_pcn[u] : 1;
      const GovernanceOutcome outcome = govern(level, day, g, rng_, proposal, practices);
      const int effective = outcome.passed ? outcome.decided_day + g.mobilisation_days : -1;
      decisions_.push_back({day, outcome.decided_day, effective, level, static_cast<int>(u), worst, best, moved * envelope_[l][u],
                            ret[at(worst)], ret[at(best)], first, last - 1, outcome});
      busy_until_[l][u] = outcome.passed ? effective : outcome.decided_day;
      if (outcome.passed) pending_.push_back({effective, level, static_cast<int>(u), worst, best, moved});
    }
  }
}

void ProgrammePortfolio::observe(int pcn, int month, const std::array<double, kObservables>& counts, double residents) {
  auto& row = observed_[at(pcn) * layout_.year_of_month.size() + at(month)];
  std::copy(counts.begin(), counts.end(), row.begin());
  row[kObservables] = residents;
}

double ProgrammePortfolio::credited_value(int k, std::size_t level, std::size_t unit, int first, int last) const {
  const auto& unit_of_pcn = layout_.unit_of_pcn[level];
  double value = 0.0;
  for (int m = first; m < last; ++m) {
    for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) {
      if (unit_of_pcn[pcn] != static_cast<int>(unit)) continue;
      for (int a = 0; a < kProgrammeActivities; ++a) {
        value += static_cast<double>(activity_[index(static_cast<int>(pcn), m, k) + at(a)]) * config_.governance.value_gbp[at(a)];
      }
    }
  }
  return value;
}

// For each count the programme is aimed at: the area's count over the months, against what the
// same months a year before predict once the change among its peers (the level's other units,
// pooled; none for the System) is allowed for. The difference is shared among the body's
// programmes aimed at that count by their caseloads, and valued. A body sees chance variation,
// seasonality its peers do not share and its own other changes as its programmes' doing.
std::optional<double> ProgrammePortfolio::observed_value(int k, std::size_t level, std::size_t unit, int first, int last) const {
  if (first < 12) return std::nullopt;
  const auto& unit_of_pcn = layout_.unit_of_pcn[level];
  const std::size_t months = layout_.year_of_month.size();
  // Counts and resident-months of the units in `self` (or all others), over [from, to).
  auto sums = [&](int j, bool self, int from, int to) {
    std::pair<double, double> s{0.0, 0.0};
    for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) {
      if ((unit_of_pcn[pcn] == static_cast<int>(unit)) != self) continue;
      for (int m = from; m < to; ++m) {
        const auto& row = observed_[pcn * months + at(m)];
        s.first += row[at(j)];
        s.second += row[kObservables];
      }
    }
    return s;
  };
  const CommissioningLevel lvl = static_cast<CommissioningLevel>(level);
  double value = 0.0;
  for (int j = 0; j < kObservables; ++j) {
    if (((aimed_at_[at(k)] >> j) & 1u) == 0) continue;
    const auto [now, residents_now] = sums(j, true, first, last);
    const auto [before, residents_before] = sums(j, true, first - 12, last - 12);
    if (before <= 0.0 || residents_now <= 0.0 || residents_before <= 0.0) continue;
    double peer_change = 1.0;
    const auto [peers_now, peer_residents_now] = sums(j, false, first, last);
    const auto [peers_before, peer_residents_before] = sums(j, false, first - 12, last - 12);
    if (peers_before > 0.0 && peer_residents_now > 0.0) peer_change = (peers_now / peer_residents_now) / (peers_before / peer_residents_before);
    const double avoided = before / residents_before * peer_change * residents_now - now;
    // Shared among the body's programmes aimed at this count, by their caseloads.
    double caseload = 0.0;
    for (int q = 0; q < kProgrammes; ++q) {
      if (funded(q) && programme(q).level == lvl && ((aimed_at_[at(q)] >> j) & 1u) != 0) caseload += places_[at(q)][unit];
    }
    if (caseload > 0.0) value += avoided * places_[at(k)][unit] / caseload * config_.governance.observed_value_gbp[at(j)];
  }
  return value;
}

void ProgrammePortfolio::close_year(int year) {
  for (int k = 0; k < kProgrammes; ++k) {
    if (!funded(k)) continue;
    const std::size_t l = level_index(programme(k).level);
    const auto& unit_of_pcn = layout_.unit_of_pcn[l];
    for (std::size_t u = 0; u < budget_[at(k)].size(); ++u) {
      ProgrammeYear row{year, k, static_cast<int>(u)};
      row.allocated_gbp = year_allocated_[at(k)][u];
      row.spent_gbp = year_spent_[at(k)][u];
      row.carried_forward_gbp = row.allocated_gbp - row.spent_gbp;
      const Team& team = teams_[at(k)][u];
      row.funded_wte = team.funded_wte() * layout_.scale;
      row.staff_in_post = team.in_post_wte() * layout_.scale;
      row.vacancy_share = post_days_[at(k)][u] > 0.0 ? vacant_days_[at(k)][u] / post_days_[at(k)][u] : 0.0;
      row.eligible = eligible_[at(k)][u];
      for (std::size_t pcn = 0; pcn < unit_of_pcn.size(); ++pcn) {
        if (unit_of_pcn[pcn] != static_cast<int>(u)) continue;
        for (std::size_t m = 0; m < layout_.year_of_month.size(); ++m) {
          if (layout_.year_of_month[m] != year) continue;
          for (int a = 0; a < kProgrammeActivities; ++a) row.activity[at(a)] += activity_[index(static_cast<int>(pcn), static_cast<int>(m), k) + at(a)];
        }
      }
      row.covered = std::min(row.eligible, places_[at(k)][u]);
      accounts_.push_back(row);
      for (auto* v : {&year_allocated_, &year_spent_, &vacant_days_, &post_days_}) (*v)[at(k)][u] = 0.0;
    }
  }
}

void ProgrammePortfolio::finish() {
  if (year_ >= 0) close_year(year_);
  year_ = -1;
}

}  // namespace icsim::agents
