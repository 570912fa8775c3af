// Electives sharing the beds (agents/electives.hpp): additions to the lists at their rate,
// bookings only on working days and from the head of the list, cancellation on the day when no
// bed is free (or at the cancelling level) with the patient kept at the head, exact stays, the
// first day's lists by Little's law, and every patient accounted for. Then, in the hospital flow,
// electives take the beds emergencies need and are cancelled less when beds are added; at full
// scale (queues depend on the size of their pools), the same with the capacity plan's beds.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "agents/electives.hpp"
#include "agents/simulation.hpp"
#include "sim/calendar.hpp"
#include "sim/samplers.hpp"
#include "tests/agents/flow_support.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

const sim::DayNumber kMonday = sim::day_number(std::chrono::year_month_day{std::chrono::year(2021), std::chrono::January, std::chrono::day(4)});

// One site's beds, as the hospital would show them to the electives, and the counts.
class Beds final : public ElectiveWorld {
 public:
  explicit Beds(std::int64_t limit) : limit_(limit) {}
  int level(int) const override { return level_; }
  std::int64_t beds_free(int) const override { return limit_ - occupied_ - waiting_; }
  void occupy(int) override { ++occupied_; }
  void vacate(int) override { --occupied_; }
  void count(ElectiveCount what, const ElectivePatient& patient, int, std::int64_t amount) override {
    totals_[static_cast<std::size_t>(what)] += amount;
    if (what == ElectiveCount::kAdmitted) admitted_keys.push_back(patient.key);
    if (what == ElectiveCount::kWaitDays) waits.push_back(amount);
  }
  std::int64_t total(ElectiveCount what) const { return totals_[static_cast<std::size_t>(what)]; }
  std::int64_t occupied() const { return occupied_; }

  std::int64_t limit_;
  std::int64_t waiting_ = 0;
  int level_ = 1;
  std::vector<std::uint64_t> admitted_keys;
  std::vector<std::int64_t> waits;

 private:
  std::int64_t occupied_ = 0;
  std::array<std::int64_t, 5> totals_{};
};

ElectiveConfig config() {
  ElectiveConfig c;
  c.on = true;
  c.additions_per_1000 = 20.0;
  c.age_rr.fill(1.0);
  c.programme_ratio = 1.0;
  c.notice_days = 0;
  c.mean_nights = 3.0;
  c.cv = 0.0;  // every stay exactly three nights
  c.cancel_at_level = 5;
  c.initial_wait_days = 0.0;
  return c;
}

// 100,000 residents of PCN 0, all in cell 0.
std::vector<std::vector<std::int64_t>> residents(std::int64_t n = 100000) {
  std::vector<std::vector<std::int64_t>> r(1, std::vector<std::int64_t>(5, 0));
  r[0][0] = n;
  return r;
}

int working_days(sim::DayNumber from, int days) {
  int n = 0;
  for (int d = 0; d < days; ++d) n += sim::is_working_day(from + d) ? 1 : 0;
  return n;
}

// One site's electives over `days` from `start`, with `limit` beds, the first day filled. The
// config must outlive it.
struct OneSite {
  OneSite(const ElectiveConfig& c, std::int64_t limit, int days, std::uint64_t seed, sim::DayNumber start = kMonday)
      : rng(seed), electives(c, rng, {0}, 1, days, start), beds(limit) {
    electives.set_base(residents());
    electives.fill(beds);
  }
  sim::CounterRng rng;
  Electives electives;
  Beds beds;
};

struct Outcome {
  Beds beds;
  std::int64_t in_beds = 0, listed = 0;
};

// `days` of the electives at one site with `limit` beds, from kMonday.
Outcome simulate(const ElectiveConfig& c, std::int64_t limit, int days, std::uint64_t seed = 3) {
  OneSite site(c, limit, days, seed);
  for (int day = 0; day < days; ++day) {
    site.electives.discharge(day, site.beds);
    site.electives.admit(day, site.beds);
    site.electives.count_night(site.beds);
  }
  return {site.beds, site.electives.in_beds(0), site.electives.listed(0)};
}

