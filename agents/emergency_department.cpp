// The emergency department's events: arrivals, handovers, clinicians, decisions and beds.
#include "agents/emergency_department.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace icsim::agents {

EmergencyDepartment::EmergencyDepartment(int spaces, const std::array<int, 24>& clinicians) { set_capacity(spaces, clinicians); }

void EmergencyDepartment::set_capacity(int spaces, const std::array<int, 24>& clinicians) {
  spaces_ = spaces;
  clinicians_ = clinicians;
}

// Emergencies go first (resuscitation); everyone else in order of arrival at the queue, as a
// department streaming its patients sees them, so that no one waits behind a queue of the more
// urgent indefinitely.
int EmergencyDepartment::priority(const AePatient& p) { return p.acuity == Urgency::kEmergency ? 0 : 1; }

int EmergencyDepartment::on_duty() const {
  return clinicians_[static_cast<std::size_t>(static_cast<std::int64_t>(std::floor(clock_)) % 24)];
}

int EmergencyDepartment::arrive(const AePatient& p) {
  if (p.arrival < clock_) throw std::logic_error("icsim: an A&E arrival before the department's clock (a bug)");
  int slot;
  if (free_.empty()) {
    slot = static_cast<int>(patients_.size());
    patients_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  patients_[static_cast<std::size_t>(slot)] = Patient{p, 0.0, 0.0, false, false, true};
  arrivals_.emplace_back(p.arrival, slot);  // kept out of the event heap: sorted once, then merged
  return slot;
}

void EmergencyDepartment::cancel(int slot) {
  Patient& pt = patients_[static_cast<std::size_t>(slot)];
  if (!pt.in_use || pt.cancelled) return;
  pt.cancelled = true;
  // Waiting for a bed: nothing else will come for them, so they leave the queue now.
  const auto it = std::find(bed_queue_.begin(), bed_queue_.end(), slot);
  if (it == bed_queue_.end()) return;  // elsewhere: they go when their next event comes
  bed_queue_.erase(it);
  if (pt.holds_space) --spaces_used_;
  --present_;
  pt.in_use = false;
  free_.push_back(slot);
  fill_spaces();
}

void EmergencyDepartment::offer_beds(int now, const std::vector<double>& times) {
  beds_ready_ = std::max(0, now);
  bed_times_ = times;  // an earlier offer's beds still to come are void
  for (double& t : bed_times_) t = std::max(t, clock_);
  std::sort(bed_times_.begin(), bed_times_.end());
  next_bed_ = 0;
}

void EmergencyDepartment::wait_for_clinician(int slot, double since) {
  const Patient& pt = patients_[static_cast<std::size_t>(slot)];
  clinician_queue_.push({priority(pt.p), since, seq_++, slot});
  start_clinicians();
}

void EmergencyDepartment::start_clinicians() {
  while (busy_ < on_duty() && !clinician_queue_.empty()) {
    const int slot = clinician_queue_.top().slot;
    clinician_queue_.pop();
    ++busy_;
    schedule(clock_ + patients_[static_cast<std::size_t>(slot)].p.clinician_hours, Kind::kClinicianDone, slot);
  }
}

void EmergencyDepartment::fill_spaces() {
  while (spaces_used_ < spaces_ && !space_queue_.empty()) {
    const int slot = space_queue_.top().slot;
    space_queue_.pop();
    Patient& pt = patients_[static_cast<std::size_t>(slot)];
    ++spaces_used_;
    pt.holds_space = true;
    pt.handed_over = clock_ + (pt.p.ambulance ? pt.p.handover_hours : 0.0);
    if (pt.p.ambulance && pt.p.handover_hours > 0.0) {
      schedule(pt.handed_over, Kind::kHandedOver, slot);
    } else {
      wait_for_clinician(slot, clock_);
    }
  }
}

void EmergencyDepartment::decide(int slot, AeWorld& world) {
  Patient& pt = patients_[static_cast<std::size_t>(slot)];
  pt.decision = clock_;
  if (!pt.p.bed) {
    leave(slot, false, false, world);
    return;
  }
  bed_queue_.push_back(slot);
  serve_beds(world);
}

// Ready beds go to the patients waiting for one, in order of decision.
void EmergencyDepartment::serve_beds(AeWorld& world) {
  while (beds_ready_ > 0 && !bed_queue_.empty()) {
    const int slot = bed_queue_.front();
    bed_queue_.pop_front();
    if (!world.takes_bed(patients_[static_cast<std::size_t>(slot)].p.ref)) {
      leave(slot, false, false, world);
      continue;
    }
    --beds_ready_;
    leave(slot, true, false, world);
  }
}

void EmergencyDepartment::transfer(double before, AeWorld& world) {
  while (!bed_queue_.empty() && patients_[static_cast<std::size_t>(bed_queue_.front())].decision < before) {
    const int slot = bed_queue_.front();
    bed_queue_.pop_front();
    leave(slot, false, true, world);
  }
}

void EmergencyDepartment::leave(int slot, bool bed, bool transferred, AeWorld& world) {
  Patient& pt = patients_[static_cast<std::size_t>(slot)];
  if (!pt.cancelled) {
    const double departure = std::max(clock_, pt.decision);  // later for one leaving ahead of time
    world.depart({pt.p.ref, pt.p.arrival, pt.handed_over, pt.decision, departure, pt.p.ambulance, bed, pt.p.timed, transferred});
  }
  if (pt.p.timed) --present_;
  pt.in_use = false;
  free_.push_back(slot);
  if (pt.holds_space) {
    --spaces_used_;
    fill_spaces();
  }
}

void EmergencyDepartment::run(double until, double transfer_before, AeWorld& world) {
  transfer(transfer_before, world);
  serve_beds(world);  // beds offered ready at once
  // A clinician coming on duty at an hour's start takes the next patient then.
  for (auto h = static_cast<std::int64_t>(std::floor(clock_)) + 1; static_cast<double>(h) < until; ++h) {
    if (clinicians_[static_cast<std::size_t>(h % 24)] > clinicians_[static_cast<std::size_t>((h + 23) % 24)]) {
      schedule(static_cast<double>(h), Kind::kShift, -1);
    }
  }
  // Arrivals and beds are known in advance: each is kept in time order (arrivals' ties in the
  // order they came) and merged with the event heap, arrivals first, then beds, at a tie.
  std::stable_sort(arrivals_.begin(), arrivals_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t next = 0;
  constexpr double kNever = HUGE_VAL;
  for (;;) {
    const double arrival = next < arrivals_.size() ? arrivals_[next].first : kNever;
    const double bed = next_bed_ < bed_times_.size() ? bed_times_[next_bed_] : kNever;
    const double event = events_.empty() ? kNever : events_.top().time;
    const double first = std::min({arrival, bed, event});
    if (first >= until) break;
    Event e;
    if (arrival == first) {
      e = {arrival, 0, Kind::kArrive, arrivals_[next].second};
      ++next;
    } else if (bed == first) {
      e = {bed, 0, Kind::kBedReady, -1};
      ++next_bed_;
    } else {
      e = events_.top();
      events_.pop();
    }
    clock_ = e.time;
    Patient* pt = e.slot >= 0 ? &patients_[static_cast<std::size_t>(e.slot)] : nullptr;
    switch (e.kind) {
      case Kind::kArrive:
        if (pt->p.timed) ++present_;
        if (!pt->p.timed) {
          schedule(clock_ + pt->p.workup_hours, Kind::kDecision, e.slot);
        } else if (pt->p.space) {
          space_queue_.push({priority(pt->p), clock_, seq_++, e.slot});
          fill_spaces();
        } else {
          pt->handed_over = clock_;
          wait_for_clinician(e.slot, clock_);
        }
        break;
      case Kind::kHandedOver: wait_for_clinician(e.slot, clock_); break;
      case Kind::kClinicianDone:
        --busy_;
        if (!pt->p.space && !pt->p.bed && !pt->cancelled) {
          // Going home from a chair: their leaving changes nothing for anyone else, so it is
          // settled now, at the decision's time, without an event of its own.
          pt->decision = clock_ + pt->p.workup_hours;
          leave(e.slot, false, false, world);
        } else {
          schedule(clock_ + pt->p.workup_hours, Kind::kDecision, e.slot);
        }
        start_clinicians();
        break;
      case Kind::kDecision:
        if (pt->cancelled) {
          leave(e.slot, false, false, world);
        } else {
          decide(e.slot, world);
        }
        break;
      case Kind::kBedReady:
        ++beds_ready_;
        serve_beds(world);
        break;
      case Kind::kShift: start_clinicians(); break;
    }
  }
  arrivals_.erase(arrivals_.begin(), arrivals_.begin() + static_cast<std::ptrdiff_t>(next));
  clock_ = std::max(clock_, until);
}

}  // namespace icsim::agents
