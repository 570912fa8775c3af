// Episode rates through the year (agents/seasons.hpp).
#include "agents/seasons.hpp"

#include <algorithm>

namespace icsim::agents {
namespace {

constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int month_of(sim::DayNumber day) { return static_cast<int>(static_cast<unsigned>(sim::civil_date(day).month())) - 1; }

}  // namespace

Seasons::Seasons(const SeasonsConfig& config, sim::DayNumber start, int num_days) : on_(config.on), start_(start) {
  if (!on_) return;
  for (std::size_t t = 0; t < kEpisodeTypes; ++t) {
    // Scaled so that a common year's multiplier-days are 365.
    double days = 0.0;
    for (std::size_t m = 0; m < 12; ++m) days += kDaysInMonth[m] * config.by_month[t][m];
    for (std::size_t m = 0; m < 12; ++m) month_[t][m] = days > 0.0 ? config.by_month[t][m] * 365.0 / days : 1.0;
    std::vector<double>& c = cumulative_[t];
    c.resize(static_cast<std::size_t>(num_days) + 1);
    c[0] = 0.0;
    for (int d = 0; d < num_days; ++d) {
      c[static_cast<std::size_t>(d) + 1] = c[static_cast<std::size_t>(d)] + month_[t][static_cast<std::size_t>(month_of(start + d))];
    }
  }
}

double Seasons::multiplier(EpisodeType type, sim::DayNumber day) const {
  return on_ ? month_[index(type)][static_cast<std::size_t>(month_of(day))] : 1.0;
}

// Multiplier-days before `day` since the start; beyond the horizon, a flat year.
double Seasons::cumulative(std::size_t type, sim::DayNumber day) const {
  const std::vector<double>& c = cumulative_[type];
  const auto last = static_cast<sim::DayNumber>(c.size()) - 1;
  const sim::DayNumber d = day - start_;
  if (d < 0) return static_cast<double>(d);
  if (d > last) return c.back() + static_cast<double>(d - last);
  return c[static_cast<std::size_t>(d)];
}

double Seasons::exposure(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber to) const {
  double sum = 0.0;
  for (std::size_t t = 0; t < kEpisodeTypes; ++t) sum += rates[t] * (cumulative(t, to) - cumulative(t, from));
  return sum;
}

std::optional<sim::DayNumber> Seasons::reach(const std::array<double, kEpisodeTypes>& rates, sim::DayNumber from, sim::DayNumber until,
                                             double& target) const {
  const double whole = exposure(rates, from, until);
  if (whole < target) {
    target -= whole;
    return std::nullopt;
  }
  // The first end day x in (from, until] with exposure(from, x) >= target; the episode falls on x - 1.
  sim::DayNumber lo = from, hi = until;
  while (hi - lo > 1) {
    const sim::DayNumber mid = lo + (hi - lo) / 2;
    if (exposure(rates, from, mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi - 1;
}

}  // namespace icsim::agents
