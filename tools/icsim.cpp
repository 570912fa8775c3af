// The icsim command line: run, validate, describe, params. The only place that parses argv,
// prints and chooses exit codes (0 ok, 1 internal error, 2 bad input, 3 environment).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <tbb/global_control.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "agents/age_bands.hpp"
#include "agents/care_pathway.hpp"
#include "agents/org_graph.hpp"
#include "agents/population.hpp"
#include "agents/pipeline.hpp"
#include "agents/simulation.hpp"
#include "calibration/section.hpp"
#include "calibration/targets.hpp"
#include "experiments/comparison.hpp"
#include "experiments/ensemble.hpp"
#include "experiments/replications.hpp"
#include "output/run_files.hpp"
#include "output/writers.hpp"
#include "tools/attribute_command.hpp"
#include "report/comparison_report.hpp"
#include "report/report.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/spec.hpp"
#include "sim/calendar.hpp"
#include "sim/clock.hpp"
#include "sim/version.hpp"
#include "tools/command_line.hpp"
#include "tools/interrupts.hpp"
#include "tools/progress_bar.hpp"
#include "tools/replicated_runs.hpp"
#include "tools/sweep_command.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
using namespace icsim::tools::exit_codes;
using icsim::tools::threads_or_cores;
using icsim::tools::version_line;

// Every command loads its scenarios here: with the calibration section checked too, so that a
// bad target is bad input whatever the command, and read into `*calibration` when asked.
icsim::scenarios::LoadedScenario load(const std::string& file, const icsim::scenarios::Overrides& overrides = {},
                                      icsim::calibration::Settings* calibration = nullptr) {
  return icsim::scenarios::load_scenario(file, overrides, icsim::scenarios::read_input_file,
                                         {icsim::calibration::section_reader(calibration)});
}

// Prints each problem on its own line and returns the exit code for bad input.
int report(const icsim::scenarios::ScenarioError& e) {
  for (const auto& p : e.problems()) std::cerr << p.to_string() << "\n";
  std::cerr << fmt::format("icsim: {} problem{} found; nothing was run\n", e.problems().size(),
                           e.problems().size() == 1 ? "" : "s");
  return kBadInput;
}

// A scaled world scales its capacity pools and queues too: another system, not a sample of
// this one. The warning, or nothing at scale 1.
std::string scale_warning_text(double scale) {
  if (scale == 1.0) return {};
  return fmt::format("population scale {}: capacity pools and queues are scaled too, so queue-driven results (delays, waits, "
                     "occupancy) differ from the full-scale system; use scale 1 for results",
                     scale);
}

// Prints the warning of a scaled world on stderr, quiet or not, and returns it for the record.
std::string warn_about_scale(double scale) {
  std::string warning = scale_warning_text(scale);
  if (!warning.empty()) std::cerr << "icsim: warning: " << warning << "\n";
  return warning;
}

// The manifest's scale_warning: the warning's text when the scale is not 1, absent at scale 1.
void record_scale_warning(json& manifest, const std::string& warning) {
  if (!warning.empty()) manifest["scale_warning"] = warning;
}

struct RunArgs {
  std::string scenario;
  std::optional<std::int64_t> seed;  // signed, so that -1 is refused rather than wrapped
  std::optional<int> years;
  std::optional<double> scale;
  int threads = 0;
  std::string out;
  bool overwrite = false;
  bool quiet = false;
  int replications = 1;
  icsim::tools::PrecisionArgs precision;
  bool parameter_uncertainty = false;
  std::string command_line;  // as given, for the manifest
};

std::optional<std::uint64_t> seed_override(const RunArgs& args) {
  if (!args.seed) return std::nullopt;
  return static_cast<std::uint64_t>(*args.seed);  // CLI11 has checked it is not negative
}

// The mission's outcomes by area, the first and last years: emergency admissions, A&E
// attendances, delayed transfer days and general and acute bed occupancy, for the System, each
// Place and each acute site (a dash where a measure is not kept for that kind of area).
void print_headline(const icsim::sim::MeasureTable& table) {
  const auto& periods = table.periods();
  std::vector<std::size_t> years;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    if (periods[p].size() == 4) years.push_back(p);
  }
  struct Column {
    const char* measure;
    const char* title;
    bool sites, places, share;
  };
  static constexpr Column kColumns[] = {{"emergency_admissions", "emergency admissions", false, true, false},
                                        {"ae_attendances", "A&E attendances", false, true, false},
                                        {"delayed_transfer_days", "delayed transfer days", true, true, false},
                                        {"bed_occupancy_rate", "bed occupancy", true, false, true}};
  const std::string first = periods[years.front()], last = periods[years.back()];
  std::string titles = fmt::format("{:<30}", ""), subtitles = fmt::format("{:<30}", "area");
  for (const Column& c : kColumns) {
    titles += fmt::format(" {:>23}", c.title);
    subtitles += fmt::format(" {:>11} {:>11}", first, last);
  }
  fmt::print("{}\n{}\n", titles, subtitles);
  for (std::size_t a = 0; a < table.areas().size(); ++a) {
    const auto& area = table.areas()[a];
    if (area.level == "pcn") continue;
    std::string line = fmt::format("{:<30}", area.level == "system" ? area.name : area.display_name);
    for (const Column& c : kColumns) {
      const bool kept = area.level == "system" || (area.level == "site" ? c.sites : c.places);
      const auto m = static_cast<std::size_t>(std::find(table.measures().begin(), table.measures().end(), c.measure) - table.measures().begin());
      for (const std::size_t y : {years.front(), years.back()}) {
        const double v = m < table.measures().size() && kept ? table.at(y, a, 0, m) : 0.0;
        line += !kept || m >= table.measures().size() ? fmt::format(" {:>11}", "-")
                : c.share                             ? fmt::format(" {:>10.1f}%", 100.0 * v)
                                                      : fmt::format(" {:>11.0f}", v);
      }
    }
    fmt::print("{}\n", line);
  }
  fmt::print("\nA what-if against the baseline, with a board-ready report: icsim compare scenarios/mse-baseline.json "
             "scenarios/transformation-fund.json, then icsim report on the folder it names (README, \"The command line\").\n");
}

