// Phases `hospital_intake`, `hospital_discharges` and `hospital_admissions`: the hospital
// flow (agents/hospital_flow.hpp) fed with what the day's events and pathway produced, and the
// seam through which it sees and changes residents.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "agents/keys.hpp"
#include "agents/streams.hpp"
#include "agents/run.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {
namespace {

// How the hospital flow sees and changes residents (whole-run phases only).
class ResidentsSeam final : public FlowWorld {
 public:
  explicit ResidentsSeam(Run& run) : run_(run) {}

  bool present(std::uint64_t key) const override { return residents_of(key).status(keys::index_of(key)) == ResidentStatus::kPresent; }
  bool died(std::uint64_t key) const override { return residents_of(key).status(keys::index_of(key)) == ResidentStatus::kDied; }
  LivingSetting setting(std::uint64_t key) const override { return residents_of(key).setting(keys::index_of(key)); }
  bool in_hospital(std::uint64_t key) const override { return residents_of(key).in_hospital(keys::index_of(key)); }
  void referral_lapsed(std::uint64_t key, int sim_day) override {
    residents_of(key).set_care_pending(keys::index_of(key), false);
    run_.redraw(keys::partition_of(key), keys::index_of(key), sim_day);
  }
  void set_in_hospital(std::uint64_t key, bool in_hospital, int sim_day) override {
    residents_of(key).set_in_hospital(keys::index_of(key), in_hospital);
    if (!in_hospital) run_.partitions[keys::partition_of(key)].discharged_on[keys::index_of(key)] = static_cast<std::uint16_t>(sim_day + 1);
  }
  void set_setting(std::uint64_t key, LivingSetting setting, int sim_day) override { change_setting(key, setting, false, sim_day); }
  void wait_at_home(std::uint64_t key, int sim_day) override { change_setting(key, LivingSetting::kOwnHome, true, sim_day); }
  void count(FlowCount what, const FlowPerson& person, int site, std::int64_t amount) override {
    const auto offset = (static_cast<std::size_t>(run_.hospital.month) * kFlows + static_cast<std::size_t>(hospital_slot(what))) * kCells +
                        static_cast<std::size_t>(person.cell);
    run_.partitions[static_cast<std::size_t>(person.pcn)].flows[offset] += static_cast<std::int32_t>(amount);
    if (site >= 0) run_.hospital.site_flows[static_cast<std::size_t>(site)][offset] += static_cast<std::int32_t>(amount);
  }

