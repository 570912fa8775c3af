// The run: build residents, schedule their demographic events, step day by day, tabulate.
#include "agents/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "agents/age_bands.hpp"
#include "agents/demography.hpp"
#include "agents/org_graph.hpp"
#include "agents/population.hpp"
#include "agents/residents.hpp"
#include "agents/streams.hpp"
#include "sim/calendar.hpp"
#include "sim/event_queue.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// Counting cells: report band x sex x IMD quintile.
constexpr int kCells = kReportBands * kSexes * kImdQuintiles;
constexpr int cell_of(int band, int sex, int quintile) { return (band * kSexes + sex) * kImdQuintiles + quintile; }

enum Flow : int { kBirths, kDeaths, kMigrationIn, kMigrationOut, kFlows };

// Event kinds, in the order they run within a day.
enum EventKind : std::uint8_t { kAgeBand = 0, kBirth = 1, kDeath = 2, kMoveAway = 3 };

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Everything one PCN owns; only the worker handling that PCN touches it during a phase.
struct Partition {
  Residents residents;
  sim::EventCalendar events;
  std::array<std::int32_t, kCells> current{};
  std::vector<std::int32_t> flows;   // [month][flow][cell]
  std::vector<std::int32_t> stocks;  // [month + 1][cell]; row 0 is the start
  std::vector<std::pair<int, std::int32_t>> arrivals;  // (practice, count) this month
  std::int64_t events_processed = 0;
};

}  // namespace

class Engine {
 public:
  Engine(const ScenarioConfig& config, const RunOptions& options)
      : config_(config),
        options_(options),
        calendar_(config.run.start_date, config.run.years),
        rng_(config.run.seed),
        executor_(options.threads),
        demography_(config.demography),
        partitions_(config.world.pcns.size()) {}

  int num_days() const { return calendar_.num_days(); }

  RunResult finish() {
    check_conservation();
    const auto t2 = Clock::now();
    sim::MeasureTable table = tabulate();
    stats_.tabulate_seconds = seconds_since(t2);
    for (const Partition& part : partitions_) {
      stats_.residents_end += std::accumulate(part.current.begin(), part.current.end(), std::int64_t{0});
      stats_.residents_ever += static_cast<std::int64_t>(part.residents.size());
      stats_.events_processed += part.events_processed;
      stats_.population_bytes += part.residents.capacity_bytes() + part.events.capacity_bytes();
    }
    return {std::move(table), stats_};
  }

