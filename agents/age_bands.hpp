// Age bands: the census's 5-year bands (inputs) and the bands measures are reported in.
#pragma once
#include <array>
#include <string_view>

#include "agents/vocabulary.hpp"

namespace icsim::agents {

inline constexpr double kDaysPerYear = 365.25;

inline constexpr std::array<std::string_view, kCensusAgeBands> kCensusBandLabels = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};

inline constexpr int report_band_of_age(int age_years) {
  int band = 0;
  while (band + 1 < kReportBands && age_years >= kReportBandLowerAge[static_cast<std::size_t>(band + 1)]) ++band;
  return band;
}
inline constexpr int census_band_of_age(int age_years) {
  return age_years >= 90 ? kCensusAgeBands - 1 : age_years / 5;
}

}  // namespace icsim::agents
