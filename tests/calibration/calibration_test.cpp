// The calibrated baseline stays within tolerance of its published targets.
#include <cmath>

#include <gtest/gtest.h>

#include "agents/simulation.hpp"
#include "calibration/targets.hpp"
#include "scenarios/loader.hpp"

namespace icsim::calibration {
namespace {

TEST(Calibration, BaselineMeetsEveryTargetAtOneFifthScale) {
  // One fifth of the population keeps the smallest target (infants' admissions, about 900 a
  // year) within 4 standard errors (about 13%) of its full-scale value... so the tolerance
  // checked here is the report's 10% plus 4 standard errors of a Poisson count of that size.
  const std::string path = std::string(ICSIM_SOURCE_DIR) + "/scenarios/mse-baseline.json";
  const int years = years_needed(scenarios::load_scenario(path, {std::nullopt, std::nullopt, 0.2}).model->calibration);
  const auto loaded = scenarios::load_scenario(path, {std::nullopt, years, 0.2});
  ASSERT_FALSE(loaded.model->calibration.empty());
  agents::RunOptions options;
  options.threads = 2;
  const auto result = agents::run_simulation(*loaded.model, options);
  const std::vector<double> values = simulated_values(loaded.model->calibration, result.measures);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const auto& target = loaded.model->calibration[k];
    const double value = values[k];
    EXPECT_TRUE(std::isfinite(value)) << target.key;
    const double allowance = loaded.model->calibration_tolerance + 4.0 / std::sqrt(900.0);
    EXPECT_LE(std::abs(value - target.value) / target.value, allowance)
        << target.key << ": simulated " << value << " against " << target.value;
  }
}

TEST(Calibration, SummaryIntervalFollowsStudentsT) {
  agents::CalibrationTarget t;
  t.key = "k";
  t.value = 10.0;
  const auto s = summarise({t}, {{9.0}, {11.0}}, 0.1);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_DOUBLE_EQ(s[0].mean, 10.0);
  // n = 2: t(0.975, 1) = 12.706; sd = sqrt(2); half-width = 12.706 * sqrt(2) / sqrt(2).
  EXPECT_NEAR(s[0].high - s[0].mean, 12.7062, 1e-3);
  EXPECT_TRUE(s[0].met);
}

}  // namespace
}  // namespace icsim::calibration
