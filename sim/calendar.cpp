// Calendar arithmetic on std::chrono's civil calendar.
#include "sim/calendar.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace icsim::sim {

using namespace std::chrono;

DayNumber day_number(year_month_day date) {
  return static_cast<DayNumber>(sys_days(date).time_since_epoch().count());
}

year_month_day civil_date(DayNumber day) { return year_month_day(sys_days(days(day))); }

int iso_weekday(DayNumber day) { return static_cast<int>(weekday(sys_days(days(day))).iso_encoding()); }

bool is_weekend(DayNumber day) { return iso_weekday(day) >= 6; }

namespace {

// Easter Sunday in the Gregorian calendar (the anonymous, or Meeus/Jones/Butcher, algorithm).
DayNumber easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return day_number(year{y} / month / day);
}

// The first Monday of the month, or with `last` the last.
DayNumber monday_of(int y, unsigned m, bool last) {
  const sys_days d = last ? sys_days(year{y} / month{m} / Monday[std::chrono::last]) : sys_days(year{y} / month{m} / Monday[1]);
  return static_cast<DayNumber>(d.time_since_epoch().count());
}

// The bank holidays of a year, in no order (unused entries are -1, never a day of the year).
std::array<DayNumber, 10> bank_holidays(int y) {
  std::array<DayNumber, 10> out;
  out.fill(-1);
  std::size_t n = 0;
  auto add = [&](DayNumber d) { out[n++] = d; };
  // New Year's Day, or the Monday after it at a weekend.
  const DayNumber new_year = day_number(year{y} / 1 / 1);
  add(new_year + (iso_weekday(new_year) == 6 ? 2 : iso_weekday(new_year) == 7 ? 1 : 0));
  const DayNumber easter = easter_sunday(y);
  add(easter - 2);
  add(easter + 1);
  // Early May: moved to Friday 8 May in 2020 (VE Day). Spring: moved to Thursday 2 June in 2022.
  add(y == 2020 ? day_number(year{2020} / 5 / 8) : monday_of(y, 5, false));
  add(y == 2022 ? day_number(year{2022} / 6 / 2) : monday_of(y, 5, true));
  add(monday_of(y, 8, true));
  // Christmas and Boxing Day, each at a weekend moved to the next weekday not already taken.
  const DayNumber christmas = day_number(year{y} / 12 / 25);
  const int w = iso_weekday(christmas);
  add(w >= 6 ? christmas + 2 : christmas);
  add(w == 5 || w == 6 ? christmas + 3 : christmas + 1);
  // One-off bank holidays: the Platinum Jubilee and the Queen's funeral; the King's coronation.
  if (y == 2022) {
    add(day_number(year{2022} / 6 / 3));
    add(day_number(year{2022} / 9 / 19));
  }
  if (y == 2023) add(day_number(year{2023} / 5 / 8));
  return out;
}

}  // namespace

bool is_bank_holiday(DayNumber day) {
  const std::array<DayNumber, 10> holidays = bank_holidays(static_cast<int>(civil_date(day).year()));
  return std::find(holidays.begin(), holidays.end(), day) != holidays.end();
}

bool is_working_day(DayNumber day) { return !is_weekend(day) && !is_bank_holiday(day); }

std::optional<year_month_day> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto field = [&](std::size_t pos, std::size_t len, int& out) {
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc() && ptr == text.data() + pos + len;
  };
  int y = 0, m = 0, d = 0;
  if (!field(0, 4, y) || !field(5, 2, m) || !field(8, 2, d)) return std::nullopt;
  year_month_day date{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string iso_date(year_month_day date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

Calendar::Calendar(year_month_day start, int years_count) : start_day_(day_number(start)) {
  const year_month_day end_date = start + std::chrono::years(years_count);
  const DayNumber end_day = day_number(end_date);
  num_days_ = end_day - start_day_;
  month_index_.resize(static_cast<std::size_t>(num_days_));

  year_month first_month = start.year() / start.month();
  for (year_month ym = first_month;; ym += std::chrono::months(1)) {
    const DayNumber month_first = std::max(day_number(ym / 1), start_day_);
    const DayNumber month_end = std::min(day_number((ym + std::chrono::months(1)) / 1), end_day);
    if (month_first >= end_day) break;
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", static_cast<int>(ym.year()),
                  static_cast<unsigned>(ym.month()));
    const int y = static_cast<int>(ym.year());
    if (years_.empty() || years_.back().label != std::to_string(y)) {
      years_.push_back({std::to_string(y), month_first, month_end});
    } else {
      years_.back().end_day = month_end;
    }
    year_of_month_.push_back(static_cast<int>(years_.size()) - 1);
    for (DayNumber d = month_first; d < month_end; ++d) {
      month_index_[static_cast<std::size_t>(d - start_day_)] = static_cast<int>(months_.size());
    }
    months_.push_back({label, month_first, month_end});
  }
}

bool Calendar::is_last_day_of_month(int sim_day) const {
  const auto& m = months_[static_cast<std::size_t>(month_of_day(sim_day))];
  return absolute(sim_day) + 1 == m.end_day;
}

}  // namespace icsim::sim
