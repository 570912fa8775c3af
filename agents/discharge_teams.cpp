#include "agents/discharge_teams.hpp"

#include <algorithm>

#include "agents/keys.hpp"

namespace icsim::agents {

DischargeTeams::DischargeTeams(const DischargeTeamConfig& config, std::vector<int> partners, const std::vector<double>& share, double scale)
    : config_(config), scale_(scale), teams_(share.size()) {
  for (std::size_t t = 0; t < teams_.size(); ++t) {
    Unit& u = teams_[t];
    // The team at the full population (workforce.hpp): its budget pays fixed costs and
    // management first; liaison then comes out of the clinical time.
    const TeamEstablishment e = establishment(config.budget_gbp * share[t], config.staff_cost_gbp, config.workforce);
    u.staff.fund(e.clinical_wte);
    u.staff.fill();
    const double liaison = config.liaison_wte_per_partner * partners[t];
    u.liaison_share = e.clinical_wte > 0.0 ? std::min(1.0, liaison / e.clinical_wte) : 1.0;
  }
}

std::uint64_t DischargeTeams::keys_of(std::size_t team) const {
  return keys::team(keys::kDischargeTeams, 0, team);
}

// Each WTE works five days a week; a weekend day is staffed at weekend_share of a weekday.
double DischargeTeams::day_share(bool weekend) const {
  const double w = config_.weekend_share;
  return (weekend ? 5.0 * w : 5.0) / (5.0 + 2.0 * w);
}

// Cases `wte` of the team's staff take on a day: their time less liaison, by the rota, at scale.
double DischargeTeams::cases(std::size_t team, double wte, bool weekend) const {
  return wte * (1.0 - teams_[team].liaison_share) * config_.cases_per_wte_day * day_share(weekend) * scale_;
}

double DischargeTeams::cases_today(std::size_t team, bool weekend) const {
  return cases(team, teams_[team].staff.available_wte(config_.workforce), weekend);
}

double DischargeTeams::full_day_cases(int team, bool weekend) const {
  return cases(at(team), teams_[at(team)].staff.funded_wte(), weekend);
}

}  // namespace icsim::agents