  void build() {
    const auto t0 = Clock::now();
    plan_ = plan_population(config_);
    auto residents = generate_residents(config_, plan_, rng_, executor_);
    const std::size_t months = calendar_.months().size();
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      part.residents = std::move(residents[p]);
      part.flows.assign(months * kFlows * kCells, 0);
      part.stocks.assign((months + 1) * kCells, 0);
      part.events = sim::EventCalendar(calendar_.num_days());
      for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
        ++part.current[static_cast<std::size_t>(cell(part, i, calendar_.start_day()))];
        schedule_life(p, i, 0, calendar_.start_day());
      }
      std::copy(part.current.begin(), part.current.end(), part.stocks.begin());
    });
    for (const Partition& part : partitions_) {
      stats_.residents_start += std::accumulate(part.current.begin(), part.current.end(), std::int64_t{0});
    }
    prepare_in_migration();
    stats_.build_seconds = seconds_since(t0);
  }

  int cell(const Partition& part, std::uint32_t i, sim::DayNumber day) const {
    const Residents& r = part.residents;
    return cell_of(report_band_of_age(age_in_years(r.birth_day(i), day)), r.sex(i), r.imd_quintile(i));
  }

  // Draws when a new or starting resident dies or moves away (from `sim_day` on), which age bands
  // they enter before then (after the band they were counted in on `counted_on`), and (for
  // women) their next birth; pushes the events that fall in the horizon.
  void schedule_life(std::size_t p, std::uint32_t i, int sim_day, sim::DayNumber counted_on) {
    const Residents& r = partitions_[p].residents;
    sim::EventCalendar& sink = partitions_[p].events;
    const std::uint64_t key = resident_key(p, i);
    const sim::DayNumber today = calendar_.absolute(sim_day);
    const sim::DayNumber horizon_end = calendar_.absolute(calendar_.num_days());
    const sim::DayNumber birth = r.birth_day(i);
    const int sex = r.sex(i);

    const auto death = demography_.first_day(Hazard::kDeath, sex, birth, today, horizon_end,
                                             sim::standard_exponential(rng_.uniform(streams::kDeath, key, 0)));
    const sim::DayNumber move_until = death ? *death : horizon_end;
    const auto move = demography_.first_day(Hazard::kMoveAway, sex, birth, today, move_until,
                                            sim::standard_exponential(rng_.uniform(streams::kOutMigration, key, 0)));
    sim::DayNumber exit = horizon_end;
    if (move) {
      exit = *move;
      sink.push({exit - calendar_.start_day(), kMoveAway, i});
    } else if (death) {
      exit = *death;
      sink.push({exit - calendar_.start_day(), kDeath, i});
    }
    for (int band = report_band_of_age(age_in_years(birth, counted_on)) + 1; band < kReportBands; ++band) {
      const sim::DayNumber day = anniversary(birth, kReportBandLowerAge[static_cast<std::size_t>(band)]);
      if (day > exit) break;  // a band birthday on the exit day runs first (kind order)
      sink.push({day - calendar_.start_day(), kAgeBand, i});
    }
    // Births run before deaths and moves within a day, so a birth on the exit day itself counts.
    if (sex == 0) schedule_next_birth(p, i, sim_day, exit + 1);
  }

  // Draws the next birth in [from_sim_day, min(until_day, 50th birthday)).
  void schedule_next_birth(std::size_t p, std::uint32_t i, int from_sim_day, sim::DayNumber until_day) {
    sim::EventCalendar& sink = partitions_[p].events;
    const Residents& r = partitions_[p].residents;
    const sim::DayNumber birth = r.birth_day(i);
    const sim::DayNumber from = std::max(calendar_.absolute(from_sim_day), anniversary(birth, 15));
    const sim::DayNumber until = std::min(until_day, anniversary(birth, 50));
    if (from >= until) return;
    const double target = sim::standard_exponential(
        rng_.uniform(streams::kFertility, resident_key(p, i), static_cast<std::uint32_t>(from_sim_day)));
    if (const auto day = demography_.first_day(Hazard::kBirth, 0, birth, from, until, target)) {
      sink.push({*day - calendar_.start_day(), kBirth, i});
    }
  }

  std::int32_t* flow_row(Partition& part, int month, Flow flow) {
    return &part.flows[(static_cast<std::size_t>(month) * kFlows + static_cast<std::size_t>(flow)) * kCells];
  }

  // Adds a resident (newborn or in-migrant) to a partition on `sim_day`, counted, with their life
  // scheduled from `schedule_from` (in-migrants arrive after the day's events: from tomorrow).
  std::uint32_t add_resident(std::size_t p, int sim_day, int schedule_from, sim::DayNumber birth_day, int practice,
                             int sex, int quintile, Flow flow) {
    Partition& part = partitions_[p];
    const std::uint32_t i = part.residents.add(birth_day, static_cast<std::uint16_t>(practice), sex, quintile);
    const int c = cell(part, i, calendar_.absolute(sim_day));
    ++part.current[static_cast<std::size_t>(c)];
    ++flow_row(part, calendar_.month_of_day(sim_day), flow)[c];
    schedule_life(p, i, schedule_from, calendar_.absolute(sim_day));
    return i;
  }

  void step(int sim_day) {
    const auto t0 = Clock::now();
    step_phases(sim_day);
    stats_.simulate_seconds += seconds_since(t0);
  }

 private:
  void step_phases(int sim_day) {
    const int month = calendar_.month_of_day(sim_day);
    const sim::DayNumber today = calendar_.absolute(sim_day);
    // Phase 1: each PCN's events of the day, in (kind, resident) order.
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      part.events_processed += static_cast<std::int64_t>(part.events.drain(sim_day, [&](const sim::Event& e) {
        Residents& r = part.residents;
        const int c = cell(part, e.entity, today);
        switch (e.kind) {
          case kAgeBand:
            // The band boundary was crossed today: move from the band below.
            --part.current[static_cast<std::size_t>(c - kSexes * kImdQuintiles)];
            ++part.current[static_cast<std::size_t>(c)];
            break;
          case kBirth: {
            // Later births are scheduled without the mother's exit day: one that falls after she
            // has died or moved away is dropped here.
            if (r.status(e.entity) != ResidentStatus::kPresent) break;
            const std::uint64_t child_key = resident_key(p, static_cast<std::uint32_t>(r.size()));
            const int sex = rng_.uniform(streams::kNewbornSex, child_key, 0) < config_.demography.male_birth_share ? 1 : 0;
            add_resident(p, sim_day, sim_day, today, r.practice(e.entity), sex, r.imd_quintile(e.entity), kBirths);
            schedule_next_birth(p, e.entity, sim_day + 1, calendar_.absolute(calendar_.num_days()));
            break;
          }
          case kDeath:
          case kMoveAway:
            --part.current[static_cast<std::size_t>(c)];
            ++flow_row(part, month, e.kind == kDeath ? kDeaths : kMigrationOut)[c];
            r.set_status(e.entity, e.kind == kDeath ? ResidentStatus::kDied : ResidentStatus::kMovedAway);
            break;
          default:
            break;
        }
      }));
    });
    if (calendar_.is_last_day_of_month(sim_day)) {
      in_migration(sim_day);
      executor_.for_each(partitions_.size(), [&](std::size_t p) {
        Partition& part = partitions_[p];
        std::copy(part.current.begin(), part.current.end(),
                  part.stocks.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(month) + 1) * kCells));
      });
      if (options_.progress) options_.progress(sim_day + 1, calendar_.num_days());
    }
  }

  void prepare_in_migration() {
    const WorldConfig& world = config_.world;
    const std::size_t n_places = world.places.size();
    place_start_.assign(n_places, 0);
    place_practices_.assign(n_places, {});
    practice_weight_cum_.assign(n_places, {});
    migrant_profile_cum_.assign(n_places, {});
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      const auto place = static_cast<std::size_t>(world.pcns[p].place);
      place_start_[place] += std::accumulate(partitions_[p].current.begin(), partitions_[p].current.end(), std::int64_t{0});
      for (int practice : world.pcns[p].practices) {
        place_practices_[place].push_back(practice);
        const auto& counts = plan_.residents[static_cast<std::size_t>(practice)];
        practice_weight_cum_[place].push_back(static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})));
      }
    }
    for (std::size_t place = 0; place < n_places; ++place) {
      practice_weight_cum_[place] = sim::cumulative_sums(practice_weight_cum_[place]);
      // In-migrants look like the people who move: the Place's residents weighted by the
      // out-migration rate of their age band.
      std::vector<double> w(kSexes * kCensusAgeBands);
      for (int c = 0; c < kSexes * kCensusAgeBands; ++c) {
        w[static_cast<std::size_t>(c)] = static_cast<double>(plan_.place_residents[place][static_cast<std::size_t>(c)]) *
                                         config_.demography.out_migration_rate[static_cast<std::size_t>(c % kCensusAgeBands)];
      }
      // With no out-migration at all, movers have no profile: take the Place's own mix instead.
      if (std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) {
        for (std::size_t c = 0; c < w.size(); ++c) w[c] = static_cast<double>(plan_.place_residents[place][c]);
      }
      migrant_profile_cum_[place] = sim::cumulative_sums(w);
    }
    pcn_of_practice_.assign(world.practices.size(), 0);
    for (std::size_t p = 0; p < world.pcns.size(); ++p) {
      for (int practice : world.pcns[p].practices) pcn_of_practice_[static_cast<std::size_t>(practice)] = static_cast<int>(p);
    }
  }

  // Phase 2: each Place admits the in-migrants that bring it to its growth path this month.
  void in_migration(int sim_day) {
    const WorldConfig& world = config_.world;
    const int month = calendar_.month_of_day(sim_day);
    const double years_elapsed = static_cast<double>(sim_day + 1) / kDaysPerYear;
    std::vector<std::int64_t> place_now(world.places.size(), 0);
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      place_now[static_cast<std::size_t>(world.pcns[p].place)] +=
          std::accumulate(partitions_[p].current.begin(), partitions_[p].current.end(), std::int64_t{0});
      partitions_[p].arrivals.clear();
    }
    // Places draw their arrivals' practices in parallel; each writes only its own practices.
    std::vector<std::int32_t> per_practice(world.practices.size(), 0);
    executor_.for_each(world.places.size(), [&](std::size_t place) {
      if (practice_weight_cum_[place].empty() || practice_weight_cum_[place].back() <= 0.0) return;
      const double target = static_cast<double>(place_start_[place]) *
                            std::pow(1.0 + world.places[place].growth_per_year, years_elapsed);
      const auto arrivals = std::max<std::int64_t>(0, std::llround(target) - place_now[place]);
      // The occasion packs the month and the arrival's number (below 2^20 a month per Place).
      for (std::int64_t k = 0; k < arrivals; ++k) {
        const double u = rng_.uniform(streams::kInMigrantPractice, place,
                                      static_cast<std::uint32_t>(month) << 20 | static_cast<std::uint32_t>(k));
        ++per_practice[static_cast<std::size_t>(place_practices_[place][sim::categorical(practice_weight_cum_[place], u)])];
      }
    });
    for (std::size_t practice = 0; practice < per_practice.size(); ++practice) {
      if (per_practice[practice] > 0) {
        partitions_[static_cast<std::size_t>(pcn_of_practice_[practice])].arrivals.emplace_back(static_cast<int>(practice), per_practice[practice]);
      }
    }
    const sim::DayNumber today = calendar_.absolute(sim_day);
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      const auto place = static_cast<std::size_t>(world.pcns[p].place);
      for (const auto& [practice, count] : part.arrivals) {
        const auto& imd = plan_.imd_cumulative[static_cast<std::size_t>(practice)];
        for (std::int32_t k = 0; k < count; ++k) {
          const std::uint64_t key = resident_key(p, static_cast<std::uint32_t>(part.residents.size()));
          const sim::RandomBlock b = rng_.block(streams::kInMigrantAgeSex, key, 0);
          const auto c = static_cast<int>(sim::categorical(migrant_profile_cum_[place], sim::open_unit_interval(b[0], b[1])));
          const int sex = c / kCensusAgeBands;
          const double u_year = sim::open_unit_interval(b[2], b[3]);
          const double u_day = rng_.uniform(streams::kInitialAge, key, 0);
          const int quintile = static_cast<int>(sim::categorical(imd, rng_.uniform(streams::kInitialDeprivation, key, 0)));
          add_resident(p, sim_day, sim_day + 1, draw_birth_day(config_.demography, sex, c % kCensusAgeBands, today, u_year, u_day),
                       practice, sex, quintile, kMigrationIn);
        }
      }
    });
  }

  sim::MeasureTable tabulate();

  // Conservation: the running counts must equal a fresh count of the residents still present,
  // by age band, sex and deprivation, on the last day. A mismatch is a bug, never bad input.
  void check_conservation() const {
    const sim::DayNumber last_day = calendar_.absolute(calendar_.num_days() - 1);
    for (const Partition& part : partitions_) {
      std::array<std::int32_t, kCells> recount{};
      for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
        if (part.residents.status(i) == ResidentStatus::kPresent) ++recount[static_cast<std::size_t>(cell(part, i, last_day))];
      }
      if (recount != part.current) throw std::logic_error("icsim: resident counts drifted from the residents present (a bug)");
    }
  }

  const ScenarioConfig& config_;
  const RunOptions& options_;
  sim::Calendar calendar_;
  sim::CounterRng rng_;
  sim::Executor executor_;
  Demography demography_;
  PopulationPlan plan_;
  std::vector<Partition> partitions_;
  std::vector<std::int64_t> place_start_;
  std::vector<std::vector<int>> place_practices_;
  std::vector<std::vector<double>> practice_weight_cum_;
  std::vector<std::vector<double>> migrant_profile_cum_;
  std::vector<int> pcn_of_practice_;
  RunStats stats_;
};