// Additions are Poisson at additions_per_1000 a resident-year: over ten years of 100,000
// residents at 20 per 1,000, about 20,000, within four standard deviations (sqrt of the mean).
TEST(Electives, AdditionsComeAtTheConfiguredRate) {
  const int days = 3653;
  const Outcome r = simulate(config(), 1000000, days);
  const double mean = 100000.0 * 20.0 / 1000.0 / kDaysPerYear * days;
  EXPECT_NEAR(static_cast<double>(r.beds.total(ElectiveCount::kListed)), mean, 4.0 * std::sqrt(mean));
}

// With beds to spare and a programme 5% above the additions (at exactly 1 the list is a random
// walk), the programme admits whoever is on the list, so over ten years admissions are the
// additions less the few still waiting; every patient is on the list or was admitted, and every
// admitted one is in a bed or went home after exactly three nights.
TEST(Electives, WithBedsToSpareTheProgrammeKeepsUpAndEveryPatientIsAccountedFor) {
  ElectiveConfig c = config();
  c.programme_ratio = 1.05;
  const Outcome r = simulate(c, 1000000, 3653);
  const std::int64_t listed = r.beds.total(ElectiveCount::kListed), admitted = r.beds.total(ElectiveCount::kAdmitted);
  EXPECT_EQ(listed, admitted + r.listed);
  EXPECT_EQ(r.beds.total(ElectiveCount::kCancelled), 0);
  EXPECT_LT(r.listed, 60);  // a few days' additions at most
  EXPECT_EQ(r.beds.occupied(), r.in_beds);
  // Each admitted patient is counted three nights, less those of patients still in a bed
  // (admitted on the last two days: 1 or 2 nights counted so far).
  EXPECT_LE(r.beds.total(ElectiveCount::kBedDays), 3 * admitted);
  EXPECT_GE(r.beds.total(ElectiveCount::kBedDays), 3 * admitted - 2 * r.in_beds);
}

// Bookings happen on working days only: over a fortnight from a Monday, nobody is admitted on
// the weekend days, though patients are added to the list every day.
TEST(Electives, NobodyIsAdmittedOnWeekendsOrBankHolidays) {
  ElectiveConfig c = config();
  c.initial_wait_days = 10.0;
  OneSite site(c, 1000000, 14, 4);
  Electives& e = site.electives;
  Beds& beds = site.beds;
  for (int day = 0; day < 14; ++day) {
    const std::int64_t before = beds.total(ElectiveCount::kAdmitted);
    e.discharge(day, beds);
    e.admit(day, beds);
    const std::int64_t today = beds.total(ElectiveCount::kAdmitted) - before;
    if (sim::is_working_day(kMonday + day)) {
      EXPECT_GT(today, 0) << "day " << day;
    } else {
      EXPECT_EQ(today, 0) << "day " << day;
    }
  }
  EXPECT_GT(beds.total(ElectiveCount::kListed), 14 * 3);
}

// Nobody is booked before their notice period; with beds to spare and a programme 10% above the
// additions, patients are admitted on the first working day past it, so the mean wait is the
// notice and a little more (weekends and bank holidays, and the odd day's surplus), and the
// list holds about the notice period's additions.
TEST(Electives, NobodyIsBookedBeforeTheirNoticeAndTheListHoldsAtIt) {
  ElectiveConfig c = config();
  c.notice_days = 28;
  c.programme_ratio = 1.1;
  const Outcome r = simulate(c, 1000000, 1096);
  ASSERT_GT(r.beds.waits.size(), 5000u);
  EXPECT_EQ(*std::min_element(r.beds.waits.begin(), r.beds.waits.end()), 28);
  const double mean = static_cast<double>(r.beds.total(ElectiveCount::kWaitDays)) / static_cast<double>(r.beds.waits.size());
  EXPECT_GT(mean, 28.0);
  EXPECT_LT(mean, 32.0);
  const double per_day = 100000.0 * 20.0 / 1000.0 / kDaysPerYear;
  EXPECT_NEAR(static_cast<double>(r.listed), 28.0 * per_day, 4.0 * per_day);
}