 private:
  // A new living setting from today, and whether the resident waits for a place: counts move,
  // and health and episodes are redrawn from tomorrow (mortality and episode rates depend on
  // the setting, and no new need for care arises while one waits).
  void change_setting(std::uint64_t key, LivingSetting setting, bool pending, int sim_day) {
    const auto p = keys::partition_of(key);
    const std::uint32_t i = keys::index_of(key);
    Partition& part = run_.partitions[p];
    Residents& r = part.residents;
    // The counts hold only residents present: moving one who has left would corrupt them.
    if (r.status(i) != ResidentStatus::kPresent) throw std::logic_error("icsim: the hospital flow moved a resident who has left (a bug)");
    const int c = run_.cell(part, i, run_.calendar.absolute(sim_day));
    Run::count(part, i, c, -1);
    r.set_frailty_setting(i, r.frailty(i), setting);
    r.set_care_pending(i, pending);
    Run::count(part, i, c, +1);
    run_.redraw(p, i, sim_day);
  }
  Residents& residents_of(std::uint64_t key) { return run_.partitions[keys::partition_of(key)].residents; }
  const Residents& residents_of(std::uint64_t key) const { return run_.partitions[keys::partition_of(key)].residents; }
  Run& run_;
};

// Each acute site's base beds, and the site serving each PCN (the first whose catchment holds
// the PCN's Place).
void lay_out_sites(Run& run, FlowLayout& layout) {
  const WorldConfig& world = run.config.world;
  for (std::size_t k = 0; k < world.providers.size(); ++k) {
    if (world.providers[k].kind != ProviderKind::kAcuteSite) continue;
    run.hospital.sites.push_back(static_cast<int>(k));
    layout.site_beds.push_back(std::llround(static_cast<double>(world.providers[k].general_acute_beds) * run.config.population.scale));
  }
  for (const auto& pcn : world.pcns) {
    int site = 0;
    for (std::size_t s = 0; s < run.hospital.sites.size(); ++s) {
      const auto& places = world.providers[static_cast<std::size_t>(run.hospital.sites[s])].places;
      if (std::find(places.begin(), places.end(), pcn.place) != places.end()) {
        site = static_cast<int>(s);
        break;
      }
    }
    layout.site_of_pcn.push_back(site);
  }
}

// Who each service's places are shared out by, by PCN, from the counts on the first day: the
// residents living with a package or in a care home, and for short-term services the residents
// expected to be referred (aged 65+ with moderate or severe frailty, the community base).
StartingUsers starting_users(const Run& run) {
  const std::vector<std::vector<std::int64_t>> frail = run.frail_at_home();
  StartingUsers users;
  for (const DownstreamService k : enumerators<DownstreamService, kDownstreamServices>()) {
    const bool package = k == DownstreamService::kHomeCareService, care_home = k == DownstreamService::kCareHomePlaces;
    for (std::size_t p = 0; p < run.partitions.size(); ++p) {
      std::int64_t n = 0;
      for (int c = 0; c < kCells; ++c) {
        const std::int32_t* row = &run.partitions[p].current[static_cast<std::size_t>(c * kStocks)];
        n += package     ? row[kStockSettings + index(LivingSetting::kHomeWithCare)]
             : care_home ? row[kStockSettings + index(LivingSetting::kCareHome)]
                         : frail[p][static_cast<std::size_t>(c)];
      }
      users[k].push_back(n);
    }
  }
  return users;
}

// The residents living with a package or in a care home on the first day take their places, in
// a random order (which matters only where a pool has fewer places than users: the rest wait at
// home); the first day's stocks are then taken again.
void settle_starting_users(Run& run, HospitalFlow& flow, FlowWorld& world) {
  struct User {
    double order;
    std::size_t p;
    std::uint32_t i;
    DownstreamService service;
  };
  std::vector<User> users;
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    const Residents& r = run.partitions[p].residents;
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      if (r.setting(i) == LivingSetting::kOwnHome) continue;
      const DownstreamService service = r.setting(i) == LivingSetting::kCareHome ? DownstreamService::kCareHomePlaces
                                                                                 : DownstreamService::kHomeCareService;
      users.push_back({run.rng.uniform(streams::kStartingPlace, keys::resident(p, i), 0), p, i, service});
    }
  }
  std::sort(users.begin(), users.end(), [](const User& a, const User& b) { return std::tie(a.order, a.p, a.i) < std::tie(b.order, b.p, b.i); });
  const sim::DayNumber start = run.calendar.start_day();
  for (const User& u : users) {
    flow.settle(u.service, run.flow_person(u.p, u.i, run.cell(run.partitions[u.p], u.i, start), start, std::nullopt), 0, world);
  }
  for (Partition& part : run.partitions) std::copy(part.current.begin(), part.current.end(), part.stocks.begin());
}

