// Where people die: end-of-life admissions bring deaths in hospital to the published share, come
// only before a death, and fall when community end-of-life care is funded, by what that care
// prevents. Full scale (beds are shared), two years, one seed; the runs compared share their
// random streams, so they differ only where the mechanism acts.
#include <cmath>

#include <gtest/gtest.h>

#include "agents/simulation.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

RunResult run(bool end_of_life, double budget) {
  ScenarioConfig c = *testing::baseline().model;
  c.run.years = 2;
  c.health.end_of_life.on = end_of_life;
  c.programmes.programmes[kCommunityEndOfLifeCare].budget_gbp_per_year = budget;
  RunOptions options;
  options.threads = 2;
  return run_simulation(c, options);
}

double value(const RunResult& r, const char* measure) { return r.measures.value("2022", "system", "MSE", "all", measure); }

TEST(EndOfLife, DeathsInHospitalComeToThePublishedShareOnlyWithTheMechanism) {
  const RunResult off = run(false, 0.0), on = run(true, 0.0);
  EXPECT_EQ(value(off, "end_of_life_admissions"), 0.0);
  // Off, deaths in hospital are only those of patients already in for an episode: a few per cent.
  EXPECT_LT(value(off, "hospital_deaths"), 0.05 * value(off, "deaths"));
  // On: England's 43.4% in 2022 (OHID), within the calibration's 10%.
  EXPECT_NEAR(value(on, "hospital_deaths") / value(on, "deaths"), 0.434, 0.0434);
  // An end-of-life admission is an emergency admission through A&E, on top of the episodes'.
  const double eol = value(on, "end_of_life_admissions");
  EXPECT_GT(eol, 0.3 * value(on, "deaths"));
  EXPECT_GT(value(on, "emergency_admissions"), value(off, "emergency_admissions"));
  // Those admitted die there unless transferred out of the System or admitted elsewhere
  // (out_of_area_share): the deaths added are at least that share of the admissions, less four
  // binomial standard errors.
  const double kept = 1.0 - testing::baseline().model->flow.acute.out_of_area_share;
  const double added = value(on, "hospital_deaths") - value(off, "hospital_deaths");
  EXPECT_GT(added, kept * eol - 4.0 * std::sqrt(eol * kept * (1.0 - kept)));
  EXPECT_LE(added, eol);
}

TEST(EndOfLife, FundedCommunityEndOfLifeCareMovesDeathsOutOfHospital) {
  const RunResult base = run(true, 0.0), funded = run(true, 6e6);
  const double prevented = value(funded, "end_of_life_admissions_prevented");
  EXPECT_EQ(value(base, "end_of_life_admissions_prevented"), 0.0);
  EXPECT_GT(prevented, 0.05 * value(base, "end_of_life_admissions"));
  // The same end-of-life events in both runs: each prevented admission is one fewer admitted,
  // up to the Poisson noise of the few lives that then run differently (four standard errors).
  const double admitted = value(base, "end_of_life_admissions") - value(funded, "end_of_life_admissions");
  EXPECT_NEAR(admitted, prevented, 4.0 * std::sqrt(prevented));
  EXPECT_LT(value(funded, "hospital_deaths"), value(base, "hospital_deaths") - 0.5 * prevented);
  EXPECT_LT(value(funded, "bed_days"), value(base, "bed_days"));
}

}  // namespace
}  // namespace icsim::agents