// With no free bed (last night's A&E patients waiting take the ones there are), every booking
// is cancelled and the patients keep their places: the next working day with beds admits the
// same patient who was at the head, first.
TEST(Electives, ACancelledPatientKeepsTheHeadOfTheList) {
  ElectiveConfig c = config();
  c.initial_wait_days = 30.0;
  OneSite site(c, 100, 10, 5);
  Electives& e = site.electives;
  Beds& beds = site.beds;
  beds.waiting_ = beds.beds_free(0);  // the overnight A&E patients take every free bed
  const std::uint64_t head = e.list(0).front().key;
  const double programme = e.programme(0);
  e.discharge(0, beds);
  e.admit(0, beds);
  EXPECT_EQ(beds.total(ElectiveCount::kAdmitted), 0);
  EXPECT_EQ(beds.total(ElectiveCount::kCancelled), static_cast<std::int64_t>(std::floor(programme)));
  EXPECT_EQ(e.list(0).front().key, head);
  beds.waiting_ = 0;
  e.discharge(1, beds);
  e.admit(1, beds);
  ASSERT_FALSE(beds.admitted_keys.empty());
  EXPECT_EQ(beds.admitted_keys.front(), head);
  // The head had waited the longest: listed 30 days before the first day, admitted on the second.
  EXPECT_EQ(beds.waits.front(), 31);
}

// At the cancelling level, the day's electives are cancelled even with beds free; below it
// they are admitted.
TEST(Electives, AtTheCancellingLevelTheDaysElectivesAreCancelled) {
  ElectiveConfig c = config();
  c.cancel_at_level = 4;
  c.initial_wait_days = 30.0;
  OneSite site(c, 100000, 10, 6);
  Electives& e = site.electives;
  Beds& beds = site.beds;
  beds.level_ = 4;
  e.admit(0, beds);
  EXPECT_EQ(beds.total(ElectiveCount::kAdmitted), 0);
  EXPECT_GT(beds.total(ElectiveCount::kCancelled), 0);
  beds.level_ = 3;
  e.admit(1, beds);
  EXPECT_GT(beds.total(ElectiveCount::kAdmitted), 0);
}

// The first day's list is initial_wait_days of additions (Little's law), the longest waiting at
// the head; the beds hold the programme of the working days before it whose three nights are
// not over (those admitted one and two days before, on working days).
TEST(Electives, TheFirstDayHoldsTheListAndTheBedsOfTheDaysBefore) {
  ElectiveConfig c = config();
  c.initial_wait_days = 60.0;
  const OneSite monday(c, 100000, 10, 7);
  const Electives& e = monday.electives;
  EXPECT_EQ(e.listed(0), std::llround(60.0 * e.mean_additions(0)));
  EXPECT_EQ(e.list(0).front().listed, -60);
  EXPECT_GE(e.list(0).back().listed, -1);
  // Before a Monday: Sunday and Saturday, no bookings; so nobody from the days before is in.
  EXPECT_EQ(monday.beds.occupied(), 0);
  // From a Thursday, Wednesday's and Tuesday's bookings are still in.
  const OneSite thursday(c, 100000, 10, 7, kMonday + 3);
  ASSERT_EQ(working_days(kMonday + 1, 2), 2);
  EXPECT_NEAR(static_cast<double>(thursday.beds.occupied()), 2.0 * thursday.electives.programme(0), 1.0);
}

// The programme: additions per working day over the run, times programme_ratio.
TEST(Electives, TheProgrammeIsTheAdditionsPerWorkingDay) {
  ElectiveConfig c = config();
  c.programme_ratio = 1.1;
  const sim::CounterRng rng(8);
  const int days = 730;
  Electives e(c, rng, {0}, 1, days, kMonday);
  e.set_base(residents());
  const double per_day = 100000.0 * 20.0 / 1000.0 / kDaysPerYear;
  EXPECT_DOUBLE_EQ(e.mean_additions(0), per_day);
  EXPECT_NEAR(e.programme(0), 1.1 * per_day * days / working_days(kMonday, days), 1e-12);
}

