// The calibrated baseline stays within tolerance of its published targets.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "agents/simulation.hpp"
#include "calibration/section.hpp"
#include "calibration/targets.hpp"
#include "scenarios/loader.hpp"
#include "tests/test_support.hpp"

namespace icsim::calibration {
namespace {

// Targets of A&E time in department, whose queues depend on the size of their departments and
// hospitals: a fifth of the world is a different system, so they are checked at full scale.
bool queue_driven(const Target& t) {
  for (const std::string& m : t.numerator) {
    if (m.starts_with("ae_waits_") || m.starts_with("ae_dta_") || m.starts_with("ambulance_handovers_")) return true;
  }
  return false;
}

TEST(Calibration, BaselineMeetsEveryTargetAtOneFifthScale) {
  // One fifth of the population keeps the smallest target (infants' admissions, about 900 a
  // year) within 4 standard errors (about 13%) of its full-scale value... so the tolerance
  // checked here is the report's 10% plus 4 standard errors of a Poisson count of that size.
  const std::string path = std::string(ICSIM_SOURCE_DIR) + "/scenarios/mse-baseline.json";
  Settings calibration;
  scenarios::load_scenario(path, {std::nullopt, std::nullopt, 0.2}, scenarios::read_input_file, {section_reader(&calibration)});
  ASSERT_FALSE(calibration.targets.empty());
  const auto loaded = scenarios::load_scenario(path, {std::nullopt, years_needed(calibration.targets), 0.2});
  agents::RunOptions options;
  options.threads = 2;
  const auto result = agents::run_simulation(*loaded.model, options);
  const std::vector<double> values = simulated_values(calibration.targets, result.measures);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const auto& target = calibration.targets[k];
    const double value = values[k];
    EXPECT_TRUE(std::isfinite(value)) << target.key;
    if (!target.fitted || queue_driven(target)) continue;  // reported, not fitted; or checked at full scale
    const double allowance = calibration.tolerance + 4.0 / std::sqrt(900.0);
    EXPECT_LE(std::abs(value - target.value) / target.value, allowance)
        << target.key << ": simulated " << value << " against " << target.value;
  }
}

// The queue-driven targets at full scale over the years they need, the mean of three seeds (the
// run's and the next two). One run's value varies from seed to seed (docs/calibration.md's
// interval over 10 seeds): the 4-hour share by about 2% of its mean, the 12-hour waits from
// decision to admit by about a quarter. The allowance is the report's 10% plus three standard
// errors of the mean of three, 3 x spread / sqrt(3): this checks the level, the report the fit.
TEST(Calibration, BaselineMeetsItsQueueDrivenTargetsAtFullScale) {
  const std::string path = std::string(ICSIM_SOURCE_DIR) + "/scenarios/mse-baseline.json";
  Settings calibration;
  scenarios::load_scenario(path, {}, scenarios::read_input_file, {section_reader(&calibration)});
  std::vector<Target> targets;
  for (const Target& t : calibration.targets) {
    if (t.fitted && queue_driven(t)) targets.push_back(t);
  }
  ASSERT_EQ(targets.size(), 2u);  // the 4-hour share and the 12-hour waits from decision to admit
  const auto loaded = scenarios::load_scenario(path, {std::nullopt, years_needed(targets), std::nullopt});
  constexpr int kSeeds = 3;
  std::vector<double> mean(targets.size(), 0.0);
  for (int r = 0; r < kSeeds; ++r) {
    agents::ScenarioConfig config = *loaded.model;
    config.run.seed += static_cast<std::uint64_t>(r);
    agents::RunOptions options;
    options.threads = 2;
    const std::vector<double> values = simulated_values(targets, agents::run_simulation(config, options).measures);
    for (std::size_t k = 0; k < values.size(); ++k) mean[k] += values[k] / kSeeds;
  }
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double spread = targets[k].numerator.front().starts_with("ae_dta_") ? 0.25 : 0.02;
    const double allowance = calibration.tolerance + 3.0 * spread / std::sqrt(static_cast<double>(kSeeds));
    EXPECT_LE(std::abs(mean[k] - targets[k].value) / targets[k].value, allowance)
        << targets[k].key << ": simulated " << mean[k] << " against " << targets[k].value;
  }
}

