// The files of one run's folder besides the measures: occupancy.csv, pools.csv, programmes.csv,
// decisions.csv, the manifest; and the order and parallelism the whole folder is written in.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/simulation.hpp"
#include "scenarios/loader.hpp"

namespace icsim::output {

// occupancy.csv: each acute site at the end of each day.
std::string occupancy_csv(const std::vector<agents::SiteOccupancy>& occupancy);
// pools.csv: each downstream pool on the first day and at each month end: places, places in use,
// placements since the start and those in another council's places.
std::string pools_csv(const std::vector<agents::PoolMonth>& pools);
// programmes.csv: each funded programme's accounts by budget year and delivering unit.
std::string programmes_csv(const agents::ScenarioConfig& config, const agents::ProgrammeReport& report);
// decisions.csv: who decided what, when, on what evidence, and how.
std::string decisions_csv(const agents::ScenarioConfig& config, const agents::ProgrammeReport& report);

// What every manifest starts with: icsim's version, git commit and build type, and the host.
nlohmann::json provenance();
// A run's manifest before its files are written: provenance, the scenario files with their
// digests, seed, threads, horizon, scale and the run's counts and phase timings.
nlohmann::json run_manifest(const scenarios::LoadedScenario& loaded, const agents::RunStats& stats, int threads,
                            const std::string& started_utc);

// How far the hospital drifts from its first day (the warm start, flow.warm_start): occupancy
// (occupied over base beds, all sites) and delayed beds on the first day and their means over
// days 1-30, 31-60, 61-90 and 91-365, each window with its difference from the first day.
nlohmann::json warm_up_diagnostic(const std::vector<agents::SiteOccupancy>& occupancy, bool warm_start);

struct WriteSeconds {
  double total = 0.0, csv = 0.0, sqlite = 0.0;
};
// Writes every file of a run but the manifest into `dir`; measures.csv and results.sqlite side
// by side when threads > 1. The manifest goes into results.sqlite as it is now.
WriteSeconds write_run_files(const std::filesystem::path& dir, const scenarios::LoadedScenario& loaded,
                             const agents::RunResult& result, const nlohmann::json& manifest, int threads);
// Writes the finished manifest, last: into results.sqlite and as manifest.json.
void write_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest);

}  // namespace icsim::output