// A scenario's calibration targets (its calibration section), worked out in each of its runs
// that an ensemble makes, and calibration.csv from them: how the study's own runs of it compare
// with the published figures.
struct CalibrationWatch {
  std::string file;
  icsim::calibration::Settings settings;
  void attach(icsim::experiments::Ensemble& ensemble) const {
    ensemble.observe([this](const std::string& run_file, const icsim::sim::MeasureTable& measures) {
      return run_file == file ? icsim::calibration::simulated_values(settings.targets, measures) : std::vector<double>{};
    });
  }
  // From each run's values of the targets; nothing for a scenario without targets.
  void write(const std::vector<std::vector<double>>& values_by_run, const fs::path& dir) const {
    if (settings.targets.empty()) return;
    const auto summaries = icsim::calibration::summarise(settings.targets, values_by_run, settings.tolerance);
    icsim::output::write_text(icsim::calibration::calibration_csv(summaries, settings.tolerance), dir / "calibration.csv");
  }
  // From the ensemble's runs first, first + stride, ...
  void write(const std::vector<icsim::experiments::Slice>& runs, std::size_t first, std::size_t stride, const fs::path& dir) const {
    std::vector<std::vector<double>> values;
    for (std::size_t j = first; j < runs.size(); j += stride) values.push_back(runs[j].targets);
    write(values, dir);
  }
};

int run_command(const RunArgs& args) {
  const auto wall_start = icsim::sim::Clock::now();
  const std::string started = icsim::sim::utc_now_iso();
  CalibrationWatch calibration{args.scenario, {}};
  auto loaded = load(args.scenario, {seed_override(args), args.years, args.scale}, &calibration.settings);
  const double load_seconds = icsim::sim::seconds_since(wall_start);
  const auto& config = *loaded.model;
  const std::string scale_warning = warn_about_scale(config.population.scale);
  const int threads = threads_or_cores(args.threads);
  // Let the run's arena have as many threads as asked, even beyond the cores (results do not change).
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  std::string compact = started;
  compact.erase(std::remove_if(compact.begin(), compact.end(), [](char c) { return c == '-' || c == ':'; }), compact.end());
  // The run id: when it started, the seed and the scenario digest; the folder adds a suffix at
  // commit if another run took the id meanwhile.
  const bool default_out = args.out.empty();
  const fs::path out = default_out ? fs::path("runs") / config.name /
                                         fmt::format("{}-seed{}-{}", compact, config.run.seed, loaded.digest.substr(0, 8))
                                   : fs::path(args.out);
  icsim::output::RunDirectory dir(out, args.overwrite, default_out);

  icsim::tools::ProgressBar bar(fmt::format("{} seed {}", config.name, config.run.seed), !args.quiet);
  icsim::agents::RunOptions options;
  options.threads = threads;
  options.progress = [&](int done, int total) { bar.update(done, total); };
  const auto result = icsim::agents::run_simulation(config, options);
  bar.finish();

  json manifest = icsim::output::run_manifest(loaded, result.stats, threads, started);
  manifest["warm_up"] = icsim::output::warm_up_diagnostic(result.occupancy, config.flow.warm_start.on);
  manifest["command_line"] = args.command_line;
  record_scale_warning(manifest, scale_warning);
  const auto written = icsim::output::write_run_files(dir.staging(), loaded, result, manifest, threads);
  calibration.write(std::vector<std::vector<double>>{icsim::calibration::simulated_values(calibration.settings.targets, result.measures)},
                    dir.staging());
  manifest["finished_utc"] = icsim::sim::utc_now_iso();
  manifest["wall_seconds"] = icsim::sim::seconds_since(wall_start);
  manifest["phase_seconds"].update(
      {{"load_scenario", load_seconds}, {"write_outputs", written.total}, {"write_csv", written.csv}, {"write_sqlite", written.sqlite}});
  manifest["peak_memory_mb"] = icsim::sim::peak_memory_mb();
  icsim::output::write_manifest(dir.staging(), manifest);
  dir.commit();

  if (!args.quiet) {
    print_headline(result.measures);
    fmt::print("\n{} residents, {} years, {} threads: {:.2f} s, peak memory {:.0f} MB\nresults: {}\n",
               result.stats.residents_start, config.run.years, threads, manifest["wall_seconds"].get<double>(),
               manifest["peak_memory_mb"].get<double>(), dir.final_dir().string());
  }
  return kOk;
}

// Each area's name by its id, for reports (comparison.csv and summary.csv key areas by id).
json area_names(const icsim::agents::WorldConfig& world) {
  json names = json::object();
  for (const auto& place : world.places) names[place.id] = place.name;
  for (const auto& pcn : world.pcns) names[pcn.id] = pcn.name;
  for (const auto& provider : world.providers) names[provider.id] = provider.name;
  return names;
}

