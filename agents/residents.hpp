// Residents of one partition (a PCN), held as a structure of arrays: 7 bytes per resident,
// read in tight loops. A resident's index in its partition never changes.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/calendar.hpp"

namespace icsim::agents {

enum class ResidentStatus : std::uint8_t { kPresent = 0, kDied = 1, kMovedAway = 2 };

class Residents {
 public:
  std::uint32_t add(sim::DayNumber birth_day, std::uint16_t practice, int sex, int imd_quintile) {
    birth_day_.push_back(birth_day);
    practice_.push_back(practice);
    traits_.push_back(static_cast<std::uint8_t>(sex | (imd_quintile << 1)));
    return static_cast<std::uint32_t>(birth_day_.size() - 1);
  }
  void reserve(std::size_t n) {
    birth_day_.reserve(n);
    practice_.reserve(n);
    traits_.reserve(n);
  }
  std::size_t size() const { return birth_day_.size(); }

  sim::DayNumber birth_day(std::uint32_t i) const { return birth_day_[i]; }
  std::uint16_t practice(std::uint32_t i) const { return practice_[i]; }
  int sex(std::uint32_t i) const { return traits_[i] & 1; }
  int imd_quintile(std::uint32_t i) const { return (traits_[i] >> 1) & 7; }  // 0..4
  ResidentStatus status(std::uint32_t i) const { return static_cast<ResidentStatus>(traits_[i] >> 4); }
  void set_status(std::uint32_t i, ResidentStatus s) {
    traits_[i] = static_cast<std::uint8_t>((traits_[i] & 0x0f) | (static_cast<int>(s) << 4));
  }
  std::size_t capacity_bytes() const {
    return birth_day_.capacity() * sizeof(sim::DayNumber) + practice_.capacity() * sizeof(std::uint16_t) +
           traits_.capacity();
  }

 private:
  std::vector<sim::DayNumber> birth_day_;  // absolute day number of birth
  std::vector<std::uint16_t> practice_;    // index into the world's practices
  std::vector<std::uint8_t> traits_;       // bit 0 sex, bits 1-3 IMD quintile, bits 4-5 status
};

}  // namespace icsim::agents
