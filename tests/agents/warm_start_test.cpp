// The warm start: the hospital begins at the configured occupancy with the configured share of
// patients fit to leave, taken by the residents who use beds most, and stays near that state
// (the drift a board would see in the manifest's warm_up); without it the hospital starts empty.
// Full scale (beds are shared), one year, one seed.
#include <cmath>

#include <gtest/gtest.h>

#include "agents/simulation.hpp"
#include "output/run_files.hpp"
#include "tests/test_support.hpp"

namespace icsim::agents {
namespace {

RunResult run(bool warm_start) {
  ScenarioConfig c = *testing::baseline().model;
  c.run.years = 1;
  c.flow.warm_start.on = warm_start;
  RunOptions options;
  options.threads = 2;
  return run_simulation(c, options);
}

TEST(WarmStart, TheHospitalStartsAtThePublishedStateAndStaysNearIt) {
  const WarmStartConfig& warm = testing::baseline().model->flow.warm_start;
  const RunResult on = run(true), off = run(false);
  const auto diagnostic = output::warm_up_diagnostic(on.occupancy, true);
  const auto cold = output::warm_up_diagnostic(off.occupancy, false);
  // The first night: the seated patients, plus the day's admissions that have reached a bed by
  // midnight, less those fit to go that day (each site can hold no more than its escalation
  // beds allow).
  const double first = diagnostic["first_day"]["occupancy"];
  EXPECT_GT(first, warm.occupancy - 0.03);
  EXPECT_LT(first, warm.occupancy + 0.06);
  EXPECT_LT(cold["first_day"]["occupancy"].get<double>(), 0.2);
  // Of some 1,680 seated, fit_share (13%) are fit on the first day; most of those wait for the
  // discharge process or an assessment, so the first night's delayed beds are of that order.
  const double seated = warm.occupancy * 1800.0;
  EXPECT_GT(diagnostic["first_day"]["delayed_beds"].get<double>(), 0.5 * warm.fit_share * seated);
  // The first three months stay within four points of the published state (February's seasonal
  // peak is the furthest, at about +3.7); cold, the first month is far below the third.
  for (const char* window : {"days_1_30", "days_31_60", "days_61_90"}) {
    EXPECT_LT(std::abs(diagnostic[window]["occupancy"].get<double>() - warm.occupancy), 0.04) << window;
  }
  EXPECT_LT(cold["days_1_30"]["occupancy"].get<double>(), cold["days_61_90"]["occupancy"].get<double>() - 0.05);
  // Seating admits nobody: the year's admissions are the same draws either way, to within the
  // few lives the fuller hospital changes.
  const double admissions_on = on.measures.value("2021", "system", "MSE", "all", "emergency_admissions");
  const double admissions_off = off.measures.value("2021", "system", "MSE", "all", "emergency_admissions");
  EXPECT_NEAR(admissions_on, admissions_off, 0.01 * admissions_off);
}

}  // namespace
}  // namespace icsim::agents
