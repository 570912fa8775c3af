// `icsim attribute` (tools/attribute_command.hpp): the coalitions' runs and their Shapley values.
#include "tools/attribute_command.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <tuple>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/global_control.h>

#include "experiments/attribution.hpp"
#include "experiments/ensemble.hpp"
#include "experiments/statistics.hpp"
#include "output/run_files.hpp"
#include "report/comparison_report.hpp"
#include "output/writers.hpp"
#include "scenarios/loader.hpp"
#include "sim/clock.hpp"
#include "sim/text.hpp"
#include "tools/command_line.hpp"

namespace icsim::tools {
namespace fs = std::filesystem;
namespace ex = experiments;
using nlohmann::json;
using namespace exit_codes;

namespace {

// A folder or scenario that cannot be attributed: bad input (exit 2).
class Unattributable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Cells {  // where each (measure, year) is in a run's slice
  std::vector<std::string> measures, years;
  std::vector<std::size_t> index;  // per measure x year, into Slice::values
};

Cells cells_of(const ex::Slice& slice) {
  Cells cells;
  std::size_t system = 0;
  while (system < slice.areas.size() && slice.areas[system].level != "system") ++system;
  if (system == slice.areas.size()) throw std::logic_error("icsim: a run's results have no System (a bug)");
  for (std::size_t p = 0; p < slice.periods.size(); ++p) {
    if (slice.periods[p].size() == 4) cells.years.push_back(slice.periods[p]);
  }
  for (const report::Headline& h : report::headline_measures()) {  // the System's measures attributed: the report's headline
    const std::string m(h.measure);
    const auto mi = std::find(slice.measures.begin(), slice.measures.end(), m);
    if (mi == slice.measures.end()) continue;
    cells.measures.push_back(m);
    for (const std::string& y : cells.years) {
      const auto pi = std::find(slice.periods.begin(), slice.periods.end(), y);
      cells.index.push_back(slice.index(static_cast<std::size_t>(pi - slice.periods.begin()), system,
                                        static_cast<std::size_t>(mi - slice.measures.begin())));
    }
  }
  return cells;
}

// One what-if's plan: its levers, the coalitions to run, and each run's values.
struct WhatIf {
  std::string name;
  std::vector<ex::Lever> levers;
  ex::ShapleyPlan plan;
  std::vector<std::string> files;                   // per coalition
  std::vector<std::vector<std::vector<double>>> x;  // [coalition][replication][cell]
};

// The comparison's manifest, checked: its scenarios must load as they did (same digests).
struct Inputs {
  json manifest;
  std::uint64_t seed = 0;
  std::optional<int> years;  // as compare was given them
  std::optional<double> scale;
  json comparator;
  std::vector<std::pair<std::string, json>> what_ifs;  // name, effective scenario
};

std::optional<int> optional_int(const json& j) { return j.is_number_integer() ? std::optional<int>(j.get<int>()) : std::nullopt; }
std::optional<double> optional_double(const json& j) { return j.is_number() ? std::optional<double>(j.get<double>()) : std::nullopt; }

Inputs read_inputs(const fs::path& dir) {
  const fs::path file = dir / "manifest.json";
  if (!fs::is_regular_file(file)) throw Unattributable(fmt::format("{}: missing; `icsim attribute` reads a comparison's folder", file.string()));
  Inputs in;
  in.manifest = json::parse(output::read_text(file));
  const json& m = in.manifest;
  if (!m.contains("comparator_file") || !m.contains("scenarios") || !m.contains("overrides") || !m.value("seed", json()).is_number_unsigned()) {
    throw Unattributable(fmt::format("{}: not the manifest of a comparison by this version of icsim (it needs comparator_file, scenarios, "
                                     "overrides and seed): run icsim compare again",
                                     file.string()));
  }
  if (m.value("parameter_uncertainty", false)) {
    throw Unattributable("the comparison drew programme effects from their ranges (--parameter-uncertainty): attribution runs the "
                         "central effects, so it would not decompose that comparison's differences");
  }
  in.seed = m["seed"].get<std::uint64_t>();
  in.years = optional_int(m["overrides"].value("years", json()));
  in.scale = optional_double(m["overrides"].value("scale", json()));
  // As compare loaded them: the comparator with its own seed, each what-if with the comparator's.
  auto load = [&](const std::string& path, const std::string& digest, std::optional<std::uint64_t> seed) {
    auto loaded = scenarios::load_scenario(path, {seed, in.years, in.scale});
    if (loaded.digest != digest) {
      throw Unattributable(fmt::format("{} has changed since the comparison (digest {} now, {} then): attribute a comparison of the "
                                       "scenarios as they are", path, loaded.digest, digest));
    }
    return json::parse(loaded.effective_json);
  };
  in.comparator = load(m.value("comparator_path", m["comparator_file"].get<std::string>()), m.value("comparator_digest_sha256", ""), std::nullopt);
  for (const json& s : m["scenarios"]) {
    in.what_ifs.emplace_back(s.value("name", ""), load(s.value("path", s.value("file", "")), s.value("digest_sha256", ""), in.seed));
  }
  return in;
}

// The run settings must agree but for the seed: attribution runs every coalition on the
// comparator's, and a what-if's other run settings are not a lever.
void check_run_settings(const json& comparator, const json& what_if, const std::string& name) {
  json a = comparator.value("run", json::object()), b = what_if.value("run", json::object());
  a.erase("seed");
  b.erase("seed");
  if (a != b) throw Unattributable(fmt::format("{} changes the run settings against the comparator ({} against {}): not a lever", name, b.dump(), a.dump()));
}

// Each coalition's scenario file, under DIR/coalitions/NAME/.
WhatIf plan_what_if(const Inputs& in, const std::string& name, const json& what_if, const AttributeArgs& args, const fs::path& staging) {
  check_run_settings(in.comparator, what_if, name);
  WhatIf w{name, ex::levers_between(in.comparator, what_if), {}, {}, {}};
  if (w.levers.empty()) throw Unattributable(fmt::format("{} changes nothing against the comparator: nothing to attribute", name));
  w.plan = ex::plan_shapley(w.levers.size(), static_cast<std::size_t>(args.max_exact), static_cast<std::size_t>(args.pairs), in.seed);
  fs::create_directories(staging / "coalitions" / name);
  for (const ex::Coalition c : w.plan.coalitions) {
    const std::string id = fmt::format("{}-coalition-{}", name, c);
    const fs::path file = staging / "coalitions" / name / (id + ".json");
    output::write_text(ex::coalition_scenario(in.comparator, what_if, w.levers, c, id).dump(2) + "\n", file);
    try {  // a mix of levers may not make a valid scenario: found now, not partway through the runs
      scenarios::load_scenario(file);
    } catch (const scenarios::ScenarioError& e) {
      std::vector<std::string> set;
      for (std::size_t k = 0; k < w.levers.size(); ++k) {
        if ((c >> k & 1u) != 0) set.push_back(w.levers[k].id);
      }
      throw Unattributable(fmt::format("{}: the comparator with only {} of its levers is not a valid scenario ({}{}); the levers "
                                       "depend on each other", name, fmt::join(set, ", "), e.problems().front().to_string(),
                                       e.problems().size() > 1 ? fmt::format(" and {} more", e.problems().size() - 1) : ""));
    }
    w.files.push_back(file.string());
  }
  return w;
}

// Every coalition's replications, in batches that keep the threads busy; each run is reduced to
// the cells attributed as soon as its batch ends.
Cells run_coalitions(std::vector<WhatIf>& what_ifs, const Inputs& in, const AttributeArgs& args, int threads) {
  struct Job {
    std::size_t w, c, r;
  };
  std::vector<Job> jobs;
  for (std::size_t w = 0; w < what_ifs.size(); ++w) {
    what_ifs[w].x.assign(what_ifs[w].files.size(), std::vector<std::vector<double>>(static_cast<std::size_t>(args.replications)));
    for (std::size_t c = 0; c < what_ifs[w].files.size(); ++c) {
      for (std::size_t r = 0; r < static_cast<std::size_t>(args.replications); ++r) jobs.push_back({w, c, r});
    }
  }
  Cells cells;
  struct Layout {
    std::vector<std::string> periods;
    std::size_t areas = 0;
    std::vector<std::string> measures;
  } first_layout;
  const std::size_t batch = static_cast<std::size_t>(threads) * 4;
  const auto start = sim::Clock::now();
  for (std::size_t first = 0; first < jobs.size(); first += batch) {
    std::vector<ex::ReplicationJob> runs;
    const std::size_t last = std::min(jobs.size(), first + batch);
    for (std::size_t k = first; k < last; ++k) {
      runs.push_back({what_ifs[jobs[k].w].files[jobs[k].c], in.seed + jobs[k].r, false});
    }
    ex::Ensemble ensemble({in.years, in.scale}, threads);  // models freed each batch
    const std::vector<ex::Slice> slices = ensemble.run(runs);
    for (std::size_t k = first; k < last; ++k) {
      const ex::Slice& slice = slices[k - first];
      if (cells.index.empty()) {
        cells = cells_of(slice);
        first_layout = {slice.periods, slice.areas.size(), slice.measures};
      } else if (std::tie(slice.periods, slice.measures) != std::tie(first_layout.periods, first_layout.measures) ||
                 slice.areas.size() != first_layout.areas) {
        throw Unattributable(fmt::format("{}: its results have other periods, areas or measures than the first coalition's: a lever "
                                         "that changes the world cannot be attributed", runs[k - first].file));
      }
      std::vector<double>& values = what_ifs[jobs[k].w].x[jobs[k].c][jobs[k].r];
      for (const std::size_t i : cells.index) values.push_back(slice.values[i]);
    }
    if (!args.quiet) fmt::print(stderr, "attribution: {}/{} runs done, {:.0f} s\n", last, jobs.size(), sim::seconds_since(start));
  }
  return cells;
}

// attribution.csv: each lever's contribution to each (measure, year) of the System, and the total.
std::string attribution_csv(const std::vector<WhatIf>& what_ifs, const Cells& cells, int replications) {
  std::string out = "scenario,period,measure,lever,contribution,contribution_low,contribution_high\n";
  const auto reps = static_cast<std::size_t>(replications);
  for (const WhatIf& w : what_ifs) {
    const std::size_t all = w.plan.coalitions.size() - 1;  // ascending: the whole set last, the empty one first
    for (std::size_t m = 0; m < cells.measures.size(); ++m) {
      for (std::size_t y = 0; y < cells.years.size(); ++y) {
        const std::size_t cell = m * cells.years.size() + y;
        // table[lever][r][column]
        std::vector<std::vector<std::vector<double>>> table(w.levers.size(), std::vector<std::vector<double>>(reps));
        std::vector<std::vector<double>> total(reps, std::vector<double>(1));
        for (std::size_t r = 0; r < reps; ++r) {
          const auto value = [&](ex::Coalition c) {
            const auto at = std::lower_bound(w.plan.coalitions.begin(), w.plan.coalitions.end(), c) - w.plan.coalitions.begin();
            return w.x[static_cast<std::size_t>(at)][r][cell] - w.x[0][r][cell];
          };
          for (const auto& row : ex::shapley_contributions(w.plan, value)) {
            for (std::size_t l = 0; l < w.levers.size(); ++l) table[l][r].push_back(row[l]);
          }
          total[r][0] = w.x[all][r][cell] - w.x[0][r][cell];
        }
        auto line = [&](const std::string& lever, const ex::Contribution& c) {
          out += fmt::format("{},{},{},{},{},{},{}\n", sim::csv_field(w.name), cells.years[y], cells.measures[m], sim::csv_field(lever),
                             c.mean, c.low, c.high);
        };
        for (std::size_t l = 0; l < w.levers.size(); ++l) line(w.levers[l].id, ex::summarise_contribution(table[l]));
        line("total", ex::summarise_contribution(total));
      }
    }
  }
  return out;
}

json attribution_manifest(const Inputs& in, const std::vector<WhatIf>& what_ifs, const AttributeArgs& args, std::size_t runs) {
  json scenarios = json::array();
  for (const WhatIf& w : what_ifs) {
    json levers = json::array();
    for (const ex::Lever& l : w.levers) levers.push_back({{"id", l.id}, {"pointers", l.pointers}});
    scenarios.push_back({{"name", w.name},
                         {"method", w.plan.exact ? "exact" : "sampled orderings, antithetic pairs"},
                         {"levers", levers},
                         {"coalitions", w.plan.coalitions.size()},
                         {"ordering_pairs", w.plan.exact ? 0 : args.pairs}});
  }
  json m = output::provenance();
  m.update({{"attribution_of", in.manifest.value("scenario", "")},
            {"comparator", in.manifest.value("comparator", "")},
            {"comparator_digest_sha256", in.manifest.value("comparator_digest_sha256", "")},
            {"scenarios", scenarios},
            {"replications", args.replications},
            {"seeds", fmt::format("{} to {}", in.seed, in.seed + static_cast<std::uint64_t>(args.replications) - 1)},
            {"max_exact_levers", args.max_exact},
            {"runs", runs},
            {"years", in.manifest.value("years", 0)},
            {"scale", in.manifest.value("scale", 1.0)}});
  return m;
}

}  // namespace

CLI::App* add_attribute_command(CLI::App& app, AttributeArgs& args) {
  auto* cmd = app.add_subcommand("attribute", "Decompose each what-if's difference in a comparison's folder into its levers' "
                                              "contributions (Shapley values, common random numbers), in FOLDER/attribution.");
  cmd->add_option("FOLDER", args.dir, "A folder written by icsim compare")->required();
  cmd->add_option("--replications", args.replications, "Replications of each coalition (seeds as the comparison's first ones)")
      ->check(CLI::Range(2, 1000));
  cmd->add_option("--max-exact", args.max_exact, "Exact Shapley values (2^k coalitions) for up to this many levers")->check(CLI::Range(1, 12));
  cmd->add_option("--pairs", args.pairs, "Above it: random orderings of the levers, each with its reverse")->check(CLI::Range(2, 1000));
  cmd->add_option("--threads", args.threads, "Runs at once (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_flag("--overwrite", args.overwrite, "Replace FOLDER/attribution if it exists");
  cmd->add_flag("--quiet", args.quiet, "No progress lines");
  return cmd;
}

int attribute_command(const AttributeArgs& args, const std::string& command_line) {
  const auto start = sim::Clock::now();
  Inputs in;
  try {
    in = read_inputs(args.dir);
  } catch (const Unattributable& e) {
    std::cerr << "icsim attribute: " << e.what() << "\n";
    return kBadInput;
  } catch (const json::exception& e) {
    std::cerr << "icsim attribute: " << (fs::path(args.dir) / "manifest.json").string() << ": not JSON (" << e.what() << ")\n";
    return kBadInput;
  }
  const int threads = threads_or_cores(args.threads);
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  output::RunDirectory dir(fs::path(args.dir) / "attribution", args.overwrite);
  std::vector<WhatIf> what_ifs;
  std::size_t runs = 0;
  try {
    for (const auto& [name, what_if] : in.what_ifs) {
      what_ifs.push_back(plan_what_if(in, name, what_if, args, dir.staging()));
      runs += what_ifs.back().plan.coalitions.size() * static_cast<std::size_t>(args.replications);
    }
  } catch (const Unattributable& e) {
    std::cerr << "icsim attribute: " << e.what() << "\n";
    return kBadInput;
  }
  const Cells cells = run_coalitions(what_ifs, in, args, threads);
  output::write_text(attribution_csv(what_ifs, cells, args.replications), dir.staging() / "attribution.csv");
  json manifest = attribution_manifest(in, what_ifs, args, runs);
  manifest["command_line"] = command_line;
  manifest["wall_seconds"] = sim::seconds_since(start);
  output::write_text(manifest.dump(2) + "\n", dir.staging() / "manifest.json");
  dir.commit();
  std::cout << fmt::format("attribution: {} ({} runs, {:.0f} s)\n", (dir.final_dir() / "attribution.csv").string(), runs,
                           manifest["wall_seconds"].get<double>());
  return kOk;
}

}  // namespace icsim::tools
