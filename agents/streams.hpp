// Every random decision in the model, one stream each. Values are fixed forever: a new decision
// takes a new value, so existing draws (and common random numbers across scenarios) never move.
#pragma once
#include "sim/rng.hpp"

namespace icsim::agents::streams {

inline constexpr sim::StreamId kInitialAge = 1;          // exact age within a census band
inline constexpr sim::StreamId kInitialDeprivation = 2;  // IMD quintile of a resident
inline constexpr sim::StreamId kDeath = 3;               // time of death
inline constexpr sim::StreamId kOutMigration = 4;        // time of leaving the area
inline constexpr sim::StreamId kFertility = 5;           // time of the next birth
inline constexpr sim::StreamId kNewbornSex = 6;          // sex of a newborn
inline constexpr sim::StreamId kInMigrantPractice = 7;   // practice an in-migrant registers with
inline constexpr sim::StreamId kInMigrantAgeSex = 8;     // age and sex of an in-migrant
inline constexpr sim::StreamId kInitialHealth = 9;       // conditions, frailty, setting on arrival
inline constexpr sim::StreamId kHealthTransition = 10;   // time of each onset, frailty step, death
inline constexpr sim::StreamId kEpisodeTime = 11;        // time of the next episode of need
inline constexpr sim::StreamId kEpisodeDetail = 12;      // type, urgency, ACSC, hours of an episode
inline constexpr sim::StreamId kPathwayStep = 13;        // each routing choice along the pathway
inline constexpr sim::StreamId kGpSlot = 14;             // who gets a practice's last same-day slots
inline constexpr sim::StreamId kAdmission = 15;          // out of area, zero-day stay, length of stay
inline constexpr sim::StreamId kDischarge = 16;          // discharge pathway, hand-off, choice delay
inline constexpr sim::StreamId kDeconditioning = 17;     // needs stepping up while delayed
inline constexpr sim::StreamId kServiceEpisode = 18;     // length and outcome of a downstream episode
inline constexpr sim::StreamId kCommunityReferrals = 19; // short-term referrals from the community
inline constexpr sim::StreamId kProgrammeCover = 20;     // a resident's place in a programme's coverage
inline constexpr sim::StreamId kProgrammeEffect = 21;    // whether a covered resident's need is met or prevented
inline constexpr sim::StreamId kDashboard = 22;          // the noise on what a body's dashboard shows
inline constexpr sim::StreamId kGovernance = 23;         // members' votes on a proposal
inline constexpr sim::StreamId kParameterDraw = 24;      // uncertain parameters of a replication

}  // namespace icsim::agents::streams
