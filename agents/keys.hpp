// Entity keys. Every random draw is keyed by (stream, entity key, occasion); the keys that pack
// several fields are laid out here, each with its encoding and decoding, so that no two kinds
// of entity share a key and no file decodes a layout it did not build.
#pragma once
#include <cstddef>
#include <cstdint>

namespace icsim::agents::keys {

// A resident: the partition (PCN) in the high 32 bits, the index within it in the low 32.
constexpr std::uint64_t resident(std::size_t partition, std::uint32_t index) {
  return (static_cast<std::uint64_t>(partition) << 32) | index;
}
constexpr std::size_t partition_of(std::uint64_t resident_key) { return static_cast<std::size_t>(resident_key >> 32); }
constexpr std::uint32_t index_of(std::uint64_t resident_key) { return static_cast<std::uint32_t>(resident_key & 0xffffffffu); }

// A downstream pool (or a PCN's community referrals to a service): bit 62 set (resident keys
// never reach it: partitions are far fewer than 2^30), the service in bits 56-61 and the pool
// (or PCN) in bits 40-55; the low 40 bits are left to the day and referral number of each draw.
constexpr std::uint64_t pool(int service, int pool_index) {
  return (std::uint64_t{1} << 62) | static_cast<std::uint64_t>(service) << 56 | static_cast<std::uint64_t>(pool_index) << 40;
}

// A bed freed at an acute site: bit 60 set (below the teams' bit 61), the site in bits 32-47
// and the bed's number among those freed there that day below.
constexpr std::uint64_t freed_bed(int site, int bed) {
  return (std::uint64_t{1} << 60) | static_cast<std::uint64_t>(site) << 32 | static_cast<std::uint32_t>(bed);
}

// An elective patient: bit 59 set (below the freed beds' bit 60), the site in bits 32-47 and the
// patient's number at the site below (0: the site's own daily draws).
constexpr std::uint64_t elective(int site, std::uint32_t patient) {
  return (std::uint64_t{1} << 59) | static_cast<std::uint64_t>(site) << 32 | patient;
}

// A deciding body: its level above bit 16, its unit (PCN, Place or the System) below.
constexpr std::uint64_t body(std::size_t level, std::size_t unit) { return (static_cast<std::uint64_t>(level) << 16) | unit; }

// One proposal of a body: the level above bit 48, the unit in bits 24-47, the review's month
// below, so one body's votes never shift another's.
constexpr std::uint64_t proposal(std::size_t level, std::size_t unit, int month) {
  return (static_cast<std::uint64_t>(level) << 48) | (static_cast<std::uint64_t>(unit) << 24) | static_cast<std::uint64_t>(month);
}

// A team of staff: bit 61 set (below the pools' bit 62), what the team delivers (a programme,
// or a service) in bits 48-55, its level in bits 40-47 and its unit in bits 20-39; the low 20
// bits number its posts (team_post).
constexpr std::uint64_t team(int delivers, std::size_t level, std::size_t unit) {
  return (std::uint64_t{1} << 61) | static_cast<std::uint64_t>(delivers) << 48 | static_cast<std::uint64_t>(level) << 40 |
         static_cast<std::uint64_t>(unit) << 20;
}
// What a discharge team delivers, in team(): beyond any programme.
inline constexpr int kDischargeTeams = 0xff;
constexpr std::uint64_t team_post(std::uint64_t team_key, int post) { return team_key | static_cast<std::uint64_t>(post); }

static_assert(partition_of(resident(27, 123456)) == 27 && index_of(resident(27, 123456)) == 123456);
static_assert((pool(4, 27) >> 62) == 1 && (resident(0xffff, 0xffffffffu) >> 62) == 0);
static_assert((elective(3, 7) >> 59) == 1 && (freed_bed(3, 7) >> 59) != 1 && (resident(0xffff, 0xffffffffu) >> 59) == 0);
static_assert((team(7, 2, 27) >> 61) == 1 && (pool(4, 27) >> 61) != 1 && (resident(0xffff, 0xffffffffu) >> 61) == 0);

}  // namespace icsim::agents::keys