// `run --replications N` (or `--precision P`): replications side by side; summary.csv holds
// every measure's mean and 2.5th, 25th, 50th, 75th and 97.5th percentiles (group `all`).
int run_replications(const RunArgs& args) {
  namespace ex = icsim::experiments;
  const auto wall_start = icsim::sim::Clock::now();
  CalibrationWatch calibration{args.scenario, {}};
  const auto loaded = load(args.scenario, {seed_override(args), args.years, args.scale}, &calibration.settings);
  const auto& config = *loaded.model;
  const std::string scale_warning = warn_about_scale(config.population.scale);
  const int threads = threads_or_cores(args.threads);
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const std::string count = args.precision.precision ? fmt::format("precision-{}", *args.precision.precision)
                                                     : fmt::format("replications-{}", args.replications);
  const fs::path out = args.out.empty() ? fs::path("runs") / config.name / fmt::format("{}x{}", count, config.run.seed) : fs::path(args.out);
  icsim::output::RunDirectory dir(out, args.overwrite);
  // Replication r has seed run.seed + r (run.seed after any --seed).
  auto jobs_of = [&](std::uint64_t r) {
    return std::vector<ex::ReplicationJob>{{args.scenario, config.run.seed + r, args.parameter_uncertainty}};
  };
  ex::Ensemble ensemble({args.years, args.scale}, threads);
  calibration.attach(ensemble);
  const auto replicated = icsim::tools::run_replicated(ensemble, jobs_of, 1, ex::Watched::kMeans,
                                                       static_cast<std::size_t>(args.replications), args.precision, threads, args.quiet);
  const auto summary = ex::summarise(replicated.runs);
  icsim::output::write_text(ex::summary_csv(summary), dir.staging() / "summary.csv");
  icsim::output::write_text(ex::programme_totals_csv(replicated.runs, {config.name}), dir.staging() / "programme_totals.csv");
  icsim::output::write_text(ex::decision_counts_csv(replicated.runs, {config.name}), dir.staging() / "decision_counts.csv");
  calibration.write(replicated.runs, 0, 1, dir.staging());
  icsim::output::write_text(loaded.effective_json, dir.staging() / "effective_scenario.json");
  json manifest = icsim::output::provenance();
  manifest.update({
      {"scenario", config.name},
      {"scenario_file", args.scenario},
      {"description", config.description},
      {"scenario_digest_sha256", loaded.digest},
      {"area_names", area_names(config.world)},
      {"start_date", icsim::sim::iso_date(config.run.start_date)},
      {"command_line", args.command_line},
      {"replications", replicated.replications},
      {"parameter_uncertainty", args.parameter_uncertainty},
      {"seeds", fmt::format("{} to {}", config.run.seed, config.run.seed + replicated.replications - 1)},
      {"threads", threads},
      {"years", config.run.years},
      {"scale", config.population.scale},
      {"wall_seconds", icsim::sim::seconds_since(wall_start)},
      {"peak_memory_mb", icsim::sim::peak_memory_mb()},
  });
  if (replicated.precision) {
    manifest["precision"] = icsim::tools::precision_record(args.precision, ex::Watched::kMeans, *replicated.precision);
  }
  record_scale_warning(manifest, scale_warning);
  icsim::output::write_text(manifest.dump(2) + "\n", dir.staging() / "manifest.json");
  dir.commit();
  if (replicated.precision) icsim::tools::warn_if_not_met(args.precision, *replicated.precision);
  if (!args.quiet) {
    if (replicated.precision) std::cout << ex::describe(args.precision.rule(), *replicated.precision) << "\n";
    std::cout << fmt::format("{}: {} replications, {:.1f} s, peak memory {:.0f} MB\nresults: {}\n", config.name,
                             replicated.replications, manifest["wall_seconds"].get<double>(),
                             manifest["peak_memory_mb"].get<double>(), dir.final_dir().string());
  }
  return kOk;
}

// `run`: one run, or replications with --replications N (N above 1) or --precision P.
int run_or_replicate(RunArgs args, const std::string& command_line) {
  args.command_line = command_line;
  if (!icsim::tools::precision_is_usable("run", args.precision)) return kBadInput;
  const bool replicated = args.replications > 1 || args.precision.precision;
  if (args.parameter_uncertainty && !replicated) {
    std::cerr << "icsim run: --parameter-uncertainty needs --replications N (N above 1) or --precision P\n";
    return kBadInput;
  }
  return replicated ? run_replications(args) : run_command(args);
}

struct CompareArgs {
  std::string comparator;
  std::vector<std::string> scenarios;
  int replications = 20;
  icsim::tools::PrecisionArgs precision;
  bool parameter_uncertainty = false;
  int threads = 0;
  std::optional<int> years;
  std::optional<double> scale;
  std::string out;
  bool overwrite = false;
  bool quiet = false;
};

