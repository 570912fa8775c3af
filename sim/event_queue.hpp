// Future events of one partition of entities, kept in a two-level calendar queue: one bucket
// per block of 32 days for the future, and one bucket per day for the block being run. Adding
// is O(1) and touches one of a few hundred block buckets (whose ends stay in cache) rather than
// one of thousands of day buckets; each event is moved once, to its day, when its block comes
// up. A day's events are taken in the total order (kind, detail, entity), so the order never
// depends on when or by which thread an event was added.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace icsim::sim {

struct Event {
  std::int32_t day;       // simulation day, 0-based
  std::uint8_t kind;      // the domain's event kind; lower kinds run first within a day
  std::uint32_t entity;   // index of the entity within its partition
  std::uint16_t detail = 0;  // the domain's payload: which transition, or a version stamp
};

class EventCalendar {
 public:
  explicit EventCalendar(int num_days = 0)
      : num_days_(num_days), blocks_(static_cast<std::size_t>(num_days / kBlockDays + 1)) {}

  // Events on days outside [0, num_days) are outside the horizon and dropped.
  void push(Event e) {
    if (e.day < 0 || e.day >= num_days_) return;
    const std::uint64_t v = (static_cast<std::uint64_t>(e.day % kBlockDays) << 56) | (static_cast<std::uint64_t>(e.kind) << 48) |
                            (static_cast<std::uint64_t>(e.detail) << 32) | e.entity;
    if (e.day / kBlockDays == open_block_) {
      days_[static_cast<std::size_t>(e.day % kBlockDays)].push_back(v);
    } else {
      blocks_[static_cast<std::size_t>(e.day / kBlockDays)].push_back(v);
    }
    ++pending_;
  }

  // Calls handle(event) for each event of `day` in (kind, detail, entity) order. Events that
  // handle() adds for the same day are taken afterwards, in their own order. Days are drained
  // in increasing order; the events of a day skipped are dropped when a later block opens.
  // ahead(entity) is called a few events before an entity's event is handled, so that the
  // caller can prefetch what the handler will read and the memory accesses overlap.
  template <class Handle, class Ahead>
  std::size_t drain(std::int32_t day, Handle&& handle, Ahead&& ahead) {
    constexpr std::size_t kAhead = 8;
    open_block(day / kBlockDays);
    auto& bucket = days_[static_cast<std::size_t>(day % kBlockDays)];
    std::size_t taken = 0;
    while (!bucket.empty()) {
      batch_.swap(bucket);
      std::sort(batch_.begin(), batch_.end());  // all share the day bits: (kind, detail, entity) order
      for (std::size_t k = 0; k < std::min(kAhead, batch_.size()); ++k) ahead(entity_of(batch_[k]));
      for (std::size_t k = 0; k < batch_.size(); ++k) {
        if (k + kAhead < batch_.size()) ahead(entity_of(batch_[k + kAhead]));
        const std::uint64_t v = batch_[k];
        handle(Event{day, static_cast<std::uint8_t>(v >> 48), entity_of(v), static_cast<std::uint16_t>(v >> 32)});
      }
      taken += batch_.size();
      batch_.clear();
    }
    pending_ -= taken;
    return taken;
  }
  template <class Handle>
  std::size_t drain(std::int32_t day, Handle&& handle) {
    return drain(day, std::forward<Handle>(handle), [](std::uint32_t) {});
  }

  std::size_t pending() const { return pending_; }
  std::size_t capacity_bytes() const {
    std::size_t bytes = blocks_.capacity() * sizeof(blocks_[0]) + batch_.capacity() * sizeof(std::uint64_t);
    for (const auto& b : blocks_) bytes += b.capacity() * sizeof(std::uint64_t);
    for (const auto& b : days_) bytes += b.capacity() * sizeof(std::uint64_t);
    return bytes;
  }

 private:
  static constexpr int kBlockDays = 32;
  static std::uint32_t entity_of(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xffffffffu); }

  // Spreads a block's events over its day buckets, once, when its first day is drained.
  void open_block(std::int32_t block) {
    if (block == open_block_) return;
    open_block_ = block;
    for (auto& d : days_) {
      pending_ -= d.size();
      d.clear();
    }
    std::vector<std::uint64_t> events;
    events.swap(blocks_[static_cast<std::size_t>(block)]);
    for (std::uint64_t v : events) days_[static_cast<std::size_t>(v >> 56)].push_back(v);
  }

  std::int32_t num_days_;
  std::int32_t open_block_ = -1;
  std::vector<std::vector<std::uint64_t>> blocks_;  // per block: day in block << 56 | kind << 48 | detail << 32 | entity
  std::array<std::vector<std::uint64_t>, kBlockDays> days_;  // the open block's days
  std::vector<std::uint64_t> batch_;
  std::size_t pending_ = 0;
};

}  // namespace icsim::sim
