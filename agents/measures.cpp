// The derived measures' formulas and the catalogue's names and documentation.
#include "agents/measures.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "agents/age_bands.hpp"

namespace icsim::agents {
namespace formulas {
namespace {
template <std::size_t N>
struct Name {
  char text[N];
  consteval Name(const char (&s)[N]) { std::copy_n(s, N, text); }
};
// The value of a measure in the row, by name (resolved when the code compiles).
template <Name name>
double in(const DerivedRow& row) {
  return row[measure_index(name.text)];
}
}  // namespace

double beds_available(const DerivedRow& row) { return row.beds; }
double opel_3_days(const DerivedRow& row) { return row.level_days[2]; }
double opel_4_days(const DerivedRow& row) { return row.level_days[3]; }
double beds_occupied_mean(const DerivedRow& row) { return (in<"bed_days">(row) + in<"elective_bed_days">(row)) / row.days; }
double elective_wait_mean(const DerivedRow& row) {
  const double admitted = in<"elective_admissions">(row);
  return admitted > 0.0 ? in<"elective_wait_days">(row) / admitted : 0.0;
}
double elective_waiting_list(const DerivedRow& row) { return row.listed; }
double bed_occupancy_rate(const DerivedRow& row) {
  const double beds = in<"beds_available">(row);
  return beds > 0.0 ? in<"beds_occupied_mean">(row) / beds : 0.0;
}
double length_of_stay_mean(const DerivedRow& row) {
  const double spells = in<"hospital_spells_ended">(row);
  return spells > 0.0 ? in<"length_of_stay_days">(row) / spells : 0.0;
}
double delayed_beds_mean(const DerivedRow& row) { return in<"delayed_transfer_days">(row) / row.days; }
double ae_share_over_4h(const DerivedRow& row) {
  const double timed = in<"ae_timed_attendances">(row);
  return timed > 0.0 ? in<"ae_waits_over_4h">(row) / timed : 0.0;
}
double days_at_home(const DerivedRow& row) {
  return std::max(0.0, in<"person_years">(row) * kDaysPerYear - in<"bed_days">(row) - in<"care_home_days">(row) -
                           in<"intermediate_care_bed_days">(row));
}
double days_at_home_per_resident_year(const DerivedRow& row) {
  const double years = in<"person_years">(row);
  return years > 0.0 ? in<"days_at_home">(row) / years : 0.0;
}
double cost_nhs_gbp(const DerivedRow& row) {
  const UnitCosts& uc = *row.costs;
  const double conveyances = in<"ambulance_conveyances">(row);
  return in<"gp_same_day_contacts">(row) * uc.gp_same_day + in<"nhs111_contacts">(row) * uc.nhs111 +
         in<"utc_attendances">(row) * uc.utc + conveyances * uc.ambulance_conveyance +
         (in<"ambulance_incidents">(row) - conveyances) * uc.ambulance_incident + in<"ae_attendances">(row) * uc.ae +
         in<"sdec_attendances">(row) * uc.sdec +
         (in<"stays_zero_nights">(row) + in<"stays_one_night">(row)) * uc.admission_short +
         in<"stays_two_nights_plus">(row) * uc.admission_long + in<"hospital_admissions_elsewhere">(row) * uc.admission_elsewhere +
         in<"elective_admissions">(row) * uc.elective_spell +
         in<"delayed_transfer_days">(row) * uc.excess_bed_day + in<"intermediate_care_bed_days">(row) * uc.intermediate_bed_day +
         in<"community_nursing_starts">(row) * uc.community_nursing_episode;
}
double cost_social_care_gbp(const DerivedRow& row) {
  const UnitCosts& uc = *row.costs;
  return in<"reablement_starts">(row) * uc.reablement_episode + in<"home_care_days">(row) * uc.home_care_day +
         in<"care_home_days">(row) * uc.care_home_day;
}
}  // namespace formulas

namespace {
// Each derived measure reads only measures above it: they are worked out in table order.
consteval bool formulas_read_upwards() {
  for (std::size_t k = 0; k < kCatalogueEntries; ++k) {
    const MeasureSpec& spec = kMeasureCatalogue[k];
    if ((spec.source == Source::kDerived) != (spec.formula != nullptr)) return false;
    if (spec.source == Source::kPersonTime && measure_index(spec.of) >= first_measure_of(k)) return false;
  }
  return true;
}
static_assert(formulas_read_upwards(), "every derived measure has a formula, and person-time reads a stock above it");
}  // namespace

const std::vector<MeasureInfo>& measure_list() {
  static const std::vector<MeasureInfo> list = [] {
    std::vector<MeasureInfo> out;
    for (const MeasureSpec& spec : kMeasureCatalogue) {
      if (spec.family.empty()) out.push_back({std::string(spec.name), &spec});
      for (std::size_t k = spec.family_from; k < spec.family.size(); ++k) {
        out.push_back({std::string(spec.name) + std::string(spec.family[k]), &spec});
      }
    }
    return out;
  }();
  return list;
}

std::vector<std::string> measure_names() {
  std::vector<std::string> names;
  for (const MeasureInfo& m : measure_list()) names.push_back(m.name);
  return names;
}

const MeasureInfo* find_measure(std::string_view name) {
  for (const MeasureInfo& m : measure_list()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> non_additive_measures() {
  std::vector<std::string> names;
  for (const MeasureInfo& m : measure_list()) {
    if (!m.spec->additive) names.push_back(m.name);
  }
  return names;
}

std::vector<std::string> group_names() {
  std::vector<std::string> groups{"all"};
  for (auto label : kReportBandLabels) groups.emplace_back(label);
  groups.insert(groups.end(), {"female", "male", "imd1", "imd2", "imd3", "imd4", "imd5"});
  for (auto p : kDischargePathwayIds) groups.push_back("pathway_" + std::string(p));
  for (auto r : kDelayReasonIds) groups.push_back("reason_" + std::string(r));
  for (auto b : kResponsibleIds) groups.push_back("responsible_" + std::string(b));
  return groups;
}

std::string_view levels_id(Levels levels) {
  switch (levels) {
    case Levels::kAreas: return "areas";
    case Levels::kAreasAndSites: return "areas, sites";
    case Levels::kSystemAndSites: return "system, sites";
  }
  return "";
}

std::string_view breakdown_id(Breakdown breakdown) {
  switch (breakdown) {
    case Breakdown::kDemographic: return "demographic";
    case Breakdown::kDischargePathway: return "demographic, pathway";
    case Breakdown::kDelayReasonAndBody: return "demographic, reason, responsible";
  }
  return "";
}

namespace {
std::string source_text(const MeasureSpec& spec) {
  switch (spec.source) {
    case Source::kStockEnd: return "count at the end";
    case Source::kStockStart: return "count at the start";
    case Source::kPersonTime: return fmt::format("time in `{}`", spec.of);
    case Source::kCounted: return "counted";
    case Source::kHospital: return "hospital flow";
    case Source::kDerived: return "derived";
  }
  return "";
}
}  // namespace

std::string measures_markdown() {
  std::string out =
      "| measure | unit | groups | levels | adds up | how | definition |\n|---|---|---|---|---|---|---|\n";
  for (const MeasureSpec& spec : kMeasureCatalogue) {
    std::string name = fmt::format("`{}`", spec.name);
    std::string definition(spec.definition);
    if (!spec.family.empty()) {
      name = fmt::format("`{}<{}>`", spec.name, spec.stands_for);
      std::string members;
      for (std::size_t k = spec.family_from; k < spec.family.size(); ++k) {
        members += fmt::format("{}`{}{}`", members.empty() ? "" : ", ", spec.name, spec.family[k]);
      }
      definition += " One measure per " + std::string(spec.stands_for) + ": " + members + ".";
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", name, spec.unit, breakdown_id(spec.breakdown),
                       levels_id(spec.levels), spec.additive ? "yes" : "no", source_text(spec), definition);
  }
  return out;
}

std::string measures_text() {
  std::string out;
  for (const MeasureInfo& m : measure_list()) {
    out += fmt::format("{} ({}; {}; {})\n    {}\n", m.name, m.spec->unit, breakdown_id(m.spec->breakdown), levels_id(m.spec->levels),
                       m.spec->definition);
  }
  return out;
}

}  // namespace icsim::agents
