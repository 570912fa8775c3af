// Programmes that move care into the community, the budgets that pay for them and the bodies
// that decide on them (docs/model.md, "Programmes and decisions").
//
// Each programme is delivered by units at its level: one for the System, one per Place or one
// per PCN. A unit's budget pays a team of whole people (agents/workforce.hpp); the staff present
// each day carry a caseload, filled from the top of the unit's list of eligible residents
// ranked by its risk score (agents/targeting.hpp), or, with targeting off, a resident is
// covered while a fixed draw of theirs lies below the unit's coverage. Either way coverage that
// grows keeps the residents it already had (common random numbers across scenarios). Every quarter
// each body reviews its programmes on a lagged, noisy dashboard, and moves money from the one
// that returns least to the one that returns most, through its governance.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/config.hpp"
#include "agents/health.hpp"
#include "agents/targeting.hpp"
#include "agents/workforce.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

// What programmes are credited with on the dashboards, in GovernanceConfig::value_gbp order.
enum ProgrammeActivity : int {
  kUrgentMet, kMinorMet, kCareHomeNeedPrevented, kInpatientSupported, kEndOfLifeAdmissionPrevented, kProgrammeActivities
};

// What a body's dashboard can see of each PCN's month: counts of its area's activity.
enum Observable : int {
  kObservedAdmissions, kObservedAeAttendances, kObservedBedDays, kObservedDelayedDays, kObservedCareHomeAdmissions, kObservables
};

// Delivering units and when they act, fixed for a run.
struct ProgrammeLayout {
  std::array<std::vector<int>, kCommissioningLevels> unit_of_pcn;  // by level: each PCN's unit
  std::array<std::vector<std::string>, kCommissioningLevels> unit_ids;
  std::vector<int> month_first_day;  // simulation day each month starts on
  std::vector<int> year_of_month;    // index of the budget year of each month
  double scale = 1.0;                // population scale: budgets scale with it
  std::vector<int> practices_of_pcn;  // member practices of each PCN, who vote on its proposals
};

// The result of putting one proposal through a body's governance.
struct GovernanceOutcome {
  int decided_day;    // the day the decision was taken (or finally refused)
  bool passed;
  int rounds;         // meetings it went to
  std::string rule;   // what decided it: pcn_practices_majority, pcn_practices_refused, place_board_majority, sle_consensus, ...
};

// A proposal through the governance of a body at `level`, raised on `day`. Members' votes are
// draws keyed by `proposal` (unique per proposal in the run). A PCN's proposal goes from its
// clinical directors to its `practices` member practices, and needs more than half of them.
// Deterministic given its inputs.
GovernanceOutcome govern(CommissioningLevel level, int day, const GovernanceConfig& g, const sim::CounterRng& rng,
                         std::uint64_t proposal, int practices = 1);

// One row of decisions.csv.
struct Decision {
  int proposed_day;
  int decided_day;
  int effective_day;   // -1 if refused
  CommissioningLevel level;
  int unit;
  int from_programme;
  int to_programme;
  double amount_gbp_per_year;
  double return_from;  // value per pound the body saw for each programme
  double return_to;
  int evidence_first_month;  // the months the dashboard covered
  int evidence_last_month;
  GovernanceOutcome outcome;
};

// One programme, one unit, one budget year (programmes.csv).
struct ProgrammeYear {
  int year;
  int programme;
  int unit;
  double allocated_gbp = 0.0;
  double spent_gbp = 0.0;
  double carried_forward_gbp = 0.0;  // allocated - spent: returned to the body's reserve
  double funded_wte = 0.0;           // clinical time the budget pays for, at the year's end
  double staff_in_post = 0.0;        // clinical time in post at the year's end
  double vacancy_share = 0.0;        // of funded posts, over the year's days
  double eligible = 0.0;             // at the year's end
  double covered = 0.0;              // eligible residents covered at the year's end
  std::array<std::int64_t, kProgrammeActivities> activity{};
};

class ProgrammePortfolio {
 public:
  ProgrammePortfolio(const ProgrammesConfig& config, ProgrammeLayout layout, const sim::CounterRng& rng);
  // Targeting: sizes each level's score error to its c-statistic over a sample of residents'
  // true risks (urgent needs per year) and their keys.
  void fit_score_errors(const std::vector<double>& urgent_rates, const std::vector<std::uint64_t>& residents);

  bool funded(int k) const { return funded_[static_cast<std::size_t>(k)]; }
  bool any_funded() const;
  const ProgrammeConfig& programme(int k) const { return config_.programmes[static_cast<std::size_t>(k)]; }

