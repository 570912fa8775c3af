// Teams of whole people (docs/model.md, "Workforce"). A delivering unit's funded time is held by
// people in posts: a vacant post is recruited to through the unit's own recruitment pipeline
// (a few campaigns a month, each taking a lead time), people leave at the turnover rate, and on
// any day each is absent (sickness or leave) with a fixed chance. Present colleagues absorb a
// bounded share of absent colleagues' work, so a large team covers its absences and a team of
// two loses half its capacity when one is off. Each team also carries management time. No
// fixed ratio says which level is better: the diseconomies of many small teams and the
// slowness of one large one come out of these rules.
#pragma once
#include <cstdint>
#include <vector>

#include "agents/config.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

// The whole time equivalents a budget pays for once management time and the team's fixed
// costs are taken out: clinical time (what carries a caseload) and management time. Teams are
// sized at the full population: a world scaled down keeps the teams of the real system and
// scales what they do (their capacity and spending), so that whole people, absences and
// minimum teams behave as they would at scale 1.
struct TeamEstablishment {
  double clinical_wte = 0.0;
  double management_wte = 0.0;
};
TeamEstablishment establishment(double budget_gbp_per_year, double staff_cost_gbp_per_year, const WorkforceConfig& w);

class Team {
 public:
  // The funded clinical time, shared equally among whole posts (at most one WTE each). Posts
  // beyond the new count are released at once; new posts start vacant.
  void fund(double clinical_wte);
  // Every post filled and everyone present: a team already running when the run starts.
  void fill();
  // One day, in order: leavers, starters, new recruitment campaigns, then who is absent.
  // `key` identifies the team in the random streams; draws are keyed by post and day.
  void step(int day, const WorkforceConfig& w, const sim::CounterRng& rng, std::uint64_t key);

  double funded_wte() const { return wte_per_post_ * static_cast<double>(posts_.size()); }
  int posts() const { return static_cast<int>(posts_.size()); }
  int in_post() const { return in_post_; }
  double in_post_wte() const { return wte_per_post_ * in_post_; }
  // Time available today: those present, plus the share of absent colleagues' time they cover.
  double available_wte(const WorkforceConfig& w) const;

 private:
  enum class PostState : std::uint8_t { kVacant, kRecruiting, kFilled };
  struct Post {
    PostState state = PostState::kVacant;
    int start_day = 0;  // recruiting: the day the new starter arrives
  };
  std::vector<Post> posts_;
  double wte_per_post_ = 0.0;
  int in_post_ = 0;
  int present_ = 0;
  int window_ = -1;           // the 30-day window campaigns are counted in
  int campaigns_started_ = 0;
};

}  // namespace icsim::agents
