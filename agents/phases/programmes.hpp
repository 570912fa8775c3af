// How programmes reach residents in the other phases: a need met or prevented, an inpatient
// supported (agents/phases/programmes.cpp).
#pragma once
#include <cstdint>

#include "agents/run.hpp"

namespace icsim::agents {

// Whether a programme covering the resident meets (or prevents) a need that changes `effect`.
bool met_by_programme(Run& run, std::size_t p, std::uint64_t key, int age, const HealthState& state, ProgrammeEffect effect,
                      const Day& day);
// Whether continuity of care with the practice team of a programme covering the resident keeps
// an ambulatory-care-sensitive urgent need from reaching urgent care.
bool kept_well_by_continuity(Run& run, std::size_t p, std::uint64_t key, int age, const HealthState& state, const Day& day);
// An admitted resident whom programmes cover: shorter stays, faster hand-offs, fewer care-home
// discharges, as each covering programme's rate ratios say.
void support_inpatient(Run& run, FlowPerson& person, std::uint16_t conditions, int month);

}  // namespace icsim::agents
