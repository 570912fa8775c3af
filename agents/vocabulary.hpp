// The model's fixed vocabulary: the categories residents, episodes and services are described
// by, with the identifiers scenario files and measures use for them. Order is meaning: an
// index here is the value stored in a resident or an episode.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace icsim::agents {

// An enumerator's position in its enum: the index of the arrays laid out in the enum's order
// (identifiers, configured values by category, counts). The one place an enum becomes a number.
template <class E>
  requires std::is_enum_v<E>
constexpr std::size_t index(E e) {
  return static_cast<std::size_t>(static_cast<std::underlying_type_t<E>>(e));
}
// The enumerator at position i (i < the number of enumerators): a category drawn by index.
template <class E>
  requires std::is_enum_v<E>
constexpr E enumerator(std::size_t i) {
  return static_cast<E>(i);
}
// Every enumerator of E in order, for loops over the categories.
template <class E, std::size_t N>
  requires std::is_enum_v<E>
constexpr std::array<E, N> enumerators() {
  std::array<E, N> all{};
  for (std::size_t i = 0; i < N; ++i) all[i] = enumerator<E>(i);
  return all;
}
// An array with one element per enumerator of E, indexed by the enumerator itself (not by a
// number: a category of another kind does not compile).
template <class E, class T, std::size_t N>
  requires std::is_enum_v<E>
struct EnumArray : std::array<T, N> {
  constexpr T& operator[](E e) { return std::array<T, N>::operator[](index(e)); }
  constexpr const T& operator[](E e) const { return std::array<T, N>::operator[](index(e)); }
};

inline constexpr int kSexes = 2;                 // 0 female, 1 male
inline constexpr int kCensusAgeBands = 19;       // 0-4, 5-9, ..., 85-89, 90+
inline constexpr int kLifeTableMaxAge = 100;     // single years 0..100; 100 stands for 100+
inline constexpr int kImdQuintiles = 5;          // 1 = most deprived fifth of England's areas
inline constexpr int kFertilityAgeBands = 7;     // mothers aged 15-19, ..., 45-49

// Reporting bands follow ONS conventions, with infants apart (their A&E and admission rates are
// published on their own) and the 75-84 and 85+ bands health services plan by.
inline constexpr int kReportBands = 11;
inline constexpr std::array<int, kReportBands> kReportBandLowerAge = {0, 1, 5, 15, 25, 35, 45, 55, 65, 75, 85};
inline constexpr std::array<std::string_view, kReportBands> kReportBandLabels = {
    "0", "1-4", "5-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"};

// Long-term conditions: those the community programmes target (QOF registers).
inline constexpr int kConditions = 11;
enum Condition : int {
  kHypertension, kDiabetes, kCopd, kAsthma, kCoronaryHeartDisease, kHeartFailure,
  kAtrialFibrillation, kDementia, kDepression, kSeriousMentalIllness, kCancer
};
inline constexpr std::array<std::string_view, kConditions> kConditionIds = {
    "hypertension", "diabetes", "copd", "asthma", "coronary_heart_disease", "heart_failure",
    "atrial_fibrillation", "dementia", "depression", "serious_mental_illness", "cancer"};

// Electronic Frailty Index categories (Clegg et al. 2016). A level is held as an int 0..3, not
// an enum: it is an ordinal that steps up one level at a time.
inline constexpr int kFrailtyLevels = 4;
inline constexpr std::array<std::string_view, kFrailtyLevels> kFrailtyIds = {"fit", "mild", "moderate", "severe"};

inline constexpr int kLivingSettings = 3;
enum class LivingSetting : std::uint8_t { kOwnHome, kHomeWithCare, kCareHome };
static_assert(index(LivingSetting::kCareHome) + 1 == kLivingSettings);
inline constexpr std::array<std::string_view, kLivingSettings> kLivingSettingIds = {"own_home", "home_with_care", "care_home"};

inline constexpr int kUrgencies = 3;
enum class Urgency : std::uint8_t { kEmergency, kUrgent, kMinor };
static_assert(index(Urgency::kMinor) + 1 == kUrgencies);
inline constexpr std::array<std::string_view, kUrgencies> kUrgencyIds = {"emergency", "urgent", "minor"};

inline constexpr int kEpisodeTypes = 6;
enum class EpisodeType : std::uint8_t { kLtcExacerbation, kFall, kInfection, kMentalHealthCrisis, kInjury, kOtherAcute };
static_assert(index(EpisodeType::kOtherAcute) + 1 == kEpisodeTypes);
inline constexpr std::array<std::string_view, kEpisodeTypes> kEpisodeTypeIds = {
    "ltc_exacerbation", "fall", "infection", "mental_health_crisis", "injury", "other_acute"};

// Where an episode can be met: the kinds of vertex in a care pathway. A router is a decision
// point, not a service; every other kind is a service an episode can end at (its outcome).
inline constexpr int kServiceKinds = 9;
enum class ServiceKind : int {
  kRouter, kSelfCare, kGpSameDay, kNhs111, kUrgentTreatmentCentre, kAmbulance, kAe, kSameDayEmergencyCare,
  kEmergencyAdmission
};
inline constexpr std::array<std::string_view, kServiceKinds> kServiceKindIds = {
    "router", "self_care", "gp_same_day", "nhs111", "urgent_treatment_centre", "ambulance", "ae",
    "same_day_emergency_care", "emergency_admission"};

