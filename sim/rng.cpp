// Philox4x32-10 (Salmon et al., SC'11) from Random123, keyed by the run seed.
#include "sim/rng.hpp"

#include <Random123/philox.h>

namespace icsim::sim {

RandomBlock CounterRng::block(StreamId stream, std::uint64_t entity,
                              std::uint32_t occasion) const {
  using Philox = r123::Philox4x32;
  const Philox::ctr_type counter = {{stream, static_cast<std::uint32_t>(entity),
                                     static_cast<std::uint32_t>(entity >> 32), occasion}};
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
  const Philox::ctr_type out = Philox()(counter, key);
  return {out[0], out[1], out[2], out[3]};
}

double CounterRng::uniform(StreamId stream, std::uint64_t entity, std::uint32_t occasion) const {
  const RandomBlock b = block(stream, entity, occasion);
  return open_unit_interval(b[0], b[1]);
}

std::array<double, 2> CounterRng::uniform2(StreamId stream, std::uint64_t entity,
                                           std::uint32_t occasion) const {
  const RandomBlock b = block(stream, entity, occasion);
  return {open_unit_interval(b[0], b[1]), open_unit_interval(b[2], b[3])};
}

}  // namespace icsim::sim
