// Episode rates through the year (agents/seasons.hpp).
#include "agents/seasons.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace icsim::agents {
namespace {

constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int month_of(sim::DayNumber day) { return static_cast<int>(static_cast<unsigned>(sim::civil_date(day).month())) - 1; }

}  // namespace

Seasons::Seasons(const SeasonsConfig& config, sim::DayNumber start, int num_days)
    : on_(config.on || !config.waves.empty()), start_(start), waves_(config.waves) {
  if (!on_) return;
  if (waves_.size() > 32) throw std::invalid_argument("icsim: at most 32 waves (one bit each)");
  std::array<std::size_t, kEpisodeTypes> first_of_row{};
  double week = 0.0;
  for (const double w : config.by_weekday) week += w;
  for (std::size_t w = 0; w < 7; ++w) weekday_[w] = config.on && week > 0.0 ? config.by_weekday[w] * 7.0 / week : 1.0;
  for (std::size_t t = 0; t < kEpisodeTypes; ++t) {
    // Scaled so that a common year's multiplier-days are 365.
    double days = 0.0;
    for (std::size_t m = 0; m < 12; ++m) days += kDaysInMonth[m] * (config.on ? config.by_month[t][m] : 1.0);
    for (std::size_t m = 0; m < 12; ++m) month_[t][m] = config.on && days > 0.0 ? config.by_month[t][m] * 365.0 / days : 1.0;
    for (std::size_t w = 0; w < waves_.size(); ++w) waves_of_[t] |= waves_[w].episodes[t] ? 1u << w : 0u;
    // Types with the same months and waves share a row.
    std::size_t same = 0;
    while (same < t && (month_[same] != month_[t] || waves_of_[same] != waves_of_[t])) ++same;
    if (same < t) {
      row_of_[t] = row_of_[same];
    } else {
      first_of_row[rows_] = t;
      row_of_[t] = rows_++;
    }
  }
  num_days_ = num_days;
  daily_.resize(static_cast<std::size_t>(num_days) * rows_);
  cumulative_.assign((static_cast<std::size_t>(num_days) + 1) * rows_, 0.0);
  for (std::size_t r = 0; r < rows_; ++r) {
    const std::size_t t = first_of_row[r];
    for (int d = 0; d < num_days; ++d) {
      const auto i = static_cast<std::size_t>(d);
      const double m = computed(t, static_cast<std::size_t>(month_of(start + d)), weekday_of(start + d), start + d);
      daily_[i * rows_ + r] = m;
      cumulative_[(i + 1) * rows_ + r] = cumulative_[i * rows_ + r] + m;
    }
  }
}

double Seasons::computed(std::size_t type, std::size_t month, double weekday, sim::DayNumber day) const {
  return month_[type][month] * weekday * wave_factor(waves_of_[type], day);
}

double Seasons::weekday_of(sim::DayNumber day) const { return weekday_[static_cast<std::size_t>(sim::iso_weekday(day) - 1)]; }

double Seasons::wave_factor(std::uint32_t waves, sim::DayNumber day) const {
  double f = 1.0;
  for (std::size_t w = 0; waves != 0; ++w, waves >>= 1) {
    const Wave& wave = waves_[w];
    if ((waves & 1u) == 0 || day < wave.start || day >= wave.start + wave.days) continue;
    // Sampled at the day's middle: over the wave's days the excess sums to (peak - 1) x days / 2.
    const double s = std::sin(std::numbers::pi * (static_cast<double>(day - wave.start) + 0.5) / static_cast<double>(wave.days));
    f *= 1.0 + (wave.peak - 1.0) * s * s;
  }
  return f;
}

double Seasons::multiplier(EpisodeType type, sim::DayNumber day) const { return multipliers(day)[index(type)]; }

std::array<double, kEpisodeTypes> Seasons::multipliers(sim::DayNumber day) const {
  std::array<double, kEpisodeTypes> m;
  m.fill(1.0);
  if (!on_) return m;
  const sim::DayNumber d = day - start_;
  if (d >= 0 && d < num_days_) {
    const double* row = &daily_[static_cast<std::size_t>(d) * rows_];
    for (std::size_t t = 0; t < kEpisodeTypes; ++t) m[t] = row[row_of_[t]];
    return m;
  }
  const auto month = static_cast<std::size_t>(month_of(day));
  const double weekday = weekday_of(day);
  for (std::size_t t = 0; t < kEpisodeTypes; ++t) m[t] = computed(t, month, weekday, day);
  return m;
}