// Hospital flow (docs/model.md, "Hospital flow and delays"). Where a patient needs to go when
// medically fit: the discharge-to-assess pathways 0-3.
inline constexpr int kDischargePathways = 4;
enum class DischargePathway : std::uint8_t { kHomeNoSupport, kHomeWithSupport, kIntermediateCare, kCareHomePlacement };
static_assert(index(DischargePathway::kCareHomePlacement) + 1 == kDischargePathways);
inline constexpr std::array<std::string_view, kDischargePathways> kDischargePathwayIds = {
    "home", "home_with_support", "intermediate_care", "care_home"};

// Services downstream of hospital with finite capacity, each commissioned as pools at one level.
inline constexpr int kDownstreamServices = 5;
enum class DownstreamService : std::uint8_t { kHomeCareService, kReablement, kIntermediateCareBeds, kCareHomePlaces, kCommunityNursing };
static_assert(index(DownstreamService::kCommunityNursing) + 1 == kDownstreamServices);
inline constexpr std::array<std::string_view, kDownstreamServices> kDownstreamServiceIds = {
    "home_care", "reablement", "intermediate_care_beds", "care_home_places", "community_nursing"};

// Who buys each service: adult social care (home care, reablement, care homes) is commissioned
// by councils from their own budgets; intermediate-care beds and community nursing by the NHS.
inline constexpr EnumArray<DownstreamService, bool, kDownstreamServices> kCouncilCommissioned = {true, true, false, true, false};

// What a capacity plan's index follows after the years it gives (agents/capacity_plan.hpp).
enum class CapacityGrowth : std::uint8_t { kHold, kPopulation, kPopulation65Plus };
inline constexpr std::array<std::string_view, 3> kCapacityGrowthIds = {"hold", "population", "population_65plus"};

inline constexpr int kCommissioningLevels = 3;
enum class CommissioningLevel : int { kSystem, kPlace, kPcn };
inline constexpr std::array<std::string_view, kCommissioningLevels> kCommissioningLevelIds = {"system", "place", "pcn"};

// Why a medically fit patient is still in an acute bed, after NHS England's delayed transfers
// of care statistics (reasons A, E, C, D, G), and who is responsible.
inline constexpr int kDelayReasons = 7;
enum class DelayReason : std::uint8_t {
  kAwaitingAssessment, kAwaitingHomeCare, kAwaitingReablement, kAwaitingIntermediateBed, kAwaitingCareHome, kPatientChoice,
  kAwaitingDischargeProcess
};
static_assert(index(DelayReason::kAwaitingDischargeProcess) + 1 == kDelayReasons);
inline constexpr std::array<std::string_view, kDelayReasons> kDelayReasonIds = {
    "awaiting_assessment", "awaiting_home_care", "awaiting_reablement", "awaiting_intermediate_care_bed",
    "awaiting_care_home", "patient_choice", "awaiting_discharge_process"};
inline constexpr int kResponsibleBodies = 3;
enum class Responsible : std::uint8_t { kNhsResponsible, kSocialCareResponsible, kBothResponsible };
static_assert(index(Responsible::kBothResponsible) + 1 == kResponsibleBodies);
inline constexpr std::array<std::string_view, kResponsibleBodies> kResponsibleIds = {"nhs", "social_care", "both"};
// Attribution by reason: assessment is joint; care at home, reablement and care homes are
// arranged by social care; intermediate-care beds, patient choice and the hospital's own
// discharge process count against the NHS.
inline constexpr EnumArray<DelayReason, Responsible, kDelayReasons> kDelayResponsible = {
    Responsible::kBothResponsible, Responsible::kSocialCareResponsible, Responsible::kSocialCareResponsible,
    Responsible::kNhsResponsible, Responsible::kSocialCareResponsible, Responsible::kNhsResponsible,
    Responsible::kNhsResponsible};

// Programmes that move care into the community (docs/model.md, "Programmes and decisions").
inline constexpr int kProgrammes = 9;
enum Programme : int {
  kFrailtyCaseManagement, kLtcCaseFinding, kCareHomeEnhancedHealth, kSocialPrescribing, kUrgentCommunityResponse,
  kVirtualWards, kDischargeToAssess, kExtendedGpAccess, kCommunityEndOfLifeCare
};
inline constexpr std::array<std::string_view, kProgrammes> kProgrammeIds = {
    "frailty_case_management", "ltc_case_finding", "care_home_enhanced_health", "social_prescribing",
    "urgent_community_response", "virtual_wards", "discharge_to_assess", "extended_gp_access", "community_end_of_life_care"};
// What a programme changes for the residents it covers, each as a rate ratio (1: no effect).
inline constexpr int kProgrammeEffects = 7;
enum ProgrammeEffect : int {
  kUrgentEpisodesEffect, kMinorEpisodesEffect, kCareHomeEntryEffect, kLengthOfStayEffect, kAssessmentDaysEffect,
  kCareHomeDischargeEffect, kEndOfLifeAdmissionEffect
};
inline constexpr std::array<std::string_view, kProgrammeEffects> kProgrammeEffectIds = {
    "urgent_episodes_rr", "minor_episodes_rr", "care_home_entry_rr", "length_of_stay_rr", "assessment_days_rr",
    "care_home_discharge_rr", "end_of_life_admission_rr"};
inline constexpr int kRampProfiles = 4;
enum class RampProfile : int { kLinear, kFrontLoaded, kBackLoaded, kStep };
inline constexpr std::array<std::string_view, kRampProfiles> kRampProfileIds = {"linear", "front_loaded", "back_loaded", "step"};
inline constexpr int kAllocationFormulas = 3;
enum class AllocationFormula : int { kEqualPerHead, kWeightedCapitation, kNeedBased };
inline constexpr std::array<std::string_view, kAllocationFormulas> kAllocationFormulaIds = {
    "equal_per_head", "weighted_capitation", "need_based"};

}  // namespace icsim::agents
