// Tabulation: the monthly counts of each PCN and site rolled into the measure table, by period,
// area and group, as the measure catalogue says each measure is counted or derived.
#include "agents/tabulate.hpp"

#include <algorithm>

#include "agents/org_graph.hpp"

namespace icsim::agents {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Periods: each year followed by its months, so the file reads in time order.
struct Periods {
  std::vector<std::string> labels;
  std::vector<double> days;
  std::vector<std::size_t> of_month, of_year;  // period index of each month and year
  std::vector<std::size_t> first_month, last_month;  // by year
  std::size_t year_of(const sim::Calendar& calendar, std::size_t m) const {
    return of_year[static_cast<std::size_t>(calendar.year_of_month(static_cast<int>(m)))];
  }
};

Periods periods_of(const sim::Calendar& calendar) {
  const auto& months = calendar.months();
  const auto& years = calendar.years();
  Periods out;
  out.of_month.resize(months.size());
  out.of_year.resize(years.size());
  out.first_month.assign(years.size(), months.size());
  out.last_month.assign(years.size(), 0);
  for (std::size_t y = 0; y < years.size(); ++y) {
    out.of_year[y] = out.labels.size();
    out.labels.push_back(years[y].label);
    out.days.push_back(0.0);
    for (std::size_t m = 0; m < months.size(); ++m) {
      if (static_cast<std::size_t>(calendar.year_of_month(static_cast<int>(m))) != y) continue;
      out.of_month[m] = out.labels.size();
      out.labels.push_back(months[m].label);
      out.days.push_back(static_cast<double>(months[m].end_day - months[m].first_day));
      out.days[out.of_year[y]] += out.days.back();
      out.first_month[y] = std::min(out.first_month[y], m);
      out.last_month[y] = std::max(out.last_month[y], m);
    }
  }
  return out;
}

// Areas: the System, its Places, their PCNs, following the containment tree; then the acute
// sites, which stand apart (their patients come from several PCNs).
struct Areas {
  std::vector<sim::Area> list;
  std::vector<std::size_t> parent;
  std::size_t first_pcn = 0, first_site = 0;
};

Areas areas_of(const WorldConfig& world, const std::vector<int>& sites) {
  Areas out;
  out.list.push_back({"system", world.system.id, world.system.name});
  for (const auto& place : world.places) out.list.push_back({"place", place.id, place.name});
  out.first_pcn = out.list.size();
  for (const auto& pcn : world.pcns) out.list.push_back({"pcn", pcn.id, pcn.name});
  out.first_site = out.list.size();
  for (int site : sites) {
    const ProviderConfig& provider = world.providers[static_cast<std::size_t>(site)];
    out.list.push_back({"site", provider.id, provider.name});
  }
  const OrgGraph graph(world);
  out.parent.assign(out.list.size(), kNone);
  for (std::size_t place = 0; place < world.places.size(); ++place) out.parent[1 + place] = 0;
  for (std::size_t p = 0; p < world.pcns.size(); ++p) {
    const auto place = graph.parent(graph.vertex(OrgKind::kPcn, static_cast<int>(p)));
    out.parent[out.first_pcn + p] = 1 + static_cast<std::size_t>(graph.graph()[*place].index);
  }
  return out;
}

// Groups: all, then each breakdown on its own; then the groups of single measures.
constexpr std::size_t kFirstSexGroup = 1 + kReportBands;
constexpr std::size_t kFirstImdGroup = kFirstSexGroup + kSexes;
constexpr std::size_t kFirstPathwayGroup = kFirstImdGroup + kImdQuintiles;
constexpr std::size_t kFirstReasonGroup = kFirstPathwayGroup + kDischargePathways;
constexpr std::size_t kFirstResponsibleGroup = kFirstReasonGroup + kDelayReasons;

// Where each slot of the monthly counts goes: the measure its cells add to, and a group row its
// total adds to (a measure's own breakdown).
struct SlotTargets {
  std::array<std::size_t, kFlows> measure;
  std::array<std::pair<std::size_t, std::size_t>, kFlows> group;
};

SlotTargets slot_targets() {
  SlotTargets out;
  out.measure.fill(kNone);
  out.group.fill({kNone, kNone});
  const auto& list = measure_list();
  int counted = 0;
  for (std::size_t m = 0; m < list.size(); ++m) {
    const MeasureSpec& spec = *list[m].spec;
    if (spec.source == Source::kCounted) out.measure[static_cast<std::size_t>(counted++)] = m;
    if (spec.source != Source::kHospital) continue;
    const auto slot = static_cast<std::size_t>(hospital_slot(spec.hospital));
    if (spec.breakdown == Breakdown::kDischargePathway) {
      for (std::size_t k = 0; k < kDischargePathways; ++k) {
        out.measure[slot + k] = m;
        out.group[slot + k] = {m, kFirstPathwayGroup + k};
      }
      continue;
    }
    out.measure[slot] = m;
    if (spec.breakdown != Breakdown::kDelayReasonAndBody) continue;
    const auto reasons = static_cast<std::size_t>(hospital_slot(FlowCount::kDelayReasonFirst));
    const auto bodies = static_cast<std::size_t>(hospital_slot(FlowCount::kResponsibleFirst));
    for (std::size_t r = 0; r < kDelayReasons; ++r) out.group[reasons + r] = {m, kFirstReasonGroup + r};
    for (std::size_t b = 0; b < kResponsibleBodies; ++b) out.group[bodies + b] = {m, kFirstResponsibleGroup + b};
  }
  return out;
}

// The stock and person-time measures: which column of the counts each reads.
struct StockMeasure {
  std::size_t measure;
  int column;
  Source source;
  bool in_days;
};

std::vector<StockMeasure> stock_measures() {
  std::vector<StockMeasure> out;
  const auto& list = measure_list();
  auto column_of = [&](std::string_view name) {
    int column = 0;
    for (const MeasureInfo& m : list) {
      if (m.name == name) return column;
      if (m.spec->source == Source::kStockEnd) ++column;
    }
    return -1;
  };
  for (std::size_t m = 0; m < list.size(); ++m) {
    const MeasureSpec& spec = *list[m].spec;
    if (spec.source == Source::kStockEnd) out.push_back({m, column_of(list[m].name), spec.source, false});
    if (spec.source == Source::kStockStart) out.push_back({m, kStockResidents, spec.source, false});
    if (spec.source == Source::kPersonTime) out.push_back({m, column_of(spec.of), spec.source, spec.in_days});
  }
  return out;
}

class Tabulation {
 public:
  Tabulation(const TabulationInput& in, sim::Executor& executor)
      : in_(in),
        executor_(executor),
        periods_(periods_of(in.calendar)),
        areas_(areas_of(in.world, in.sites)),
        slots_(slot_targets()),
        stocks_(stock_measures()),
        table_(periods_.labels, areas_.list, group_names(), measure_names()) {
    std::vector<sim::MeasureDescription> descriptions;
    for (const MeasureInfo& m : measure_list()) {
      descriptions.push_back({std::string(m.spec->unit), std::string(m.spec->definition), m.spec->additive});
    }
    table_.describe(std::move(descriptions));
    for (std::size_t m = 0; m < measure_list().size(); ++m) {
      const Breakdown b = measure_list()[m].spec->breakdown;
      if (b == Breakdown::kDischargePathway) {
        for (std::size_t g = kFirstPathwayGroup; g < kFirstReasonGroup; ++g) table_.restrict_group(g, m);
      }
      if (b == Breakdown::kDelayReasonAndBody) {
        for (std::size_t g = kFirstReasonGroup; g < table_.groups().size(); ++g) table_.restrict_group(g, m);
      }
    }
  }

