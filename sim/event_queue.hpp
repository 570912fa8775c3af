// A queue of future events for one partition of entities, popped in the total order
// (day, kind, entity): the order never depends on when or by which thread an event was pushed.
#pragma once
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <functional>
#include <vector>

namespace icsim::sim {

struct Event {
  std::int32_t day;        // simulation day, 0-based
  std::uint8_t kind;       // the domain's event kind; lower kinds run first within a day
  std::uint32_t entity;    // index of the entity within its partition
};

class EventQueue {
 public:
  static constexpr std::int32_t kMaxDay = (1 << 20) - 1;

  void push(Event e) {
    assert(e.day >= 0 && e.day <= kMaxDay);
    heap_.push_back(pack(e));
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }
  // Adds many events at once: O(n) instead of O(n log n).
  void push_bulk(const std::vector<Event>& events) {
    heap_.reserve(heap_.size() + events.size());
    for (const Event& e : events) heap_.push_back(pack(e));
    std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
  }
  bool has_due(std::int32_t day) const { return !heap_.empty() && unpack(heap_.front()).day <= day; }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const Event e = unpack(heap_.back());
    heap_.pop_back();
    return e;
  }
  std::size_t size() const { return heap_.size(); }
  std::size_t capacity_bytes() const { return heap_.capacity() * sizeof(std::uint64_t); }

 private:
  // day (20 bits) | kind (8 bits) | entity (32 bits): integer order is the event order.
  static std::uint64_t pack(Event e) {
    return (static_cast<std::uint64_t>(e.day) << 40) | (static_cast<std::uint64_t>(e.kind) << 32) |
           e.entity;
  }
  static Event unpack(std::uint64_t v) {
    return {static_cast<std::int32_t>(v >> 40), static_cast<std::uint8_t>((v >> 32) & 0xff),
            static_cast<std::uint32_t>(v & 0xffffffffu)};
  }
  std::vector<std::uint64_t> heap_;
};

}  // namespace icsim::sim
