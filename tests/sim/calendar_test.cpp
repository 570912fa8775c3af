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
// England's bank holidays as published (gov.uk), 2020 to 2023, with the years' moved and
// one-off days, and nothing else in those years.
TEST(Calendar, BankHolidaysOfEnglandAsPublished) {
  const std::vector<std::string> published = {
      "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28",
      "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28",
      "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
      "2022-12-26", "2022-12-27", "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
      "2023-08-28", "2023-12-25", "2023-12-26"};
  std::vector<std::string> found;
  for (DayNumber d = day_number(std::chrono::year{2020} / 1 / 1); d < day_number(std::chrono::year{2024} / 1 / 1); ++d) {
    if (is_bank_holiday(d)) found.push_back(iso_date(civil_date(d)));
    EXPECT_EQ(is_working_day(d), !is_weekend(d) && !is_bank_holiday(d));
  }
  EXPECT_EQ(found, published);
  // Easter in a year of its own rule's edge: 2038 has Easter Sunday on 25 April.
  EXPECT_TRUE(is_bank_holiday(day_number(std::chrono::year{2038} / 4 / 23)));
  EXPECT_TRUE(is_bank_holiday(day_number(std::chrono::year{2038} / 4 / 26)));
}

}  // namespace icsim::sim
