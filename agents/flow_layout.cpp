// The downstream pools of a run: which pool serves each PCN, which council owns it, and how many
// places it has, shared out by where the service's users are at the start.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "agents/hospital_flow.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// The area the pool of a PCN covers at a level: the System, the PCN's Place, or the PCN.
int area_of(const WorldConfig& world, std::size_t pcn, CommissioningLevel level) {
  switch (level) {
    case CommissioningLevel::kSystem: return 0;
    case CommissioningLevel::kPlace: return world.pcns[pcn].place;
    case CommissioningLevel::kPcn: break;
  }
  return static_cast<int>(pcn);
}

// "council/area" for a council's pool (the council alone at System level), the area for the NHS.
std::string pool_name(const WorldConfig& world, int council, CommissioningLevel level, int area) {
  const auto a = static_cast<std::size_t>(area);
  const std::string& where = level == CommissioningLevel::kSystem ? world.system.id
                             : level == CommissioningLevel::kPlace ? world.places[a].id
                                                                   : world.pcns[a].id;
  if (council < 0) return where;
  const std::string& owner = world.councils[static_cast<std::size_t>(council)].id;
  return level == CommissioningLevel::kSystem ? owner : owner + "/" + where;
}

// Each pool's places: its starting users over the initial occupancy, rounded up (so no pool
// starts over capacity); otherwise the configured total shared out in proportion to the users
// by largest remainders, or evenly if there are none anywhere.
std::vector<std::int64_t> places(const ServicePoolConfig& service, std::vector<double> users, double scale) {
  if (service.initial_occupancy > 0.0) {
    std::vector<std::int64_t> out;
    for (double u : users) out.push_back(static_cast<std::int64_t>(std::ceil(u / service.initial_occupancy)));
    return out;
  }
  if (std::all_of(users.begin(), users.end(), [](double u) { return u <= 0.0; })) users.assign(users.size(), 1.0);
  return sim::apportion(users, std::llround(service.capacity * scale));
}

}  // namespace

void lay_out_pools(const WorldConfig& world, const FlowConfig& flow, const StartingUsers& users, double scale, FlowLayout& layout) {
  for (const DownstreamService k : enumerators<DownstreamService, kDownstreamServices>()) {
    const ServicePoolConfig& service = flow.services[index(k)];
    auto key = [&](std::size_t p) {
      return std::pair{kCouncilCommissioned[k] ? world.pcns[p].council : -1, area_of(world, p, service.level)};
    };
    // Pools in order of (council, area): an NHS service's pools follow the order of its areas.
    std::map<std::pair<int, int>, int> pools;
    for (std::size_t p = 0; p < world.pcns.size(); ++p) pools.emplace(key(p), 0);
    layout.pool_council[k].clear();
    layout.pool_id[k].clear();
    for (auto& [owner_area, pool] : pools) {
      pool = static_cast<int>(layout.pool_council[k].size());
      layout.pool_council[k].push_back(owner_area.first);
      layout.pool_id[k].push_back(pool_name(world, owner_area.first, service.level, owner_area.second));
    }
    std::vector<double> used(pools.size(), 0.0);
    layout.pool_of_pcn[k].clear();
    for (std::size_t p = 0; p < world.pcns.size(); ++p) {
      const int pool = pools.at(key(p));
      layout.pool_of_pcn[k].push_back(pool);
      used[static_cast<std::size_t>(pool)] += static_cast<double>(users[k][p]);
    }
    layout.pool_capacity[k] = places(service, std::move(used), scale);
  }
}

void lay_out_teams(const WorldConfig& world, const FlowConfig& flow, const StartingUsers& users, FlowLayout& layout) {
  const CommissioningLevel level = flow.discharge.team_level;
  std::map<int, int> teams;  // area -> team, in the order of the areas
  for (std::size_t p = 0; p < world.pcns.size(); ++p) teams.emplace(area_of(world, p, level), 0);
  const std::size_t n = teams.size();
  layout.team_id.clear();
  for (auto& [area, team] : teams) {
    team = static_cast<int>(layout.team_id.size());
    layout.team_id.push_back(pool_name(world, -1, level, area));
  }
  std::vector<std::set<int>> councils(n), pcns(n), sites(n);
  std::vector<double> frail(n, 0.0);
  layout.team_of_pcn.clear();
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    const int t = teams.at(area_of(world, p, level));
    layout.team_of_pcn.push_back(t);
    const auto team = static_cast<std::size_t>(t);
    councils[team].insert(world.pcns[p].council);
    pcns[team].insert(static_cast<int>(p));
    if (p < layout.site_of_pcn.size()) sites[team].insert(layout.site_of_pcn[p]);
    frail[team] += static_cast<double>(users[DownstreamService::kReablement][p]);
  }
  const double total = std::accumulate(frail.begin(), frail.end(), 0.0);
  layout.team_partners.assign(n, 0);
  layout.team_interfaces.assign(n, 0);
  layout.team_share.assign(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    layout.team_partners[t] = static_cast<int>(councils[t].size() + pcns[t].size() + sites[t].size());
    layout.team_interfaces[t] = (councils[t].size() > 1 ? 1 : 0) + (level != CommissioningLevel::kPcn ? 1 : 0);
    layout.team_share[t] = total > 0.0 ? frail[t] / total : 1.0 / static_cast<double>(n);
  }
}

}  // namespace icsim::agents
