// Calendar: day numbers, months and years of a horizon, leap years.
#include "sim/calendar.hpp"

#include <gtest/gtest.h>

namespace icsim::sim {
namespace {

using namespace std::chrono;

TEST(Calendar, DayNumbersRoundTrip) {
  EXPECT_EQ(day_number(year(1970) / 1 / 1), 0);
  EXPECT_EQ(day_number(year(2021) / 1 / 1), 18628);
  EXPECT_EQ(civil_date(18628), year(2021) / 1 / 1);
  EXPECT_EQ(iso_date(year(2024) / 2 / 29), "2024-02-29");
}

TEST(Calendar, ParsesOnlyRealDates) {
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2021-13-01"));
  EXPECT_FALSE(parse_iso_date("2021-1-01"));
  EXPECT_FALSE(parse_iso_date("yesterday"));
}

TEST(Calendar, TenYearsFromJanuaryHas120MonthsAnd10Years) {
  const Calendar c(year(2021) / 1 / 1, 10);
  EXPECT_EQ(c.num_days(), 3652);  // 2024 and 2028 are leap years
  ASSERT_EQ(c.months().size(), 120u);
  ASSERT_EQ(c.years().size(), 10u);
  EXPECT_EQ(c.months().front().label, "2021-01");
  EXPECT_EQ(c.months().back().label, "2030-12");
  EXPECT_EQ(c.years().back().label, "2030");
  EXPECT_EQ(c.month_of_day(30), 0);
  EXPECT_EQ(c.month_of_day(31), 1);
  EXPECT_TRUE(c.is_last_day_of_month(30));
  EXPECT_FALSE(c.is_last_day_of_month(29));
  EXPECT_EQ(c.year_of_month(119), 9);
}

TEST(Calendar, StartMidYearClipsYears) {
  const Calendar c(year(2021) / 4 / 1, 1);
  ASSERT_EQ(c.years().size(), 2u);
  EXPECT_EQ(c.years()[0].label, "2021");
  EXPECT_EQ(c.years()[0].end_day - c.years()[0].first_day, 275);  // April to December
  EXPECT_EQ(c.years()[1].end_day - c.years()[1].first_day, 90);   // January to March
  EXPECT_EQ(c.months().size(), 12u);
}

}  // namespace
}  // namespace icsim::sim
