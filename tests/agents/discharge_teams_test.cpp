// Discharge teams with capacity: the queue grows when a team is short of staff and clears when
// it is not; weekend rotas move the same hours across the week; liaison takes time from cases;
// escalation bounds the wait; the teams' layout counts the interfaces each level works through;
// and in the whole flow, halving the teams' budget raises the delays awaiting assessment. Exact
// tests where the staff are fixed (workforce off), on small synthetic worlds.
#include "agents/discharge_teams.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "agents/hospital_flow.hpp"
#include "sim/calendar.hpp"
#include "tests/agents/flow_support.hpp"

namespace icsim::agents {
namespace {

// A team config with fixed staff (everyone funded in post and present), no liaison, no fixed
// costs: `wte` whole-time equivalents doing `cases` a working day, seven days alike.
DischargeTeamConfig fixed_team(double wte, double cases = 1.0) {
  DischargeTeamConfig c{};
  c.on = true;
  c.staff_cost_gbp = 50000;
  c.budget_gbp = wte * c.staff_cost_gbp;
  c.cases_per_wte_day = cases;
  c.weekend_share = 1.0;
  c.escalation_days = 10000;
  c.workforce.on = false;
  return c;
}

// Feeds `per_day` new cases a day for `days` days; returns each day's end-of-day queue.
std::vector<std::int64_t> queue_over(DischargeTeams& teams, int per_day, int days, sim::DayNumber start = 0,
                                     std::vector<int>* served_on = nullptr) {
  const sim::CounterRng rng(1);
  std::vector<std::int64_t> queue;
  int next = 0;
  for (int day = 0; day < days; ++day) {
    for (int k = 0; k < per_day; ++k) teams.join(0, next++, 0, day);
    int served = 0;
    teams.work(day, sim::is_weekend(start + day), rng, [&](int, std::uint32_t, bool) { return ++served, true; });
    if (served_on) served_on->push_back(served);
    queue.push_back(teams.queued(0));
  }
  return queue;
}

TEST(DischargeTeams, AQueueGrowsWhenTheTeamIsShortOfStaffAndClearsWhenItIsNot) {
  // 7 WTE at 1 case a day over 5 working days of 7: 5 cases a day against 3 arriving.
  const DischargeTeamConfig enough = fixed_team(7.0);
  DischargeTeams staffed(enough, {0}, {1.0}, 1.0);
  for (std::int64_t q : queue_over(staffed, 3, 100)) EXPECT_EQ(q, 0);
  // 2.8 WTE: 2 cases a day against 3, so the queue grows by one a day.
  const DischargeTeamConfig short_staffed = fixed_team(2.8);
  DischargeTeams shorted(short_staffed, {0}, {1.0}, 1.0);
  const std::vector<std::int64_t> q = queue_over(shorted, 3, 100);
  for (std::size_t day = 0; day < q.size(); ++day) EXPECT_EQ(q[day], static_cast<std::int64_t>(day) + 1) << day;
  EXPECT_EQ(shorted.assessed(0), 200);
  EXPECT_EQ(shorted.queue_days(0), 100 * 101 / 2);
}

TEST(DischargeTeams, AWeekdaysOnlyTeamWorksTheSameHoursOnFiveDays) {
  DischargeTeamConfig c = fixed_team(7.0);
  c.weekend_share = 0.0;  // each WTE's five days all fall on weekdays: 7 cases each weekday
  DischargeTeams weekdays(c, {0}, {1.0}, 1.0);
  const sim::DayNumber monday = sim::day_number(std::chrono::year_month_day{std::chrono::year{2021}, std::chrono::January, std::chrono::day{4}});
  std::vector<int> served;
  const std::vector<std::int64_t> queue = queue_over(weekdays, 5, 28, monday, &served);
  for (std::size_t day = 0; day < served.size(); ++day) {
    if (day % 7 >= 5) {
      EXPECT_EQ(served[day], 0) << day;  // Saturday and Sunday
    } else {
      EXPECT_LE(served[day], 7) << day;
    }
    // The weekend's ten arrivals wait until Monday; by Friday the week's 35 are all seen.
    if (day % 7 == 6) {
      EXPECT_EQ(queue[day], 10) << day;
    }
    if (day % 7 == 4) {
      EXPECT_EQ(queue[day], 0) << day;
    }
  }
  EXPECT_EQ(std::accumulate(served.begin(), served.end(), 0), 28 * 5 - 10);
  EXPECT_DOUBLE_EQ(weekdays.full_day_cases(0, false), 7.0);
  EXPECT_DOUBLE_EQ(weekdays.full_day_cases(0, true), 0.0);
  c.weekend_share = 1.0;  // seven-day working: the same 35 cases a week, 5 a day
  DischargeTeams seven_day(c, {0}, {1.0}, 1.0);
  EXPECT_DOUBLE_EQ(seven_day.full_day_cases(0, false), 5.0);
  EXPECT_DOUBLE_EQ(seven_day.full_day_cases(0, true), 5.0);
}

TEST(DischargeTeams, LiaisonWithEachPartnerTakesTimeFromCasesAndScaleScalesTheWork) {
  DischargeTeamConfig c = fixed_team(4.0);
  c.liaison_wte_per_partner = 0.1;
  DischargeTeams teams(c, {10, 0}, {0.5, 0.5}, 0.25);  // two teams of 2 WTE; the first has 10 partners
  EXPECT_DOUBLE_EQ(teams.full_day_cases(0, false), 2.0 * 0.5 * 5.0 / 7.0 * 0.25);
  EXPECT_DOUBLE_EQ(teams.full_day_cases(1, false), 2.0 * 5.0 / 7.0 * 0.25);
  EXPECT_EQ(teams.staff(0).posts(), 2);  // whole people at the full population, whatever the scale
}

TEST(DischargeTeams, ATeamWithNobodyEscalatesEveryCaseAfterTheEscalationDays) {
  DischargeTeamConfig c = fixed_team(0.0);
  c.escalation_days = 5;
  DischargeTeams teams(c, {0}, {1.0}, 1.0);
  const sim::CounterRng rng(1);
  std::vector<int> escalated_on(40, 0);
  for (int day = 0; day < 40; ++day) {
    teams.join(0, day, 0, day);
    teams.work(day, false, rng, [&](int stay, std::uint32_t, bool escalated) {
      EXPECT_TRUE(escalated);
      EXPECT_EQ(day - stay, 5);  // the stay index is its joining day
      ++escalated_on[static_cast<std::size_t>(day)];
      return true;
    });
    EXPECT_EQ(teams.queued(0), std::min(day + 1, 5));
  }
  EXPECT_EQ(teams.escalated(0), 35);
  EXPECT_EQ(teams.assessed(0), 0);
}

TEST(DischargeTeams, VoidEntriesTakeNoTime) {
  const DischargeTeamConfig one_a_day = fixed_team(1.4);  // the teams keep a reference: it outlives them
  DischargeTeams teams(one_a_day, {0}, {1.0}, 1.0);
  const sim::CounterRng rng(1);
  for (int k = 0; k < 5; ++k) teams.join(0, k, 0, 0);
  int served = 0;
  teams.work(0, false, rng, [&](int stay, std::uint32_t, bool) {
    if (stay < 4) return false;  // the first four left hospital another way
    ++served;
    return true;
  });
  EXPECT_EQ(served, 1);
  EXPECT_EQ(teams.queued(0), 0);
}

// flow_testing::two_councils, with PCNs 0 and 1 on site 0, PCNs 2 and 3 on site 1.
TEST(DischargeTeams, EachLevelWorksThroughItsOwnInterfaces) {
  const WorldConfig w = flow_testing::two_councils();
  StartingUsers users;
  for (auto& u : users) u = {10, 30, 0, 60};
  FlowConfig flow = flow_testing::quiet_config();
  auto teams_at = [&](CommissioningLevel level) {
    flow.discharge.team_level = level;
    FlowLayout layout;
    layout.site_of_pcn = {0, 0, 1, 1};
    lay_out_teams(w, flow, users, layout);
    return layout;
  };
  const FlowLayout system = teams_at(CommissioningLevel::kSystem);
  EXPECT_EQ(system.team_id, (std::vector<std::string>{"S"}));
  EXPECT_EQ(system.team_partners, (std::vector<int>{2 + 4 + 2}));  // two councils, four PCNs, two sites
  EXPECT_EQ(system.team_interfaces, (std::vector<int>{2}));         // the council and the PCN are outside it
  const FlowLayout place = teams_at(CommissioningLevel::kPlace);
  EXPECT_EQ(place.team_of_pcn, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(place.team_partners, (std::vector<int>{2 + 2 + 1, 1 + 2 + 1}));
  EXPECT_EQ(place.team_interfaces, (std::vector<int>{2, 1}));  // P0 spans two councils; P1 lies within B
  EXPECT_EQ(place.team_share, (std::vector<double>{0.4, 0.6}));
  const FlowLayout pcn = teams_at(CommissioningLevel::kPcn);
  EXPECT_EQ(pcn.team_interfaces, (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(pcn.team_partners, (std::vector<int>{3, 3, 3, 3}));
}

// The whole flow: elderly patients all needing reablement, with places to spare, so every
// delayed day is a wait for the discharge team or on the organisations after it.
std::int64_t delayed_days_with_team_budget(double wte) {
  FlowConfig c = flow_testing::quiet_config();
  c.discharge.min_age = 65;
  for (auto& row : c.discharge.pathway_share) row = {0.0, 1.0, 0.0, 0.0};
  c.discharge.reablement_share = 1.0;
  c.discharge.team = fixed_team(wte);
  c.discharge.team.escalation_days = 20;
  c.discharge.team.interface_days = 1.0;
  c.discharge.team.provider_assessment_days = 1.0;
  c.discharge.team.trusted_assessment_share = 0.5;
  for (auto& s : c.services) s.mean_days = 10.0;
  flow_testing::Capacities caps{};
  for (auto& cap : caps) cap = {100000};
  FlowLayout l = flow_testing::layout(100000, 1, caps);
  l.team_of_pcn = {0};
  l.team_partners = {0};
  l.team_interfaces = {1};  // one organisation outside the team
  l.team_share = {1.0};
  l.team_id = {"team"};
  const sim::CounterRng rng(3);
  HospitalFlow flow(c, l, rng, 400);
  flow_testing::TestWorld world;
  int next = 0;
  for (int day = 0; day < 400; ++day) {
    std::vector<FlowPerson> admissions;
    for (int k = 0; k < 4; ++k) admissions.push_back({static_cast<std::uint64_t>(next++), 0, 0, 80, 2, LivingSetting::kOwnHome, EpisodeType::kFall});
    flow.step(day, admissions, world);
  }
  EXPECT_EQ(world.total(FlowCount::kDelayedDays), world.totals[static_cast<std::size_t>(FlowCount::kDelayReasonFirst)]);  // all awaiting assessment
  return world.total(FlowCount::kDelayedDays);
}

TEST(DischargeTeams, HalvingTheTeamRaisesTheDelaysAwaitingAssessment) {
  // 4 fit a day; 7 WTE see 5 a day, 3.5 WTE 2.5 a day (then escalation after 20 days).
  const std::int64_t staffed = delayed_days_with_team_budget(7.0);
  const std::int64_t halved = delayed_days_with_team_budget(3.5);
  // Staffed: no queue, so the delay is the interface (one outside organisation, one day) and
  // half the cases' provider assessment (one day): about 1.5 days per case.
  EXPECT_GT(staffed, 400 * 4 * 1.0);
  EXPECT_LT(staffed, 400 * 4 * 2.0);
  EXPECT_GT(halved, 5 * staffed);
}

}  // namespace
}  // namespace icsim::agents
