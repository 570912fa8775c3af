// Counter-based random numbers: every draw is a pure function of (run seed, decision stream,
// entity, occasion), so results cannot depend on threads or on the order work is done in.
#pragma once
#include <array>
#include <cstdint>

#include <Random123/philox.h>

namespace icsim::sim {

// A decision stream. Each kind of random decision in the model owns one value (see
// agents/streams.hpp); adding a decision adds a stream and moves no existing draw.
using StreamId = std::uint32_t;

// Four independent 32-bit words from one Philox4x32-10 evaluation.
using RandomBlock = std::array<std::uint32_t, 4>;

class CounterRng {
 public:
  explicit CounterRng(std::uint64_t seed) : seed_(seed) {}

  std::uint64_t seed() const { return seed_; }

  // The block for (stream, entity, occasion). `occasion` distinguishes repeated decisions of
  // the same kind by the same entity (a day, a count of earlier events, a sub-index). Inline,
  // as are the uniforms below: a draw is the kernel's most frequent call.
  RandomBlock block(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const {
    using Philox = r123::Philox4x32;  // Philox4x32-10 (Salmon et al., SC'11), keyed by the run seed
    const Philox::ctr_type counter = {{stream, static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32), occasion}};
    const Philox::key_type key = {{static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
    const Philox::ctr_type out = Philox()(counter, key);
    return {out[0], out[1], out[2], out[3]};
  }

  // A uniform double in the open interval (0, 1), from the block's first two words.
  double uniform(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const;
  // Two independent uniforms in (0, 1) from one block.
  std::array<double, 2> uniform2(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const;

 private:
  std::uint64_t seed_;
};

// Maps 52 random bits to the open interval (0, 1), at the centres of 2^52 equal cells: never
// exactly 0 or 1 (so log() is safe), and exactly representable.
inline double open_unit_interval(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 20) | (lo >> 12);
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-52;
}

// One 32-bit word of a block as a uniform in (0, 1), at the centres of 2^32 cells: for
// decisions that need no finer resolution, so that one block serves four of them.
inline double unit_word(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1.0p-32; }

inline double CounterRng::uniform(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const {
  const RandomBlock b = block(stream, entity, occasion);
  return open_unit_interval(b[0], b[1]);
}

inline std::array<double, 2> CounterRng::uniform2(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const {
  const RandomBlock b = block(stream, entity, occasion);
  return {open_unit_interval(b[0], b[1]), open_unit_interval(b[2], b[3])};
}

}  // namespace icsim::sim