  // Month-end counts: eligible residents by programme and PCN ([k][pcn]), and residents by
  // PCN, report band and IMD quintile ([pcn][band * kImdQuintiles + quintile]) for the formula.
  void set_counts(const std::vector<std::vector<double>>& eligible, const std::vector<std::vector<double>>& residents);
  // Whether eligible residents should be counted at the end of the month before `month`: before
  // each review, each budget year's start and each programme's start.
  bool count_due(int month) const;
  // Start of each day, serially: budgets allocated at a year's start, decisions that take
  // effect, staff in post, spending, coverage; the quarterly reviews.
  void begin_day(int day);

  // Share of the eligible residents of the PCN's unit who are covered today.
  double coverage(int k, int pcn) const { return coverage_[static_cast<std::size_t>(k)][static_cast<std::size_t>(pcn)]; }
  // The funded programmes a resident of `age` in `state` is eligible for: bit k for programme k
  // (a table lookup: this runs for every episode and every resident at each month end).
  std::uint32_t eligible_for(int age, const HealthState& state) const {
    return need_mask_[(static_cast<std::size_t>(state.frailty) * kLivingSettings + agents::index(state.setting)) << kConditions |
                      state.conditions] &
           age_mask_[static_cast<std::size_t>(std::clamp(age, 0, kMaxAge))];
  }
  // Whether programme k needs residents' score bins (at counts and for covers): targeting is on
  // and some unit's caseload is smaller than its eligible residents.
  bool ranks(int k) const { return ranks_[static_cast<std::size_t>(k)]; }
  bool ranks_any() const { return ranks_mask_ != 0; }
  std::uint32_t ranks_mask() const { return ranks_mask_; }
  // The levels (bit per CommissioningLevel) of the programmes in `programmes` that rank.
  std::uint32_t ranked_levels(std::uint32_t programmes) const {
    std::uint32_t levels = 0;
    for (std::uint32_t m = programmes & ranks_mask_; m != 0; m &= m - 1) levels |= 1u << static_cast<int>(programme(std::countr_zero(m)).level);
    return levels;
  }
  std::uint32_t ranked_levels() const { return ranked_levels_; }
  // A resident's fixed standard normal error in a level's score: drawn once, from their key.
  double score_error_draw(CommissioningLevel level, std::uint64_t resident) const;
  // Where a resident with this true risk falls on the list a level keeps: the score bin of
  // their log rate of urgent needs per year plus their error at the level (`error`, from
  // score_error_draw, scaled by the level's fitted standard deviation).
  int score_bin(CommissioningLevel level, double log_urgent_rate, double error) const;
  // Caseload lists at a count: [pcn][programme], each PCN's eligible residents by score bin.
  void set_lists(const std::vector<std::array<CaseloadList, kProgrammes>>& by_pcn);
  // Whether a resident (key, in the PCN) eligible for programme k is covered by it today;
  // `card` holds their score bins as of the last count (read only when ranks(k); null when
  // they were not counted).
  bool covers(int k, int pcn, std::uint64_t resident, const ScoreCard* card) const;
  // The rate ratio a covering programme achieves for the effect: the evidence's central value,
  // or one drawn within its range under parameter uncertainty.
  double realised(int k, ProgrammeEffect effect) const { return programme(k).effects[static_cast<std::size_t>(effect)].central; }
  // The rate ratio of an ACSC need for a resident covered by a programme at `level`: the
  // continuity its own practice team keeps (1 with the mechanism off).
  double continuity_rr(CommissioningLevel level) const;
  // The funded programmes whose level keeps any continuity (a bit each), and the lowest rate
  // ratio among them.
  std::uint32_t continuity_mask() const { return continuity_mask_; }
  double best_continuity_rr() const { return best_continuity_rr_; }
  // Same-day GP appointments for acute need the programmes add to the PCN's practices on each
  // day they run (Monday to Saturday, evenings and Saturdays), and the programme adding most
  // (-1: none), credited with the needs they meet.
  double same_day_appointments(int pcn) const { return same_day_[static_cast<std::size_t>(pcn)].per_day; }
  int same_day_programme(int pcn) const { return same_day_[static_cast<std::size_t>(pcn)].programme; }
  // The PCN's observable counts for the month and its residents at the month's end.
  void observe(int pcn, int month, const std::array<double, kObservables>& counts, double residents);
  // Programme activity of the PCN in the month, counted by the worker that owns the PCN.
  void count(int pcn, int month, int k, ProgrammeActivity what) {
    ++activity_[index(pcn, month, k) + static_cast<std::size_t>(what)];
  }

