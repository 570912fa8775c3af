// Discharge teams (docs/model.md, "Discharge teams"): the assessors and brokers who, once a
// patient needing support is medically fit, assess them and arrange their care. Each team sits
// at the discharge team level (one System hub, a team per Place or an integrated team per
// PCN), holds posts as programme teams do (agents/workforce.hpp), and serves its own queue of
// fit patients in order of arrival. A day's work is the staff present times their caseload,
// less the time the team gives to each organisation it works with, spread over the week by the
// weekend rota. After assessment a case still waits on each organisation outside the team and,
// unless the provider trusts the team's assessment, on the provider's own. So the hand-off
// comes from staff, queues, weekends and interfaces, not from a mean by level: a large team
// pools its queue and its absences but works with many partners from afar; small teams carry
// more liaison and management between them. A patient who has waited escalation_days for their
// team is escalated to the acute trust's own duty team, which assesses them at once but, being
// outside the council and the PCN, waits on both.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "agents/config.hpp"
#include "agents/workforce.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

class DischargeTeams {
 public:
  // By team: the organisations it works with and its share of the budget. Teams are sized at
  // the full population and do `scale` times their work; every post is filled on the first day.
  // `config` is kept by reference and must outlive the teams.
  DischargeTeams(const DischargeTeamConfig& config, std::vector<int> partners, const std::vector<double>& share, double scale);

  // A fit patient needing support joins the back of the team's queue.
  void join(int team, int stay, std::uint32_t ticket, int day) { teams_[at(team)].queue.push_back({stay, ticket, day}); }

  // One day: each team's staff come and go (turnover, recruitment, absence), then the team
  // works through its queue for as many cases as today's time allows, in order, after those
  // escalated today. `serve(stay, ticket, escalated)` assesses a case and returns false for an
  // entry that is void (the patient died, moved or left another way), which takes no time. Time
  // left over when the queue is empty is lost; part of a case carries to the next day.
  template <class Serve>
  void work(int day, bool weekend, const sim::CounterRng& rng, Serve&& serve) {
    for (std::size_t t = 0; t < teams_.size(); ++t) {
      Unit& u = teams_[t];
      u.staff.step(day, config_.workforce, rng, keys_of(t));
      while (!u.queue.empty() && day - u.queue.front().joined >= config_.escalation_days) {
        const Entry e = u.queue.front();
        u.queue.pop_front();
        if (serve(e.stay, e.ticket, true)) ++u.escalated;
      }
      u.credit += cases_today(t, weekend);
      while (!u.queue.empty() && u.credit >= 1.0) {
        const Entry e = u.queue.front();
        u.queue.pop_front();
        if (serve(e.stay, e.ticket, false)) {
          u.credit -= 1.0;
          ++u.assessed;
        }
      }
      if (u.queue.empty()) u.credit = 0.0;
      u.queue_days += static_cast<std::int64_t>(u.queue.size());
    }
  }

  int teams() const { return static_cast<int>(teams_.size()); }
  // Entries in the team's queue, including void ones not yet reached.
  std::int64_t queued(int team) const { return static_cast<std::int64_t>(teams_[at(team)].queue.size()); }
  std::int64_t assessed(int team) const { return teams_[at(team)].assessed; }
  std::int64_t escalated(int team) const { return teams_[at(team)].escalated; }  // to the trust's duty team
  std::int64_t queue_days(int team) const { return teams_[at(team)].queue_days; }  // summed at each day's end
  const Team& staff(int team) const { return teams_[at(team)].staff; }
  // Cases the team can take on a day with everyone present (at the run's scale).
  double full_day_cases(int team, bool weekend) const;

 private:
  struct Entry {
    int stay;
    std::uint32_t ticket;
    int joined;  // the day the patient joined the queue
  };
  struct Unit {
    Team staff;
    double liaison_share = 0.0;  // of its clinical time, given to its partners
    double credit = 0.0;         // cases the day's time still allows (a fraction: one part done)
    std::deque<Entry> queue;  // in order of arrival
    std::int64_t assessed = 0;
    std::int64_t escalated = 0;
    std::int64_t queue_days = 0;
  };
  static std::size_t at(int team) { return static_cast<std::size_t>(team); }
  std::uint64_t keys_of(std::size_t team) const;
  double day_share(bool weekend) const;  // of a week's staff-days that fall on this day
  double cases(std::size_t team, double wte, bool weekend) const;
  double cases_today(std::size_t team, bool weekend) const;

  const DischargeTeamConfig& config_;
  double scale_;
  std::vector<Unit> teams_;
};

}  // namespace icsim::agents
