// Sweeps: parameters mapped from the design's coordinates exactly (grids, inverses, whole
// numbers, lists), the plan's points and runs (common seeds across points), the merge patch of
// a point, the results database's commits and resume checks, and the analysis recovering the
// effects of known functions from a store filled with their values: Morris effects, Sobol'
// indices of the Ishigami function, partial rank correlations of a linear model.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <tuple>
#include <set>

#include <unistd.h>

#include "sim/rng.hpp"
#include "sweeps/analysis.hpp"
#include "sweeps/plan.hpp"
#include "sweeps/store.hpp"
#include "sweeps/sweep_file.hpp"

namespace icsim::sweeps {
namespace {
namespace fs = std::filesystem;

SweptParameter range(double lo, double hi, Distribution d = Distribution::kUniform, std::string name = "x") {
  SweptParameter p;
  p.path = p.key = std::move(name);
  p.min = lo;
  p.max = hi;
  p.distribution = d;
  return p;
}

TEST(SweepParameters, UniformLogUniformAndTriangularAreTheirInverses) {
  EXPECT_DOUBLE_EQ(parameter_value(range(2, 6), 0.25, DesignKind::kLatinHypercube, 4), 3.0);
  EXPECT_DOUBLE_EQ(parameter_value(range(2, 6), 1.0, DesignKind::kMorris, 4), 6.0);
  // Uniform in the logarithm: the midpoint is the geometric mean.
  EXPECT_NEAR(parameter_value(range(0.1, 10, Distribution::kLogUniform), 0.5, DesignKind::kLatinHypercube, 4), 1.0, 1e-12);
  // Triangular on [0, 2] with mode 1: the median is the mode, and F(0.5) = 0.125.
  SweptParameter t = range(0, 2, Distribution::kTriangular);
  t.mode = 1.0;
  EXPECT_NEAR(parameter_value(t, 0.5, DesignKind::kLatinHypercube, 4), 1.0, 1e-12);
  EXPECT_NEAR(parameter_value(t, 0.125, DesignKind::kLatinHypercube, 4), 0.5, 1e-12);
}

TEST(SweepParameters, FactorialRangesTakeEvenlySpacedLevelsFromMinToMax) {
  // A factorial design's coordinates are its strata's midpoints: (i + 0.5) / levels.
  std::vector<double> got;
  for (int i = 0; i < 5; ++i) got.push_back(parameter_value(range(10, 20), (i + 0.5) / 5, DesignKind::kFactorial, 5));
  EXPECT_EQ(got, (std::vector<double>{10, 12.5, 15, 17.5, 20}));
}

TEST(SweepParameters, IntegersTakeEveryWholeValueEquallyOften) {
  SweptParameter p = range(3, 7);
  p.integer = true;
  std::map<double, int> counts;
  constexpr int kStrata = 1000;
  for (int i = 0; i < kStrata; ++i) ++counts[parameter_value(p, (i + 0.5) / kStrata, DesignKind::kLatinHypercube, 4)];
  ASSERT_EQ(counts.size(), 5u);  // 3, 4, 5, 6, 7
  for (const auto& [v, n] : counts) EXPECT_EQ(n, kStrata / 5) << v;
  EXPECT_EQ(parameter_value(p, 1.0, DesignKind::kMorris, 4), 7.0);
}

TEST(SweepParameters, ListsArePickedByTheCoordinatesStratum) {
  SweptParameter p;
  p.values = {1, 5, 9};
  EXPECT_EQ(parameter_value(p, 0.0, DesignKind::kLatinHypercube, 4), 1);
  EXPECT_EQ(parameter_value(p, 0.5, DesignKind::kLatinHypercube, 4), 5);
  EXPECT_EQ(parameter_value(p, 1.0, DesignKind::kMorris, 4), 9);
}

Sweep sweep_of(DesignKind design, int samples, std::vector<SweptParameter> parameters, int replications = 2) {
  Sweep s;
  s.name = "t";
  s.scenarios = {"a.json", "b.json"};
  s.scenario_names = {"a", "b"};
  s.parameters = std::move(parameters);
  s.design = design;
  s.samples = samples;
  s.replications = replications;
  s.seed = 7;
  s.keep.measures = {"m"};
  s.keep.levels = {"system"};
  s.effective = {{"scenario_digests", {"da", "db"}}};
  s.digest = "digest";
  return s;
}

TEST(SweepPlan, RunsEveryScenarioAtEveryPointWithTheSameSeeds) {
  const Plan plan = plan_sweep(sweep_of(DesignKind::kLatinHypercube, 6, {range(0, 1), range(5, 10)}, 3));
  ASSERT_EQ(plan.points.size(), 6u);
  ASSERT_EQ(plan.runs.size(), 6u * 3 * 2);
  std::map<int, std::set<std::uint64_t>> seeds_by_replication;
  for (std::size_t r = 0; r < plan.runs.size(); ++r) {
    const PlannedRun& run = plan.runs[r];
    EXPECT_EQ(run.point, static_cast<int>(r / 6));  // by point, then replication, then scenario
    EXPECT_EQ(run.scenario, static_cast<int>(r % 2));
    EXPECT_EQ(run.seed, 7u + static_cast<std::uint64_t>(run.replication));
    seeds_by_replication[run.replication].insert(run.seed);
  }
  for (const auto& [r, seeds] : seeds_by_replication) EXPECT_EQ(seeds.size(), 1u);  // common random numbers
  // Stratified: each parameter has one value in each sixth of its range.
  for (std::size_t j = 0; j < 2; ++j) {
    std::set<int> strata;
    for (const auto& p : plan.points) strata.insert(static_cast<int>(p.unit[j] * 6));
    EXPECT_EQ(strata.size(), 6u);
  }
}

TEST(SweepPlan, FactorialSobolAndMorrisHaveTheirShapes) {
  SweptParameter listed;
  listed.values = {1, 2, 3};
  Sweep f = sweep_of(DesignKind::kFactorial, 0, {range(0, 1), listed});
  f.levels = 2;
  const Plan grid = plan_sweep(f);
  ASSERT_EQ(grid.points.size(), 6u);
  std::set<std::vector<double>> combinations;
  for (const auto& p : grid.points) combinations.insert(p.values);
  EXPECT_EQ(combinations.size(), 6u);
  EXPECT_EQ(*combinations.begin(), (std::vector<double>{0, 1}));

  const Plan sobol = plan_sweep(sweep_of(DesignKind::kSobol, 8, {range(0, 1), range(0, 1), range(0, 1)}));
  EXPECT_EQ(sobol.points.size(), 8u * (3 + 2));
  const Plan morris = plan_sweep(sweep_of(DesignKind::kMorris, 4, {range(0, 1), range(0, 1), range(0, 1)}));
  ASSERT_EQ(morris.points.size(), 4u * (3 + 1));
  for (std::size_t p = 1; p < morris.points.size(); ++p) {
    if (morris.points[p].block != morris.points[p - 1].block) continue;
    int moved = 0;
    for (std::size_t j = 0; j < 3; ++j) moved += morris.points[p].unit[j] != morris.points[p - 1].unit[j];
    EXPECT_EQ(moved, 1) << p;  // one factor a step
  }
}

TEST(SweepPatch, SetsNestedKeysAndOneElementOfAList) {
  SweptParameter a = range(0, 1), b = range(0, 1), c = range(0, 1);
  a.path = a.key = "flow.discharge.choice_days";
  b.path = "programmes.mechanisms.continuity.upc_gain[2]";
  b.key = "programmes.mechanisms.continuity.upc_gain";
  b.element = 2;
  c.path = "programmes.mechanisms.workforce.staff_per_manager";
  c.key = c.path;
  c.integer = true;
  const Sweep s = sweep_of(DesignKind::kLatinHypercube, 2, {a, b, c});
  const nlohmann::json scenario = {{"programmes", {{"mechanisms", {{"continuity", {{"upc_gain", {0.0, 0.05, 0.1}}}}}}}}};
  const auto patch = parameter_patch(s, {3.5, 0.2, 12.0}, scenario);
  EXPECT_EQ(patch["flow"]["discharge"]["choice_days"], 3.5);
  EXPECT_EQ(patch["programmes"]["mechanisms"]["continuity"]["upc_gain"], nlohmann::json({0.0, 0.05, 0.2}));
  EXPECT_TRUE(patch["programmes"]["mechanisms"]["workforce"]["staff_per_manager"].is_number_integer());
}

class SweepStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("icsim-sweep-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::vector<ResultRow> rows_of(double value) { return {{"2021", "system", "S", "m", value}, {"2022", "system", "S", "m", 2 * value}}; }

TEST_F(SweepStoreTest, CommitsRunsAndRefusesToResumeAnotherSweepOrModel) {
  const Sweep s = sweep_of(DesignKind::kLatinHypercube, 3, {range(0, 1)}, 1);
  const Plan plan = plan_sweep(s);
  const fs::path file = dir_ / SweepStore::kFileName;
  {
    SweepStore store = SweepStore::create(file, s, plan, "v1");
    EXPECT_EQ(store.pending_runs(), (std::vector<int>{0, 1, 2, 3, 4, 5}));
    store.commit(2, rows_of(1.5), {"d", "host", "t", 0, 1.0, 10.0});
    store.commit(2, rows_of(1.5), {"d", "host", "t", 0, 1.0, 10.0});  // again: replaces, never doubles
    store.commit(4, rows_of(3), {"d", "host", "t", 1, 1.0, 10.0});
  }
  SweepStore again = SweepStore::open(file, "digest", "v1");
  EXPECT_EQ(again.pending_runs(), (std::vector<int>{0, 1, 3, 5}));
  auto q = again.database().prepare("SELECT COUNT(*) FROM results");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 4);
  q.run();
  EXPECT_THROW(SweepStore::open(file, "another", "v1"), ResumeRefused);
  EXPECT_THROW(SweepStore::open(file, "digest", "v2"), ResumeRefused);
  again.export_csv(dir_);
  std::ifstream in(dir_ / "results.csv");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text,
            "run,point,scenario,replication,period,level,area,measure,value\n"
            "2,1,a,0,2021,system,S,m,1.5\n2,1,a,0,2022,system,S,m,3\n"
            "4,2,a,0,2021,system,S,m,3\n4,2,a,0,2022,system,S,m,6\n");
}

// A store filled with f(x) = 4 x0 + x1^2 at a Morris design's points (scenario b adds 1 x0):
// x0's elementary effects are all 4 (5 for b), and b - a's are all 1 for x0 and 0 for x1.
TEST_F(SweepStoreTest, AnalysisRecoversTheElementaryEffectsOfAKnownFunction) {
  const Sweep s = sweep_of(DesignKind::kMorris, 6, {range(0, 1, Distribution::kUniform, "x0"), range(0, 1, Distribution::kUniform, "x1")}, 1);
  const Plan plan = plan_sweep(s);
  SweepStore store = SweepStore::create(dir_ / SweepStore::kFileName, s, plan, "v1");
  for (std::size_t r = 0; r < plan.runs.size(); ++r) {
    const auto& u = plan.points[static_cast<std::size_t>(plan.runs[r].point)].unit;
    const double f = 4 * u[0] + u[1] * u[1] + (plan.runs[r].scenario == 1 ? u[0] : 0.0);
    store.commit(static_cast<int>(r), {{"2021", "system", "S", "m", f}}, {"d", "h", "t", 0, 0, 0});
  }
  const Analysis a = analyse(store);
  std::map<std::string, double> mu;
  for (const auto& st : a.statistics) {
    if (st.statistic == "mu_star") mu[st.output + "|" + st.parameter] = st.value;
    if (st.statistic == "sigma" && st.parameter == "x0") {
      EXPECT_NEAR(st.value, 0.0, 1e-9) << st.output;
    }
  }
  EXPECT_NEAR(mu["a|x0"], 4.0, 1e-9);
  EXPECT_NEAR(mu["b|x0"], 5.0, 1e-9);
  EXPECT_NEAR(mu["b - a|x0"], 1.0, 1e-9);
  EXPECT_NEAR(mu["b - a|x1"], 0.0, 1e-9);
  EXPECT_GT(mu["a|x1"], 0.0);
}

// Every estimate of one statistic in an analysis, by output and parameter.
std::map<std::string, Statistic> statistics_named(const Analysis& a, const std::string& statistic) {
  std::map<std::string, Statistic> out;
  for (const auto& st : a.statistics) {
    if (st.statistic == statistic) out[st.output + "|" + st.parameter] = st;
  }
  return out;
}

// Fills a store's runs with f(point in the unit cube, scenario, run). Without waiting for the
// disk at each commit: these tests are of the analysis, not of durability.
template <class F>
void commit_values(SweepStore& store, const Plan& plan, F f) {
  store.database().exec("PRAGMA synchronous = OFF;");
  for (std::size_t r = 0; r < plan.runs.size(); ++r) {
    const auto& u = plan.points[static_cast<std::size_t>(plan.runs[r].point)].unit;
    store.commit(static_cast<int>(r), {{"2021", "system", "S", "m", f(u, plan.runs[r].scenario, r)}}, {"d", "h", "t", 0, 0, 0});
  }
}

// Ishigami (a = 7, b = 0.1) through the store and the Sobol' design's points as planned (its A, B
// and mixed blocks): S = (0.314, 0.442, 0), ST = (0.558, 0.442, 0.244), each within its bootstrap
// interval (widened by the estimator's own 0.03, as 1,024 base samples give), for scenario a; b
// adds a constant, so its indices are a's and the difference b - a has no variance to share.
TEST_F(SweepStoreTest, AnalysisRecoversTheSobolIndicesOfTheIshigamiFunction) {
  const double pi = std::numbers::pi;
  std::vector<SweptParameter> ps;
  for (const char* name : {"x1", "x2", "x3"}) ps.push_back(range(-pi, pi, Distribution::kUniform, name));
  const Sweep s = sweep_of(DesignKind::kSobol, 1024, ps, 1);
  const Plan plan = plan_sweep(s);
  SweepStore store = SweepStore::create(dir_ / SweepStore::kFileName, s, plan, "v1");
  commit_values(store, plan, [&](const std::vector<double>& u, int scenario, std::size_t) {
    const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1) + (scenario == 1 ? 10.0 : 0.0);
  });
  const Analysis a = analyse(store);
  const auto first = statistics_named(a, "first_order"), total = statistics_named(a, "total");
  const std::map<std::string, std::pair<double, double>> expected = {{"x1", {0.314, 0.558}}, {"x2", {0.442, 0.442}}, {"x3", {0.0, 0.244}}};
  for (const auto& [x, st] : expected) {
    for (const auto& [name, table, value] : {std::tuple{"first", &first, st.first}, std::tuple{"total", &total, st.second}}) {
      const Statistic& e = table->at("a|" + x);
      EXPECT_LE(e.low - 0.03, value) << name << " " << x;
      EXPECT_GE(e.high + 0.03, value) << name << " " << x;
      EXPECT_NEAR(table->at("b|" + x).value, e.value, 1e-9) << name << " " << x;  // a constant moves nothing
    }
  }
}