  sim::MeasureTable run() {
    // Each PCN fills only its own area of the table, and each site its own, so they are
    // tabulated in parallel.
    executor_.for_each(in_.pcn_flows.size() + in_.site_flows.size(), [&](std::size_t index) {
      if (index < in_.pcn_flows.size()) {
        add_pcn(index);
      } else {
        add_site(index - in_.pcn_flows.size());
      }
    });
    roll_up();
    derive();
    return std::move(table_);
  }

 private:
  // Adds cells[cell * stride] for every cell, times `weight`, to each group it belongs to.
  void add_cells(std::size_t period, std::size_t area, std::size_t m, const std::int32_t* cells, std::size_t stride, double weight) {
    for (int band = 0; band < kReportBands; ++band) {
      for (int sex = 0; sex < kSexes; ++sex) {
        for (int q = 0; q < kImdQuintiles; ++q) {
          const double v = cells[static_cast<std::size_t>(cell_of(band, sex, q)) * stride] * weight;
          if (v == 0.0) continue;
          table_.at(period, area, 0, m) += v;
          table_.at(period, area, 1 + static_cast<std::size_t>(band), m) += v;
          table_.at(period, area, kFirstSexGroup + static_cast<std::size_t>(sex), m) += v;
          table_.at(period, area, kFirstImdGroup + static_cast<std::size_t>(q), m) += v;
        }
      }
    }
  }

