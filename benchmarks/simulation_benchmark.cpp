// Cost of building the population (generation and scheduling of every life) and of one
// simulated day, for the full Mid and South Essex population, with 1 and 2 threads.
#include <benchmark/benchmark.h>

#include "agents/population.hpp"
#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"

namespace {

const icsim::agents::Model& baseline() {
  static const icsim::agents::Model model =
      icsim::scenarios::load_scenario(std::string(ICSIM_SOURCE_DIR) + "/scenarios/mse-baseline.json").model;
  return model;
}

// The random-free plan: census cells spread over practices (IPF) and deprivation mixes.
void BM_PlanPopulation(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(icsim::agents::plan_population(*baseline()));
}
BENCHMARK(BM_PlanPopulation)->Unit(benchmark::kMillisecond);

void BM_BuildPopulation(benchmark::State& state) {
  icsim::agents::RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    icsim::agents::Simulation simulation(baseline(), options);
    simulation.build();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * 1200500);
}
BENCHMARK(BM_BuildPopulation)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// One day of every phase (a month end every 30 days or so), stepping through the horizon.
void BM_SimulatedDay(benchmark::State& state) {
  icsim::agents::RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  auto simulation = std::make_unique<icsim::agents::Simulation>(baseline(), options);
  simulation->build();
  int day = 0;
  for (auto _ : state) {
    if (day == simulation->num_days()) {
      state.PauseTiming();
      simulation = std::make_unique<icsim::agents::Simulation>(baseline(), options);
      simulation->build();
      day = 0;
      state.ResumeTiming();
    }
    simulation->step(day++);
  }
  state.SetItemsProcessed(state.iterations() * 1200500);  // resident-days
}
BENCHMARK(BM_SimulatedDay)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