// What stops a comparison before it runs, one line each naming the files: a scenario whose
// horizon or population scale is not the comparator's, or one given twice (its name labels its
// rows).
std::vector<std::string> compare_problems(const CompareArgs& args, const icsim::scenarios::LoadedScenario& base,
                                          const std::vector<icsim::scenarios::LoadedScenario>& what) {
  std::vector<std::string> problems;
  const auto& b = *base.model;
  for (std::size_t s = 0; s < what.size(); ++s) {
    const auto& w = *what[s].model;
    const std::string& file = args.scenarios[s];
    if (b.run.years != w.run.years || b.run.start_date != w.run.start_date) {
      problems.push_back(fmt::format("icsim: {} and {} have different horizons (start date and years); compare needs the same",
                                     args.comparator, file));
    }
    if (b.population.scale != w.population.scale) {
      problems.push_back(fmt::format("icsim: {} and {} have different population scales ({} and {}); compare needs the same",
                                     args.comparator, file, b.population.scale, w.population.scale));
    }
    for (std::size_t t = 0; t < s; ++t) {
      if (what[t].model->name != w.name) continue;
      problems.push_back(args.scenarios[t] == file
                             ? fmt::format("icsim: {} is given twice; compare needs each scenario once", file)
                             : fmt::format("icsim: {} is scenario \"{}\" again (as {}); compare needs each scenario once, as "
                                           "its name labels its rows",
                                           file, w.name, args.scenarios[t]));
      break;  // once, with the first
    }
  }
  return problems;
}

// The comparison's manifest: the comparator and each scenario with their digests. With one
// scenario, the keys of the two-scenario form too (baseline, scenario, their digests, the narrowing).
json compare_manifest(const CompareArgs& args, const icsim::scenarios::LoadedScenario& base,
                      const std::vector<icsim::scenarios::LoadedScenario>& what,
                      const std::vector<icsim::experiments::Comparison>& comparisons, int threads) {
  const std::uint64_t replications = comparisons.front().replications;
  const auto& b = *base.model;
  json scenarios = json::array();
  for (std::size_t s = 0; s < what.size(); ++s) {
    scenarios.push_back({{"name", what[s].model->name},
                         {"file", args.scenarios[s]},
                         {"description", what[s].model->description},
                         {"digest_sha256", what[s].digest},
                         {"median_interval_narrowing_by_pairing", icsim::experiments::median_narrowing(comparisons[s])}});
  }
  json manifest = icsim::output::provenance();
  manifest.update({
      {"area_names", area_names(b.world)},
      {"start_date", icsim::sim::iso_date(b.run.start_date)},
      {"comparator", b.name},
      {"comparator_file", args.comparator},
      {"comparator_description", b.description},
      {"comparator_digest_sha256", base.digest},
      {"scenarios", scenarios},
      {"replications", replications},
      {"parameter_uncertainty", args.parameter_uncertainty},
      {"seed", b.run.seed},
      {"seeds", fmt::format("{} to {}", b.run.seed, b.run.seed + replications - 1)},
      {"threads", threads},
      {"years", b.run.years},
      {"scale", b.population.scale},
  });
  if (what.size() == 1) {
    manifest.update({{"baseline", b.name},
                     {"baseline_digest_sha256", base.digest},
                     {"scenario", scenarios[0]["name"]},
                     {"scenario_digest_sha256", scenarios[0]["digest_sha256"]},
                     {"median_interval_narrowing_by_pairing", scenarios[0]["median_interval_narrowing_by_pairing"]}});
  }
  return manifest;
}