// Multiplier-days before `day` since the start; beyond the horizon, a flat year.
double Seasons::cumulative(std::size_t row, sim::DayNumber day) const {
  const sim::DayNumber d = day - start_;
  if (d < 0) return static_cast<double>(d);
  if (d > num_days_) return cumulative_[static_cast<std::size_t>(num_days_) * rows_ + row] + static_cast<double>(d - num_days_);
  return cumulative_[static_cast<std::size_t>(d) * rows_ + row];
}

std::array<double, kEpisodeTypes> Seasons::row_rates(const std::array<double, kEpisodeTypes>& rates) const {
  std::array<double, kEpisodeTypes> by_row{};
  for (std::size_t t = 0; t < kEpisodeTypes; ++t) by_row[row_of_[t]] += rates[t];
  return by_row;
}

std::array<double, kEpisodeTypes> Seasons::cumulative_by_row(sim::DayNumber day) const {
  std::array<double, kEpisodeTypes> c{};
  for (std::size_t r = 0; r < rows_; ++r) c[r] = cumulative(r, day);
  return c;
}

double Seasons::exposure_by_row(const std::array<double, kEpisodeTypes>& by_row, const std::array<double, kEpisodeTypes>& at_from,
                                sim::DayNumber to) const {
  double sum = 0.0;
  const sim::DayNumber d = to - start_;
  if (d >= 0 && d <= num_days_) {  // the search's case: one day's rows together
    const double* at_to = &cumulative_[static_cast<std::size_t>(d) * rows_];
    for (std::size_t r = 0; r < rows_; ++r) {
      if (by_row[r] != 0.0) sum += by_row[r] * (at_to[r] - at_from[r]);
    }
    return sum;
  }
  for (std::size_t r = 0; r < rows_; ++r) {
    if (by_row[r] != 0.0) sum += by_row[r] * (cumulative(r, to) - at_from[r]);
  }
  return sum;
}

double Seasons::exposure(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber to) const {
  return exposure_by_row(row_rates(rates), cumulative_by_row(from), to);
}

std::optional<sim::DayNumber> Seasons::reach(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber until,
                                             double& target) const {
  const std::array<double, kEpisodeTypes> by_row = row_rates(rates);
  const std::array<double, kEpisodeTypes> at_from = cumulative_by_row(from);
  const double whole = exposure_by_row(by_row, at_from, until);
  if (whole < target) {
    target -= whole;
    return std::nullopt;
  }
  // The first end day x in (from, until] with exposure(from, x) >= target; the episode falls on
  // x - 1. The exposure is monotone, so any search finds the same day: each step interpolates
  // within the bracket [lo, hi), exposure(lo) < target <= exposure(hi), then probes a few days
  // to the guess's other side, since the sums are straight but for the week's wiggle; a step
  // that has not halved the bracket is followed by a halving.
  sim::DayNumber lo = from, hi = until;
  double at_lo = 0.0, at_hi = whole;
  auto narrow = [&](sim::DayNumber at) {
    const double value = exposure_by_row(by_row, at_from, at);
    if (value >= target) {
      hi = at;
      at_hi = value;
    } else {
      lo = at;
      at_lo = value;
    }
  };
  constexpr sim::DayNumber kProbe = 3;
  bool halve = false;
  while (hi - lo > 1) {
    const sim::DayNumber width = hi - lo;
    if (halve) {
      narrow(lo + width / 2);
    } else {
      const double step = std::ceil((target - at_lo) / (at_hi - at_lo) * static_cast<double>(width));
      const sim::DayNumber guess = std::clamp(lo + static_cast<sim::DayNumber>(step), lo + 1, hi - 1);
      narrow(guess);
      if (hi == guess && guess - kProbe > lo) narrow(guess - kProbe);
      else if (lo == guess && guess + kProbe < hi) narrow(guess + kProbe);
    }
    halve = !halve && 2 * (hi - lo) > width;
  }
  return hi - 1;
}

}  // namespace icsim::agents