  void add_flows(std::size_t period, std::size_t area, const std::vector<std::int32_t>& flows, std::size_t month) {
    for (std::size_t f = 0; f < kFlows; ++f) {
      const std::int32_t* row = &flows[(month * kFlows + f) * kCells];
      if (slots_.measure[f] != kNone) add_cells(period, area, slots_.measure[f], row, 1, 1.0);
      if (slots_.group[f].first != kNone) {
        double total = 0.0;
        for (int c = 0; c < kCells; ++c) total += row[c];
        table_.at(period, area, slots_.group[f].second, slots_.group[f].first) += total;
      }
    }
  }

  const std::int32_t* stock_row(std::size_t pcn, std::size_t row) const { return &(*in_.pcn_stocks[pcn])[row * kCells * kStocks]; }

  // Stocks of a period that starts at stock row `start` and ends at row `end`.
  void add_stocks(std::size_t period, std::size_t area, std::size_t pcn, std::size_t start, std::size_t end) {
    for (const StockMeasure& s : stocks_) {
      if (s.source == Source::kPersonTime) continue;
      add_cells(period, area, s.measure, stock_row(pcn, s.source == Source::kStockStart ? start : end) + s.column, kStocks, 1.0);
    }
  }

  // Person-time, by the trapezium rule over the month's start and end counts.
  void add_person_time(std::size_t pcn, std::size_t area, std::size_t m) {
    const auto& month = in_.calendar.months()[m];
    const double half_years = 0.5 * static_cast<double>(month.end_day - month.first_day) / kDaysPerYear;
    for (std::size_t row : {m, m + 1}) {
      for (std::size_t period : {periods_.of_month[m], periods_.year_of(in_.calendar, m)}) {
        for (const StockMeasure& s : stocks_) {
          if (s.source != Source::kPersonTime) continue;
          add_cells(period, area, s.measure, stock_row(pcn, row) + s.column, kStocks, s.in_days ? half_years * kDaysPerYear : half_years);
        }
      }
    }
  }

  void add_pcn(std::size_t pcn) {
    const std::size_t area = areas_.first_pcn + pcn;
    for (std::size_t m = 0; m < in_.calendar.months().size(); ++m) {
      const std::size_t year = periods_.year_of(in_.calendar, m);
      add_stocks(periods_.of_month[m], area, pcn, m, m + 1);
      add_person_time(pcn, area, m);
      add_flows(periods_.of_month[m], area, *in_.pcn_flows[pcn], m);
      add_flows(year, area, *in_.pcn_flows[pcn], m);
    }
    for (std::size_t y = 0; y < periods_.of_year.size(); ++y) {
      add_stocks(periods_.of_year[y], area, pcn, periods_.first_month[y], periods_.last_month[y] + 1);
    }
  }

