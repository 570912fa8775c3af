#include "agents/workforce.hpp"

#include <algorithm>
#include <cmath>

#include "agents/age_bands.hpp"
#include "agents/keys.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {

// The budget pays the team's fixed costs, then its time at the staff cost: management (the lead
// plus one manager per staff_per_manager) comes out of that time, the rest is clinical.
TeamEstablishment establishment(double budget_gbp_per_year, double staff_cost_gbp_per_year, const WorkforceConfig& w) {
  if (!w.on) return {std::max(0.0, budget_gbp_per_year) / staff_cost_gbp_per_year, 0.0};
  const double wte = (budget_gbp_per_year - w.team_fixed_cost_gbp) / staff_cost_gbp_per_year;
  if (wte <= w.management_wte) return {};
  const double clinical = (wte - w.management_wte) / (1.0 + 1.0 / w.staff_per_manager);
  return {clinical, wte - clinical};
}

void Team::fund(double clinical_wte) {
  const auto posts = static_cast<std::size_t>(std::ceil(std::max(0.0, clinical_wte) - 1e-9));
  for (std::size_t i = posts; i < posts_.size(); ++i) {
    if (posts_[i].state == PostState::kFilled) --in_post_;
  }
  posts_.resize(posts);
  wte_per_post_ = posts > 0 ? clinical_wte / static_cast<double>(posts) : 0.0;
}

void Team::fill() {
  for (Post& p : posts_) p.state = PostState::kFilled;
  in_post_ = present_ = posts();
}

void Team::step(int day, const WorkforceConfig& w, const sim::CounterRng& rng, std::uint64_t key) {
  if (!w.on) {
    fill();  // everyone funded is in post and present
    return;
  }
  if (day / 30 != window_) {
    window_ = day / 30;
    campaigns_started_ = 0;
  }
  const double leave_chance = w.turnover_per_year / kDaysPerYear;
  present_ = 0;
  for (int i = 0; i < posts(); ++i) {
    Post& p = posts_[static_cast<std::size_t>(i)];
    const std::uint64_t who = keys::team_post(key, i);
    if (p.state == PostState::kFilled && rng.uniform(streams::kStaffTurnover, who, static_cast<std::uint32_t>(day)) < leave_chance) {
      p.state = PostState::kVacant;
      --in_post_;
    }
    if (p.state == PostState::kRecruiting && p.start_day <= day) {
      p.state = PostState::kFilled;
      ++in_post_;
    }
    if (p.state == PostState::kVacant && campaigns_started_ < w.campaigns_per_month) {
      ++campaigns_started_;
      const double u = rng.uniform(streams::kRecruitment, who, static_cast<std::uint32_t>(day));
      p.state = PostState::kRecruiting;
      p.start_day = day + 1 + static_cast<int>(std::floor(sim::standard_exponential(u) * w.recruitment_days));
    }
    if (p.state == PostState::kFilled && rng.uniform(streams::kStaffAbsence, who, static_cast<std::uint32_t>(day)) >= w.absence_share) {
      ++present_;
    }
  }
}

double Team::available_wte(const WorkforceConfig& w) const {
  const double present = wte_per_post_ * present_;
  return w.on ? std::min(in_post_wte(), present * (1.0 + w.cover_share)) : present;
}

}  // namespace icsim::agents
