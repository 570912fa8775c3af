#include "agents/electives.hpp"

#include <algorithm>
#include <cmath>

#include "agents/age_bands.hpp"
#include "agents/keys.hpp"
#include "agents/streams.hpp"
#include "sim/samplers.hpp"

namespace icsim::agents {

Electives::Electives(const ElectiveConfig& config, const sim::CounterRng& rng, std::vector<int> site_of_pcn, int sites, int num_days,
                     sim::DayNumber start_day)
    : config_(config),
      rng_(rng),
      site_of_pcn_(std::move(site_of_pcn)),
      num_days_(num_days),
      start_day_(start_day),
      base_(static_cast<std::size_t>(sites)),
      cumulative_(static_cast<std::size_t>(sites)),
      additions_(static_cast<std::size_t>(sites), 0.0),
      programme_(static_cast<std::size_t>(sites), 0.0),
      carried_(static_cast<std::size_t>(sites), 0.0),
      serial_(static_cast<std::size_t>(sites), 0),
      lists_(static_cast<std::size_t>(sites)),
      first_listed_(static_cast<std::size_t>(sites), 0) {
  int working = 0;
  for (int day = 0; day < num_days_; ++day) working += sim::is_working_day(start_day_ + day) ? 1 : 0;
  working_share_ = num_days_ > 0 && working > 0 ? static_cast<double>(working) / num_days_ : 5.0 / 7.0;
}

// The System's additions are additions_per_1000 a resident on average; each resident weighs
// their band's age_rr over the System's mean, so the age mix moves additions between sites.
void Electives::set_base(const std::vector<std::vector<std::int64_t>>& residents_by_pcn_cell) {
  constexpr int kCellsPerBand = kSexes * kImdQuintiles;
  double residents = 0.0, weighted = 0.0;
  for (const auto& row : residents_by_pcn_cell) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      residents += static_cast<double>(row[c]);
      weighted += static_cast<double>(row[c]) * config_.age_rr[c / kCellsPerBand];
    }
  }
  const double per_weight = weighted > 0.0 ? config_.additions_per_1000 / 1000.0 / kDaysPerYear * residents / weighted : 0.0;
  for (std::size_t s = 0; s < base_.size(); ++s) {
    base_[s].clear();
    cumulative_[s].clear();
  }
  for (std::size_t pcn = 0; pcn < residents_by_pcn_cell.size(); ++pcn) {
    const auto s = static_cast<std::size_t>(site_of_pcn_[pcn]);
    for (std::size_t c = 0; c < residents_by_pcn_cell[pcn].size(); ++c) {
      const double w = static_cast<double>(residents_by_pcn_cell[pcn][c]) * config_.age_rr[c / kCellsPerBand];
      if (w <= 0.0) continue;
      base_[s].emplace_back(static_cast<int>(pcn), static_cast<int>(c));
      cumulative_[s].push_back((cumulative_[s].empty() ? 0.0 : cumulative_[s].back()) + w);
    }
  }
  for (std::size_t s = 0; s < base_.size(); ++s) {
    additions_[s] = cumulative_[s].empty() ? 0.0 : cumulative_[s].back() * per_weight;
    programme_[s] = config_.programme_ratio * additions_[s] / working_share_;
  }
}

ElectivePatient Electives::new_patient(int site, int day) {
  const auto s = static_cast<std::size_t>(site);
  const std::uint64_t key = keys::elective(site, ++serial_[s]);
  const auto [pcn, cell] = base_[s][sim::categorical(cumulative_[s], rng_.uniform(streams::kElectives, key, 0))];
  return {key, pcn, cell, day};
}

int Electives::nights(const ElectivePatient& patient) const {
  const auto u = rng_.uniform2(streams::kElectives, patient.key, 1);
  return std::max(1, static_cast<int>(std::lround(sim::lognormal(config_.mean_nights, config_.cv, u[0], u[1]))));
}

std::int64_t Electives::in_beds(int site) const {
  return std::count_if(inpatients_.begin(), inpatients_.end(), [site](const Inpatient& p) { return p.site == site; });
}

