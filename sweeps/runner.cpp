// The sweep runner (sweeps/runner.hpp).
#include "sweeps/runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"
#include "sim/clock.hpp"

namespace icsim::sweeps {
namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

scenarios::LoadedScenario load_point(const Sweep& sweep, const Plan& plan, int point, int scenario) {
  // The point as a scenario file of its own, served from memory: the scenario extended by the
  // parameters' values, so the loader checks them as it checks any file.
  const fs::path base = fs::absolute(sweep.scenarios[static_cast<std::size_t>(scenario)]);
  const fs::path file = fs::path(sweep.file).parent_path() / fmt::format("{} (point {})", fs::path(sweep.file).filename().string(), point);
  const bool lists = std::any_of(sweep.parameters.begin(), sweep.parameters.end(), [](const auto& p) { return p.element.has_value(); });
  const nlohmann::json effective =
      lists ? nlohmann::json::parse(scenarios::load_scenario(base, {std::nullopt, sweep.years, std::nullopt}).effective_json) : nlohmann::json();
  nlohmann::json text = parameter_patch(sweep, plan.points[static_cast<std::size_t>(point)].values, effective);
  text["schema_version"] = 1;
  text["extends"] = base.string();
  const std::string bytes = text.dump(2);
  const scenarios::FileReader read = [&](const fs::path& path) {
    return path == file ? bytes : scenarios::read_input_file(path);
  };
  return scenarios::load_scenario(file, {std::nullopt, sweep.years, std::nullopt}, read);
}

std::vector<int> task_share(const Sweep& sweep, const Plan& plan, const std::vector<int>& pending, int task, int tasks) {
  std::vector<int> out;
  for (int r : pending) {
    const PlannedRun& p = plan.runs[static_cast<std::size_t>(r)];
    const auto group = static_cast<std::size_t>(p.point) * sweep.scenarios.size() + static_cast<std::size_t>(p.scenario);
    if (group % static_cast<std::size_t>(tasks) == static_cast<std::size_t>(task)) out.push_back(r);
  }
  return out;
}

std::vector<int> pending_in(const fs::path& dir, SweepStore& store, int task) {
  std::vector<int> pending = store.pending_runs();
  std::set<int> done;
  if (fs::exists(shard_file(dir, task))) {
    SweepStore s = SweepStore::open(shard_file(dir, task), store.meta("sweep_digest_sha256"), store.meta("model_version"));
    for (int r : s.done_runs()) done.insert(r);
  }
  std::erase_if(pending, [&](int r) { return done.contains(r); });
  return pending;
}

void run_sweep(const Sweep& sweep, const Plan& plan, const std::vector<int>& runs, SweepStore& store, const RunnerOptions& options) {
  // Runs of one point and scenario share one loaded model; they come together in plan order.
  std::vector<std::vector<int>> groups;
  for (int r : runs) {
    const PlannedRun& p = plan.runs[static_cast<std::size_t>(r)];
    const bool same = !groups.empty() && plan.runs[static_cast<std::size_t>(groups.back().front())].point == p.point &&
                      plan.runs[static_cast<std::size_t>(groups.back().front())].scenario == p.scenario;
    if (same) groups.back().push_back(r);
    else groups.push_back({r});
  }
  const std::string host = host_name();
  std::mutex commit_mutex;
  std::atomic<int> done = 0;
  bool described = false;
  tbb::task_arena arena(options.threads);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, groups.size(), std::size_t{1}, [&](std::size_t g) {
      const PlannedRun& first = plan.runs[static_cast<std::size_t>(groups[g].front())];
      const auto loaded = load_point(sweep, plan, first.point, first.scenario);
      for (int r : groups[g]) {
        const auto start = sim::Clock::now();
        agents::RunOptions run_options;
        run_options.seed = plan.runs[static_cast<std::size_t>(r)].seed;
        run_options.threads = 1;
        const auto result = agents::run_simulation(loaded.model, std::move(run_options));
        const auto rows = kept_results(result.measures, sweep.keep);
        RunRecord record{results_digest(rows), host, sim::utc_now_iso(), options.rank, sim::seconds_since(start), sim::peak_memory_mb()};
        const std::lock_guard lock(commit_mutex);
        if (!described) {
          store.describe_measures(result.measures, sweep.keep);
          described = true;
        }
        store.commit(r, rows, record);
        const int k = ++done;
        if (options.progress) options.progress(k, static_cast<int>(runs.size()));
      }
    }, tbb::simple_partitioner());
  });
}

}  // namespace icsim::sweeps
