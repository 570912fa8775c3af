// Residents of one partition (a PCN): one 12-byte record each. Events reach residents in no
// useful order and each reads several of its fields, so keeping them together costs one cache
// miss per event instead of one per field. A resident's index in its partition never changes.
#pragma once
#include <cstdint>
#include <vector>

#include "agents/vocabulary.hpp"
#include "sim/calendar.hpp"

namespace icsim::agents {

enum class ResidentStatus : std::uint8_t { kPresent = 0, kDied = 1, kMovedAway = 2 };

class Residents {
 public:
  std::uint32_t add(sim::DayNumber birth_day, std::uint16_t practice, int sex, int imd_quintile) {
    records_.push_back({birth_day, practice, 0, static_cast<std::uint8_t>(sex | (imd_quintile << 1)), 0, 0});
    return static_cast<std::uint32_t>(records_.size() - 1);
  }
  void reserve(std::size_t n) { records_.reserve(n); }
  std::size_t size() const { return records_.size(); }
  // Asks the processor to start loading a resident's record that will be read soon.
  void prefetch(std::uint32_t i) const { __builtin_prefetch(records_.data() + i); }

  sim::DayNumber birth_day(std::uint32_t i) const { return records_[i].birth_day; }
  std::uint16_t practice(std::uint32_t i) const { return records_[i].practice; }
  int sex(std::uint32_t i) const { return records_[i].traits & 1; }
  int imd_quintile(std::uint32_t i) const { return (records_[i].traits >> 1) & 7; }  // 0..4
  ResidentStatus status(std::uint32_t i) const { return static_cast<ResidentStatus>(records_[i].traits >> 4); }
  void set_status(std::uint32_t i, ResidentStatus s) {
    records_[i].traits = static_cast<std::uint8_t>((records_[i].traits & 0x0f) | (static_cast<int>(s) << 4));
  }

  // Long-term conditions held: bit c for Condition c.
  std::uint16_t conditions(std::uint32_t i) const { return records_[i].conditions; }
  void set_conditions(std::uint32_t i, std::uint16_t mask) { records_[i].conditions = mask; }
  int frailty(std::uint32_t i) const { return records_[i].health & 3; }  // 0 fit .. 3 severe: an ordinal, as in HealthState
  LivingSetting setting(std::uint32_t i) const { return static_cast<LivingSetting>((records_[i].health >> 2) & 3); }
  void set_frailty_setting(std::uint32_t i, int frailty, LivingSetting setting) {
    records_[i].health = static_cast<std::uint8_t>((records_[i].health & 0xf0) | frailty | (static_cast<int>(setting) << 2));
  }
  // In an acute bed (or waiting in A&E for one).
  bool in_hospital(std::uint32_t i) const { return (records_[i].health >> 4) & 1; }
  void set_in_hospital(std::uint32_t i, bool on) { set_flag(i, 4, on); }
  // Referred from the community for home care or a care home, and waiting for a place.
  bool care_pending(std::uint32_t i) const { return (records_[i].health >> 5) & 1; }
  void set_care_pending(std::uint32_t i, bool on) { set_flag(i, 5, on); }
  // Counts the resident's changes of health and living setting: events scheduled under an
  // earlier state carry the old count (12 bits of an event's detail) and are dropped when they
  // come due. 4,096 changes before it wraps: far more than a life has (11 onsets, 3 frailty
  // steps, and a few care packages, lapsed referrals and a placement).
  int health_version(std::uint32_t i) const { return records_[i].version; }
  void bump_health_version(std::uint32_t i) { records_[i].version = static_cast<std::uint16_t>((records_[i].version + 1) & 0xfff); }

  std::size_t capacity_bytes() const { return records_.capacity() * sizeof(Record); }

 private:
  void set_flag(std::uint32_t i, int bit, bool on) {
    const int h = records_[i].health;
    records_[i].health = static_cast<std::uint8_t>(on ? h | (1 << bit) : h & ~(1 << bit));
  }

  struct Record {
    sim::DayNumber birth_day;  // absolute day number of birth
    std::uint16_t practice;    // index into the world's practices
    std::uint16_t conditions;  // long-term conditions, one bit each
    std::uint8_t traits;       // bit 0 sex, bits 1-3 IMD quintile, bits 4-5 status
    std::uint8_t health;       // bits 0-1 frailty, 2-3 living setting, 4 in hospital, 5 care pending
    std::uint16_t version;     // health version (12 bits)
  };
  static_assert(sizeof(Record) == 12);
  std::vector<Record> records_;
};

}  // namespace icsim::agents
