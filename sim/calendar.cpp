// Calendar arithmetic on std::chrono's civil calendar.
#include "sim/calendar.hpp"

#include <charconv>

namespace icsim::sim {

using namespace std::chrono;

DayNumber day_number(year_month_day date) {
  return static_cast<DayNumber>(sys_days(date).time_since_epoch().count());
}

year_month_day civil_date(DayNumber day) { return year_month_day(sys_days(days(day))); }

int iso_weekday(DayNumber day) { return static_cast<int>(weekday(sys_days(days(day))).iso_encoding()); }

bool is_weekend(DayNumber day) { return iso_weekday(day) >= 6; }

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