// The warm start: the inpatients on the first day. Who is in hospital on a given day is
// length-biased: a resident's chance is proportional to their rate of urgent need times their
// mean nights, so the beds go to the residents with the smallest E / weight (E exponential:
// weighted sampling without replacement, keyed by resident). Each is partway through a stay
// whose length is length-biased too (a lognormal's is lognormal with mu + sigma^2), at a
// uniform point of it; `fit_share` of them are fit on the first day.
void seat_starting_inpatients(Run& run, HospitalFlow& flow, FlowWorld& world) {
  const WarmStartConfig& warm = run.config.flow.warm_start;
  const StayConfig& stay = run.config.flow.stay;
  const sim::DayNumber start = run.calendar.start_day();
  struct Candidate {
    double order;
    std::size_t p;
    std::uint32_t i;
  };
  std::vector<Candidate> candidates;
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    const Residents& r = run.partitions[p].residents;
    for (std::uint32_t i = 0; i < r.size(); ++i) {
      const int age = age_in_years(r.birth_day(i), start);
      const double weight = run.health->urgent_rate(age, r.imd_quintile(i), Run::state_of(r, i)) * mean_nights(stay, age, r.frailty(i));
      if (weight <= 0.0) continue;
      const double u = run.rng.uniform(streams::kWarmStart, keys::resident(p, i), 0);
      candidates.push_back({sim::standard_exponential(u) / weight, p, i});
    }
  }
  // The published occupancy counts elective patients too: those already seated take their share.
  std::int64_t beds = 0, taken = 0;
  for (int s = 0; s < flow.sites(); ++s) {
    beds += flow.base_beds(s);
    taken += flow.beds_occupied(s);
  }
  const auto n = std::min<std::size_t>(
      candidates.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, std::llround(warm.occupancy * static_cast<double>(beds)) - taken)));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(),
                    [](const Candidate& a, const Candidate& b) { return std::tie(a.order, a.p, a.i) < std::tie(b.order, b.p, b.i); });
  const double sigma2 = std::log(1.0 + stay.cv * stay.cv);
  for (std::size_t k = 0; k < n; ++k) {
    const Candidate& c = candidates[k];
    const Partition& part = run.partitions[c.p];
    const FlowPerson person = run.flow_person(c.p, c.i, run.cell(part, c.i, start), start, std::nullopt);
    const sim::RandomBlock b = run.rng.block(streams::kWarmStart, person.resident, 1);
    int nights = 0;
    if (sim::unit_word(b[0]) >= warm.fit_share) {
      const double mean = mean_nights(stay, person.age, person.frailty);
      const double z = sim::standard_normal(sim::unit_word(b[1]), sim::unit_word(b[2]));
      const double length = std::exp(std::log(mean) + 0.5 * sigma2 + std::sqrt(sigma2) * z);  // mu + sigma^2
      nights = static_cast<int>(std::floor(sim::unit_word(b[3]) * length));  // 0: fit on the first day
    }
    if (!flow.seat(person, nights, world)) break;
  }
}

// Each pool's places, use and placements today (pools.csv).
void record_pools(Run& run, int sim_day) {
  const HospitalFlow& flow = *run.hospital.flow;
  const std::string date = sim::iso_date(sim::civil_date(run.calendar.absolute(sim_day)));
  for (const DownstreamService k : enumerators<DownstreamService, kDownstreamServices>()) {
    for (int p = 0; p < flow.pools(k); ++p) {
      const int council = flow.layout().pool_council[k][static_cast<std::size_t>(p)];
      run.hospital.pools.push_back({date, std::string(kDownstreamServiceIds[index(k)]), flow.layout().pool_id[k][static_cast<std::size_t>(p)],
                                    council < 0 ? std::string() : run.config.world.councils[static_cast<std::size_t>(council)].id,
                                    flow.capacity(k, p), flow.in_use(k, p), flow.placements(k, p), flow.placed_elsewhere(k, p)});
    }
  }
  if (const DischargeTeams* teams = flow.discharge_teams()) {
    for (int t = 0; t < teams->teams(); ++t) {
      const Team& staff = teams->staff(t);
      run.hospital.teams.push_back({date, flow.layout().team_id[static_cast<std::size_t>(t)], staff.funded_wte(), staff.posts(),
                                    staff.in_post(), teams->queued(t), teams->assessed(t), teams->escalated(t),
                                    teams->queue_days(t)});
    }
  }
}

// On a year's first day: the residents now, all and aged 65+, and the capacity plan's beds and
// places for the year.
void plan_capacity(Run& run, const Day& day) {
  const sim::Period& year = run.calendar.years()[static_cast<std::size_t>(run.calendar.year_of_month(day.month))];
  if (year.first_day != day.today) return;
  YearPopulation now;
  for (const Partition& part : run.partitions) {
    for (int c = 0; c < kCells; ++c) {
      const std::int64_t n = part.current[static_cast<std::size_t>(c * kStocks + kStockResidents)];
      now.all += n;
      if (kReportBandLowerAge[static_cast<std::size_t>(c / (kSexes * kImdQuintiles))] >= 65) now.aged_65_plus += n;
    }
  }
  const int calendar_year = static_cast<int>(sim::civil_date(day.today).year());
  run.hospital.populations[calendar_year] = now;
  run.hospital.flow->set_capacity(capacity_indices(run.config.flow.capacity_plan, calendar_year, run.hospital.populations));
}

}  // namespace

