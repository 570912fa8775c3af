// A run's folder, file by file.
#include "output/run_files.hpp"

#include <unistd.h>

#include <chrono>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "agents/pipeline.hpp"
#include "output/writers.hpp"
#include "sim/calendar.hpp"
#include "sim/clock.hpp"
#include "sim/version.hpp"

namespace icsim::output {
namespace ag = agents;
using json = nlohmann::json;

namespace {

std::string date_of(const sim::Calendar& calendar, int sim_day) {
  return sim::iso_date(sim::civil_date(calendar.absolute(sim_day)));
}

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

std::string occupancy_csv(const std::vector<ag::SiteOccupancy>& occupancy) {
  std::string out = "date,site,beds,beds_with_escalation,occupied,delayed,waiting_in_ae,opel,elective_list\n";
  for (const auto& o : occupancy) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", o.date, o.site, o.beds, o.limit, o.occupied, o.delayed, o.waiting, o.opel,
                       o.listed);
  }
  return out;
}

std::string pools_csv(const std::vector<ag::PoolMonth>& pools) {
  std::string out = "date,service,pool,council,capacity,in_use,placements,placed_elsewhere\n";
  for (const auto& p : pools) {
    out += fmt::format("{},{},{},{},{},{},{},{}\n", p.date, p.service, p.pool, p.council, p.capacity, p.in_use, p.placements,
                       p.placed_elsewhere);
  }
  return out;
}

std::string teams_csv(const std::vector<ag::TeamMonth>& teams) {
  std::string out = "date,team,funded_wte,posts,in_post,queued,assessed,escalated,queue_days\n";
  for (const auto& t : teams) {
    out += fmt::format("{},{},{:.3f},{},{},{},{},{},{}\n", t.date, t.team, t.funded_wte, t.posts, t.in_post, t.queued, t.assessed,
                       t.escalated, t.queue_days);
  }
  return out;
}

std::string programmes_csv(const ag::ScenarioConfig& config, const ag::ProgrammeReport& report) {
  std::string out =
      "year,programme,level,unit,allocated_gbp,spent_gbp,carried_forward_gbp,funded_wte,staff_in_post,vacancy_share,eligible,covered,"
      "urgent_needs_met,"
      "minor_needs_met,care_home_needs_prevented,inpatients_supported,end_of_life_admissions_prevented\n";
  const sim::Calendar calendar(config.run.start_date, config.run.years);
  for (const auto& a : report.accounts) {
    const auto level = static_cast<std::size_t>(config.programmes.programmes[static_cast<std::size_t>(a.programme)].level);
    out += fmt::format("{},{},{},{},{:.2f},{:.2f},{:.2f},{:.3f},{:.3f},{:.4f},{:.0f},{:.0f},{},{},{},{},{}\n",
                       calendar.years()[static_cast<std::size_t>(a.year)].label,
                       ag::kProgrammeIds[static_cast<std::size_t>(a.programme)], ag::kCommissioningLevelIds[level],
                       report.unit_ids[level][static_cast<std::size_t>(a.unit)], a.allocated_gbp, a.spent_gbp, a.carried_forward_gbp,
                       a.funded_wte, a.staff_in_post, a.vacancy_share, a.eligible, a.covered, a.activity[ag::kUrgentMet], a.activity[ag::kMinorMet],
                       a.activity[ag::kCareHomeNeedPrevented], a.activity[ag::kInpatientSupported],
                       a.activity[ag::kEndOfLifeAdmissionPrevented]);
  }
  return out;
}

std::string decisions_csv(const ag::ScenarioConfig& config, const ag::ProgrammeReport& report) {
  std::string out =
      "proposed,decided,effective,level,body,from_programme,to_programme,amount_gbp_per_year,return_from,return_to,"
      "evidence_from,evidence_to,rule,meetings,outcome\n";
  const sim::Calendar calendar(config.run.start_date, config.run.years);
  const auto month_label = [&](int month) { return calendar.months()[static_cast<std::size_t>(month)].label; };
  for (const auto& d : report.decisions) {
    const auto level = static_cast<std::size_t>(d.level);
    out += fmt::format("{},{},{},{},{},{},{},{:.0f},{:.3f},{:.3f},{},{},{},{},{}\n", date_of(calendar, d.proposed_day),
                       date_of(calendar, d.decided_day), d.effective_day >= 0 ? date_of(calendar, d.effective_day) : "",
                       ag::kCommissioningLevelIds[level], report.unit_ids[level][static_cast<std::size_t>(d.unit)],
                       ag::kProgrammeIds[static_cast<std::size_t>(d.from_programme)],
                       ag::kProgrammeIds[static_cast<std::size_t>(d.to_programme)], d.amount_gbp_per_year, d.return_from, d.return_to,
                       month_label(d.evidence_first_month), month_label(d.evidence_last_month), d.outcome.rule, d.outcome.rounds,
                       d.outcome.passed ? "passed" : "refused");
  }
  return out;
}

json provenance() {
  return {{"icsim_version", std::string(sim::version())},
          {"git_commit", std::string(sim::git_commit())},
          {"build_type", std::string(sim::build_type())},
          {"host", host_name()}};
}