  // Ends the run: the last year's accounts are closed.
  void finish();
  const std::vector<Decision>& decisions() const { return decisions_; }
  const std::vector<ProgrammeYear>& accounts() const { return accounts_; }
  const ProgrammeLayout& layout() const { return layout_; }

 private:
  std::size_t index(int pcn, int month, int k) const {
    return ((static_cast<std::size_t>(pcn) * layout_.year_of_month.size() + static_cast<std::size_t>(month)) * kProgrammes +
            static_cast<std::size_t>(k)) * kProgrammeActivities;
  }
  int units(int k) const;
  void allocate();
  void review(int month, int day);
  // The value a body's observed dashboard credits programme k with over months [first, last);
  // nullopt before a year's trend is on record.
  std::optional<double> observed_value(int k, std::size_t level, std::size_t unit, int first, int last) const;
  double credited_value(int k, std::size_t level, std::size_t unit, int first, int last) const;
  void close_year(int year);
  double unit_weight(CommissioningLevel level, int unit) const;
  double ramp(int k, int day) const;
  void refresh_staff_and_coverage(int day);
  void refresh_same_day_appointments();

  struct Pending {
    int effective_day;
    CommissioningLevel level;
    int unit;
    int from, to;
    double share;  // of the body's envelope
  };

  static constexpr int kMaxAge = 120;
  std::vector<std::uint16_t> need_mask_;  // by frailty, setting and condition set
  std::array<std::uint16_t, kMaxAge + 1> age_mask_{};
  ProgrammesConfig config_;
  ProgrammeLayout layout_;
  sim::CounterRng rng_;
  std::array<bool, kProgrammes> funded_{};
  std::array<bool, kProgrammes> joined_{};  // has had its share of its bodies' envelopes
  // By programme and unit of its level.
  std::array<std::vector<double>, kProgrammes> budget_;     // annual rate, pounds
  std::array<std::vector<Team>, kProgrammes> teams_;
  std::array<std::vector<double>, kProgrammes> places_;     // caseload the staff present carry today
  std::array<std::vector<double>, kProgrammes> vacant_days_, post_days_;  // this year: vacant and funded post-days
  std::array<std::vector<CaseloadList>, kProgrammes> lists_;
  std::array<std::vector<CaseloadList::Cut>, kProgrammes> cuts_;
  std::array<bool, kProgrammes> ranks_{};
  std::uint32_t ranks_mask_ = 0;
  std::uint32_t ranked_levels_ = 0;
  std::uint32_t continuity_mask_ = 0;
  double best_continuity_rr_ = 1.0;
  std::array<double, kCommissioningLevels> score_error_{};  // standard deviation, log scale
  std::array<std::vector<double>, kProgrammes> eligible_;
  std::array<std::vector<double>, kProgrammes> year_allocated_, year_spent_;
  std::array<std::vector<std::vector<double>>, kProgrammes> month_spent_;  // [unit][month]
  // By level and unit: the body's envelope (annual, pounds) and its split over programmes.
  std::array<std::vector<double>, kCommissioningLevels> envelope_;
  std::array<std::vector<std::array<double, kProgrammes>>, kCommissioningLevels> share_;
  // By level and unit: the day the body's last proposal is settled (decided, or applied if
  // passed); it makes no new proposal before then.
  std::array<std::vector<int>, kCommissioningLevels> busy_until_;
  std::array<std::vector<double>, kProgrammes> coverage_;   // by PCN
  std::array<std::vector<double>, kProgrammes> eligible_of_pcn_;  // at the last count
  struct SameDay {
    double per_day = 0.0;
    double largest = 0.0;
    int programme = -1;
  };
  std::vector<SameDay> same_day_;                           // by PCN
  std::vector<std::vector<double>> residents_;              // [pcn][band * quintiles + quintile]
  std::vector<std::int64_t> activity_;                      // [pcn][month][programme][activity]
  std::vector<std::array<double, kObservables + 1>> observed_;  // [pcn][month]: the counts, then residents
  std::array<std::uint32_t, kProgrammes> aimed_at_{};       // by programme: a bit per observable its effects act on
  std::vector<Pending> pending_;
  std::vector<Decision> decisions_;
  std::vector<ProgrammeYear> accounts_;
  int year_ = -1;
  int month_ = -1;
};

// Whether a resident of `age` in `state` is eligible for a programme.
bool eligible(const EligibilityConfig& e, int age, const HealthState& state);

// The programme effects drawn for one replication under parameter uncertainty: each effect
// from a triangular distribution on [low, high] with its mode at the central value, keyed by
// the seed, programme and effect (so every scenario of a comparison draws the same values).
void draw_uncertain_effects(ProgrammesConfig& config, std::uint64_t seed);

}  // namespace icsim::agents