// In the hospital flow: one site of 100 beds with emergencies at about its capacity. Electives
// share the beds, so they are cancelled when the emergencies fill them; with the beds doubled
// the same patients are cancelled far less and more electives are done.
TEST(HospitalFlow, ElectivesCancelledFallWhenBedsAreAdded) {
  auto run_flow = [](std::int64_t beds) {
    FlowConfig c = flow_testing::quiet_config();
    c.acute.electives = config();
    c.acute.electives.cv = 1.0;
    const sim::CounterRng rng(12);
    constexpr int days = 365;
    FlowLayout l = flow_testing::layout(beds, 1, {});
    l.start_day = kMonday;
    HospitalFlow flow(c, l, rng, days);
    flow.set_elective_base(residents(200000));  // about 11 a day, 3 nights each: about 45 beds on weekdays
    flow_testing::TestWorld world;
    flow.fill_electives(world);
    for (int day = 0; day < days; ++day) {
      const std::int64_t n = sim::poisson(12.0, rng.uniform(999, 0, static_cast<std::uint32_t>(day)));  // 5 nights each: 60 beds
      std::vector<FlowPerson> admissions;
      for (std::int64_t k = 0; k < n; ++k) {
        admissions.push_back({static_cast<std::uint64_t>(day) << 16 | static_cast<std::uint64_t>(k), 0, 0, 50, 0,
                              LivingSetting::kOwnHome, EpisodeType::kLtcExacerbation});
      }
      flow.step(day, admissions, world);
      EXPECT_LE(flow.beds_occupied(0), flow.bed_limit(0));
    }
    return world.totals;
  };
  const auto tight = run_flow(100), ample = run_flow(200);
  const auto at = [](FlowCount k) { return static_cast<std::size_t>(k); };
  EXPECT_GT(tight[at(FlowCount::kElectiveCancellations)], 100);
  EXPECT_LT(ample[at(FlowCount::kElectiveCancellations)], tight[at(FlowCount::kElectiveCancellations)] / 10);
  EXPECT_GT(ample[at(FlowCount::kElectiveAdmissions)], tight[at(FlowCount::kElectiveAdmissions)]);
  EXPECT_EQ(tight[at(FlowCount::kElectiveAdditions)], ample[at(FlowCount::kElectiveAdditions)]);  // the same lists
  EXPECT_GT(tight[at(FlowCount::kElectiveBedDays)], 0);
}

// At full scale, the shipped baseline over two years against the same with 5% more beds in every
// year its capacity plan gives (2022 on): in 2022, fewer electives cancelled, more done, fewer
// waiting.
TEST(Electives, AtFullScaleAddingBedsCutsCancellationsAndTheList) {
  auto run_baseline = [](double beds_index) {
    ScenarioConfig c = *testing::baseline().model;
    c.run.years = 2;
    for (auto& [year, index] : c.flow.capacity_plan.acute_beds.by_year) index *= beds_index;
    RunOptions options;
    options.threads = 2;
    return run_simulation(c, options);
  };
  const RunResult base = run_baseline(1.0), more = run_baseline(1.05);
  const auto value = [](const RunResult& r, const char* measure) { return r.measures.value("2022", "system", "MSE", "all", measure); };
  EXPECT_GT(value(base, "elective_cancellations"), 100.0);
  EXPECT_LT(value(more, "elective_cancellations"), 0.5 * value(base, "elective_cancellations"));
  EXPECT_GT(value(more, "elective_admissions"), value(base, "elective_admissions"));
  EXPECT_LT(value(more, "elective_waiting_list"), value(base, "elective_waiting_list"));
  // Electives use about a twentieth of the beds, and count in the occupancy.
  const double share = value(base, "elective_bed_days") / (value(base, "bed_days") + value(base, "elective_bed_days"));
  EXPECT_GT(share, 0.03);
  EXPECT_LT(share, 0.12);
}

}  // namespace
}  // namespace icsim::agents