  void add_site(std::size_t site) {
    for (std::size_t m = 0; m < in_.calendar.months().size(); ++m) {
      add_flows(periods_.of_month[m], areas_.first_site + site, *in_.site_flows[site], m);
      add_flows(periods_.year_of(in_.calendar, m), areas_.first_site + site, *in_.site_flows[site], m);
    }
  }

  // PCNs into their Place and Places into the System, each period on its own (the same
  // additions in the same order whatever the thread count).
  void roll_up() {
    const std::size_t groups = table_.groups().size(), measures = table_.measures().size();
    executor_.for_each(table_.periods().size(), [&](std::size_t period) {
      for (std::size_t area = areas_.first_site; area-- > 1;) {
        for (std::size_t g = 0; g < groups; ++g) {
          for (std::size_t m = 0; m < measures; ++m) table_.at(period, areas_.parent[area], g, m) += table_.at(period, area, g, m);
        }
      }
    });
  }

  // Derived measures in catalogue order, in every area and demographic group.
  void derive() {
    std::vector<std::pair<std::size_t, Formula>> formulas;
    for (std::size_t m = 0; m < measure_list().size(); ++m) {
      if (measure_list()[m].spec->source == Source::kDerived) formulas.emplace_back(m, measure_list()[m].spec->formula);
    }
    // Base bed-nights and days at each level by period and site (the System's in the last
    // column), for the mean beds and the days at each escalation level.
    const std::size_t sites = in_.site_months.size();
    std::vector<std::vector<SiteMonth>> by_period(table_.periods().size(), std::vector<SiteMonth>(sites + 1));
    const SiteMonth no_site{};  // Places, PCNs and groups other than all have no beds
    for (std::size_t s = 0; s < sites; ++s) {
      for (std::size_t m = 0; m < in_.site_months[s].size(); ++m) {
        const SiteMonth& month = in_.site_months[s][m];
        for (const std::size_t period : {periods_.of_month[m], periods_.year_of(in_.calendar, m)}) {
          for (const std::size_t column : {s, sites}) {
            SiteMonth& sum = by_period[period][column];
            sum.bed_nights += month.bed_nights;
            sum.listed_nights += month.listed_nights;
            for (std::size_t k = 0; k < kEscalationLevels; ++k) sum.level_days[k] += month.level_days[k];
          }
        }
      }
    }
    executor_.for_each(table_.periods().size(), [&](std::size_t period) {
      for (std::size_t area = 0; area < areas_.list.size(); ++area) {
        for (std::size_t g = 0; g < kFirstPathwayGroup; ++g) {
          double* values = &table_.at(period, area, g, 0);
          const SiteMonth& site = g != 0                      ? no_site
                                  : area == 0                 ? by_period[period][sites]
                                  : area >= areas_.first_site ? by_period[period][area - areas_.first_site]
                                                              : no_site;
          std::array<double, kEscalationLevels> level_days{};
          for (std::size_t k = 0; k < kEscalationLevels; ++k) level_days[k] = static_cast<double>(site.level_days[k]);
          const DerivedRow row{values, periods_.days[period], static_cast<double>(site.bed_nights) / periods_.days[period],
                               level_days, static_cast<double>(site.listed_nights) / periods_.days[period], &in_.costs};
          for (const auto& [m, formula] : formulas) values[m] = formula(row);
        }
      }
    });
  }

  const TabulationInput& in_;
  sim::Executor& executor_;
  Periods periods_;
  Areas areas_;
  SlotTargets slots_;
  std::vector<StockMeasure> stocks_;
  sim::MeasureTable table_;
};

}  // namespace

sim::MeasureTable tabulate(const TabulationInput& input, sim::Executor& executor) { return Tabulation(input, executor).run(); }

}  // namespace icsim::agents
