// The emergency department on its own, and through the hospital flow:
// - exact: with room and staff for everyone, each patient's time is their own handover,
//   clinician and investigation times; a bed patient leaves when a bed is ready, in order of
//   decision; an admitted patient in the last space holds up the next ambulance's handover;
// - Erlang C: with Poisson arrivals, exponential clinician times and c clinicians, the mean
//   wait for a clinician is the M/M/c queue's, within 4 standard errors of independent
//   replications (fixed seeds, so never flaky); with one clinician and lognormal times, the
//   M/G/1 queue's (Pollaczek-Khinchine), likewise;
// - through the flow: with unlimited beds, spaces and clinicians, nobody waits for a bed and the
//   4-hour count is what the treatment times alone give.
#include "agents/emergency_department.hpp"
#include "agents/hospital_flow.hpp"
#include "tests/agents/flow_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>

#include "sim/rng.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// Records every departure by the patient's ref; every bed offered is taken unless listed.
class Recorder : public AeWorld {
 public:
  void depart(const AeDeparture& d) override { left[d.ref] = d; }
  bool takes_bed(int ref) override { return !declines.contains(ref); }
  std::map<int, AeDeparture> left;
  std::map<int, bool> declines;
};

std::array<int, 24> all_day(int n) {
  std::array<int, 24> c{};
  c.fill(n);
  return c;
}

AePatient patient(int ref, double arrival, double clinician, double workup, bool bed = false, bool ambulance = false) {
  AePatient p;
  p.ref = ref;
  p.arrival = arrival;
  p.clinician_hours = clinician;
  p.workup_hours = workup;
  p.bed = bed;
  p.ambulance = ambulance;
  p.space = ambulance;
  p.handover_hours = ambulance ? 0.25 : 0.0;
  return p;
}

TEST(EmergencyDepartment, WithRoomForEveryoneEachTimeIsThePatientsOwn) {
  EmergencyDepartment ed(100, all_day(100));
  ed.offer_beds(100, {});
  ed.arrive(patient(1, 1.0, 0.5, 2.0));
  ed.arrive(patient(2, 1.5, 1.0, 3.5, true, true));
  ed.arrive(patient(3, 23.5, 0.5, 1.0));  // crosses midnight
  Recorder world;
  ed.run(24.0, -1.0, world);
  ASSERT_EQ(world.left.size(), 2u);
  EXPECT_DOUBLE_EQ(world.left[1].departure, 3.5);
  EXPECT_DOUBLE_EQ(world.left[2].handed_over, 1.75);
  EXPECT_DOUBLE_EQ(world.left[2].decision, 6.25);
  EXPECT_DOUBLE_EQ(world.left[2].departure, 6.25);  // a bed was ready
  EXPECT_TRUE(world.left[2].bed);
  EXPECT_EQ(ed.in_department(), 1);
  ed.offer_beds(100, {});
  ed.run(48.0, 0.0, world);
  EXPECT_DOUBLE_EQ(world.left[3].departure, 25.0);
  EXPECT_EQ(ed.in_department(), 0);
}

TEST(EmergencyDepartment, BedsGoInOrderOfDecisionAsTheyAreReady) {
  EmergencyDepartment ed(100, all_day(100));
  ed.offer_beds(0, {10.0, 12.0});
  ed.arrive(patient(1, 1.0, 0.0, 1.0, true));  // decision at 2
  ed.arrive(patient(2, 0.5, 0.0, 2.5, true));  // decision at 3
  ed.arrive(patient(3, 2.0, 0.0, 2.0, true));  // decision at 4
  Recorder world;
  ed.run(24.0, -1.0, world);
  EXPECT_DOUBLE_EQ(world.left[1].departure, 10.0);
  EXPECT_DOUBLE_EQ(world.left[2].departure, 12.0);
  EXPECT_FALSE(world.left.contains(3));
  EXPECT_EQ(ed.waiting_for_bed(), 1);
  // Today's offer replaces yesterday's: one bed at once.
  ed.offer_beds(1, {});
  ed.run(48.0, -1.0, world);
  EXPECT_DOUBLE_EQ(world.left[3].departure, 24.0);
  EXPECT_DOUBLE_EQ(world.left[3].decision, 4.0);
}

TEST(EmergencyDepartment, AnAdmittedPatientInTheLastSpaceHoldsUpTheNextHandover) {
  EmergencyDepartment ed(1, all_day(10));
  ed.offer_beds(0, {9.0});
  ed.arrive(patient(1, 1.0, 0.5, 0.5, true, true));  // handed over 1.25, decision 2.25, bed at 9
  ed.arrive(patient(2, 3.0, 0.5, 0.5, false, true));  // waits for the space until 9
  Recorder world;
  ed.run(24.0, -1.0, world);
  EXPECT_DOUBLE_EQ(world.left[1].departure, 9.0);
  EXPECT_DOUBLE_EQ(world.left[2].handed_over, 9.25);
  EXPECT_DOUBLE_EQ(world.left[2].departure, 10.25);
}

