// Simulation time: a day count from the start date, with the months and years used to report.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icsim::sim {

// Days since 1970-01-01 in the proleptic Gregorian calendar.
using DayNumber = std::int32_t;

DayNumber day_number(std::chrono::year_month_day date);
std::chrono::year_month_day civil_date(DayNumber day);
// ISO weekday: 1 Monday to 7 Sunday.
int iso_weekday(DayNumber day);
// Saturday or Sunday.
bool is_weekend(DayNumber day);
// A bank holiday in England: New Year's Day, Good Friday, Easter Monday, the May, spring and
// summer Mondays, Christmas and Boxing Day (moved to the next weekdays when they fall at a
// weekend), with the changes proclaimed for 2020, 2022 and 2023.
bool is_bank_holiday(DayNumber day);
// Neither a weekend nor a bank holiday.
bool is_working_day(DayNumber day);
// Parses "YYYY-MM-DD"; nullopt if malformed or not a real date.
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);
std::string iso_date(std::chrono::year_month_day date);

// A reporting period: a calendar month, or a calendar year (clipped to the horizon).
struct Period {
  std::string label;      // "YYYY-MM" or "YYYY"
  DayNumber first_day;    // inclusive, absolute day number
  DayNumber end_day;      // exclusive
};

// The horizon of a run, from its first day for a whole number of years. Simulation days are
// indexed 0..num_days()-1; months and years are the calendar's, clipped to the horizon.
class Calendar {
 public:
  Calendar(std::chrono::year_month_day start, int years);

  DayNumber start_day() const { return start_day_; }
  int num_days() const { return num_days_; }
  DayNumber absolute(int sim_day) const { return start_day_ + sim_day; }
  // Months of the horizon in order; month_of_day maps a simulation day to its index here.
  const std::vector<Period>& months() const { return months_; }
  const std::vector<Period>& years() const { return years_; }
  int month_of_day(int sim_day) const { return month_index_[static_cast<std::size_t>(sim_day)]; }
  bool is_last_day_of_month(int sim_day) const;
  // Index into years() of a month.
  int year_of_month(int month) const { return year_of_month_[static_cast<std::size_t>(month)]; }

 private:
  DayNumber start_day_;
  int num_days_;
  std::vector<Period> months_;
  std::vector<Period> years_;
  std::vector<int> month_index_;
  std::vector<int> year_of_month_;
};

}  // namespace icsim::sim
