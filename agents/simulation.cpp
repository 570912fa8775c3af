// The run: build residents, schedule their demographic events, step day by day, tabulate.
#include "agents/simulation.hpp"
#include "agents/keys.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "agents/age_bands.hpp"
#include "agents/care_pathway.hpp"
#include "agents/demography.hpp"
#include "agents/health.hpp"
#include "agents/hospital_flow.hpp"
#include "agents/org_graph.hpp"
#include "agents/population.hpp"
#include "agents/programmes.hpp"
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

// Stocks counted in each cell: residents, then those with each condition, in each frailty
// category, in each living setting.
constexpr int kStockConditions = 1;
constexpr int kStockFrailty = kStockConditions + kConditions;
constexpr int kStockSettings = kStockFrailty + kFrailtyLevels;
constexpr int kStocks = kStockSettings + kLivingSettings;

// Flows counted in each cell, each month.
enum Flow : int {
  kBirths, kDeaths, kMigrationIn, kMigrationOut, kEpisodes, kGpSameDay, kGpUnavailable, kNhs111, kUtc, kAmbulance,
  kConveyance, kAe, kAeAvoidable, kSdec, kAdmission, kAdmissionAcsc, kUrgentAfterNoGp, kProgrammeMet,
  kCareHomeNeedsPrevented,
  kOutcomeFirst,  // one per service kind other than the router, in ServiceKind order
  kHospitalFirst = kOutcomeFirst + kServiceKinds - 1,  // the hospital flow's counts, in FlowCount order
  kFlows = kHospitalFirst + kFlowCounts
};
constexpr Flow hospital_flow(FlowCount what) { return static_cast<Flow>(kHospitalFirst + static_cast<int>(what)); }

// The hospital flow's counts as measures: most are measures of their own; discharges by
// pathway add up to `discharges` and are its pathway groups; delayed days by reason and by
// responsible body are groups of `delayed_transfer_days` only.
struct HospitalMeasure {
  FlowCount flow;
  std::string_view measure;  // "" for a count that is only a group of another measure
};
constexpr std::array<HospitalMeasure, 21> kHospitalMeasures = {{
    {FlowCount::kAdmittedHere, "hospital_admissions"},
    {FlowCount::kAdmittedElsewhere, "hospital_admissions_elsewhere"},
    {FlowCount::kZeroNightStays, "stays_zero_nights"},
    {FlowCount::kOneNightStays, "stays_one_night"},
    {FlowCount::kLongerStays, "stays_two_nights_plus"},
    {FlowCount::kBedDays, "bed_days"},
    {FlowCount::kStayDays, "length_of_stay_days"},
    {FlowCount::kSpellsEnded, "hospital_spells_ended"},
    {FlowCount::kHospitalDeaths, "hospital_deaths"},
    {FlowCount::kDelayedDays, "delayed_transfer_days"},
    {FlowCount::kAeWaits, "ae_waits_over_12h"},
    {FlowCount::kTransfersOut, "hospital_transfers_out"},
    {FlowCount::kReadmissions30d, "readmissions_30d"},
    {FlowCount::kResidentialAdmissions, "residential_admissions"},
    {FlowCount::kResidentialAdmissionsCouncil, "residential_admissions_council"},
    {FlowCount::kHomeCareStarts, "home_care_starts"},
    {FlowCount::kReablementStarts, "reablement_starts"},
    {FlowCount::kIntermediateCareStarts, "intermediate_care_starts"},
    {FlowCount::kIntermediateBedDays, "intermediate_care_bed_days"},
    {FlowCount::kCommunityNursingStarts, "community_nursing_starts"},
    {FlowCount::kCount, "discharges"},  // the sum of the pathway counts
}};
// Measures worked out after the roll-up, from the counted ones (docs/measures.md).
constexpr std::array<std::string_view, 11> kDerivedMeasures = {
    "care_home_days", "home_care_days", "beds_available", "beds_occupied_mean", "bed_occupancy_rate",
    "length_of_stay_mean", "delayed_beds_mean", "days_at_home", "days_at_home_per_resident_year", "cost_nhs_gbp",
    "cost_social_care_gbp"};
constexpr std::array<std::string_view, kOutcomeFirst> kFlowNames = {
    "births", "deaths", "migration_in", "migration_out", "episodes", "gp_same_day_contacts", "gp_same_day_unavailable",
    "nhs111_contacts", "utc_attendances", "ambulance_incidents", "ambulance_conveyances", "ae_attendances",
    "ae_attendances_avoidable", "sdec_attendances", "emergency_admissions", "emergency_admissions_acsc",
    "urgent_care_after_no_gp_appointment", "programme_episodes_met", "care_home_needs_prevented"};

// Event kinds, in the order they run within a day: an episode on the day of death still
// happens, and births precede their mother's death or move.
enum EventKind : std::uint8_t { kAgeBand = 0, kBirth = 1, kEpisode = 2, kHealthChange = 3, kDeath = 4, kMoveAway = 5 };

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// An episode of need on its way through the care pathway today.
struct ActiveEpisode {
  std::uint32_t resident;
  int cell;
  int node;            // where it is: waiting for a slot there, once parked
  int steps;           // routing draws so far (the draw's occasion)
  bool turned_away;    // a GP same-day request found no slot
  EpisodeView view;
  bool acsc;
};

// Everything one PCN owns; only the worker handling that PCN touches it during a phase.
struct Partition {
  Residents residents;
  sim::EventCalendar events;
  std::vector<std::int32_t> current;  // [cell][stock]
  std::vector<std::int32_t> flows;    // [month][flow][cell]
  std::vector<std::int32_t> stocks;   // [month + 1][cell][stock]; row 0 is the start
  std::vector<std::pair<int, std::int32_t>> arrivals;  // (practice, count) this month
  std::vector<ActiveEpisode> episodes;  // today's, then those waiting for a GP slot
  std::vector<ActiveEpisode> waiting;
  std::vector<std::int32_t> slots_left;  // same-day GP slots today, by practice of the PCN
  std::vector<FlowPerson> admissions;    // today's emergency admissions, for the hospital flow
  std::vector<std::pair<DownstreamService, FlowPerson>> referrals;  // today's community care needs
  std::array<std::int64_t, kDownstreamServices> releases{};         // long-term places freed (negative: taken)
  std::vector<std::uint32_t> new_packages;  // in-migrants arriving with a home care package
  std::vector<std::uint32_t> hospital_exits;  // inpatients who died or moved away today
  std::vector<std::uint16_t> discharged_on;   // by resident: 1 + the day they last left hospital; 0: never
  RiskSums risk;                         // the starting population's (build only)
  std::size_t index = 0;
  std::int64_t events_processed = 0;
};

}  // namespace

std::vector<std::string> measure_names() {
  std::vector<std::string> names{"residents", "residents_start", "person_years"};
  for (auto f : kFlowNames) names.emplace_back(f);
  for (int k = 1; k < kServiceKinds; ++k) names.push_back("outcome_" + std::string(kServiceKindIds[static_cast<std::size_t>(k)]));
  for (auto c : kConditionIds) names.push_back("prevalence_" + std::string(c));
  for (auto f : kFrailtyIds) names.push_back("frailty_" + std::string(f));
  for (auto s : kLivingSettingIds) names.push_back("living_" + std::string(s));
  for (const auto& h : kHospitalMeasures) names.emplace_back(h.measure);
  for (auto d : kDerivedMeasures) names.emplace_back(d);
  return names;
}

std::vector<std::string> non_additive_measures() {
  return {"beds_available", "bed_occupancy_rate", "length_of_stay_mean", "days_at_home_per_resident_year"};
}

std::vector<std::string> group_names() {
  std::vector<std::string> groups{"all"};
  for (auto label : kReportBandLabels) groups.emplace_back(label);
  groups.insert(groups.end(), {"female", "male", "imd1", "imd2", "imd3", "imd4", "imd5"});
  for (auto p : kDischargePathwayIds) groups.push_back("pathway_" + std::string(p));
  for (auto r : kDelayReasonIds) groups.push_back("reason_" + std::string(r));
  for (auto b : kResponsibleIds) groups.push_back("responsible_" + std::string(b));
  return groups;
}

