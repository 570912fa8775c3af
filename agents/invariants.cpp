// Checks after the last day that the running counts and the hospital flow agree with the
// residents themselves. A mismatch is a bug, never bad input.
#include <stdexcept>

#include <fmt/format.h>

#include "agents/keys.hpp"
#include "agents/run.hpp"

namespace icsim::agents {

// The running counts must equal a fresh count of the residents still present, by age band,
// sex, deprivation and health, on the last day.
void Run::check_conservation() const {
  const sim::DayNumber last_day = calendar.absolute(calendar.num_days() - 1);
  for (const Partition& part : partitions) {
    std::vector<std::int32_t> recount(kCells * kStocks, 0);
    for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
      if (part.residents.status(i) == ResidentStatus::kPresent) count(part.residents, i, recount, cell(part, i, last_day), +1);
    }
    if (recount != part.current) throw std::logic_error("icsim: resident counts drifted from the residents present (a bug)");
  }
}

namespace {

// No pool of any service has more places in use than it has, or fewer than none.
void check_capacity(const HospitalFlow& flow) {
  for (const DownstreamService service : enumerators<DownstreamService, kDownstreamServices>()) {
    for (int pool = 0; pool < flow.pools(service); ++pool) {
      if (flow.in_use(service, pool) < 0 || flow.in_use(service, pool) > flow.capacity(service, pool)) {
        throw std::logic_error(fmt::format("icsim: {} pool {} has {} places in use of {} (a bug)", kDownstreamServiceIds[index(service)],
                                           flow.layout().pool_id[service][static_cast<std::size_t>(pool)], flow.in_use(service, pool),
                                           flow.capacity(service, pool)));
      }
    }
  }
}

// Every elective patient is accounted for at each site: the first day's list and the run's
// additions are those admitted and those still on the list.
void check_electives(const HospitalFlow& flow, const std::vector<std::vector<std::int32_t>>& site_flows) {
  const Electives* electives = flow.electives();
  if (electives == nullptr) return;
  for (int s = 0; s < flow.sites(); ++s) {
    const std::vector<std::int32_t>& flows = site_flows[static_cast<std::size_t>(s)];
    const auto total = [&](FlowCount what) {
      std::int64_t sum = 0;
      for (std::size_t month = 0; month * kFlows * kCells < flows.size(); ++month) {
        const std::size_t row = (month * kFlows + static_cast<std::size_t>(hospital_slot(what))) * kCells;
        for (std::size_t c = 0; c < kCells; ++c) sum += flows[row + c];
      }
      return sum;
    };
    const std::int64_t in = electives->first_listed(s) + total(FlowCount::kElectiveAdditions);
    const std::int64_t out = total(FlowCount::kElectiveAdmissions) + electives->listed(s);
    if (in != out) {
      throw std::logic_error(fmt::format("icsim: site {} listed {} electives but admitted and still lists {} (a bug)", s, in, out));
    }
  }
}

}  // namespace

// Every place in use is within its pool's capacity; every elective patient is admitted or
// still listed; everyone the hospital flow holds as an
// inpatient is a resident flagged in hospital, and nobody else is; every home-care and
// care-home place in use is held by one resident living so, in one pool: their own PCN's, or
// another council's that brokerage placed them in (so nobody is counted in two councils' places).
void Run::check_hospital() const {
  const HospitalFlow& flow = *hospital.flow;
  check_capacity(flow);
  check_electives(flow, hospital.site_flows);
  for (DownstreamService service : {DownstreamService::kHomeCareService, DownstreamService::kCareHomePlaces}) {
    const LivingSetting setting = service == DownstreamService::kHomeCareService ? LivingSetting::kHomeWithCare : LivingSetting::kCareHome;
    std::vector<std::int64_t> living(static_cast<std::size_t>(flow.pools(service)), 0);
    auto holder = [&](std::size_t p, std::uint32_t i) {
      return static_cast<std::size_t>(flow.holder(service, keys::resident(p, i), static_cast<int>(p)));
    };
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      const Partition& part = partitions[p];
      const Residents& r = part.residents;
      for (std::uint32_t i = 0; i < r.size(); ++i) {
        if (r.status(i) == ResidentStatus::kPresent && r.setting(i) == setting) ++living[holder(p, i)];
      }
    }
    for (const auto& [resident, pool] : flow.hosted(service)) {
      const Residents& r = partitions[keys::partition_of(resident)].residents;
      const std::uint32_t i = keys::index_of(resident);
      if (r.status(i) != ResidentStatus::kPresent || r.setting(i) != setting) {
        throw std::logic_error(fmt::format("icsim: {} pool {} holds a place for a resident not living so (a bug)",
                                           kDownstreamServiceIds[index(service)], pool));
      }
    }
    for (int pool = 0; pool < flow.pools(service); ++pool) {
      if (living[static_cast<std::size_t>(pool)] != flow.in_use(service, pool)) {
        throw std::logic_error(fmt::format("icsim: {} pool {} has {} places in use for {} residents living so (a bug)",
                                           kDownstreamServiceIds[index(service)], pool, flow.in_use(service, pool),
                                           living[static_cast<std::size_t>(pool)]));
      }
    }
  }
  std::int64_t flagged = 0;
  for (const Partition& part : partitions) {
    for (std::uint32_t i = 0; i < part.residents.size(); ++i) {
      flagged += part.residents.status(i) == ResidentStatus::kPresent && part.residents.in_hospital(i);
    }
  }
  if (flagged != flow.inpatients()) {
    throw std::logic_error(fmt::format("icsim: {} residents are flagged in hospital but the hospital flow holds {} (a bug)", flagged,
                                       flow.inpatients()));
  }
}

}  // namespace icsim::agents