TEST(EmergencyDepartment, ACancelledPatientFreesTheirSpaceAndIsNotCounted) {
  EmergencyDepartment ed(1, all_day(10));
  ed.offer_beds(0, {});
  const int slot = ed.arrive(patient(1, 1.0, 0.5, 0.5, true, true));
  ed.arrive(patient(2, 3.0, 0.5, 0.5, false, true));
  Recorder world;
  ed.run(5.0, -1.0, world);
  EXPECT_EQ(ed.waiting_for_bed(), 1);
  ed.cancel(slot);  // died while waiting for a bed
  ed.run(24.0, -1.0, world);
  EXPECT_FALSE(world.left.contains(1));
  EXPECT_DOUBLE_EQ(world.left[2].handed_over, 5.25);
  EXPECT_EQ(ed.in_department(), 0);
}

TEST(EmergencyDepartment, PatientsWaitingTooLongForABedAreTransferred) {
  EmergencyDepartment ed(10, all_day(10));
  ed.offer_beds(0, {});
  ed.arrive(patient(1, 1.0, 0.0, 1.0, true));
  Recorder world;
  ed.run(24.0, -1.0, world);
  ed.run(48.0, 0.0, world);  // decided at 2: not before 0
  EXPECT_FALSE(world.left.contains(1));
  ed.run(72.0, 24.0, world);
  ASSERT_TRUE(world.left.contains(1));
  EXPECT_TRUE(world.left[1].transferred);
  EXPECT_DOUBLE_EQ(world.left[1].departure, 48.0);
}

// Erlang C: probability that an arrival finds all c servers busy, offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c;
  const double rho = a / c;
  return last / (1.0 - rho) / (sum + last / (1.0 - rho));
}

// The mean wait for a clinician and its standard error over 20 independent replications of
// `days` days (the first 10 and the last left out): Poisson arrivals at `lambda` an hour, `c`
// clinicians all day, no workup, each clinician time drawn by service(block of the patient).
template <class Service>
std::pair<double, double> clinician_wait(int c, double lambda, int days, std::uint64_t seed, Service&& service) {
  constexpr int warm_up_days = 10;
  std::vector<double> waits;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    const sim::CounterRng rng(seed + rep);
    EmergencyDepartment ed(1000, all_day(c));
    Recorder world;
    double t = 0.0;
    int ref = 0;
    std::map<int, double> times;
    for (int day = 0; day < days; ++day) {
      ed.offer_beds(0, {});
      while (true) {
        const sim::RandomBlock b = rng.block(1, rep, static_cast<std::uint32_t>(ref));
        const double next = t + sim::standard_exponential(sim::unit_word(b[0])) / lambda;
        if (next >= 24.0 * (day + 1)) break;
        t = next;
        times[ref] = service(b);
        ed.arrive(patient(ref, t, times[ref], 0.0));
        ++ref;
      }
      ed.run(24.0 * (day + 1), -1.0, world);
    }
    double sum = 0.0;
    int n = 0;
    for (const auto& [r, d] : world.left) {
      if (d.arrival < 24.0 * warm_up_days || d.arrival > 24.0 * (days - 1)) continue;
      sum += d.decision - d.arrival - times[r];
      ++n;
    }
    waits.push_back(sum / n);
  }
  const double n = static_cast<double>(waits.size());
  const double mean = std::accumulate(waits.begin(), waits.end(), 0.0) / n;
  double ss = 0.0;
  for (double w : waits) ss += (w - mean) * (w - mean);
  return {mean, std::sqrt(ss / (n - 1.0) / n)};
}

TEST(EmergencyDepartment, TheWaitForAClinicianIsTheMMcQueues) {
  constexpr int c = 6;
  constexpr double lambda = 10.0, mean_service = 0.5;  // per hour; hours: load 5 of 6
  const auto [mean, se] = clinician_wait(c, lambda, 200, 700, [&](const sim::RandomBlock& b) {
    return mean_service * sim::standard_exponential(sim::unit_word(b[1]));
  });
  const double a = lambda * mean_service;
  const double expected = erlang_c(c, a) * mean_service / (c - a);  // Wq = C / (c mu - lambda)
  EXPECT_NEAR(mean, expected, 4 * se) << "expected " << expected;
  EXPECT_LT(se, 0.05 * expected);  // the test can tell a 20% error apart
}

// M/G/1: one clinician and lognormal clinician times with the model's spread (cv 0.8). The
// Pollaczek-Khinchine formula gives the mean wait exactly, Wq = lambda E[S^2] / (2 (1 - rho))
// with E[S^2] = m^2 (1 + cv^2); the simulated mean is within 4 standard errors of independent
// replications, and the exponential's own formula (cv 1) is far outside them.
TEST(EmergencyDepartment, TheWaitForOneClinicianWithLognormalTimesIsPollaczekKhinchine) {
  constexpr double lambda = 1.5, mean_service = 0.5, cv = 0.8;  // per hour; hours: load 0.75
  const auto [mean, se] = clinician_wait(1, lambda, 400, 900, [&](const sim::RandomBlock& b) {
    return sim::lognormal(mean_service, cv, sim::unit_word(b[1]), sim::unit_word(b[2]));
  });
  const double rho = lambda * mean_service;
  const auto pk = [&](double c) { return lambda * mean_service * mean_service * (1.0 + c * c) / (2.0 * (1.0 - rho)); };
  EXPECT_NEAR(mean, pk(cv), 4 * se) << "expected " << pk(cv);
  EXPECT_GT(std::abs(mean - pk(1.0)), 4 * se) << "the test tells the lognormal from the exponential";
}

