// Residents of one partition (a PCN), held as a structure of arrays: 11 bytes per resident,
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
    conditions_.push_back(0);
    health_.push_back(0);
    return static_cast<std::uint32_t>(birth_day_.size() - 1);
  }
  void reserve(std::size_t n) {
    birth_day_.reserve(n);
    practice_.reserve(n);
    traits_.reserve(n);
    conditions_.reserve(n);
    health_.reserve(n);
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

  // Long-term conditions held: bit c for Condition c.
  std::uint16_t conditions(std::uint32_t i) const { return conditions_[i]; }
  void set_conditions(std::uint32_t i, std::uint16_t mask) { conditions_[i] = mask; }
  int frailty(std::uint32_t i) const { return health_[i] & 3; }
  int setting(std::uint32_t i) const { return (health_[i] >> 2) & 3; }
  void set_frailty_setting(std::uint32_t i, int frailty, int setting) {
    health_[i] = static_cast<std::uint8_t>((health_[i] & 0xf0) | frailty | (setting << 2));
  }
  // Counts the resident's changes of health: an episode scheduled under an earlier state carries
  // the old count and is dropped when it comes due. A life has at most 14 changes (11 onsets,
  // 3 frailty steps), so 4 bits never wrap.
  int health_version(std::uint32_t i) const { return health_[i] >> 4; }
  void bump_health_version(std::uint32_t i) {
    health_[i] = static_cast<std::uint8_t>((health_[i] & 0x0f) | (((health_[i] >> 4) + 1) & 15) << 4);
  }

  std::size_t capacity_bytes() const {
    return birth_day_.capacity() * sizeof(sim::DayNumber) + practice_.capacity() * sizeof(std::uint16_t) +
           traits_.capacity() + conditions_.capacity() * sizeof(std::uint16_t) + health_.capacity();
  }

 private:
  std::vector<sim::DayNumber> birth_day_;  // absolute day number of birth
  std::vector<std::uint16_t> practice_;    // index into the world's practices
  std::vector<std::uint8_t> traits_;       // bit 0 sex, bits 1-3 IMD quintile, bits 4-5 status
  std::vector<std::uint16_t> conditions_;  // long-term conditions, one bit each
  std::vector<std::uint8_t> health_;       // bits 0-1 frailty, 2-3 living setting, 4-7 version
};

}  // namespace icsim::agents