// Runs replication r of the comparator and of each scenario, in the order given, with seed
// run.seed + r (the comparator's seed), all in parallel, one thread each; writes comparison.csv,
// headline.txt and a manifest; prints the headline differences by Place and year with their
// intervals, and how much pairing narrows them.
int compare_command(const CompareArgs& args, const std::string& command_line) {
  namespace ex = icsim::experiments;
  if (!icsim::tools::precision_is_usable("compare", args.precision)) return kBadInput;
  const auto wall_start = icsim::sim::Clock::now();
  const std::string started = icsim::sim::utc_now_iso();
  CalibrationWatch calibration{args.comparator, {}};
  const auto base = load(args.comparator, {std::nullopt, args.years, args.scale}, &calibration.settings);
  const std::uint64_t seed = base.model->run.seed;
  std::vector<icsim::scenarios::LoadedScenario> what;
  std::vector<std::string> names;
  for (const auto& file : args.scenarios) {
    what.push_back(load(file, {seed, args.years, args.scale}));
    names.push_back(what.back().model->name);
  }
  const auto problems = compare_problems(args, base, what);
  for (const auto& p : problems) std::cerr << p << "\n";
  if (!problems.empty()) return kBadInput;
  const std::string scale_warning = warn_about_scale(base.model->population.scale);
  const int threads = threads_or_cores(args.threads);
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const std::string joined = fmt::format("{}", fmt::join(names, "-"));
  const fs::path out = args.out.empty() ? fs::path("runs") / "compare" / fmt::format("{}-vs-{}", base.model->name, joined)
                                        : fs::path(args.out);
  icsim::output::RunDirectory dir(out, args.overwrite);

  auto jobs_of = [&](std::uint64_t r) {
    std::vector<ex::ReplicationJob> jobs{{args.comparator, seed + r, args.parameter_uncertainty}};
    for (const auto& file : args.scenarios) jobs.push_back({file, seed + r, args.parameter_uncertainty});
    return jobs;
  };
  ex::Ensemble ensemble({args.years, args.scale}, threads);
  calibration.attach(ensemble);
  auto replicated = icsim::tools::run_replicated(ensemble, jobs_of, 1 + args.scenarios.size(), ex::Watched::kDifferences,
                                                 static_cast<std::size_t>(args.replications), args.precision, threads, args.quiet);
  std::vector<std::string> all_names = {base.model->name};
  all_names.insert(all_names.end(), names.begin(), names.end());
  const std::string bands = ex::bands_csv(replicated.runs, all_names);
  const std::string programme_totals = ex::programme_totals_csv(replicated.runs, all_names);
  const std::string decision_counts = ex::decision_counts_csv(replicated.runs, all_names);
  calibration.write(replicated.runs, 0, all_names.size(), dir.staging());
  const auto comparisons = ex::compare_each(std::move(replicated.runs), names);
  const std::string table = ex::headline_table(base.model->name, comparisons);
  json manifest = compare_manifest(args, base, what, comparisons, threads);
  manifest["command_line"] = command_line;
  manifest["started_utc"] = started;
  // What `icsim attribute` needs to load the scenarios again exactly as here.
  manifest["overrides"] = {{"years", args.years ? json(*args.years) : json()}, {"scale", args.scale ? json(*args.scale) : json()}};
  manifest["comparator_path"] = fs::absolute(args.comparator).lexically_normal().string();
  for (std::size_t s = 0; s < args.scenarios.size(); ++s) {
    manifest["scenarios"][s]["path"] = fs::absolute(args.scenarios[s]).lexically_normal().string();
  }
  if (replicated.precision) {
    manifest["precision"] = icsim::tools::precision_record(args.precision, ex::Watched::kDifferences, *replicated.precision);
  }
  record_scale_warning(manifest, scale_warning);
  manifest["wall_seconds"] = icsim::sim::seconds_since(wall_start);
  manifest["peak_memory_mb"] = icsim::sim::peak_memory_mb();
  icsim::output::write_text(ex::comparison_csv(comparisons), dir.staging() / "comparison.csv");
  icsim::output::write_text(bands, dir.staging() / "bands.csv");
  icsim::output::write_text(programme_totals, dir.staging() / "programme_totals.csv");
  icsim::output::write_text(decision_counts, dir.staging() / "decision_counts.csv");
  icsim::output::write_text(manifest.dump(2) + "\n", dir.staging() / "manifest.json");
  icsim::output::write_text(table, dir.staging() / "headline.txt");
  dir.commit();
  std::vector<std::string> narrowing;
  for (const auto& c : comparisons) {
    narrowing.push_back(comparisons.size() == 1 ? fmt::format("{:.1f}", ex::median_narrowing(c))
                                                : fmt::format("{:.1f} ({})", ex::median_narrowing(c), c.scenario));
  }
  if (replicated.precision) icsim::tools::warn_if_not_met(args.precision, *replicated.precision);
  std::cout << table;
  if (replicated.precision) std::cout << "\n" << ex::describe(args.precision.rule(), *replicated.precision) << "\n";
  std::cout << fmt::format("\n{} vs {}: {} replications each, {:.1f} s, peak memory {:.0f} MB. Pairing (common random numbers) "
                           "narrows the headline intervals by a median factor of {} against unpaired runs.\nresults: {}\n",
                           fmt::join(names, ", "), base.model->name, replicated.replications, manifest["wall_seconds"].get<double>(),
                           manifest["peak_memory_mb"].get<double>(), fmt::join(narrowing, ", "), dir.final_dir().string());
  return kOk;
}

struct CalibrateArgs {
  std::string scenario;
  int replications = 10;
  int threads = 0;
  std::optional<double> scale;
  std::string out = "docs/calibration.md";
};

// Runs the scenario's replications up to the calibration year and writes the report.
int calibrate_command(const CalibrateArgs& args) {
  icsim::calibration::Settings calibration;
  const auto base = load(args.scenario, {std::nullopt, std::nullopt, args.scale}, &calibration);
  const auto& targets = calibration.targets;
  if (targets.empty()) {
    std::cerr << "icsim: " << args.scenario << " has no calibration targets (calibration.targets)\n";
    return kBadInput;
  }
  const std::string scale_warning = warn_about_scale(base.model->population.scale);
  icsim::output::check_can_write_beside(args.out);  // before hours of replications, not after
  const int threads = threads_or_cores(args.threads);
  const tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  std::vector<std::vector<double>> values;
  std::string first_year;
  // One model, run with each replication's seed.
  const auto model = load(args.scenario, {std::nullopt, icsim::calibration::years_needed(targets), args.scale});
  for (int r = 0; r < args.replications; ++r) {
    const std::uint64_t seed = base.model->run.seed + static_cast<std::uint64_t>(r);
    icsim::agents::RunOptions options;
    options.seed = seed;
    options.threads = threads;
    const auto result = icsim::agents::run_simulation(*model.model, options);
    first_year = icsim::calibration::year_period(result.measures, 1);
    values.push_back(icsim::calibration::simulated_values(targets, result.measures));
    fmt::print(stderr, "replication {}/{} (seed {}) done\n", r + 1, args.replications, seed);
  }
  const auto summaries = icsim::calibration::summarise(targets, values, calibration.tolerance);
  icsim::calibration::ReportContext context{base.model->name, base.digest, version_line(), first_year, base.model->run.seed,
                                            args.replications, base.model->population.scale, calibration.tolerance, {},
                                            scale_warning};
  for (const auto& p : icsim::scenarios::parameters()) {
    if (p.spec->source.rfind("fitted", 0) == 0) context.fitted.emplace_back(p.name, p.spec->source);
  }
  const std::string report = icsim::calibration::markdown_report(summaries, context);
  icsim::output::replace_file(report, args.out);
  int met = 0;
  for (const auto& s : summaries) {
    met += s.met ? 1 : 0;
    fmt::print("{:<44} {:>9} {:>9} {:>+7.1f}% {}\n", s.target.key, icsim::calibration::format_value(s.target, s.target.value),
               icsim::calibration::format_value(s.target, s.mean), 100 * s.relative_error,
               s.met ? "" : "MISSED");
  }
  fmt::print("{} of {} targets within {:.0f}%; report: {}\n", met, summaries.size(), 100 * calibration.tolerance, args.out);
  return kOk;
}