class Engine : public FlowWorld {
 public:
  Engine(const ScenarioConfig& config, const RunOptions& options)
      : config_(config),
        options_(options),
        calendar_(config.run.start_date, config.run.years),
        rng_(options.seed.value_or(config.run.seed)),
        executor_(options.threads),
        demography_(config.demography),
        pathway_(config.pathway),
        partitions_(config.world.pcns.size()) {}

  int num_days() const { return calendar_.num_days(); }

  RunResult finish() {
    check_conservation();
    check_hospital();
    const auto t2 = Clock::now();
    sim::MeasureTable table = tabulate();
    stats_.tabulate_seconds = seconds_since(t2);
    for (const Partition& part : partitions_) {
      for (int c = 0; c < kCells; ++c) stats_.residents_end += part.current[static_cast<std::size_t>(c * kStocks)];
      stats_.residents_ever += static_cast<std::int64_t>(part.residents.size());
      stats_.events_processed += part.events_processed;
      stats_.population_bytes += part.residents.capacity_bytes() + part.events.capacity_bytes() +
                                 part.discharged_on.capacity() * sizeof(std::uint16_t);
      for (std::size_t i = static_cast<std::size_t>(kEpisodes) * kCells; i < part.flows.size(); i += kFlows * kCells) {
        for (int c = 0; c < kCells; ++c) stats_.episodes += part.flows[i + static_cast<std::size_t>(c)];
      }
    }
    std::vector<SiteOccupancy> occupancy;
    occupancy.reserve(flow_->nights().size());
    for (const auto& night : flow_->nights()) {
      const auto s = static_cast<std::size_t>(night.site);
      occupancy.push_back({sim::iso_date(sim::civil_date(calendar_.absolute(night.day))),
                           config_.world.providers[static_cast<std::size_t>(sites_[s])].id, site_beds_[s], flow_->bed_limit(night.site),
                           night.occupied, night.delayed, night.waiting});
    }
    programmes_->finish();
    return {std::move(table), stats_, std::move(occupancy),
            {programmes_->decisions(), programmes_->accounts(), programmes_->layout().unit_ids}};
  }