TEST(Calibration, TargetsAreReadWithTheirYearsAndTheSectionsDefaults) {
  Settings calibration;
  scenarios::load_scenario(testing::baseline_path(), {}, scenarios::read_input_file, {section_reader(&calibration)});
  EXPECT_DOUBLE_EQ(calibration.tolerance, 0.10);
  EXPECT_EQ(calibration.year, 1);
  ASSERT_FALSE(calibration.targets.empty());
  const Target& first = calibration.targets.front();
  EXPECT_EQ(first.key, "ae_rate_all_types_per1000");
  EXPECT_EQ(first.numerator, (std::vector<std::string>{"ae_attendances", "utc_attendances"}));
  EXPECT_EQ(first.denominator_groups, std::vector<std::string>{"all"});
  EXPECT_DOUBLE_EQ(first.per, 1000.0);
  EXPECT_EQ(first.year, 1);
  EXPECT_TRUE(first.fitted);
  // Criteria to reside (delayed transfers): a figure derived outside the calibration pack that
  // the baseline is fitted to (tools/make_mse_world.py, FITTED_BEYOND_THE_PACK), in year 2.
  const auto nctr = std::find_if(calibration.targets.begin(), calibration.targets.end(),
                                 [](const Target& t) { return t.key == "nctr_delayed_days_england_feb2022"; });
  ASSERT_NE(nctr, calibration.targets.end());
  EXPECT_TRUE(nctr->fitted);
  EXPECT_EQ(nctr->numerator, std::vector<std::string>{"delayed_transfer_days"});
  EXPECT_EQ(nctr->year, 2);
}

// A month's target is that month's count per day over its year's per day: February 2022 with
// 280 admissions in 28 days, against 3,650 in 365, is 10 / 10 = 1.0; January's 341 in 31 is 1.1.
TEST(Calibration, AMonthsTargetComparesItsRatePerDayWithTheYears) {
  sim::MeasureTable m({"2022-01", "2022-02", "2022"}, {{"system", "MSE", "MSE"}}, {"all"}, {"emergency_admissions"});
  m.at(0, 0, 0, 0) = 341;
  m.at(1, 0, 0, 0) = 280;
  m.at(2, 0, 0, 0) = 3650;
  Target t{"index", 1.0, "", {"emergency_admissions"}, {"all"}, {"emergency_admissions"}, {"all"}, 1.0, "", "", 1};
  t.month = 2;
  EXPECT_DOUBLE_EQ(simulated_value(t, m, "2022"), 1.0);
  t.month = 1;
  EXPECT_DOUBLE_EQ(simulated_value(t, m, "2022"), 1.1);
  EXPECT_EQ(period_label(t), "1 (Jan)");
  EXPECT_EQ(format_value(t, 1.1), "1.100");
  t.month = 0;
  EXPECT_DOUBLE_EQ(simulated_value(t, m, "2022"), 1.0);  // the year's own ratio
  EXPECT_EQ(period_label(t), "1");
}

// Bad names are bad input only to a loader given the section reader, and then together with
// every other problem of the scenario.
TEST(Calibration, UnknownNamesAreReportedWithEveryOtherProblem) {
  testing::TempDir dir;
  const auto file = testing::write_what_if(dir, R"("calibration": {"targets": [{"key": "k", "value": 1, "unit": "u",
      "numerator": "ae_attendances nonsense", "numerator_groups": "all", "denominator": "person_years",
      "denominator_groups": "all", "per": 1000}]},
      "care_pathway": {"nodes": {"gp": {"routes": [{"when": {"min_age": 90, "max_age": 10}, "to": {"ae": 0.1}}, {"to": {"ae": 0.1}}]}}})");
  auto problems = [&](const std::vector<scenarios::SectionReader>& sections) -> std::string {
    try {
      scenarios::load_scenario(file, {}, scenarios::read_input_file, sections);
    } catch (const scenarios::ScenarioError& e) {
      return e.what();
    }
    return "loaded";
  };
  const std::string pathway = file.string() + ":/care_pathway/nodes/gp/routes/0/when/min_age: min_age above max_age (got 90 and 10; "
                                              "expected min_age at most max_age, or the route applies to nobody)\n";
  EXPECT_EQ(problems({}), pathway);
  EXPECT_EQ(problems({section_reader()}), pathway + file.string() +
                                                ":/calibration/targets/0/numerator: unknown measure (got \"nonsense\"; "
                                                "expected a measure listed in docs/measures.md)\n");
}

TEST(Calibration, SummaryIntervalFollowsStudentsT) {
  Target t;
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