int validate_command(const std::vector<std::string>& files) {
  int code = kOk;
  for (const auto& file : files) {
    try {
      const auto loaded = load(file);
      fmt::print("{}: ok (scenario \"{}\", digest {})\n", file, loaded.model->name, loaded.digest.substr(0, 16));
    } catch (const icsim::scenarios::ScenarioError& e) {
      code = std::max(code, report(e));
    } catch (const icsim::scenarios::EnvironmentError& e) {
      std::cerr << "icsim: " << e.what() << "\n";
      code = std::max<int>(code, kEnvironment);
    }
  }
  return code;
}

int describe_command(const std::string& file, bool dot, bool pathways) {
  const auto loaded = load(file);
  const auto& c = *loaded.model;
  if (pathways) {
    const icsim::agents::CarePathway pathway(c.pathway);
    std::cout << (dot ? pathway.to_dot() : pathway.to_text());
    return kOk;
  }
  const icsim::agents::OrgGraph graph(c.world);
  if (dot) {
    std::cout << graph.to_dot();
    return kOk;
  }
  const auto plan = icsim::agents::plan_population(c);
  using icsim::agents::kCensusAgeBands;
  auto practice_total = [&](int practice) {
    std::int64_t n = 0;
    for (auto v : plan.residents[static_cast<std::size_t>(practice)]) n += v;
    return n;
  };
  fmt::print("{} ({})\n{}\n\n", c.world.system.name, c.world.system.id, c.description);
  fmt::print("Horizon: {} years from {}; seed {}; population scale {}\n\n", c.run.years, icsim::sim::iso_date(c.run.start_date),
             c.run.seed, c.population.scale);
  fmt::print("Places\n");
  for (std::size_t p = 0; p < c.world.places.size(); ++p) {
    const auto& place = c.world.places[p];
    std::int64_t residents = 0;
    for (auto v : plan.place_residents[p]) residents += v;
    int pcns = 0, practices = 0;
    for (const auto& pcn : c.world.pcns) {
      if (pcn.place == static_cast<int>(p)) {
        ++pcns;
        practices += static_cast<int>(pcn.practices.size());
      }
    }
    fmt::print("  {:<24} {:>9} residents  {:>2} PCNs {:>3} practices  growth {:.2f}%/yr  list inflation {:.3f}\n", place.name,
               residents, pcns, practices, 100 * place.growth_per_year, plan.place_list_inflation[p]);
  }
  // The plan is in the census's 5-year bands, so the report bands "0" and "1-4" show as one "0-4".
  fmt::print("\nResidents by Place and age band\n  {:<24} {:>8}", "", "0-4");
  for (std::size_t b = 2; b < icsim::agents::kReportBands; ++b) fmt::print(" {:>8}", icsim::agents::kReportBandLabels[b]);
  fmt::print("\n");
  for (std::size_t p = 0; p < c.world.places.size(); ++p) {
    std::array<std::int64_t, icsim::agents::kReportBands - 1> bands{};
    for (int cell = 0; cell < icsim::agents::kSexes * kCensusAgeBands; ++cell) {
      const int band = icsim::agents::report_band_of_age(5 * (cell % kCensusAgeBands));
      bands[static_cast<std::size_t>(std::max(0, band - 1))] += plan.place_residents[p][static_cast<std::size_t>(cell)];
    }
    fmt::print("  {:<24}", c.world.places[p].name);
    for (auto v : bands) fmt::print(" {:>8}", v);
    fmt::print("\n");
  }
  fmt::print("\nPCNs (practices: residents)\n");
  for (const auto& pcn : c.world.pcns) {
    std::int64_t residents = 0;
    for (int practice : pcn.practices) residents += practice_total(practice);
    fmt::print("  {} {:<36} {:<18} {:>7} residents, council {}\n", pcn.id, pcn.name, c.world.places[static_cast<std::size_t>(pcn.place)].id,
               residents, c.world.councils[static_cast<std::size_t>(pcn.council)].name);
    for (int practice : pcn.practices) {
      const auto& pr = c.world.practices[static_cast<std::size_t>(practice)];
      fmt::print("      {} {:<44} list {:>6}  residents {:>6}\n", pr.id, pr.name, pr.list_size, practice_total(practice));
    }
  }
  fmt::print("\nProviders\n");
  for (const auto& pr : c.world.providers) {
    std::string places;
    for (int p : pr.places) places += (places.empty() ? "" : ", ") + c.world.places[static_cast<std::size_t>(p)].id;
    const char* kind = pr.kind == icsim::agents::ProviderKind::kAcuteSite ? "acute site"
                       : pr.kind == icsim::agents::ProviderKind::kCommunity ? "community" : "mental health";
    fmt::print("  {:<48} {:<13} {}serves {}\n", pr.name, kind,
               pr.general_acute_beds > 0 ? fmt::format("{} G&A beds, ", pr.general_acute_beds) : "", places);
  }
  fmt::print("\nCouncils (adult social care)\n");
  for (const auto& council : c.world.councils) {
    std::string places;
    for (int p : council.places) places += (places.empty() ? "" : ", ") + c.world.places[static_cast<std::size_t>(p)].id;
    fmt::print("  {:<48} serves {}\n", council.name, places);
  }
  return kOk;
}

