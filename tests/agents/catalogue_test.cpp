// The measure catalogue and the daily pipeline: their derived positions, the checks they make
// when the code compiles, and the documentation generated from them.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "agents/measures.hpp"
#include "agents/pipeline.hpp"

namespace icsim::agents {
namespace {

std::string between_markers(const std::string& file, const std::string& marker) {
  std::ifstream in(std::string(ICSIM_SOURCE_DIR) + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- " + marker + ":begin -->\n";
  const auto start = doc.find(begin);
  const auto end = doc.find("<!-- " + marker + ":end -->");
  if (start == std::string::npos || end == std::string::npos) return "(markers missing in " + file + ")";
  return doc.substr(start + begin.size(), end - start - begin.size());
}

TEST(MeasureCatalogue, DocumentationIsCurrent) {
  EXPECT_EQ(between_markers("docs/measures.md", "measures"), measures_markdown())
      << "docs/measures.md is out of date: run tools/update-docs";
}

TEST(MeasureCatalogue, NamesAreUniqueAndFamiliesExpand) {
  const auto names = measure_names();
  EXPECT_EQ(names.size(), kMeasures);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  EXPECT_EQ(names[measure_index("outcome_self_care")], "outcome_self_care");
  EXPECT_EQ(names[measure_index("prevalence_cancer")], "prevalence_cancer");
  EXPECT_EQ(names[measure_index("cost_social_care_gbp")], "cost_social_care_gbp");
  // Routers are not outcomes: the family starts after them.
  EXPECT_EQ(std::count(names.begin(), names.end(), "outcome_router"), 0);
  EXPECT_EQ(measure_index("outcome_self_care") + kServiceKinds - 2, measure_index("outcome_emergency_admission"));
}

TEST(MeasureCatalogue, SlotsAndColumnsFollowTheTable) {
  EXPECT_EQ(counted_slot("births"), 0);
  EXPECT_EQ(counted_family("outcome_")[static_cast<std::size_t>(ServiceKind::kSelfCare)], counted_slot("care_home_needs_prevented") + 1);
  EXPECT_EQ(kHospitalFirst, counted_family("outcome_")[static_cast<std::size_t>(ServiceKind::kEmergencyAdmission)] + 1);
  EXPECT_EQ(kStocks, 1 + kConditions + kFrailtyLevels + kLivingSettings);
  EXPECT_EQ(stock_column("living_care_home"), kStockSettings + static_cast<int>(LivingSetting::kCareHome));
  EXPECT_EQ(stock_column("frailty_severe"), kStockFrailty + 3);
}

TEST(MeasureCatalogue, NonAdditiveMeasuresAreTheRatiosAndBeds) {
  EXPECT_EQ(non_additive_measures(),
            (std::vector<std::string>{"elective_wait_mean", "elective_waiting_list", "beds_available", "bed_occupancy_rate", "opel_3_days", "opel_4_days", "length_of_stay_mean",
                                      "ae_share_over_4h", "days_at_home_per_resident_year"}));
}

TEST(MeasureCatalogue, FormulasReadTheirRow) {
  std::vector<double> values(kMeasures, 0.0);
  values[measure_index("bed_days")] = 300.0;
  values[measure_index("beds_available")] = 20.0;
  const UnitCosts costs{};
  const DerivedRow row{values.data(), 30.0, 20.0, {}, 0.0, &costs};
  EXPECT_DOUBLE_EQ(formulas::beds_occupied_mean(row), 10.0);
  values[measure_index("beds_occupied_mean")] = 10.0;
  EXPECT_DOUBLE_EQ(formulas::bed_occupancy_rate(row), 0.5);
  EXPECT_DOUBLE_EQ(formulas::length_of_stay_mean(row), 0.0);  // no spells ended: 0, not a division by 0
  EXPECT_DOUBLE_EQ(formulas::ae_share_over_4h(row), 0.0);     // no attendance timed
  values[measure_index("ae_timed_attendances")] = 400.0;
  values[measure_index("ae_waits_over_4h")] = 100.0;
  EXPECT_DOUBLE_EQ(formulas::ae_share_over_4h(row), 0.25);
}

TEST(Pipeline, DocumentationIsCurrent) {
  EXPECT_EQ(between_markers("docs/model.md", "pipeline"), pipeline_markdown())
      << "docs/model.md is out of date: run tools/update-docs";
}

void nothing(Run&, const Day&, std::size_t) {}
constexpr Phase phase(std::string_view name, Mode mode, bool alongside, States reads, States writes) {
  return {name, mode, Due::kEveryDay, alongside, reads, writes, nothing, nullptr, ""};
}

// The check the build makes on the pipeline table, on tables made to break it.
TEST(Pipeline, SideBySidePhasesMayNotShareWhatTheyWrite) {
  using enum State;
  constexpr Phase apart[] = {phase("a", Mode::kEachPcn, false, of(kEpisodes), of(kPathwayCounts)),
                             phase("b", Mode::kWhole, true, of(kHospital), of(kHospitalCounts))};
  static_assert(side_by_side_phases_are_apart(apart));
  constexpr Phase both_write[] = {phase("a", Mode::kEachPcn, false, of(kEpisodes), of(kRunningCounts)),
                                  phase("b", Mode::kWhole, true, of(kHospital), of(kRunningCounts))};
  static_assert(!side_by_side_phases_are_apart(both_write));
  constexpr Phase one_reads_what_the_other_writes[] = {phase("a", Mode::kEachPcn, false, of(kResidentState), of(kEpisodes)),
                                                       phase("b", Mode::kWhole, true, of(kHospital), of(kResidentState))};
  static_assert(!side_by_side_phases_are_apart(one_reads_what_the_other_writes));
  constexpr Phase same_mode[] = {phase("a", Mode::kWhole, false, 0, of(kEpisodes)), phase("b", Mode::kWhole, true, 0, of(kHospital))};
  static_assert(!side_by_side_phases_are_apart(same_mode));
  SUCCEED();
}

TEST(Pipeline, EveryPhaseHasAUniqueNameAndRuns) {
  std::set<std::string_view> names;
  for (const Phase& p : pipeline()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_NE(p.run, nullptr) << p.name;
  }
}

}  // namespace
}  // namespace icsim::agents