// The flow with its sites and pools, and the home-care and care-home places already in use.
void prepare_hospital(Run& run) {
  FlowLayout layout;
  lay_out_sites(run, layout);
  const StartingUsers users = starting_users(run);
  lay_out_pools(run.config.world, run.config.flow, users, run.config.population.scale, layout);
  lay_out_teams(run.config.world, run.config.flow, users, layout);
  layout.start_day = run.calendar.start_day();
  layout.scale = run.config.population.scale;
  HospitalFlow& flow = run.hospital.flow.emplace(run.config.flow, std::move(layout), run.rng, run.calendar.num_days());
  flow.set_executor(&run.executor);  // ResidentsSeam's counts for different sites touch different PCNs
  ResidentsSeam seam(run);
  settle_starting_users(run, flow, seam);
  flow.set_elective_base(run.residents_by_pcn_cell());
  if (run.config.flow.warm_start.on) {
    flow.fill_electives(seam);
    seat_starting_inpatients(run, flow, seam);
  }
  record_pools(run, 0);
  flow.set_community_base(run.frail_at_home());
  run.hospital.site_flows.assign(run.hospital.sites.size(), std::vector<std::int32_t>(run.calendar.months().size() * kFlows * kCells, 0));
}

// What the events reported, PCN by PCN: places freed, referrals, inpatients who died or moved.
void hospital_intake(Run& run, const Day& day, std::size_t) {
  HospitalFlow& flow = *run.hospital.flow;
  run.hospital.month = day.month;
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    Partition& part = run.partitions[p];
    for (const auto& [service, i] : part.releases) flow.release(service, keys::resident(p, i), static_cast<int>(p));
    part.releases.clear();
    for (const auto& [service, person] : part.referrals) flow.refer(service, person);
    part.referrals.clear();
    for (std::uint32_t i : part.hospital_exits) flow.resident_left(keys::resident(p, i));
    part.hospital_exits.clear();
  }
}

// On the day they arrive, before any event of theirs can end their stay: in PCN order, each
// takes a free place in their pool or waits at home for one.
void settle_arrivals(Run& run, const Day& day) {
  ResidentsSeam seam(run);
  for (std::size_t p = 0; p < run.partitions.size(); ++p) {
    Partition& part = run.partitions[p];
    for (const auto& [service, i] : part.arrivals_in_care) {
      run.hospital.flow->settle(service, run.flow_person(p, i, run.cell(part, i, day.today), day.today, std::nullopt), day.sim_day, seam);
    }
    part.arrivals_in_care.clear();
  }
}

// Touches nothing the care pathway does (the pipeline checks the declarations): no resident
// it discharges today can have an episode today, having been in hospital.
void hospital_discharges(Run& run, const Day& day, std::size_t) {
  plan_capacity(run, day);
  ResidentsSeam seam(run);
  run.hospital.flow->begin_day(day.sim_day, seam);
}

// Today's admissions, in PCN order, take beds (through A&E, with the other attendances, when the
// emergency department is on); a readmission is one within 30 days of the
// resident last leaving hospital.
void hospital_admissions(Run& run, const Day& day, std::size_t) {
  std::vector<FlowPerson>& admissions = run.hospital.admissions;
  std::vector<FlowPerson>& visits = run.hospital.ae_visits;
  admissions.clear();
  visits.clear();
  for (Partition& part : run.partitions) {
    for (FlowPerson& person : part.admissions) {
      const int left_on = part.discharged_on[keys::index_of(person.resident)] - 1;  // -1: never in hospital
      person.readmission = left_on >= 0 && day.sim_day - left_on <= 30;
    }
    admissions.insert(admissions.end(), part.admissions.begin(), part.admissions.end());
    part.admissions.clear();
    visits.insert(visits.end(), part.ae_visits.begin(), part.ae_visits.end());
    part.ae_visits.clear();
  }
  ResidentsSeam seam(run);
  run.hospital.flow->end_day(day.sim_day, admissions, visits, seam);
  if (day.last_of_month) record_pools(run, day.sim_day);
}

void community_base(Run& run, const Day&, std::size_t) {
  run.hospital.flow->set_community_base(run.frail_at_home());
  run.hospital.flow->set_elective_base(run.residents_by_pcn_cell());
}

}  // namespace icsim::agents
