// One emergency department in continuous time, in hours from the run's first midnight.
// Patients on a trolley (every ambulance arrival, and walk-ins more than minor) wait for a
// space: an ambulance crew cannot hand its patient over until one is free. Every patient then
// waits for a clinician, most urgent first, for the clinician's time with them, and for the
// investigations and treatment that follow. At the end comes the decision: home, or a bed. An
// admitted patient waits in their space until a bed is ready (exit block), and so holds up the
// next handover. docs/model.md, "A&E time in department", gives every rule.
//
// The department knows nothing of residents: its caller (agents/hospital_flow.cpp) draws each
// patient's times, offers the beds the hospital frees, and hears of each departure.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "agents/vocabulary.hpp"

namespace icsim::agents {

struct AePatient {
  double arrival = 0.0;          // hours from the run's first midnight
  double handover_hours = 0.0;   // an ambulance crew's handover once a space is free
  double clinician_hours = 0.0;  // a clinician's time with the patient
  double workup_hours = 0.0;     // investigations and treatment after it, to the decision
  Urgency acuity = Urgency::kUrgent;
  bool ambulance = false;
  bool space = false;  // needs a trolley space until they leave
  bool bed = false;    // admitted to a bed: waits for one after the decision
  bool timed = true;   // false: a direct admission (GP, SDEC) that is not in the department, needing only a bed
  int ref = 0;         // the caller's reference
};

// A patient leaving: home or to the assessment unit at the decision, to a bed, or transferred
// out after waiting too long for one.
struct AeDeparture {
  int ref;
  double arrival, handed_over, decision, departure;
  bool ambulance, bed, timed, transferred;
};

// What the department needs of its caller.
class AeWorld {
 public:
  virtual ~AeWorld() = default;
  virtual void depart(const AeDeparture& d) = 0;
  // A bed is ready for a patient waiting for one: false if they no longer need it.
  virtual bool takes_bed(int ref) = 0;
};

class EmergencyDepartment {
 public:
  // `clinicians` on duty in each hour of the day.
  EmergencyDepartment(int spaces, const std::array<int, 24>& clinicians);
  void set_capacity(int spaces, const std::array<int, 24>& clinicians);

  // A patient arrives (not before the clock); returns their slot, for cancel().
  int arrive(const AePatient& p);
  // The patient has left otherwise (died): they take nothing more and free their space.
  void cancel(int slot);
  // Beds: from now on, only these: `now` ready at once and one ready at each of `times`.
  void offer_beds(int now, const std::vector<double>& times);
  // Runs every event before `until`. Patients waiting for a bed since before `transfer_before`
  // are transferred out first.
  void run(double until, double transfer_before, AeWorld& world);

  double clock() const { return clock_; }
  int in_department() const { return present_; }
  int spaces_in_use() const { return spaces_used_; }
  int waiting_for_bed() const { return static_cast<int>(bed_queue_.size()); }

 private:
  enum class Kind : std::uint8_t { kArrive, kHandedOver, kClinicianDone, kDecision, kBedReady, kShift };
  struct Event {
    double time;
    std::uint64_t seq;  // ties: in the order scheduled
    Kind kind;
    int slot;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  struct Waiting {  // a place in a queue for a space or a clinician: by priority, then longest waiting
    int acuity;
    double since;
    std::uint64_t seq;
    int slot;
    bool operator>(const Waiting& o) const {
      if (acuity != o.acuity) return acuity > o.acuity;
      if (since != o.since) return since > o.since;
      return seq > o.seq;
    }
  };
  struct Patient {
    AePatient p;
    double handed_over = 0.0, decision = 0.0;
    bool holds_space = false, cancelled = false, in_use = false;
  };
  template <class T>
  using MinHeap = std::priority_queue<T, std::vector<T>, std::greater<T>>;

  void schedule(double time, Kind kind, int slot) { events_.push({time, seq_++, kind, slot}); }
  void wait_for_clinician(int slot, double since);
  void start_clinicians();
  void fill_spaces();
  void decide(int slot, AeWorld& world);
  void serve_beds(AeWorld& world);
  void transfer(double before, AeWorld& world);
  void leave(int slot, bool bed, bool transferred, AeWorld& world);
  int on_duty() const;
  static int priority(const AePatient& p);

  int spaces_;
  std::array<int, 24> clinicians_;
  double clock_ = 0.0;
  std::uint64_t seq_ = 0;
  int spaces_used_ = 0, busy_ = 0, present_ = 0, beds_ready_ = 0;
  std::vector<double> bed_times_;  // beds of the last offer yet to be ready, in time order
  std::size_t next_bed_ = 0;
  MinHeap<Event> events_;
  std::vector<std::pair<double, int>> arrivals_;  // (time, slot) not yet come, sorted at run()
  MinHeap<Waiting> space_queue_, clinician_queue_;
  std::deque<int> bed_queue_;  // in order of decision
  std::vector<Patient> patients_;
  std::vector<int> free_;
};

}  // namespace icsim::agents