// A Latin hypercube of f = 4 x0 + x1 + noise (x2 a dummy; the noise normal with sd 0.3, from a
// counter-based stream keyed by the run) through the store: the partial rank correlations of x0
// and x1 are high and in that order, the dummy's 95% interval holds zero, and the ranking puts x0
// first.
TEST_F(SweepStoreTest, AnalysisGivesPartialRankCorrelationsOfALinearModel) {
  const Sweep s = sweep_of(DesignKind::kLatinHypercube, 200,
                           {range(0, 1, Distribution::kUniform, "x0"), range(0, 1, Distribution::kUniform, "x1"),
                            range(0, 1, Distribution::kUniform, "x2")},
                           1);
  const Plan plan = plan_sweep(s);
  SweepStore store = SweepStore::create(dir_ / SweepStore::kFileName, s, plan, "v1");
  const sim::CounterRng rng(11);
  commit_values(store, plan, [&](const std::vector<double>& u, int, std::size_t run) {
    const auto v = rng.uniform2(1, run, 0);
    return 4 * u[0] + u[1] + 0.3 * std::sqrt(-2.0 * std::log(v[0])) * std::cos(2.0 * std::numbers::pi * v[1]);
  });
  const Analysis a = analyse(store);
  const auto prcc = statistics_named(a, "prcc");
  EXPECT_GT(prcc.at("a|x0").value, 0.9);
  EXPECT_GT(prcc.at("a|x1").value, 0.5);
  EXPECT_LT(prcc.at("a|x1").value, prcc.at("a|x0").value);
  EXPECT_LE(prcc.at("a|x2").low, 0.0);
  EXPECT_GE(prcc.at("a|x2").high, 0.0);
  const std::string ranking = ranking_text(a);
  EXPECT_LT(ranking.find("x0"), ranking.find("x1")) << ranking;
}

}  // namespace
}  // namespace icsim::sweeps
