// The hospital flow driven on its own: a stand-in for the rest of the model, a quiet
// configuration and one-site layouts, shared by the flow's tests.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <set>

#include "agents/hospital_flow.hpp"

namespace icsim::agents::flow_testing {

// The rest of the model, reduced to what the flow asks: everyone stays alive and present
// unless listed in `gone`; counts are summed by kind and by site.
class TestWorld : public FlowWorld {
 public:
  bool present(std::uint64_t resident) const override { return !gone.contains(resident); }
  bool died(std::uint64_t resident) const override { return gone.contains(resident); }
  LivingSetting setting(std::uint64_t resident) const override {
    const auto it = settings.find(resident);
    return it == settings.end() ? LivingSetting::kOwnHome : it->second;
  }
  bool in_hospital(std::uint64_t resident) const override { return inpatients.contains(resident); }
  void referral_lapsed(std::uint64_t, int) override { ++lapsed; }
  void set_in_hospital(std::uint64_t resident, bool in_hospital, int) override {
    if (in_hospital) inpatients.insert(resident);
    else inpatients.erase(resident);
  }
  void set_setting(std::uint64_t resident, LivingSetting s, int) override { settings[resident] = s; }
  void wait_at_home(std::uint64_t resident, int) override {
    settings[resident] = LivingSetting::kOwnHome;
    ++waited;
  }
  void count(FlowCount what, const FlowPerson&, int, std::int64_t amount) override {
    totals[static_cast<std::size_t>(what)] += amount;
  }
  std::int64_t total(FlowCount what) const { return totals[static_cast<std::size_t>(what)]; }

  std::map<std::uint64_t, int> gone;
  std::map<std::uint64_t, LivingSetting> settings;
  std::array<std::int64_t, kFlowCounts> totals{};
  std::set<std::uint64_t> inpatients;
  int lapsed = 0;
  int waited = 0;
};

// A flow config where nothing happens unless a test turns it on: no zero-day stays, no
// escalation, everyone goes home when fit, no community referrals.
inline FlowConfig quiet_config() {
  FlowConfig c{};
  c.stay.zero_day_share = 0.0;
  c.stay.mean_days.fill(5.0);
  c.stay.frailty_rr.fill(1.0);
  c.stay.episode_rr.fill(1.0);
  c.discharge.support_rr.fill(1.0);
  c.stay.cv = 0.0;
  c.acute = {{}, {}, 0.0, 1000};  // no escalation, no electives
  c.discharge.min_age = 200;
  for (auto& row : c.discharge.pathway_share) row = {1.0, 0.0, 0.0, 0.0};
  c.discharge.team_level = CommissioningLevel::kSystem;
  c.discharge.team.on = false;  // hand-offs take no time unless a test sets handoff_days or turns the teams on
  c.discharge.team.handoff_days = 0.0;
  c.discharge.weekend_discharge_share = 1.0;  // seven-day working
  c.discharge.home_process_share = 0.0;       // fit patients going home leave that day
  for (auto& s : c.services) s = {CommissioningLevel::kSystem, 0.0, 30.0, 0.0, 0.0, 0.0};
  return c;
}

// One site with `beds`, PCNs 0..pcns-1 all in its catchment, and each service in one pool
// (or one pool per PCN where `split` says so).
using Capacities = EnumArray<DownstreamService, std::vector<std::int64_t>, kDownstreamServices>;

inline FlowLayout layout(std::int64_t beds, int pcns, Capacities capacity) {
  FlowLayout l;
  l.site_beds = {beds};
  l.site_of_pcn.assign(static_cast<std::size_t>(pcns), 0);
  for (const DownstreamService k : enumerators<DownstreamService, kDownstreamServices>()) {
    const auto pools = capacity[k].empty() ? 1 : capacity[k].size();
    if (capacity[k].empty()) capacity[k] = {0};
    for (int p = 0; p < pcns; ++p) l.pool_of_pcn[k].push_back(pools == 1 ? 0 : p);
    l.pool_capacity[k] = capacity[k];
  }
  return l;
}

// Two Places and two councils: council A serves part of Place P0; council B the rest of P0 and
// all of P1 (as Southend and Essex share South East Essex). PCNs: 0 (P0, A), 1 (P0, B),
// 2 and 3 (P1, B).
inline WorldConfig two_councils() {
  WorldConfig w;
  w.system.id = "S";
  w.places = {{"P0", "P0", {}, 0.0}, {"P1", "P1", {}, 0.0}};
  w.councils = {{"A", "A", {0}}, {"B", "B", {0, 1}}};
  w.pcns = {{"n0", "n0", 0, 0, {}}, {"n1", "n1", 0, 1, {}}, {"n2", "n2", 1, 1, {}}, {"n3", "n3", 1, 1, {}}};
  return w;
}

}  // namespace icsim::agents::flow_testing
