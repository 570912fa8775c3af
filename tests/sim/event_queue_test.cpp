// The calendar queue hands out a day's events in (kind, entity) order, whatever the push order.
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace icsim::sim {
namespace {

TEST(EventCalendar, DrainsInKindThenEntityOrder) {
  EventCalendar calendar(10);
  calendar.push({3, 2, 5});
  calendar.push({3, 0, 9});
  calendar.push({3, 2, 1});
  calendar.push({4, 0, 0});
  calendar.push({3, 1, 7});
  std::vector<std::pair<int, std::uint32_t>> seen;
  EXPECT_EQ(calendar.drain(3, [&](const Event& e) { seen.emplace_back(e.kind, e.entity); }), 4u);
  EXPECT_EQ(seen, (std::vector<std::pair<int, std::uint32_t>>{{0, 9}, {1, 7}, {2, 1}, {2, 5}}));
  EXPECT_EQ(calendar.pending(), 1u);
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

}  // namespace
}  // namespace icsim::sim