namespace {
// Build, the daily loop and each of its phases (named by the pipeline table), tabulation.
json phase_seconds(const ag::RunStats& stats) {
  json out = {{"build", stats.build_seconds}, {"simulate", stats.simulate_seconds}};
  const auto phases = ag::pipeline();
  for (std::size_t k = 0; k < phases.size() && k < stats.phase_seconds.size(); ++k) {
    out["simulate_" + std::string(phases[k].name)] = stats.phase_seconds[k];
  }
  out["tabulate"] = stats.tabulate_seconds;
  return out;
}
}  // namespace

json run_manifest(const scenarios::LoadedScenario& loaded, const ag::RunStats& stats, int threads, const std::string& started_utc) {
  const ag::ScenarioConfig& config = *loaded.model;
  json manifest = provenance();
  manifest.update({
      {"scenario", config.name},
      {"scenario_files", json::array()},
      {"scenario_digest_sha256", loaded.digest},
      {"seed", config.run.seed},
      {"threads", threads},
      {"start_date", sim::iso_date(config.run.start_date)},
      {"years", config.run.years},
      {"scale", config.population.scale},
      {"residents_start", stats.residents_start},
      {"residents_end", stats.residents_end},
      {"events_processed", stats.events_processed},
      {"episodes", stats.episodes},
      {"started_utc", started_utc},
      {"phase_seconds", phase_seconds(stats)},
      {"population_store_bytes_per_resident",
       static_cast<double>(stats.population_bytes) / static_cast<double>(std::max<std::int64_t>(1, stats.residents_ever))},
  });
  for (const auto& f : loaded.sources) manifest["scenario_files"].push_back({{"path", f.path}, {"role", f.role}, {"sha256", f.sha256}});
  return manifest;
}

json warm_up_diagnostic(const std::vector<ag::SiteOccupancy>& occupancy, bool warm_start) {
  // The rows come day by day, each day's sites together.
  std::vector<std::array<double, 3>> days;  // beds, occupied, delayed
  for (std::size_t k = 0; k < occupancy.size(); ++k) {
    if (k == 0 || occupancy[k].date != occupancy[k - 1].date) days.push_back({0.0, 0.0, 0.0});
    days.back()[0] += static_cast<double>(occupancy[k].beds);
    days.back()[1] += static_cast<double>(occupancy[k].occupied);
    days.back()[2] += static_cast<double>(occupancy[k].delayed);
  }
  json out = {{"warm_start", warm_start}};
  if (days.empty() || days[0][0] <= 0.0) return out;
  const double first_occupancy = days[0][1] / days[0][0], first_delayed = days[0][2];
  out["first_day"] = {{"occupancy", first_occupancy}, {"delayed_beds", first_delayed}};
  constexpr std::array<std::pair<std::size_t, std::size_t>, 4> kWindows = {{{1, 30}, {31, 60}, {61, 90}, {91, 365}}};
  for (const auto& [from, to] : kWindows) {
    if (days.size() < to) break;
    double beds = 0.0, occupied = 0.0, delayed = 0.0;
    for (std::size_t d = from - 1; d < to; ++d) {
      beds += days[d][0];
      occupied += days[d][1];
      delayed += days[d][2];
    }
    const double n = static_cast<double>(to - from + 1);
    out[fmt::format("days_{}_{}", from, to)] = {{"occupancy", occupied / beds},
                                               {"occupancy_drift", occupied / beds - first_occupancy},
                                               {"delayed_beds", delayed / n},
                                               {"delayed_beds_drift", delayed / n - first_delayed}};
  }
  return out;
}

WriteSeconds write_run_files(const std::filesystem::path& dir, const scenarios::LoadedScenario& loaded, const ag::RunResult& result,
                             const json& manifest, int threads) {
  const auto start = sim::Clock::now();
  WriteSeconds seconds;
  write_text(loaded.effective_json, dir / "effective_scenario.json");
  write_text(occupancy_csv(result.occupancy), dir / "occupancy.csv");
  write_text(pools_csv(result.pools), dir / "pools.csv");
  write_text(teams_csv(result.teams), dir / "discharge_teams.csv");
  write_text(programmes_csv(*loaded.model, result.programmes), dir / "programmes.csv");
  write_text(decisions_csv(*loaded.model, result.programmes), dir / "decisions.csv");
  // The two large files are independent: with more than one thread, write them side by side.
  std::exception_ptr sqlite_error;
  auto write_sqlite = [&] {
    try {
      const auto t = sim::Clock::now();
      write_results_sqlite(result.measures, manifest, dir / "results.sqlite");
      seconds.sqlite = sim::seconds_since(t);
    } catch (...) {
      sqlite_error = std::current_exception();
    }
  };
  {
    // A jthread joins on every way out, so a failed CSV write waits for the database writer.
    std::jthread sqlite;
    if (threads > 1) sqlite = std::jthread(write_sqlite);
    const auto csv_start = sim::Clock::now();
    write_measures_csv(result.measures, dir / "measures.csv");
    seconds.csv = sim::seconds_since(csv_start);
    if (!sqlite.joinable()) write_sqlite();
  }
  if (sqlite_error) std::rethrow_exception(sqlite_error);
  seconds.total = sim::seconds_since(start);
  return seconds;
}

void write_manifest(const std::filesystem::path& dir, const json& manifest) {
  update_sqlite_manifest(manifest, dir / "results.sqlite");
  write_text(manifest.dump(2) + "\n", dir / "manifest.json");
}

}  // namespace icsim::output