// Little's law gives the first day's list: the additions times the mean wait, the longest
// waiting at the head. The weeks before hold the programme's admissions, some still in a bed.
void Electives::fill(ElectiveWorld& world) {
  const int wait = static_cast<int>(std::lround(config_.initial_wait_days));
  for (std::size_t s = 0; s < lists_.size(); ++s) {
    if (base_[s].empty()) continue;
    const int site = static_cast<int>(s);
    const auto n = static_cast<std::int64_t>(std::llround(config_.initial_wait_days * additions_[s]));
    for (std::int64_t k = 0; k < n; ++k) {
      const int listed = -static_cast<int>(std::ceil(static_cast<double>(wait) * static_cast<double>(n - k) / static_cast<double>(n)));
      lists_[s].push_back(new_patient(site, listed));
    }
    first_listed_[s] = static_cast<std::int64_t>(lists_[s].size());
    double carried = 0.0;
    for (int back = 1; back <= 8 * static_cast<int>(std::ceil(config_.mean_nights)) + 7; ++back) {
      if (!sim::is_working_day(start_day_ - back)) continue;
      carried += programme_[s];
      const auto booked = static_cast<std::int64_t>(std::floor(carried));
      carried -= static_cast<double>(booked);
      for (std::int64_t k = 0; k < booked; ++k) {
        const ElectivePatient patient = new_patient(site, -back - wait);
        const int leaves = nights(patient) - back;
        if (leaves <= 0 || world.beds_free(site) <= 0) continue;
        world.occupy(site);
        inpatients_.push_back({patient, site, leaves});
      }
    }
  }
}

void Electives::discharge(int day, ElectiveWorld& world) {
  for (std::size_t k = 0; k < inpatients_.size();) {
    if (inpatients_[k].leaves > day) {
      ++k;
      continue;
    }
    world.vacate(inpatients_[k].site);
    inpatients_[k] = inpatients_.back();
    inpatients_.pop_back();
  }
}

void Electives::admit(int day, ElectiveWorld& world) {
  const bool working = sim::is_working_day(start_day_ + day);
  for (std::size_t s = 0; s < lists_.size(); ++s) {
    if (base_[s].empty()) continue;
    const int site = static_cast<int>(s);
    const double u = rng_.uniform(streams::kElectives, keys::elective(site, 0), static_cast<std::uint32_t>(day));
    const std::int64_t n = sim::poisson(additions_[s], u);
    for (std::int64_t k = 0; k < n; ++k) {
      lists_[s].push_back(new_patient(site, day));
      world.count(ElectiveCount::kListed, lists_[s].back(), site, 1);
    }
    if (working) book(site, day, world);
  }
}

// The day's bookings from the head of the list; those cancelled keep their places there.
void Electives::book(int site, int day, ElectiveWorld& world) {
  const auto s = static_cast<std::size_t>(site);
  std::deque<ElectivePatient>& list = lists_[s];
  carried_[s] += programme_[s];
  const auto booked = static_cast<std::int64_t>(std::floor(carried_[s]));
  carried_[s] -= static_cast<double>(booked);
  const bool cancel_all = world.level(site) >= config_.cancel_at_level;
  std::size_t kept = 0;  // cancelled today, at the head
  for (std::int64_t k = 0; k < booked && kept < list.size(); ++k) {
    const ElectivePatient patient = list[kept];
    if (day - patient.listed < config_.notice_days) break;  // nobody further down has waited longer
    if (cancel_all || world.beds_free(site) <= 0) {
      world.count(ElectiveCount::kCancelled, patient, site, 1);
      ++kept;
      continue;
    }
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(kept));
    world.occupy(site);
    world.count(ElectiveCount::kAdmitted, patient, site, 1);
    world.count(ElectiveCount::kWaitDays, patient, site, day - patient.listed);
    inpatients_.push_back({patient, site, day + nights(patient)});
  }
}

void Electives::count_night(ElectiveWorld& world) const {
  for (const Inpatient& p : inpatients_) world.count(ElectiveCount::kBedDays, p.patient, p.site, 1);
}

}  // namespace icsim::agents