sim::MeasureTable Engine::tabulate() {
  const WorldConfig& world = config_.world;
  const auto& months = calendar_.months();
  const auto& years = calendar_.years();

  // Periods: each year followed by its months, so the file reads in time order.
  std::vector<std::string> periods;
  std::vector<std::size_t> period_of_month(months.size());
  std::vector<std::size_t> period_of_year(years.size());
  for (std::size_t y = 0; y < years.size(); ++y) {
    period_of_year[y] = periods.size();
    periods.push_back(years[y].label);
    for (std::size_t m = 0; m < months.size(); ++m) {
      if (static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m))) != y) continue;
      period_of_month[m] = periods.size();
      periods.push_back(months[m].label);
    }
  }
  // Areas: the System, its Places, their PCNs, following the containment tree.
  const OrgGraph graph(world);
  std::vector<sim::Area> areas{{"system", world.system.id, world.system.name}};
  for (const auto& place : world.places) areas.push_back({"place", place.id, place.name});
  const std::size_t first_pcn = areas.size();
  for (const auto& pcn : world.pcns) areas.push_back({"pcn", pcn.id, pcn.name});
  std::vector<std::size_t> parent_area(areas.size(), 0);
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    const auto place = graph.parent(graph.vertex(OrgKind::kPcn, static_cast<int>(p)));
    parent_area[first_pcn + p] = 1 + static_cast<std::size_t>(graph.graph()[*place].index);
  }
  // Groups: all, then each breakdown on its own.
  std::vector<std::string> groups{"all"};
  for (auto label : kReportBandLabels) groups.emplace_back(label);
  groups.insert(groups.end(), {"female", "male", "imd1", "imd2", "imd3", "imd4", "imd5"});
  const std::size_t first_sex_group = 1 + kReportBands;
  const std::size_t first_imd_group = first_sex_group + kSexes;
  enum Measure : std::size_t { kResidents, kResidentsStart, kMBirths, kMDeaths, kMIn, kMOut, kMeasures };
  sim::MeasureTable table(periods, areas, groups,
                          {"residents", "residents_start", "births", "deaths", "migration_in", "migration_out"});

  auto add_cells = [&](std::size_t period, std::size_t area, std::size_t measure, const std::int32_t* cells) {
    for (int band = 0; band < kReportBands; ++band) {
      for (int sex = 0; sex < kSexes; ++sex) {
        for (int q = 0; q < kImdQuintiles; ++q) {
          const double v = cells[cell_of(band, sex, q)];
          if (v == 0.0) continue;
          table.at(period, area, 0, measure) += v;
          table.at(period, area, 1 + static_cast<std::size_t>(band), measure) += v;
          table.at(period, area, first_sex_group + static_cast<std::size_t>(sex), measure) += v;
          table.at(period, area, first_imd_group + static_cast<std::size_t>(q), measure) += v;
        }
      }
    }
  };
  const Measure flow_measure[kFlows] = {kMBirths, kMDeaths, kMIn, kMOut};
  // Each PCN fills only its own area of the table, so PCNs are tabulated in parallel.
  executor_.for_each(partitions_.size(), [&](std::size_t p) {
    const Partition& part = partitions_[p];
    const std::size_t area = first_pcn + p;
    for (std::size_t m = 0; m < months.size(); ++m) {
      const std::size_t period = period_of_month[m];
      const std::size_t year_period = period_of_year[static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m)))];
      add_cells(period, area, kResidentsStart, &part.stocks[m * kCells]);
      add_cells(period, area, kResidents, &part.stocks[(m + 1) * kCells]);
      for (int f = 0; f < kFlows; ++f) {
        const std::int32_t* row = &part.flows[(m * kFlows + static_cast<std::size_t>(f)) * kCells];
        add_cells(period, area, flow_measure[f], row);
        add_cells(year_period, area, flow_measure[f], row);
      }
    }
    for (std::size_t y = 0; y < years.size(); ++y) {
      std::size_t first = months.size(), last = 0;
      for (std::size_t m = 0; m < months.size(); ++m) {
        if (static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m))) == y) {
          first = std::min(first, m);
          last = std::max(last, m);
        }
      }
      add_cells(period_of_year[y], area, kResidentsStart, &part.stocks[first * kCells]);
      add_cells(period_of_year[y], area, kResidents, &part.stocks[(last + 1) * kCells]);
    }
  });
  // Roll up the containment tree, PCNs into their Place and Places into the System, each
  // period on its own (sums of whole counts, so the order of addition cannot matter).
  executor_.for_each(periods.size(), [&](std::size_t period) {
    for (std::size_t area = areas.size(); area-- > 1;) {
      for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t m = 0; m < kMeasures; ++m) table.at(period, parent_area[area], g, m) += table.at(period, area, g, m);
      }
    }
  });
  return table;
}

Simulation::Simulation(const ScenarioConfig& config, const RunOptions& options)
    : engine_(std::make_unique<Engine>(config, options)) {}
Simulation::~Simulation() = default;
void Simulation::build() { engine_->build(); }
void Simulation::step(int sim_day) { engine_->step(sim_day); }
int Simulation::num_days() const { return engine_->num_days(); }
RunResult Simulation::finish() { return engine_->finish(); }

RunResult run_simulation(const ScenarioConfig& config, const RunOptions& options) {
  Simulation simulation(config, options);
  simulation.build();
  for (int day = 0; day < simulation.num_days(); ++day) simulation.step(day);
  return simulation.finish();
}

}  // namespace icsim::agents
