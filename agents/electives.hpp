// Elective (planned) inpatients sharing the general and acute beds with emergencies. Each acute
// site keeps a waiting list, fed every day by its catchment's residents (a Poisson number,
// weighted by age), and on working days books its programme from the head of the list, among
// those listed at least the notice period before (pre-operative assessment, notice of a date). A
// booked patient is admitted in the morning if the site is below the cancelling escalation level
// and has a bed free once the patients who waited overnight in A&E for one are counted;
// otherwise the operation is cancelled on the day and the patient keeps their place at the head
// of the list, to be booked again on the next working day. The booking a cancellation leaves
// unused is lost, as a theatre session is. docs/model.md, "Electives sharing beds".
//
// Elective patients are anonymous: each is attributed to a PCN and a reporting cell of its
// site's catchment, and goes home when their nights are done (a planned stay's discharge is
// arranged before admission), so they never wait for downstream services.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "agents/config.hpp"
#include "sim/calendar.hpp"
#include "sim/rng.hpp"

namespace icsim::agents {

struct ElectivePatient {
  std::uint64_t key;  // random streams: the site and the patient's number there
  int pcn;
  int cell;
  int listed;  // day added to the list (negative for those on the list before the first day)
};

enum class ElectiveCount : std::uint8_t {
  kListed,     // added to a list
  kAdmitted,   // admitted from a list to a bed
  kCancelled,  // booked and cancelled on the day
  kBedDays,    // nights in a bed
  kWaitDays,   // days from listing to admission, counted at admission
};

// What the electives need from the hospital: its beds and escalation, and the counts.
class ElectiveWorld {
 public:
  virtual ~ElectiveWorld() = default;
  virtual int level(int site) const = 0;  // today's escalation level (OPEL 1-4)
  // Beds an elective may take now: free beds less the patients still waiting for one from last night.
  virtual std::int64_t beds_free(int site) const = 0;
  virtual void occupy(int site) = 0;
  virtual void vacate(int site) = 0;
  virtual void count(ElectiveCount what, const ElectivePatient& patient, int site, std::int64_t amount) = 0;
};

class Electives {
 public:
  // site_of_pcn: the site whose list each PCN's residents join.
  Electives(const ElectiveConfig& config, const sim::CounterRng& rng, std::vector<int> site_of_pcn, int sites, int num_days,
            sim::DayNumber start_day);

  // Residents by PCN and reporting cell: whom additions come from, weighted by age, and so the
  // mean additions and the programme of each site. Taken again each year.
  void set_base(const std::vector<std::vector<std::int64_t>>& residents_by_pcn_cell);
  // Before the first day: each list holds initial_wait_days of additions, and the patients
  // admitted on the working days before it who are still in take beds (fewer if none is free).
  void fill(ElectiveWorld& world);
  // The morning: patients whose nights are done go home.
  void discharge(int day, ElectiveWorld& world);
  // Today's additions, then on a working day the programme from the head of each list.
  void admit(int day, ElectiveWorld& world);
  // Tonight's bed days.
  void count_night(ElectiveWorld& world) const;

  std::int64_t listed(int site) const { return static_cast<std::int64_t>(lists_[static_cast<std::size_t>(site)].size()); }
  std::int64_t first_listed(int site) const { return first_listed_[static_cast<std::size_t>(site)]; }  // by fill()
  const std::deque<ElectivePatient>& list(int site) const { return lists_[static_cast<std::size_t>(site)]; }  // head first
  std::int64_t in_beds(int site) const;
  double programme(int site) const { return programme_[static_cast<std::size_t>(site)]; }  // booked per working day
  double mean_additions(int site) const { return additions_[static_cast<std::size_t>(site)]; }  // per day

 private:
  struct Inpatient {
    ElectivePatient patient;
    int site;
    int leaves;  // the day they go home
  };
  ElectivePatient new_patient(int site, int day);  // numbered at the site, attributed to a PCN and cell
  int nights(const ElectivePatient& patient) const;
  void book(int site, int day, ElectiveWorld& world);

  const ElectiveConfig& config_;
  const sim::CounterRng& rng_;
  std::vector<int> site_of_pcn_;
  int num_days_;
  sim::DayNumber start_day_;
  double working_share_;  // working days over all days of the run (the programme runs on them)
  // By site: who additions come from, as (PCN, cell) with running sums of the weights.
  std::vector<std::vector<std::pair<int, int>>> base_;
  std::vector<std::vector<double>> cumulative_;
  std::vector<double> additions_;      // mean additions per day
  std::vector<double> programme_;      // bookings per working day
  std::vector<double> carried_;        // the fraction of a booking carried to the next working day
  std::vector<std::uint32_t> serial_;  // patients numbered at each site
  std::vector<std::deque<ElectivePatient>> lists_;
  std::vector<std::int64_t> first_listed_;  // on each list on the first day
  std::vector<Inpatient> inpatients_;
};

}  // namespace icsim::agents
