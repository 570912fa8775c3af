// A hazard that is constant within each year of age and integrated exactly: the first-passage
// sampler behind deaths, moves, births, onsets and frailty. Ages count in years of 365.25 days,
// so birthdays are exact day numbers.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "agents/age_bands.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {

// Whole years of age on `day` for someone born on `birth_day`.
inline int age_in_years(sim::DayNumber birth_day, sim::DayNumber day) {
  return static_cast<int>((4 * static_cast<std::int64_t>(day - birth_day)) / 1461);
}
// The day someone born on `birth_day` reaches `years` of age.
inline sim::DayNumber anniversary(sim::DayNumber birth_day, int years) {
  return birth_day + static_cast<sim::DayNumber>((1461 * static_cast<std::int64_t>(years) + 3) / 4);
}

class AgeHazard {
 public:
  static constexpr int kMaxAge = 130;  // ages beyond are treated as this age

  AgeHazard() = default;
  // rate_per_year(age) for every whole age 0..kMaxAge.
  template <class RatePerYear>
  static AgeHazard from_yearly(RatePerYear&& rate_per_year) {
    AgeHazard h;
    for (int age = 0; age <= kMaxAge; ++age) h.rate_[static_cast<std::size_t>(age)] = rate_per_year(age) / kDaysPerYear;
    // Years of age are 365 or 366 days in a pattern that depends only on the age, so one
    // cumulative table serves every birth day.
    for (int age = 0; age <= kMaxAge; ++age) {
      const auto days = static_cast<double>(anniversary(0, age + 1) - anniversary(0, age));
      h.cumulative_[static_cast<std::size_t>(age + 1)] = h.cumulative_[static_cast<std::size_t>(age)] + h.rate_[static_cast<std::size_t>(age)] * days;
    }
    return h;
  }

  double rate_per_day(int age_years) const { return rate_[static_cast<std::size_t>(std::clamp(age_years, 0, kMaxAge))]; }
  // Integrated hazard from birth to the start of year of age `age` (0..kMaxAge).
  double cumulative(int age) const { return cumulative_[static_cast<std::size_t>(age)]; }

  // Integrated hazard from birth to `day`, in O(1).
  double integrated(sim::DayNumber birth_day, sim::DayNumber day) const {
    const int age = std::min(age_in_years(birth_day, day), kMaxAge);
    return cumulative_[static_cast<std::size_t>(age)] + rate_[static_cast<std::size_t>(age)] * static_cast<double>(day - anniversary(birth_day, age));
  }

  // The first day in [from_day, until_day) on which the integrated hazard since from_day
  // reaches `target` (a standard exponential draw divided by the resident's rate ratio);
  // nullopt if it does not happen in the window.
  std::optional<sim::DayNumber> first_day(sim::DayNumber birth_day, sim::DayNumber from_day, sim::DayNumber until_day,
                                          double target) const {
    if (from_day >= until_day) return std::nullopt;
    // Most residents have no such event in the window: decide that in O(1) from the table.
    const double start = integrated(birth_day, from_day);
    if (integrated(birth_day, until_day) - start < target) return std::nullopt;
    const double goal = start + target;
    int age = std::min(age_in_years(birth_day, from_day), kMaxAge);
    while (age < kMaxAge && cumulative_[static_cast<std::size_t>(age + 1)] <= goal) ++age;
    const double into_year = (goal - cumulative_[static_cast<std::size_t>(age)]) / rate_per_day(age);
    const auto day = anniversary(birth_day, age) + static_cast<sim::DayNumber>(std::floor(into_year));
    return std::clamp(day, from_day, until_day - 1);
  }

 private:
  std::array<double, kMaxAge + 1> rate_{};
  std::array<double, kMaxAge + 2> cumulative_{};
};

// Several age hazards competing for one resident, each times a constant multiplier (at most
// `Capacity`). Their sum is again constant within each year of age, so the first event of any
// of them is one first passage of the total, and which one it is has probability proportional
// to its rate on that day: one exponential and one uniform however many compete, and an O(1)
// answer when none happens in the window.
template <int Capacity>
class CompetingHazards {
 public:
  // Adds hazard `id` with its multiplier; a zero multiplier means it cannot happen.
  void add(int id, const AgeHazard& hazard, double multiplier) {
    if (multiplier <= 0.0) return;
    entries_[static_cast<std::size_t>(size_++)] = {id, &hazard, multiplier};
  }

  struct First {
    sim::DayNumber day;
    int id;
  };
  // The first event in [from_day, until_day) given a standard exponential `target` and a
  // uniform `pick` in (0, 1) that chooses among the hazards; nullopt if none happens.
  std::optional<First> first(sim::DayNumber birth_day, sim::DayNumber from_day, sim::DayNumber until_day, double target,
                             double pick) const {
    if (size_ == 0 || from_day >= until_day) return std::nullopt;
    const double start = integrated(birth_day, from_day);
    if (integrated(birth_day, until_day) - start < target) return std::nullopt;
    const double goal = start + target;
    int age = std::min(age_in_years(birth_day, from_day), AgeHazard::kMaxAge);
    while (age < AgeHazard::kMaxAge && cumulative(age + 1) <= goal) ++age;
    double rate = 0.0;
    for (int k = 0; k < size_; ++k) rate += entry(k).multiplier * entry(k).hazard->rate_per_day(age);
    const double into_year = (goal - cumulative(age)) / rate;
    const auto day = std::clamp(anniversary(birth_day, age) + static_cast<sim::DayNumber>(std::floor(into_year)), from_day,
                                until_day - 1);
    const double chosen = pick * rate;
    double below = 0.0;
    int last = 0;
    for (int k = 0; k < size_; ++k) {
      const double r = entry(k).multiplier * entry(k).hazard->rate_per_day(age);
      if (r <= 0.0) continue;
      below += r;
      last = k;
      if (chosen < below) break;
    }
    return First{day, entry(last).id};
  }

 private:
  struct Entry {
    int id;
    const AgeHazard* hazard;
    double multiplier;
  };
  const Entry& entry(int k) const { return entries_[static_cast<std::size_t>(k)]; }
  double integrated(sim::DayNumber birth_day, sim::DayNumber day) const {
    const int age = std::min(age_in_years(birth_day, day), AgeHazard::kMaxAge);
    const auto into_year = static_cast<double>(day - anniversary(birth_day, age));
    double total = 0.0;
    for (int k = 0; k < size_; ++k) {
      total += entry(k).multiplier * (entry(k).hazard->cumulative(age) + entry(k).hazard->rate_per_day(age) * into_year);
    }
    return total;
  }
  double cumulative(int age) const {
    double total = 0.0;
    for (int k = 0; k < size_; ++k) total += entry(k).multiplier * entry(k).hazard->cumulative(age);
    return total;
  }

  std::array<Entry, static_cast<std::size_t>(Capacity)> entries_{};
  int size_ = 0;
};

}  // namespace icsim::agents
