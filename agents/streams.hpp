// Every random decision in the model, one stream each. Values are fixed forever: a new decision
// takes a new value, so existing draws (and common random numbers across scenarios) never move.
#pragma once
#include <cstddef>
#include <iterator>

#include "sim/rng.hpp"

namespace icsim::agents::streams {

// Every stream, once: its name, its value and the decision it keys.
#define ICSIM_STREAMS(X) \
  X(kInitialAge,         1) /* exact age within a census band */ \
  X(kInitialDeprivation, 2) /* IMD quintile of a resident */ \
  X(kDeath,              3) /* time of death */ \
  X(kOutMigration,       4) /* time of leaving the area */ \
  X(kFertility,          5) /* time of the next birth */ \
  X(kNewbornSex,         6) /* sex of a newborn */ \
  X(kInMigrantPractice,  7) /* practice an in-migrant registers with */ \
  X(kInMigrantAgeSex,    8) /* age and sex of an in-migrant */ \
  X(kInitialHealth,      9) /* conditions, frailty, setting on arrival */ \
  X(kHealthTransition,   10) /* time of each onset, frailty step, death */ \
  X(kEpisodeTime,        11) /* time of the next episode of need */ \
  X(kEpisodeDetail,      12) /* type, urgency, ACSC, hours of an episode */ \
  X(kPathwayStep,        13) /* each routing choice along the pathway */ \
  X(kGpSlot,             14) /* who gets a practice's last same-day slots */ \
  X(kAdmission,          15) /* out of area, zero-day stay, length of stay */ \
  X(kDischarge,          16) /* discharge pathway, hand-off, choice delay */ \
  X(kDeconditioning,     17) /* needs stepping up while delayed */ \
  X(kServiceEpisode,     18) /* length and outcome of a downstream episode */ \
  X(kCommunityReferrals, 19) /* short-term referrals from the community */ \
  X(kProgrammeCover,     20) /* a resident's place in a programme's coverage */ \
  X(kProgrammeEffect,    21) /* whether a covered resident's need is met or prevented */ \
  X(kDashboard,          22) /* the noise on what a body's dashboard shows */ \
  X(kGovernance,         23) /* members' votes on a proposal */ \
  X(kParameterDraw,      24) /* uncertain parameters of a replication */ \
  X(kStaffTurnover,      25) /* whether a member of staff leaves on a day */ \
  X(kRecruitment,        26) /* how long a recruitment campaign takes */ \
  X(kStaffAbsence,       27) /* whether a member of staff is away on a day */ \
  X(kRiskScoreError,     28) /* the error in a level's risk score for a resident */ \
  X(kContinuity,         29) /* whether continuity of care keeps an ACSC need from becoming urgent */ \
  X(kStartingPlace,      30) /* order in which starting users take their places */ \
  X(kExtendedAccess,     31) /* whether a need arises in extended hours, and who gets the last extended-access slots */ \
  X(kEndOfLife,          32) /* how long before a death the end-of-life admission comes, and whether it does */ \
  X(kWarmStart,          33) /* who is in hospital on the first day, and how far through their stay */ \
  X(kAeTimes,            34) /* hour of arrival, clinician, investigation and handover times in A&E */ \
  X(kBedRelease,         35) /* the hour at which each bed freed in a day is ready again */ \
  X(kElectives,          36) /* additions to the elective lists, whose they are, and the nights of each stay */

#define ICSIM_STREAM_CONSTANT(name, value) inline constexpr sim::StreamId name = value;
ICSIM_STREAMS(ICSIM_STREAM_CONSTANT)
#undef ICSIM_STREAM_CONSTANT

#define ICSIM_STREAM_VALUE(name, value) value,
inline constexpr sim::StreamId kAll[] = {ICSIM_STREAMS(ICSIM_STREAM_VALUE)};
#undef ICSIM_STREAM_VALUE

constexpr bool all_distinct() {
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    for (std::size_t j = i + 1; j < std::size(kAll); ++j) {
      if (kAll[i] == kAll[j]) return false;
    }
  }
  return true;
}
static_assert(all_distinct(), "two random streams share a value: give the new decision a value of its own");

}  // namespace icsim::agents::streams