// The subcommands with many options, each declared with its arguments.
CLI::App* add_run_command(CLI::App& app, RunArgs& run) {
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write its results.");
  run_cmd->add_option("SCENARIO", run.scenario, "Scenario file (JSON)")->required();
  run_cmd->add_option("--seed", run.seed, "Random seed (overrides the scenario's run.seed)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9007199254740991}));
  run_cmd->add_option("--threads", run.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--years", run.years, "Years to simulate (overrides run.years)");
  run_cmd->add_option("--scale", run.scale,
                      "Multiply the population by this factor (overrides population.scale); capacity is scaled too, so for "
                      "tests, not results");
  run_cmd->add_option("--out", run.out, "Output folder (default: runs/<scenario>/<run-id>)");
  run_cmd->add_flag("--overwrite", run.overwrite, "Replace the output folder if it exists");
  run_cmd->add_flag("--quiet", run.quiet, "No progress bar or summary");
  auto* replications_option = run_cmd->add_option("--replications", run.replications,
                      "Run N replications side by side (seeds run.seed, run.seed+1, ...) and write summary.csv: each "
                      "measure's mean and 2.5th, 25th, 50th, 75th and 97.5th percentiles")
      ->check(CLI::Range(1, 1000));
  icsim::tools::add_precision_options(run_cmd, run.precision, replications_option);
  // Needs --replications or --precision: checked in main, as CLI11 has no "needs one of".
  run_cmd->add_flag("--parameter-uncertainty", run.parameter_uncertainty,
                    "With --replications or --precision: each replication also draws the programme effects from their ranges "
                    "(triangular, mode at the central value)");
  return run_cmd;
}

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& calibrate) {
  auto* calibrate_cmd = app.add_subcommand("calibrate", "Compare a scenario with its calibration targets over replications; "
                                                        "write the report (docs/calibration.md).");
  calibrate_cmd->add_option("SCENARIO", calibrate.scenario, "Scenario file with calibration.targets")->required();
  calibrate_cmd->add_option("--replications", calibrate.replications, "Replications (seeds run.seed, run.seed+1, ...)")
      ->check(CLI::Range(2, 1000));
  calibrate_cmd->add_option("--threads", calibrate.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  calibrate_cmd->add_option("--scale", calibrate.scale, "Multiply the population by this factor (capacity too: for tests)");
  calibrate_cmd->add_option("--out", calibrate.out, "Report file (Markdown)");
  return calibrate_cmd;
}

CLI::App* add_compare_command(CLI::App& app, CompareArgs& compare) {
  auto* compare_cmd = app.add_subcommand("compare", "Run a comparator and one or more what-ifs with common random numbers over "
                                                    "replications; write each what-if's paired differences from the comparator "
                                                    "with 95% intervals (comparison.csv).");
  compare_cmd->add_option("COMPARATOR", compare.comparator, "Scenario file the others are compared with (such as the baseline)")
      ->required();
  compare_cmd->add_option("SCENARIO", compare.scenarios, "What-if scenario files, each compared with the comparator, in this order")
      ->required();
  auto* replications_option =
      compare_cmd->add_option("--replications", compare.replications, "Replications of each (seeds run.seed, run.seed+1, ...)")
          ->check(CLI::Range(2, 1000));
  icsim::tools::add_precision_options(compare_cmd, compare.precision, replications_option);
  compare_cmd->add_option("--threads", compare.threads, "Runs at once (default: all cores)")->check(CLI::Range(1, 1024));
  compare_cmd->add_option("--years", compare.years, "Years to simulate")->check(CLI::Range(1, 100));
  compare_cmd->add_option("--scale", compare.scale, "Multiply the population by this factor (capacity too: for tests, not results)");
  compare_cmd->add_option("--out", compare.out, "Output folder (default runs/compare/COMPARATOR-vs-SCENARIO1-SCENARIO2-...)");
  compare_cmd->add_flag("--overwrite", compare.overwrite, "Replace the output folder if it exists");
  compare_cmd->add_flag("--quiet", compare.quiet, "No progress lines");
  compare_cmd->add_flag("--parameter-uncertainty", compare.parameter_uncertainty,
                        "Replication r of every scenario also draws the programme effects from their ranges, the same draws");
  return compare_cmd;
}

struct DescribeArgs {
  std::string file;
  bool dot = false, pathways = false;
};

CLI::App* add_describe_command(CLI::App& app, DescribeArgs& args) {
  auto* cmd = app.add_subcommand("describe", "Describe the world a scenario builds.");
  cmd->add_option("SCENARIO", args.file, "Scenario file")->required();
  cmd->add_flag("--dot", args.dot, "Print the organisation graph (with --pathways: the care pathway) as Graphviz DOT");
  cmd->add_flag("--pathways", args.pathways, "Describe the care pathway: nodes, kinds and routes");
  return cmd;
}

struct ReportArgs {
  std::string dir;
  bool html_only = false;
};

CLI::App* add_report_command(CLI::App& app, ReportArgs& args) {
  auto* cmd = app.add_subcommand("report", "Write a board-ready report of a comparison's, run's, replications or sweep's folder in FOLDER/report: index.html "
                                           "(self-contained, offline), report.pdf and figures/ (SVG, PNG, CSV).");
  cmd->add_option("FOLDER", args.dir, "A folder written by icsim compare")->required();
  cmd->add_flag("--html-only", args.html_only, "Only index.html and the figures' CSV (no Chromium needed)");
  return cmd;
}

// `icsim report DIR`: the report of a comparison's folder, in DIR/report/.
int report_command(const ReportArgs& args, const std::string& command_line) {
  try {
    const auto files = icsim::report::write_report(args.dir, {!args.html_only, command_line});
    std::cout << fmt::format("report: {} ({} figures{})\n", (files.dir / "index.html").string(), files.figures,
                             files.printed ? "; report.pdf, and each figure as SVG, PNG and CSV" : "; each figure's CSV; no PDF or pictures");
    return kOk;
  } catch (const icsim::report::ReportError& e) {
    for (const auto& p : e.problems()) std::cerr << p << "\n";
    return kBadInput;
  } catch (const std::runtime_error& e) {  // the browser failed: nothing was committed
    std::cerr << e.what() << "\n";
    return kEnvironment;
  }
}

std::string joined_arguments(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return fmt::format("{}", fmt::join(args, " "));
}

}  // namespace

int main(int argc, char** argv) {
  icsim::tools::handle_interrupts();
  CLI::App app{"icsim: simulate an integrated health and care system, resident by resident.", "icsim"};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(1);

  RunArgs run;
  auto* run_cmd = add_run_command(app, run);
  std::vector<std::string> validate_files;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files; report every problem.");
  validate_cmd->add_option("SCENARIO", validate_files, "Scenario files")->required();

  DescribeArgs describe;
  auto* describe_cmd = add_describe_command(app, describe);
  CalibrateArgs calibrate;
  auto* calibrate_cmd = add_calibrate_command(app, calibrate);
  CompareArgs compare;
  auto* compare_cmd = add_compare_command(app, compare);
  icsim::tools::SweepArgs sweep;
  const icsim::tools::SweepCommands sweep_cmds = icsim::tools::add_sweep_command(app, sweep);

  ReportArgs report_args;
  auto* report_cmd = add_report_command(app, report_args);
  icsim::tools::AttributeArgs attribute;
  auto* attribute_cmd = icsim::tools::add_attribute_command(app, attribute);
  bool markdown = false, schema = false;
  auto* params_cmd = app.add_subcommand("params", "List every scenario parameter: unit, default, range, source.");
  auto* md = params_cmd->add_flag("--markdown", markdown, "As a Markdown table");
  params_cmd->add_flag("--json-schema", schema, "As a JSON Schema for scenario files")->excludes(md);
  bool measures_markdown = false, pipeline_markdown = false;
  auto* measures_cmd = app.add_subcommand("measures", "List every measure a run produces: unit, groups, levels, definition.");
  measures_cmd->add_flag("--markdown", measures_markdown, "As the Markdown table of docs/measures.md");
  auto* pipeline_cmd = app.add_subcommand("pipeline", "List the daily phases in the order they run, with what each reads and writes.");
  pipeline_cmd->add_flag("--markdown", pipeline_markdown, "As the Markdown table of docs/model.md");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }

  try {
    if (*run_cmd) return run_or_replicate(run, joined_arguments(argc, argv));
    if (*validate_cmd) return validate_command(validate_files);
    if (*calibrate_cmd) return calibrate_command(calibrate);
    if (*compare_cmd) return compare_command(compare, joined_arguments(argc, argv));
    if (*report_cmd) return report_command(report_args, joined_arguments(argc, argv));
    if (*attribute_cmd) return icsim::tools::attribute_command(attribute, joined_arguments(argc, argv));
    if (*sweep_cmds.sweep) return icsim::tools::run_sweep_command(sweep_cmds, sweep);
    if (*describe_cmd) return describe_command(describe.file, describe.dot, describe.pathways);
    if (*params_cmd) {
      if (schema) std::cout << icsim::scenarios::json_schema().dump(2) << "\n";
      else if (markdown) std::cout << icsim::scenarios::parameters_markdown();
      else std::cout << icsim::scenarios::parameters_text();
      return kOk;
    }
    if (*measures_cmd) {
      std::cout << (measures_markdown ? icsim::agents::measures_markdown() : icsim::agents::measures_text());
      return kOk;
    }
    if (*pipeline_cmd) {
      std::cout << (pipeline_markdown ? icsim::agents::pipeline_markdown() : icsim::agents::pipeline_text());
      return kOk;
    }
  } catch (const icsim::scenarios::ScenarioError& e) {
    return report(e);
  } catch (const icsim::scenarios::EnvironmentError& e) {
    std::cerr << "icsim: " << e.what() << "\n";
    return kEnvironment;
  } catch (const icsim::output::OutputError& e) {
    std::cerr << "icsim: " << e.what() << "\n";
    return kEnvironment;
  } catch (const std::exception& e) {
    std::cerr << "icsim: internal error: " << e.what() << "\n";
    return kInternal;
  }
  return kInternal;
}