  void build() {
    const auto t0 = Clock::now();
    plan_ = plan_population(config_);
    health_.emplace(config_, plan_);
    auto residents = generate_residents(config_, plan_, rng_, executor_);
    const std::size_t months = calendar_.months().size();
    const sim::DayNumber start = calendar_.start_day();
    prepare_practices();
    // Health on day 0, then the relative risks of the starting population, which scale
    // mortality and onset so that the average resident follows the life table and the
    // prevalence profiles.
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      part.index = p;
      part.residents = std::move(residents[p]);
      Residents& r = part.residents;
      for (std::uint32_t i = 0; i < r.size(); ++i) {
        const int age = age_in_years(r.birth_day(i), start);
        const HealthState state = health_->draw_initial(rng_, keys::resident(p, i), r.practice(i), r.sex(i), r.imd_quintile(i), age);
        r.set_conditions(i, state.conditions);
        r.set_frailty_setting(i, state.frailty, state.setting);
        health_->accumulate(part.risk, state, r.sex(i), age);
      }
    });
    RiskSums risk;
    for (const Partition& part : partitions_) risk.add(part.risk);  // in partition order: deterministic
    health_->finalise(risk);
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      part.current.assign(kCells * kStocks, 0);
      part.flows.assign(months * kFlows * kCells, 0);
      part.stocks.assign((months + 1) * kCells * kStocks, 0);
      part.events = sim::EventCalendar(calendar_.num_days());
      part.slots_left.assign(config_.world.pcns[p].practices.size(), 0);
      part.discharged_on.assign(part.residents.size(), 0);
      for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
        count(part, i, cell(part, i, start), +1);
        schedule_life(p, i, 0, start);
      }
      std::copy(part.current.begin(), part.current.end(), part.stocks.begin());
    });
    for (const Partition& part : partitions_) {
      for (int c = 0; c < kCells; ++c) stats_.residents_start += part.current[static_cast<std::size_t>(c * kStocks)];
    }
    prepare_in_migration();
    prepare_flow();
    prepare_programmes();
    stats_.build_seconds = seconds_since(t0);
  }

  int cell(const Partition& part, std::uint32_t i, sim::DayNumber day) const {
    const Residents& r = part.residents;
    return cell_of(report_band_of_age(age_in_years(r.birth_day(i), day)), r.sex(i), r.imd_quintile(i));
  }

  static std::int64_t residents_now(const Partition& part) {
    std::int64_t n = 0;
    for (int c = 0; c < kCells; ++c) n += part.current[static_cast<std::size_t>(c * kStocks)];
    return n;
  }

  static HealthState state_of(const Residents& r, std::uint32_t i) {
    return {r.conditions(i), r.frailty(i), r.setting(i), r.care_pending(i)};
  }
  // A health event's detail: the transition and the health version it was drawn under.
  static std::uint16_t health_detail(int transition, int version) {
    return static_cast<std::uint16_t>(transition | version << 4);
  }

  // Adds (+1) or removes (-1) a resident and everything counted about them in a cell.
  static void count(Partition& part, std::uint32_t i, int c, int sign) { count(part.residents, i, part.current, c, sign); }
  static void count(const Residents& r, std::uint32_t i, std::vector<std::int32_t>& current, int c, int sign) {
    std::int32_t* row = &current[static_cast<std::size_t>(c * kStocks)];
    row[0] += sign;
    for (unsigned mask = r.conditions(i); mask != 0; mask &= mask - 1) row[kStockConditions + std::countr_zero(mask)] += sign;
    row[kStockFrailty + r.frailty(i)] += sign;
    row[kStockSettings + r.setting(i)] += sign;
  }

  // Draws when a new or starting resident moves away (from `sim_day` on), which age bands they
  // enter before then (after the band they were counted in on `counted_on`), their first
  // health transition and episode, and (for women) their next birth; pushes the events that
  // fall in the horizon. Events after a death are dropped when they come due.
  void schedule_life(std::size_t p, std::uint32_t i, int sim_day, sim::DayNumber counted_on) {
    const Residents& r = partitions_[p].residents;
    sim::EventCalendar& sink = partitions_[p].events;
    const std::uint64_t key = keys::resident(p, i);
    const sim::DayNumber today = calendar_.absolute(sim_day);
    const sim::DayNumber horizon_end = calendar_.absolute(calendar_.num_days());
    const sim::DayNumber birth = r.birth_day(i);
    const int sex = r.sex(i);

    const auto move = demography_.first_day(Hazard::kMoveAway, sex, birth, today, horizon_end,
                                            sim::standard_exponential(rng_.uniform(streams::kOutMigration, key, 0)));
    sim::DayNumber exit = horizon_end;
    if (move) {
      exit = *move;
      sink.push({exit - calendar_.start_day(), kMoveAway, i});
    }
    for (int band = report_band_of_age(age_in_years(birth, counted_on)) + 1; band < kReportBands; ++band) {
      const sim::DayNumber day = anniversary(birth, kReportBandLowerAge[static_cast<std::size_t>(band)]);
      if (day > exit) break;  // a band birthday on the exit day runs first (kind order)
      sink.push({day - calendar_.start_day(), kAgeBand, i});
    }
    schedule_health(p, i, sim_day, static_cast<std::uint32_t>(sim_day));
    schedule_episode(p, i, sim_day, static_cast<std::uint32_t>(sim_day));
    // Births run before deaths and moves within a day, so a birth on the exit day itself counts.
    if (sex == 0) schedule_next_birth(p, i, sim_day, exit + 1);
  }

  // The resident's next health transition (onset, frailty step or death) from `sim_day` on,
  // drawn from its current state; `occasion` is unique per redraw (the day it is drawn for).
  void schedule_health(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion) {
    Partition& part = partitions_[p];
    const Residents& r = part.residents;
    const auto next = health_->next_transition(rng_, keys::resident(p, i), occasion, r.birth_day(i), r.sex(i), r.imd_quintile(i),
                                               r.practice(i), state_of(r, i), calendar_.absolute(sim_day),
                                               calendar_.absolute(calendar_.num_days()));
    if (!next) return;
    const auto kind = next->transition == kDeathTransition ? kDeath : kHealthChange;
    part.events.push({next->day - calendar_.start_day(), kind, i, health_detail(next->transition, r.health_version(i))});
  }

  // The resident's next episode of need from `sim_day` on, stamped with the health version it
  // was drawn under.
  void schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion) {
    const Residents& r = partitions_[p].residents;
    schedule_episode(p, i, sim_day, occasion, health_->episode_risk(r.imd_quintile(i), state_of(r, i)));
  }
  void schedule_episode(std::size_t p, std::uint32_t i, int sim_day, std::uint32_t occasion, const HealthModel::EpisodeRisk& risk) {
    Partition& part = partitions_[p];
    const Residents& r = part.residents;
    const auto day = health_->next_episode(rng_, keys::resident(p, i), occasion, r.birth_day(i), risk, calendar_.absolute(sim_day),
                                           calendar_.absolute(calendar_.num_days()));
    if (!day) return;
    part.events.push({*day - calendar_.start_day(), kEpisode, i, static_cast<std::uint16_t>(r.health_version(i))});
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
        rng_.uniform(streams::kFertility, keys::resident(p, i), static_cast<std::uint32_t>(from_sim_day)));
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
    part.discharged_on.push_back(0);
    const sim::DayNumber today = calendar_.absolute(sim_day);
    if (flow == kMigrationIn) {
      const HealthState state = health_->draw_initial(rng_, keys::resident(p, i), practice, sex, quintile, age_in_years(birth_day, today));
      part.residents.set_conditions(i, state.conditions);
      part.residents.set_frailty_setting(i, state.frailty, state.setting);
      // Someone arriving with a care package or into a care home takes a place (a negative release).
      if (state.setting == kHomeWithCare) part.new_packages.push_back(i);
      if (state.setting == kCareHome) --part.releases[kCareHomePlaces];
    }
    const int c = cell(part, i, today);
    count(part, i, c, +1);
    ++flow_row(part, calendar_.month_of_day(sim_day), flow)[c];
    schedule_life(p, i, schedule_from, today);
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
    const bool weekend = sim::is_weekend(today);
    if (programmes_on_) programmes_->begin_day(sim_day);
    // Phase 1: each PCN's events of the day, in (kind, detail, resident) order.
    auto t = Clock::now();
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      Partition& part = partitions_[p];
      part.episodes.clear();
      part.events_processed += static_cast<std::int64_t>(part.events.drain(sim_day, [&](const sim::Event& e) {
        Residents& r = part.residents;
        if (r.status(e.entity) != ResidentStatus::kPresent) return;  // after a death or a move
        const int c = cell(part, e.entity, today);
        switch (e.kind) {
          case kAgeBand:
            // The band boundary was crossed today: move from the band below.
            count(part, e.entity, c - kSexes * kImdQuintiles, -1);
            count(part, e.entity, c, +1);
            break;
          case kBirth: {
            const std::uint64_t child_key = keys::resident(p, static_cast<std::uint32_t>(r.size()));
            const int sex = rng_.uniform(streams::kNewbornSex, child_key, 0) < config_.demography.male_birth_share ? 1 : 0;
            add_resident(p, sim_day, sim_day, today, r.practice(e.entity), sex, r.imd_quintile(e.entity), kBirths);
            schedule_next_birth(p, e.entity, sim_day + 1, calendar_.absolute(calendar_.num_days()));
            break;
          }
          case kEpisode: {
            if (e.detail != r.health_version(e.entity)) break;  // drawn under an earlier health state
            if (r.in_hospital(e.entity)) {
              // Needs that arise in hospital are met there: no episode, but the next is drawn.
              schedule_episode(p, e.entity, sim_day + 1, static_cast<std::uint32_t>(sim_day + 1));
              break;
            }
            const std::uint64_t key = keys::resident(p, e.entity);
            const int age = age_in_years(r.birth_day(e.entity), today);
            const HealthState state = state_of(r, e.entity);
            const HealthModel::EpisodeRisk risk = health_->episode_risk(r.imd_quintile(e.entity), state);
            const EpisodeDraw d = health_->draw_episode(rng_, key, static_cast<std::uint32_t>(sim_day), age, risk, weekend);
            ++flow_row(part, month, kEpisodes)[c];
            schedule_episode(p, e.entity, sim_day + 1, static_cast<std::uint32_t>(sim_day + 1), risk);
            const ProgrammeEffect effect = d.urgency == kMinor ? kMinorEpisodesEffect : kUrgentEpisodesEffect;
            if (programmes_on_ && met_by_programme(p, key, age, state, effect, sim_day, month)) {
              ++flow_row(part, month, kProgrammeMet)[c];
              break;
            }
            part.episodes.push_back({e.entity, c, pathway_.entry(), 0, false,
                                     EpisodeView{d.urgency, d.type, state.frailty, state.setting, state.conditions, age, d.in_hours},
                                     d.acsc});
            break;
          }
          case kHealthChange: {
            if ((e.detail >> 4) != r.health_version(e.entity)) break;  // drawn under an earlier state
            const int transition = e.detail & 15;
            if (transition < kConditions) {
              r.set_conditions(e.entity, static_cast<std::uint16_t>(r.conditions(e.entity) | (1u << transition)));
              ++part.current[static_cast<std::size_t>(c * kStocks + kStockConditions + transition)];
            } else if (transition == kNeedsCareHomeTransition && programmes_on_ &&
                       met_by_programme(p, keys::resident(p, e.entity), age_in_years(r.birth_day(e.entity), today), state_of(r, e.entity),
                                        kCareHomeEntryEffect, sim_day, month)) {
              // Prevented for now: the resident stays at home and their transitions are redrawn
              // (memoryless hazards make this thinning exact).
              ++flow_row(part, month, kCareHomeNeedsPrevented)[c];
            } else if (transition == kNeedsHomeCareTransition || transition == kNeedsCareHomeTransition) {
              // Referred from the community: they wait at home for a place (the hospital flow).
              r.set_care_pending(e.entity, true);
              const DownstreamService service = transition == kNeedsHomeCareTransition ? kHomeCareService : kCareHomePlaces;
              part.referrals.emplace_back(service, flow_person(p, e.entity, c, today, -1));
            } else {
              const int f = r.frailty(e.entity);
              r.set_frailty_setting(e.entity, f + 1, r.setting(e.entity));
              --part.current[static_cast<std::size_t>(c * kStocks + kStockFrailty + f)];
              ++part.current[static_cast<std::size_t>(c * kStocks + kStockFrailty + f + 1)];
            }
            r.bump_health_version(e.entity);
            schedule_health(p, e.entity, sim_day + 1, static_cast<std::uint32_t>(sim_day + 1));
            schedule_episode(p, e.entity, sim_day + 1, static_cast<std::uint32_t>(sim_day + 1));
            break;
          }
          case kDeath:
          case kMoveAway:
            if (e.kind == kDeath && (e.detail >> 4) != r.health_version(e.entity)) break;  // redrawn since
            if (r.in_hospital(e.entity)) part.hospital_exits.push_back(e.entity);
            // A care package or a care-home place ends with the resident's time here.
            if (r.setting(e.entity) == kHomeWithCare) ++part.releases[kHomeCareService];
            if (r.setting(e.entity) == kCareHome) ++part.releases[kCareHomePlaces];
            count(part, e.entity, c, -1);
            ++flow_row(part, month, e.kind == kDeath ? kDeaths : kMigrationOut)[c];
            r.set_status(e.entity, e.kind == kDeath ? ResidentStatus::kDied : ResidentStatus::kMovedAway);
            break;
          default:
            break;
        }
      }, [&](std::uint32_t entity) { part.residents.prefetch(entity); }));
    });
    stats_.events_seconds += seconds_since(t);
    // Phase 3 begins: what phase 1 reported to the hospital flow (places freed and taken,
    // referrals, inpatients who died or moved).
    t = Clock::now();
    flow_month_ = month;
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      Partition& part = partitions_[p];
      for (int k = 0; k < kDownstreamServices; ++k) {
        if (part.releases[static_cast<std::size_t>(k)] != 0) flow_->release(static_cast<DownstreamService>(k), static_cast<int>(p), part.releases[static_cast<std::size_t>(k)]);
      }
      part.releases.fill(0);
      for (const auto& [service, person] : part.referrals) flow_->refer(service, person);
      part.referrals.clear();
      for (std::uint32_t i : part.new_packages) flow_->existing_package(flow_person(p, i, cell(part, i, today), today, -1), sim_day);
      part.new_packages.clear();
      for (std::uint32_t i : part.hospital_exits) flow_->resident_left(keys::resident(p, i));
      part.hospital_exits.clear();
    }
    stats_.flow_seconds += seconds_since(t);
    // Phase 2: today's episodes follow the care pathway, each PCN's practices sharing out their
    // same-day slots. Alongside, the first half of the hospital flow (services ending, fit
    // inpatients moving on, pools serving their queues), which touches nothing routing does:
    // it writes other flows, stocks, events and resident fields than routing reads or writes,
    // and no resident it discharges today can have an episode today (they were in hospital).
    t = Clock::now();
    executor_.for_each_alongside([&] { flow_->begin_day(sim_day, *this); }, partitions_.size(),
                                 [&](std::size_t p) { route_episodes(p, sim_day, month, weekend); });
    stats_.routing_seconds += seconds_since(t);
    // Phase 3 ends serially: today's admissions, in PCN order, take beds; the night is counted.
    t = Clock::now();
    admissions_.clear();
    for (Partition& part : partitions_) {
      admissions_.insert(admissions_.end(), part.admissions.begin(), part.admissions.end());
      part.admissions.clear();
    }
    flow_->end_day(sim_day, admissions_, *this);
    stats_.flow_seconds += seconds_since(t);
    if (calendar_.is_last_day_of_month(sim_day)) {
      t = Clock::now();
      in_migration(sim_day);
      executor_.for_each(partitions_.size(), [&](std::size_t p) {
        Partition& part = partitions_[p];
        std::copy(part.current.begin(), part.current.end(),
                  part.stocks.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(month) + 1) * kCells * kStocks));
      });
      flow_->set_community_base(frail_at_home());
      // Programmes re-count their eligible residents before each review, year and start.
      if (programmes_on_ && programmes_->count_due(month + 1)) count_for_programmes(today + 1);
      stats_.month_end_seconds += seconds_since(t);
      if (options_.progress) options_.progress(sim_day + 1, calendar_.num_days());
    }
  }

  // Same-day GP appointments for acute need, per practice and weekday: the weekly rate spread
  // over Monday-Friday, whole slots from the running total so none is lost to rounding.
  void prepare_practices() {
    const WorldConfig& world = config_.world;
    local_practice_.assign(world.practices.size(), 0);
    daily_slots_.assign(world.practices.size(), 0.0);
    for (const auto& pcn : world.pcns) {
      for (std::size_t k = 0; k < pcn.practices.size(); ++k) {
        const auto practice = static_cast<std::size_t>(pcn.practices[k]);
        local_practice_[practice] = static_cast<int>(k);
        daily_slots_[practice] = config_.health.gp.same_day_per_1000_per_week * static_cast<double>(world.practices[practice].list_size) *
                                 config_.population.scale / 1000.0 / 5.0;
      }
    }
  }

  // Moves each of today's episodes along the pathway to its outcome. An episode that reaches a
  // practice's same-day service waits for the round's share-out: if more ask than there are
  // slots, a random subset of the askers gets them (selection sampling, so each subset of the
  // right size is equally likely); the rest, and everyone out of hours, follow when_full.
  void route_episodes(std::size_t p, int sim_day, int month, bool weekend) {
    Partition& part = partitions_[p];
    const auto& practices = config_.world.pcns[p].practices;
    for (std::size_t k = 0; k < practices.size(); ++k) {
      const double w = weekend ? 0.0 : daily_slots_[static_cast<std::size_t>(practices[k])];
      part.slots_left[k] = static_cast<std::int32_t>(std::floor(w * (sim_day + 1)) - std::floor(w * sim_day));
    }
    for (ActiveEpisode& e : part.episodes) arrive(part, e, sim_day, month);
    while (!part.waiting.empty()) {
      std::vector<std::int32_t> asking(practices.size(), 0);
      for (const ActiveEpisode& e : part.waiting) {
        if (e.view.in_hours) ++asking[static_cast<std::size_t>(local_practice_[part.residents.practice(e.resident)])];
      }
      std::vector<ActiveEpisode> round;
      round.swap(part.waiting);
      for (ActiveEpisode& e : round) {
        bool seen = false;
        if (e.view.in_hours) {
          const auto k = static_cast<std::size_t>(local_practice_[part.residents.practice(e.resident)]);
          const double u = rng_.uniform(streams::kGpSlot, keys::resident(p, e.resident), static_cast<std::uint32_t>(sim_day));
          seen = part.slots_left[k] > 0 && u * asking[k] < part.slots_left[k];
          if (seen) --part.slots_left[k];
          --asking[k];
        }
        if (seen) {
          visit(part, e, month);
          move_on(part, e, false, sim_day, month);
        } else {
          e.turned_away = true;
          ++flow_row(part, month, kGpUnavailable)[e.cell];
          move_on(part, e, true, sim_day, month);
        }
      }
    }
  }

  // The episode has reached e.node: services with capacity wait; others see it and route on.
  void arrive(Partition& part, ActiveEpisode& e, int sim_day, int month) {
    if (pathway_.has_capacity(e.node)) {
      part.waiting.push_back(e);
      return;
    }
    visit(part, e, month);
    move_on(part, e, false, sim_day, month);
  }

  void move_on(Partition& part, ActiveEpisode& e, bool full, int sim_day, int month) {
    const std::size_t p = part.index;
    const double u = rng_.uniform(streams::kPathwayStep, keys::resident(p, e.resident),
                                  static_cast<std::uint32_t>(sim_day) * 256u + static_cast<std::uint32_t>(e.steps));
    ++e.steps;
    if (e.steps > 255) throw std::logic_error("icsim: an episode took more than 255 routing steps (a pathway cycle; a bug)");
    const int next = pathway_.next(e.node, full, e.view, u);
    if (next < 0) {
      end_episode(part, e, sim_day, month);
      return;
    }
    const ServiceKind from = pathway_.kind(e.node);
    const ServiceKind to = pathway_.kind(next);
    if (from == ServiceKind::kAmbulance &&
        (to == ServiceKind::kAe || to == ServiceKind::kSameDayEmergencyCare || to == ServiceKind::kEmergencyAdmission)) {
      ++flow_row(part, month, kConveyance)[e.cell];
    }
    e.node = next;
    arrive(part, e, sim_day, month);
  }

  // Counts a contact with the service the episode is at.
  void visit(Partition& part, const ActiveEpisode& e, int month) {
    const int c = e.cell;
    switch (pathway_.kind(e.node)) {
      case ServiceKind::kGpSameDay: ++flow_row(part, month, kGpSameDay)[c]; break;
      case ServiceKind::kNhs111: ++flow_row(part, month, kNhs111)[c]; break;
      case ServiceKind::kUrgentTreatmentCentre:
        ++flow_row(part, month, kUtc)[c];
        if (e.turned_away) ++flow_row(part, month, kUrgentAfterNoGp)[c];
        break;
      case ServiceKind::kAmbulance: ++flow_row(part, month, kAmbulance)[c]; break;
      case ServiceKind::kAe:
        ++flow_row(part, month, kAe)[c];
        if (e.turned_away) ++flow_row(part, month, kUrgentAfterNoGp)[c];
        break;
      case ServiceKind::kSameDayEmergencyCare: ++flow_row(part, month, kSdec)[c]; break;
      case ServiceKind::kEmergencyAdmission:
        ++flow_row(part, month, kAdmission)[c];
        if (e.acsc) ++flow_row(part, month, kAdmissionAcsc)[c];
        break;
      case ServiceKind::kSelfCare:
      case ServiceKind::kRouter: break;
    }
  }

  // The episode ends where it is: its outcome. Minor need that ends at A&E is an attendance
  // that could have been met elsewhere (docs/measures.md).
  void end_episode(Partition& part, const ActiveEpisode& e, int sim_day, int month) {
    const ServiceKind kind = pathway_.kind(e.node);
    if (kind == ServiceKind::kRouter) throw std::logic_error("icsim: an episode ended at a router (a bug: validation should prevent it)");
    ++flow_row(part, month, static_cast<Flow>(kOutcomeFirst + static_cast<int>(kind) - 1))[e.cell];
    if (kind == ServiceKind::kAe && e.view.urgency == kMinor) ++flow_row(part, month, kAeAvoidable)[e.cell];
    if (kind == ServiceKind::kEmergencyAdmission) {
      const int left_on = part.discharged_on[e.resident] - 1;  // -1: never in hospital
      FlowPerson person{keys::resident(part.index, e.resident), static_cast<int>(part.index), e.cell, e.view.age,
                        e.view.frailty, e.view.setting, e.view.episode_type, left_on >= 0 && sim_day - left_on <= 30};
      if (programmes_on_) support_inpatient(person, static_cast<std::uint16_t>(e.view.conditions), month);
      part.admissions.push_back(person);
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
      place_start_[place] += residents_now(partitions_[p]);
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
          residents_now(partitions_[p]);
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
          const std::uint64_t key = keys::resident(p, static_cast<std::uint32_t>(part.residents.size()));
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

  FlowPerson flow_person(std::size_t p, std::uint32_t i, int c, sim::DayNumber today, int episode_type) const {
    const Residents& r = partitions_[p].residents;
    return {keys::resident(p, i), static_cast<int>(p), c, age_in_years(r.birth_day(i), today), r.frailty(i), r.setting(i), episode_type};
  }

  // Acute sites with their beds and catchments; each downstream service's pools at its level,
  // the System's capacity shared out by residents aged 75+ at the start (largest remainders);
  // and the home-care and care-home places already in use.
  void prepare_flow() {
    const WorldConfig& world = config_.world;
    FlowLayout layout;
    for (std::size_t k = 0; k < world.providers.size(); ++k) {
      if (world.providers[k].kind != ProviderKind::kAcuteSite) continue;
      sites_.push_back(static_cast<int>(k));
      layout.site_beds.push_back(std::llround(static_cast<double>(world.providers[k].general_acute_beds) * config_.population.scale));
    }
    site_beds_ = layout.site_beds;
    for (const auto& pcn : world.pcns) {
      int site = 0;
      for (std::size_t s = 0; s < sites_.size(); ++s) {
        const auto& places = world.providers[static_cast<std::size_t>(sites_[s])].places;
        if (std::find(places.begin(), places.end(), pcn.place) != places.end()) {
          site = static_cast<int>(s);
          break;
        }
      }
      layout.site_of_pcn.push_back(site);
    }
    std::vector<double> aged_75(partitions_.size(), 0.0);
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      for (int band = 0; band < kReportBands; ++band) {
        if (kReportBandLowerAge[static_cast<std::size_t>(band)] < 75) continue;
        for (int sex = 0; sex < kSexes; ++sex) {
          for (int q = 0; q < kImdQuintiles; ++q) aged_75[p] += partitions_[p].current[static_cast<std::size_t>(cell_of(band, sex, q) * kStocks)];
        }
      }
    }
    for (std::size_t k = 0; k < kDownstreamServices; ++k) {
      const ServicePoolConfig& service = config_.flow.services[k];
      std::vector<double> weight;
      for (std::size_t p = 0; p < partitions_.size(); ++p) {
        const int pool = service.level == CommissioningLevel::kSystem ? 0
                         : service.level == CommissioningLevel::kPlace ? world.pcns[p].place
                                                                       : static_cast<int>(p);
        layout.pool_of_pcn[k].push_back(pool);
        if (static_cast<std::size_t>(pool) >= weight.size()) weight.resize(static_cast<std::size_t>(pool) + 1, 0.0);
        weight[static_cast<std::size_t>(pool)] += aged_75[p];
      }
      layout.pool_capacity[k] = sim::apportion(weight, std::llround(service.capacity * config_.population.scale));
    }
    flow_.emplace(config_.flow, std::move(layout), rng_, calendar_.num_days());
    const sim::DayNumber start = calendar_.start_day();
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      const Residents& r = partitions_[p].residents;
      for (std::uint32_t i = 0; i < r.size(); ++i) {
        if (r.setting(i) == kHomeWithCare) flow_->existing_package(flow_person(p, i, cell(partitions_[p], i, start), start, -1), 0);
        if (r.setting(i) == kCareHome) flow_->occupy(kCareHomePlaces, static_cast<int>(p), 1);
      }
    }
    flow_->set_community_base(frail_at_home());
    site_flows_.assign(sites_.size(), std::vector<std::int32_t>(calendar_.months().size() * kFlows * kCells, 0));
  }

  // Programme units follow the organisation tree: the System, each Place, each PCN.
  void prepare_programmes() {
    const WorldConfig& world = config_.world;
    ProgrammeLayout layout;
    layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kSystem)] = {world.system.id};
    for (const auto& place : world.places) layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kPlace)].push_back(place.id);
    for (std::size_t p = 0; p < world.pcns.size(); ++p) {
      layout.unit_ids[static_cast<std::size_t>(CommissioningLevel::kPcn)].push_back(world.pcns[p].id);
      layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kSystem)].push_back(0);
      layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kPlace)].push_back(world.pcns[p].place);
      layout.unit_of_pcn[static_cast<std::size_t>(CommissioningLevel::kPcn)].push_back(static_cast<int>(p));
    }
    for (std::size_t m = 0; m < calendar_.months().size(); ++m) {
      layout.month_first_day.push_back(static_cast<int>(calendar_.months()[m].first_day - calendar_.start_day()));
      layout.year_of_month.push_back(calendar_.year_of_month(static_cast<int>(m)));
    }
    layout.scale = config_.population.scale;
    programmes_.emplace(config_.programmes, std::move(layout), rng_);
    programmes_on_ = programmes_->any_funded();
    for (int k = 0; k < kProgrammes; ++k) {
      if (!programmes_->funded(k)) continue;
      for (int effect = 0; effect < kProgrammeEffects; ++effect) {
        if (programmes_->realised(k, static_cast<ProgrammeEffect>(effect)) != 1.0) effect_programmes_[static_cast<std::size_t>(effect)].push_back(k);
      }
    }
    if (programmes_on_) count_for_programmes(calendar_.start_day());
  }

  // Eligible residents by programme and PCN, and residents by PCN, band and quintile, on `day`.
  void count_for_programmes(sim::DayNumber day) {
    std::vector<std::vector<double>> eligible_by_pcn(kProgrammes, std::vector<double>(partitions_.size(), 0.0));
    std::vector<std::vector<double>> residents(partitions_.size(), std::vector<double>(kReportBands * kImdQuintiles, 0.0));
    executor_.for_each(partitions_.size(), [&](std::size_t p) {
      const Residents& r = partitions_[p].residents;
      // Residents by the set of programmes they are eligible for, then by programme.
      std::array<std::int32_t, 1u << kProgrammes> by_set{};
      for (std::uint32_t i = 0; i < r.size(); ++i) {
        if (r.status(i) != ResidentStatus::kPresent) continue;
        ++by_set[programmes_->eligible_for(age_in_years(r.birth_day(i), day), state_of(r, i))];
      }
      std::array<double, kProgrammes> n{};
      for (std::uint32_t set = 1; set < by_set.size(); ++set) {
        for (std::uint32_t m = set; m != 0; m &= m - 1) n[static_cast<std::size_t>(std::countr_zero(m))] += by_set[set];
      }
      for (int k = 0; k < kProgrammes; ++k) eligible_by_pcn[static_cast<std::size_t>(k)][p] = n[static_cast<std::size_t>(k)];
      for (int c = 0; c < kCells; ++c) {
        const int band = c / (kSexes * kImdQuintiles), q = c % kImdQuintiles;
        residents[p][static_cast<std::size_t>(band * kImdQuintiles + q)] += partitions_[p].current[static_cast<std::size_t>(c * kStocks)];
      }
    });
    programmes_->set_counts(eligible_by_pcn, residents);
  }

  // Whether a programme covering the resident meets (or prevents) a need that changes
  // `effect`: each covering programme independently, with chance 1 - its rate ratio, so the
  // need survives all of them with the product of the ratios. Every programme whose draw
  // succeeds is credited on its dashboard, whatever its place in the library.
  bool met_by_programme(std::size_t p, std::uint64_t key, int age, const HealthState& state, ProgrammeEffect effect, int sim_day,
                        int month) {
    const std::uint32_t eligible = programmes_->eligible_for(age, state);
    bool met = false;
    for (int k : effect_programmes_[static_cast<std::size_t>(effect)]) {
      if (((eligible >> k) & 1u) == 0 || !programmes_->covers(k, static_cast<int>(p), key)) continue;
      // One block per resident, day and four programmes; care-home needs draw from other blocks.
      const std::uint32_t occasion = (static_cast<std::uint32_t>(sim_day) * 2u + static_cast<std::uint32_t>(k / 4)) |
                                     (effect == kCareHomeEntryEffect ? 0x80000000u : 0u);
      if (sim::unit_word(rng_.block(streams::kProgrammeEffect, key, occasion)[static_cast<std::size_t>(k % 4)]) <
          1.0 - programmes_->realised(k, effect)) {
        programmes_->count(static_cast<int>(p), month, k,
                           effect == kMinorEpisodesEffect ? kMinorMet : effect == kUrgentEpisodesEffect ? kUrgentMet : kCareHomeNeedPrevented);
        met = true;
      }
    }
    return met;
  }

  // An admitted resident whom programmes cover: shorter stays, faster hand-offs, fewer
  // care-home discharges, as each covering programme's rate ratios say.
  void support_inpatient(FlowPerson& person, std::uint16_t conditions, int month) {
    const HealthState state{conditions, person.frailty, person.setting, false};
    std::array<bool, kProgrammes> counted{};
    const std::uint32_t eligible = programmes_->eligible_for(person.age, state);
    auto apply = [&](ProgrammeEffect effect, double& rr) {
      for (int k : effect_programmes_[static_cast<std::size_t>(effect)]) {
        if (((eligible >> k) & 1u) == 0 || !programmes_->covers(k, person.pcn, person.resident)) continue;
        rr *= programmes_->realised(k, effect);
        if (!counted[static_cast<std::size_t>(k)]) programmes_->count(person.pcn, month, k, kInpatientSupported);
        counted[static_cast<std::size_t>(k)] = true;
      }
    };
    apply(kLengthOfStayEffect, person.stay_rr);
    apply(kAssessmentDaysEffect, person.assessment_rr);
    apply(kCareHomeDischargeEffect, person.care_home_discharge_rr);
  }

  // Residents aged 65+ with moderate or severe frailty, by PCN and cell: those short-term
  // community referrals come from.
  std::vector<std::vector<std::int64_t>> frail_at_home() const {
    std::vector<std::vector<std::int64_t>> out(partitions_.size(), std::vector<std::int64_t>(kCells, 0));
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      for (int c = 0; c < kCells; ++c) {
        if (kReportBandLowerAge[static_cast<std::size_t>(c / (kSexes * kImdQuintiles))] < 65) continue;
        const std::int32_t* row = &partitions_[p].current[static_cast<std::size_t>(c * kStocks)];
        out[p][static_cast<std::size_t>(c)] = row[kStockFrailty + 2] + row[kStockFrailty + 3];
      }
    }
    return out;
  }

  // --- FlowWorld: how the hospital flow sees and changes residents (serial phase only).
  Residents& residents_of(std::uint64_t key) { return partitions_[keys::partition_of(key)].residents; }
  const Residents& residents_of(std::uint64_t key) const { return partitions_[keys::partition_of(key)].residents; }

  bool present(std::uint64_t key) const override { return residents_of(key).status(keys::index_of(key)) == ResidentStatus::kPresent; }
  bool died(std::uint64_t key) const override { return residents_of(key).status(keys::index_of(key)) == ResidentStatus::kDied; }
  int setting(std::uint64_t key) const override { return residents_of(key).setting(keys::index_of(key)); }
  bool in_hospital(std::uint64_t key) const override { return residents_of(key).in_hospital(keys::index_of(key)); }
  void referral_lapsed(std::uint64_t key, int sim_day) override {
    residents_of(key).set_care_pending(keys::index_of(key), false);
    redraw(keys::partition_of(key), keys::index_of(key), sim_day);
  }
  void set_in_hospital(std::uint64_t key, bool in_hospital, int sim_day) override {
    residents_of(key).set_in_hospital(keys::index_of(key), in_hospital);
    if (!in_hospital) partitions_[keys::partition_of(key)].discharged_on[keys::index_of(key)] = static_cast<std::uint16_t>(sim_day + 1);
  }
  // A new living setting from today: counts move, and health and episodes are redrawn from
  // tomorrow (mortality and episode rates depend on the setting).
  void set_setting(std::uint64_t key, int setting, int sim_day) override {
    const auto p = keys::partition_of(key);
    const std::uint32_t i = keys::index_of(key);
    Partition& part = partitions_[p];
    Residents& r = part.residents;
    const int c = cell(part, i, calendar_.absolute(sim_day));
    count(part, i, c, -1);
    r.set_frailty_setting(i, r.frailty(i), setting);
    r.set_care_pending(i, false);
    count(part, i, c, +1);
    redraw(p, i, sim_day);
  }
  // The resident's state changed in the flow today: health and episodes are drawn afresh from
  // tomorrow (occasions with the top bit set keep these draws apart from those of events).
  void redraw(std::size_t p, std::uint32_t i, int sim_day) {
    partitions_[p].residents.bump_health_version(i);
    const auto occasion = static_cast<std::uint32_t>(sim_day + 1) | 0x80000000u;
    schedule_health(p, i, sim_day + 1, occasion);
    schedule_episode(p, i, sim_day + 1, occasion);
  }
  void count(FlowCount what, const FlowPerson& person, int site, std::int64_t amount) override {
    const auto offset = (static_cast<std::size_t>(flow_month_) * kFlows + static_cast<std::size_t>(hospital_flow(what))) * kCells +
                        static_cast<std::size_t>(person.cell);
    partitions_[static_cast<std::size_t>(person.pcn)].flows[offset] += static_cast<std::int32_t>(amount);
    if (site >= 0) site_flows_[static_cast<std::size_t>(site)][offset] += static_cast<std::int32_t>(amount);
  }

  // Everyone the hospital flow holds as an inpatient is a resident flagged in hospital, and
  // nobody else is; every home-care and care-home place in use is held by a resident living
  // so, pool by pool. A mismatch is a bug.
  void check_hospital() const {
    for (DownstreamService service : {kHomeCareService, kCareHomePlaces}) {
      const int setting = service == kHomeCareService ? kHomeWithCare : kCareHome;
      std::vector<std::int64_t> living(static_cast<std::size_t>(flow_->pools(service)), 0);
      for (std::size_t p = 0; p < partitions_.size(); ++p) {
        // In-migrants of the last day take their places in a flow phase that never comes.
        const Partition& part = partitions_[p];
        const auto pool = static_cast<std::size_t>(flow_->pool_of(service, static_cast<int>(p)));
        living[pool] += part.releases[static_cast<std::size_t>(service)];
        if (service == kHomeCareService) living[pool] -= static_cast<std::int64_t>(part.new_packages.size());
        const Residents& r = part.residents;
        for (std::uint32_t i = 0; i < r.size(); ++i) {
          if (r.status(i) == ResidentStatus::kPresent && r.setting(i) == setting) ++living[static_cast<std::size_t>(flow_->pool_of(service, static_cast<int>(p)))];
        }
      }
      for (int pool = 0; pool < flow_->pools(service); ++pool) {
        if (living[static_cast<std::size_t>(pool)] != flow_->in_use(service, pool)) {
          throw std::logic_error(fmt::format("icsim: {} pool {} has {} places in use for {} residents living so (a bug)",
                                             kDownstreamServiceIds[static_cast<std::size_t>(service)], pool,
                                             flow_->in_use(service, pool), living[static_cast<std::size_t>(pool)]));
        }
      }
    }
    std::int64_t flagged = 0;
    for (const Partition& part : partitions_) {
      for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
        flagged += part.residents.status(i) == ResidentStatus::kPresent && part.residents.in_hospital(i);
      }
    }
    const std::int64_t held = flow_->inpatients();
    if (flagged != held) {
      throw std::logic_error(fmt::format("icsim: {} residents are flagged in hospital but the hospital flow holds {} (a bug)", flagged, held));
    }
  }

  // Conservation: the running counts must equal a fresh count of the residents still present,
  // by age band, sex, deprivation and health, on the last day. A mismatch is a bug, never bad
  // input.
  void check_conservation() const {
    const sim::DayNumber last_day = calendar_.absolute(calendar_.num_days() - 1);
    for (const Partition& part : partitions_) {
      std::vector<std::int32_t> recount(kCells * kStocks, 0);
      for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
        if (part.residents.status(i) == ResidentStatus::kPresent) count(part.residents, i, recount, cell(part, i, last_day), +1);
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
  CarePathway pathway_;
  std::optional<HealthModel> health_;
  PopulationPlan plan_;
  std::vector<Partition> partitions_;
  std::vector<std::int64_t> place_start_;
  std::vector<std::vector<int>> place_practices_;
  std::vector<std::vector<double>> practice_weight_cum_;
  std::vector<std::vector<double>> migrant_profile_cum_;
  std::vector<int> pcn_of_practice_;
  std::vector<int> local_practice_;   // a practice's index within its PCN
  std::vector<double> daily_slots_;   // same-day slots per weekday, by practice
  std::optional<HospitalFlow> flow_;
  std::optional<ProgrammePortfolio> programmes_;
  bool programmes_on_ = false;                   // any programme is funded
  // By effect: the funded programmes that change it, in programme order.
  std::array<std::vector<int>, kProgrammeEffects> effect_programmes_;
  std::vector<int> sites_;                       // providers that are acute sites, in world order
  std::vector<std::int64_t> site_beds_;          // their base beds
  std::vector<std::vector<std::int32_t>> site_flows_;  // by site: [month][flow][cell]
  std::vector<FlowPerson> admissions_;           // today's, in PCN order
  int flow_month_ = 0;
  RunStats stats_;
};

sim::MeasureTable Engine::tabulate() {
  const WorldConfig& world = config_.world;
  const auto& months = calendar_.months();
  const auto& years = calendar_.years();
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // Periods: each year followed by its months, so the file reads in time order.
  std::vector<std::string> periods;
  std::vector<double> period_days;
  std::vector<std::size_t> period_of_month(months.size());
  std::vector<std::size_t> period_of_year(years.size());
  std::vector<std::size_t> first_month(years.size(), months.size()), last_month(years.size(), 0);
  for (std::size_t y = 0; y < years.size(); ++y) {
    period_of_year[y] = periods.size();
    periods.push_back(years[y].label);
    period_days.push_back(0.0);
    for (std::size_t m = 0; m < months.size(); ++m) {
      if (static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m))) != y) continue;
      period_of_month[m] = periods.size();
      periods.push_back(months[m].label);
      period_days.push_back(static_cast<double>(months[m].end_day - months[m].first_day));
      period_days[period_of_year[y]] += period_days.back();
      first_month[y] = std::min(first_month[y], m);
      last_month[y] = std::max(last_month[y], m);
    }
  }
  // Areas: the System, its Places, their PCNs, following the containment tree; then the acute
  // sites, which stand apart (their patients come from several PCNs).
  const OrgGraph graph(world);
  std::vector<sim::Area> areas{{"system", world.system.id, world.system.name}};
  for (const auto& place : world.places) areas.push_back({"place", place.id, place.name});
  const std::size_t first_pcn = areas.size();
  for (const auto& pcn : world.pcns) areas.push_back({"pcn", pcn.id, pcn.name});
  const std::size_t first_site = areas.size();
  for (int site : sites_) {
    const ProviderConfig& provider = world.providers[static_cast<std::size_t>(site)];
    areas.push_back({"site", provider.id, provider.name});
  }
  std::vector<std::size_t> parent_area(areas.size(), kNone);
  for (std::size_t place = 0; place < world.places.size(); ++place) parent_area[1 + place] = 0;
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    const auto place = graph.parent(graph.vertex(OrgKind::kPcn, static_cast<int>(p)));
    parent_area[first_pcn + p] = 1 + static_cast<std::size_t>(graph.graph()[*place].index);
  }
  // Groups: all, then each breakdown on its own; then the groups of single measures.
  const std::vector<std::string> groups = group_names();
  const std::size_t first_sex_group = 1 + kReportBands;
  const std::size_t first_imd_group = first_sex_group + kSexes;
  const std::size_t first_pathway_group = first_imd_group + kImdQuintiles;
  const std::size_t first_reason_group = first_pathway_group + kDischargePathways;
  const std::size_t first_responsible_group = first_reason_group + kDelayReasons;
  const std::vector<std::string> names = measure_names();
  // Measures in measure_names() order: residents (end), residents_start, person_years, the
  // demand flows, the stocks other than residents, the hospital measures, the derived ones.
  constexpr std::size_t kResidents = 0, kResidentsStart = 1, kPersonYears = 2, kFirstFlow = 3;
  constexpr std::size_t kFirstStock = kFirstFlow + kHospitalFirst;  // prevalence_, frailty_, living_
  constexpr std::size_t kFirstHospital = kFirstStock + kStocks - 1;
  constexpr std::size_t kFirstDerived = kFirstHospital + kHospitalMeasures.size();
  auto measure = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const std::size_t discharges = measure("discharges"), delayed = measure("delayed_transfer_days");
  sim::MeasureTable table(periods, areas, groups, names);
  for (std::size_t g = first_pathway_group; g < first_reason_group; ++g) table.restrict_group(g, discharges);
  for (std::size_t g = first_reason_group; g < groups.size(); ++g) table.restrict_group(g, delayed);

  // Where each flow goes: the measure its cells add to, and a group row its total adds to.
  std::vector<std::size_t> flow_measure(kFlows, kNone);
  std::vector<std::pair<std::size_t, std::size_t>> flow_group(kFlows, {kNone, kNone});
  for (std::size_t f = 0; f < kHospitalFirst; ++f) flow_measure[f] = kFirstFlow + f;
  for (std::size_t k = 0; k < kHospitalMeasures.size(); ++k) {
    if (kHospitalMeasures[k].flow != FlowCount::kCount) flow_measure[hospital_flow(kHospitalMeasures[k].flow)] = kFirstHospital + k;
  }
  for (int k = 0; k < kDischargePathways; ++k) {
    const auto f = static_cast<std::size_t>(hospital_flow(FlowCount::kDischargeFirst)) + static_cast<std::size_t>(k);
    flow_measure[f] = discharges;
    flow_group[f] = {discharges, first_pathway_group + static_cast<std::size_t>(k)};
  }
  for (int r = 0; r < kDelayReasons; ++r) {
    flow_group[static_cast<std::size_t>(hospital_flow(FlowCount::kDelayReasonFirst)) + static_cast<std::size_t>(r)] = {delayed, first_reason_group + static_cast<std::size_t>(r)};
  }
  for (int b = 0; b < kResponsibleBodies; ++b) {
    flow_group[static_cast<std::size_t>(hospital_flow(FlowCount::kResponsibleFirst)) + static_cast<std::size_t>(b)] = {delayed, first_responsible_group + static_cast<std::size_t>(b)};
  }

  // Adds cells[cell * stride] for every cell, times `weight`, to each group it belongs to.
  auto add_cells = [&](std::size_t period, std::size_t area, std::size_t m, const std::int32_t* cells, std::size_t stride,
                       double weight) {
    for (int band = 0; band < kReportBands; ++band) {
      for (int sex = 0; sex < kSexes; ++sex) {
        for (int q = 0; q < kImdQuintiles; ++q) {
          const double v = cells[static_cast<std::size_t>(cell_of(band, sex, q)) * stride] * weight;
          if (v == 0.0) continue;
          table.at(period, area, 0, m) += v;
          table.at(period, area, 1 + static_cast<std::size_t>(band), m) += v;
          table.at(period, area, first_sex_group + static_cast<std::size_t>(sex), m) += v;
          table.at(period, area, first_imd_group + static_cast<std::size_t>(q), m) += v;
        }
      }
    }
  };
  auto add_flows = [&](std::size_t period, std::size_t area, const std::vector<std::int32_t>& flows, std::size_t month) {
    for (std::size_t f = 0; f < kFlows; ++f) {
      const std::int32_t* row = &flows[(month * kFlows + f) * kCells];
      if (flow_measure[f] != kNone) add_cells(period, area, flow_measure[f], row, 1, 1.0);
      if (flow_group[f].first != kNone) {
        double total = 0.0;
        for (int c = 0; c < kCells; ++c) total += row[c];
        table.at(period, area, flow_group[f].second, flow_group[f].first) += total;
      }
    }
  };
  auto stock_row = [&](const Partition& part, std::size_t row) { return &part.stocks[row * kCells * kStocks]; };
  auto add_stocks = [&](std::size_t period, std::size_t area, const Partition& part, std::size_t start_row, std::size_t end_row) {
    add_cells(period, area, kResidentsStart, stock_row(part, start_row), kStocks, 1.0);
    add_cells(period, area, kResidents, stock_row(part, end_row), kStocks, 1.0);
    for (std::size_t k = 1; k < kStocks; ++k) add_cells(period, area, kFirstStock + k - 1, stock_row(part, end_row) + k, kStocks, 1.0);
  };
  const std::size_t care_home_days = kFirstDerived, home_care_days = kFirstDerived + 1;
  // Each PCN fills only its own area of the table, and each site its own, so they are
  // tabulated in parallel.
  executor_.for_each(partitions_.size() + sites_.size(), [&](std::size_t index) {
    if (index >= partitions_.size()) {
      const std::size_t site = index - partitions_.size();
      for (std::size_t m = 0; m < months.size(); ++m) {
        const std::size_t year_period = period_of_year[static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m)))];
        add_flows(period_of_month[m], first_site + site, site_flows_[site], m);
        add_flows(year_period, first_site + site, site_flows_[site], m);
      }
      return;
    }
    const Partition& part = partitions_[index];
    const std::size_t area = first_pcn + index;
    for (std::size_t m = 0; m < months.size(); ++m) {
      const std::size_t period = period_of_month[m];
      const std::size_t year_period = period_of_year[static_cast<std::size_t>(calendar_.year_of_month(static_cast<int>(m)))];
      add_stocks(period, area, part, m, m + 1);
      // Person-years, and days in a care home or with a care package, by the trapezium rule
      // over the month's start and end counts.
      const double half_years = 0.5 * static_cast<double>(months[m].end_day - months[m].first_day) / kDaysPerYear;
      for (std::size_t row : {m, m + 1}) {
        for (std::size_t pp : {period, year_period}) {
          add_cells(pp, area, kPersonYears, stock_row(part, row), kStocks, half_years);
          add_cells(pp, area, care_home_days, stock_row(part, row) + kStockSettings + kCareHome, kStocks, half_years * kDaysPerYear);
          add_cells(pp, area, home_care_days, stock_row(part, row) + kStockSettings + kHomeWithCare, kStocks, half_years * kDaysPerYear);
        }
      }
      add_flows(period, area, part.flows, m);
      add_flows(year_period, area, part.flows, m);
    }
    for (std::size_t y = 0; y < years.size(); ++y) add_stocks(period_of_year[y], area, part, first_month[y], last_month[y] + 1);
  });
  // Roll up the containment tree, PCNs into their Place and Places into the System, each
  // period on its own (the same additions in the same order whatever the thread count).
  executor_.for_each(periods.size(), [&](std::size_t period) {
    for (std::size_t area = first_site; area-- > 1;) {
      for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t m = 0; m < names.size(); ++m) table.at(period, parent_area[area], g, m) += table.at(period, area, g, m);
      }
    }
  });
  // Measures worked out from the others, in every area and group they apply to.
  const UnitCosts& uc = config_.flow.costs;
  std::int64_t system_beds = 0;
  for (std::int64_t b : site_beds_) system_beds += b;
  // The measures read below, looked up once.
  enum Input : std::size_t {
    kBedDays, kSpells, kStayDays, kDelayed, kPersonYearsIn, kCareHomeDays, kIcBedDays, kGp, k111, kUtc, kConvey, kIncidents, kAeIn,
    kSdecIn, kZeroNights, kOneNight, kTwoPlus, kElsewhere, kNursing, kReablementIn, kHomeCareDays, kInputs
  };
  constexpr std::array<std::string_view, kInputs> kInputNames = {
      "bed_days", "hospital_spells_ended", "length_of_stay_days", "delayed_transfer_days", "person_years", "care_home_days",
      "intermediate_care_bed_days", "gp_same_day_contacts", "nhs111_contacts", "utc_attendances", "ambulance_conveyances",
      "ambulance_incidents", "ae_attendances", "sdec_attendances", "stays_zero_nights", "stays_one_night", "stays_two_nights_plus",
      "hospital_admissions_elsewhere", "community_nursing_starts", "reablement_starts", "home_care_days"};
  std::array<std::size_t, kInputs> in{};
  for (std::size_t k = 0; k < kInputs; ++k) in[k] = measure(kInputNames[k]);
  executor_.for_each(periods.size(), [&](std::size_t period) {
    const double days = period_days[period];
    for (std::size_t area = 0; area < areas.size(); ++area) {
      for (std::size_t g = 0; g < first_pathway_group; ++g) {
        auto v = [&](Input k) { return table.at(period, area, g, in[k]); };
        // Derived measures in kDerivedMeasures order, after care_home_days and home_care_days.
        auto set = [&](std::size_t derived, double x) { table.at(period, area, g, kFirstDerived + derived) = x; };
        const double beds = g != 0 ? 0.0
                            : area == 0 ? static_cast<double>(system_beds)
                            : area >= first_site ? static_cast<double>(site_beds_[area - first_site])
                                                 : 0.0;
        const double occupied = v(kBedDays) / days;
        set(2, beds);
        set(3, occupied);
        set(4, beds > 0.0 ? occupied / beds : 0.0);
        set(5, v(kSpells) > 0.0 ? v(kStayDays) / v(kSpells) : 0.0);
        set(6, v(kDelayed) / days);
        const double at_home = std::max(0.0, v(kPersonYearsIn) * kDaysPerYear - v(kBedDays) - v(kCareHomeDays) - v(kIcBedDays));
        set(7, at_home);
        set(8, v(kPersonYearsIn) > 0.0 ? at_home / v(kPersonYearsIn) : 0.0);
        set(9, v(kGp) * uc.gp_same_day + v(k111) * uc.nhs111 + v(kUtc) * uc.utc + v(kConvey) * uc.ambulance_conveyance +
                   (v(kIncidents) - v(kConvey)) * uc.ambulance_incident + v(kAeIn) * uc.ae + v(kSdecIn) * uc.sdec +
                   (v(kZeroNights) + v(kOneNight)) * uc.admission_short + v(kTwoPlus) * uc.admission_long +
                   v(kElsewhere) * uc.admission_elsewhere + v(kDelayed) * uc.excess_bed_day + v(kIcBedDays) * uc.intermediate_bed_day +
                   v(kNursing) * uc.community_nursing_episode);
        set(10, v(kReablementIn) * uc.reablement_episode + v(kHomeCareDays) * uc.home_care_day + v(kCareHomeDays) * uc.care_home_day);
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
