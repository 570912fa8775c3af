// Cost of the random draws every decision makes: one Philox block, a uniform, an exponential,
// a categorical choice among practices.
#include <benchmark/benchmark.h>

#include <vector>

#include "sim/rng.hpp"
#include "sim/samplers.hpp"

namespace {

using icsim::sim::CounterRng;

// Draws one value per iteration, each for a new entity, as the model does.
template <class Draw>
void BM_Draw(benchmark::State& state, Draw draw) {
  const CounterRng rng(1);
  std::uint64_t entity = 0;
  for (auto _ : state) benchmark::DoNotOptimize(draw(rng, entity++));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Draw, philox_block, [](const CounterRng& rng, std::uint64_t e) { return rng.block(3, e, 0); });
BENCHMARK_CAPTURE(BM_Draw, uniform, [](const CounterRng& rng, std::uint64_t e) { return rng.uniform(3, e, 0); });
BENCHMARK_CAPTURE(BM_Draw, exponential, [](const CounterRng& rng, std::uint64_t e) {
  return icsim::sim::standard_exponential(rng.uniform(3, e, 0));
});

// Choosing one of `range(0)` categories by binary search over cumulative weights.
void BM_Categorical(benchmark::State& state) {
  std::vector<double> weights(static_cast<std::size_t>(state.range(0)));
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 + static_cast<double>(i % 7);
  const auto cumulative = icsim::sim::cumulative_sums(weights);
  const CounterRng rng(1);
  std::uint64_t entity = 0;
  for (auto _ : state) benchmark::DoNotOptimize(icsim::sim::categorical(cumulative, rng.uniform(7, entity++, 0)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Categorical)->Arg(10)->Arg(150);

}  // namespace
