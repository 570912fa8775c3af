// Future events of one partition of entities, kept in one bucket per day (a calendar queue:
// O(1) to add, O(1) per event to take). A day's events are taken in the total order
// (kind, detail, entity), so the order never depends on when or by which thread an event was
// added.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace icsim::sim {

struct Event {
  std::int32_t day;       // simulation day, 0-based
  std::uint8_t kind;      // the domain's event kind; lower kinds run first within a day
  std::uint32_t entity;   // index of the entity within its partition
  std::uint8_t detail = 0;  // the domain's payload: which transition, or a version stamp
};

class EventCalendar {
 public:
  explicit EventCalendar(int num_days = 0) : buckets_(static_cast<std::size_t>(num_days)) {}

  // Events on days outside [0, num_days) are outside the horizon and dropped.
  void push(Event e) {
    if (e.day < 0 || static_cast<std::size_t>(e.day) >= buckets_.size()) return;
    buckets_[static_cast<std::size_t>(e.day)].push_back((static_cast<std::uint64_t>(e.kind) << 40) |
                                                          (static_cast<std::uint64_t>(e.detail) << 32) | e.entity);
    ++pending_;
  }

  // Calls handle(event) for each event of `day` in (kind, detail, entity) order. Events that
  // handle() adds for the same day are taken afterwards, in their own order.
  template <class Handle>
  std::size_t drain(std::int32_t day, Handle&& handle) {
    auto& bucket = buckets_[static_cast<std::size_t>(day)];
    std::size_t taken = 0;
    while (!bucket.empty()) {
      std::vector<std::uint64_t> batch;
      batch.swap(bucket);
      std::sort(batch.begin(), batch.end());
      for (std::uint64_t v : batch) {
        handle(Event{day, static_cast<std::uint8_t>(v >> 40), static_cast<std::uint32_t>(v & 0xffffffffu),
                     static_cast<std::uint8_t>(v >> 32)});
      }
      taken += batch.size();
    }
    bucket.shrink_to_fit();
    pending_ -= taken;
    return taken;
  }

  std::size_t pending() const { return pending_; }
  std::size_t capacity_bytes() const {
    std::size_t bytes = buckets_.capacity() * sizeof(buckets_[0]);
    for (const auto& b : buckets_) bytes += b.capacity() * sizeof(std::uint64_t);
    return bytes;
  }

 private:
  std::vector<std::vector<std::uint64_t>> buckets_;  // per day: kind << 40 | detail << 32 | entity
  std::size_t pending_ = 0;
};

}  // namespace icsim::sim
