// The calendar queue hands out a day's events in (kind, detail, entity) order, whatever the push
// order, and gives each event its detail back.
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <tuple>
#include <vector>

namespace icsim::sim {
namespace {

TEST(EventCalendar, DrainsInKindThenDetailThenEntityOrder) {
  EventCalendar calendar(10);
  calendar.push({3, 2, 5});
  calendar.push({3, 0, 9});
  calendar.push({3, 2, 1, 7});
  calendar.push({4, 0, 0});
  calendar.push({3, 1, 7, 255});
  calendar.push({3, 2, 3, 1});
  calendar.push({3, 1, 2});
  std::vector<std::tuple<int, int, std::uint32_t>> seen;
  EXPECT_EQ(calendar.drain(3, [&](const Event& e) {
    EXPECT_EQ(e.day, 3);
    seen.emplace_back(e.kind, e.detail, e.entity);
  }), 6u);
  // Within a kind, detail sorts before entity, so a higher detail runs later even for a lower entity.
  EXPECT_EQ(seen, (std::vector<std::tuple<int, int, std::uint32_t>>{{0, 0, 9}, {1, 0, 2}, {1, 255, 7}, {2, 0, 5}, {2, 1, 3}, {2, 7, 1}}));
  EXPECT_EQ(calendar.pending(), 1u);
}

// The largest entity and detail survive the packing into one word.
TEST(EventCalendar, ExtremeEntityAndDetailRoundTrip) {
  EventCalendar calendar(1);
  calendar.push({0, 255, 0xffffffffu, 0xffff});
  calendar.push({0, 0, 0xffffffffu, 0});
  std::vector<std::tuple<int, int, std::uint32_t>> seen;
  calendar.drain(0, [&](const Event& e) { seen.emplace_back(e.kind, e.detail, e.entity); });
  EXPECT_EQ(seen, (std::vector<std::tuple<int, int, std::uint32_t>>{{0, 0, 0xffffffffu}, {255, 0xffff, 0xffffffffu}}));
}

TEST(EventCalendar, EventsAddedForTheSameDayAreTakenToo) {
  EventCalendar calendar(2);
  calendar.push({0, 1, 1});
  std::vector<std::uint32_t> seen;
  calendar.drain(0, [&](const Event& e) {
    seen.push_back(e.entity);
    if (e.entity == 1) calendar.push({0, 0, 2});
  });
  EXPECT_EQ(seen, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(calendar.pending(), 0u);
}

TEST(EventCalendar, EventsOutsideTheHorizonAreDropped) {
  EventCalendar calendar(5);
  calendar.push({5, 0, 1});
  calendar.push({-1, 0, 1});
  EXPECT_EQ(calendar.pending(), 0u);
}

// Events spread over many blocks of days, added before and while days are drained, each come
// out on their own day, in (kind, detail, entity) order, exactly once.
TEST(EventCalendar, EveryEventComesOutOnItsDayAcrossBlocks) {
  constexpr int days = 200;
  EventCalendar calendar(days);
  std::vector<std::vector<std::uint64_t>> expected(days);
  std::uint64_t state = 12345;
  auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull, state >> 33; };
  auto add = [&](int day) {
    const Event e{day, static_cast<std::uint8_t>(next() % 6), static_cast<std::uint32_t>(next()), static_cast<std::uint16_t>(next())};
    calendar.push(e);
    expected[static_cast<std::size_t>(day)].push_back((std::uint64_t{e.kind} << 48) | (std::uint64_t{e.detail} << 32) | e.entity);
  };
  for (int i = 0; i < 2000; ++i) add(static_cast<int>(next() % days));
  std::size_t taken = 0;
  for (int day = 0; day < days; ++day) {
    std::vector<std::uint64_t> seen;
    taken += calendar.drain(day, [&](const Event& e) {
      ASSERT_EQ(e.day, day);
      seen.push_back((std::uint64_t{e.kind} << 48) | (std::uint64_t{e.detail} << 32) | e.entity);
      // Later events, near and far, as a simulation adds them.
      if (seen.size() % 3 == 0 && day + 1 < days) add(day + 1 + static_cast<int>(next() % static_cast<std::uint64_t>(days - day - 1)));
    });
    auto want = expected[static_cast<std::size_t>(day)];
    std::sort(want.begin(), want.end());
    EXPECT_EQ(seen, want) << "day " << day;
  }
  EXPECT_EQ(calendar.pending(), 0u);
  std::size_t total = 0;
  for (const auto& d : expected) total += d.size();
  EXPECT_EQ(taken, total);
}

}  // namespace
}  // namespace icsim::sim