// The flow with the department on, and room for everyone: beds, spaces and clinicians.
FlowConfig roomy_department() {
  FlowConfig c = flow_testing::quiet_config();
  EmergencyDepartmentConfig& ed = c.emergency_department;
  ed.on = true;
  ed.walk_in_by_hour.fill(1.0);
  ed.ambulance_by_hour.fill(1.0);
  ed.discharges_by_hour.fill(1.0);
  ed.clinicians_by_hour.fill(1e4);
  ed.spaces_per_100_beds = 1e4;
  ed.clinician_minutes = {30, 60, 30};  // emergency, urgent, minor
  ed.workup_hours = {2.0, 2.5, 4.0};
  ed.cv = 0.0;  // every time is its mean: the 4-hour count is known in advance
  ed.handover_minutes = 0.0;
  return c;
}

TEST(EmergencyDepartment, WithUnlimitedBedsAndStaffOnlyTreatmentTimesBreachFourHours) {
  const FlowConfig c = roomy_department();
  const sim::CounterRng rng(5);
  HospitalFlow flow(c, flow_testing::layout(100000, 1, {}), rng, 62);
  flow_testing::TestWorld world;
  std::int64_t minors = 0, admitted = 0, attendances = 0;
  for (int day = 0; day < 62; ++day) {  // no one arrives in the last two days: all have left
    std::vector<FlowPerson> admissions, visits;
    for (std::uint64_t k = 0; day < 60 && k < 40; ++k) {
      FlowPerson p{static_cast<std::uint64_t>(day) << 16 | k, 0, 0, 70, 1, LivingSetting::kOwnHome, EpisodeType::kInfection};
      p.via_ae = true;
      p.acuity = enumerator<Urgency>(static_cast<std::size_t>(k % 3));
      p.ambulance = k % 2 == 0;
      if (p.acuity == Urgency::kMinor) ++minors;
      ++attendances;
      if (k % 4 == 0 && p.acuity != Urgency::kMinor) {
        admissions.push_back(p);
        ++admitted;
      } else {
        visits.push_back(p);
      }
    }
    flow.begin_day(day, world);
    flow.end_day(day, admissions, visits, world);
  }
  // Everyone has left A&E; only minors (30 minutes with a clinician and 4 hours of
  // investigations) took over 4 hours, and no one waited for a bed.
  EXPECT_EQ(world.total(FlowCount::kAeTimedAttendances), attendances);
  EXPECT_EQ(world.total(FlowCount::kAeOver4h), minors);
  EXPECT_EQ(world.total(FlowCount::kAeOver12h), 0);
  EXPECT_EQ(world.total(FlowCount::kAeDtaOver12h), 0);
  EXPECT_EQ(world.total(FlowCount::kAeWaits), 0);
  EXPECT_EQ(world.total(FlowCount::kHandoversOver30m), 0);
  EXPECT_EQ(world.total(FlowCount::kAdmittedHere), admitted);
  EXPECT_EQ(flow.department(0)->waiting_for_bed(), 0);
}

TEST(EmergencyDepartment, WithTooFewBedsAdmittedPatientsWaitAndTheirWaitsAreCounted) {
  FlowConfig c = roomy_department();
  c.stay.mean_days.fill(6.0);  // 20 beds free about 3.3 a day for 5 admissions a day
  c.acute.max_ae_wait_days = 2;
  const sim::CounterRng rng(6);
  HospitalFlow flow(c, flow_testing::layout(20, 1, {}), rng, 30);
  flow_testing::TestWorld world;
  for (int day = 0; day < 30; ++day) {
    std::vector<FlowPerson> admissions;
    for (std::uint64_t k = 0; k < 5; ++k) {
      FlowPerson p{static_cast<std::uint64_t>(day) << 16 | k, 0, 0, 70, 1, LivingSetting::kOwnHome, EpisodeType::kInfection};
      p.via_ae = true;
      admissions.push_back(p);
    }
    flow.begin_day(day, world);
    flow.end_day(day, admissions, {}, world);
    EXPECT_LE(flow.beds_occupied(0), 20);
  }
  EXPECT_GT(world.total(FlowCount::kAeDtaOver12h), 0);
  EXPECT_GT(world.total(FlowCount::kAeWaits), 0);
  EXPECT_GT(world.total(FlowCount::kTransfersOut), 0);
  // Every admission is in a bed, waiting for one, discharged, or was transferred out.
  EXPECT_EQ(flow.inpatients(), 150 - world.total(FlowCount::kDischargeFirst) - world.total(FlowCount::kTransfersOut));
}

}  // namespace
}  // namespace icsim::agents
