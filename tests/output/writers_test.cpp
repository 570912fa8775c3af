// Writers: the CSV has exactly the documented columns; SQLite holds the same values; output
// folders appear only when complete and are not overwritten by accident.
#include "output/writers.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "tests/test_support.hpp"

namespace icsim::output {
namespace {

sim::MeasureTable sample() {
  sim::MeasureTable t({"2021", "2021-01"}, {{"system", "MSE", "Mid and South Essex"}, {"place", "thurrock", "Thurrock"}}, {"all", "female"}, {"births", "deaths"});
  t.at(0, 0, 0, 0) = 12;
  t.at(1, 1, 1, 1) = 0.25;
  return t;
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Writers, MeasuresCsvIsTidyLongFormat) {
  testing::TempDir dir;
  write_measures_csv(sample(), dir.path() / "m.csv");
  const std::string csv = read(dir.path() / "m.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "period,level,area,group,measure,value");
  EXPECT_NE(csv.find("\n2021,system,MSE,all,births,12\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n2021-01,place,thurrock,female,deaths,0.25\n"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17);  // header + 2 x 2 x 2 x 2
}

TEST(Writers, SqliteHoldsTheSameMeasuresAndTheManifest) {
  testing::TempDir dir;
  write_results_sqlite(sample(), {{"seed", 7}, {"scenario", "x"}}, dir.path() / "r.sqlite");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "r.sqlite").c_str(), &db), SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sql;
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW) << sql;
    std::string value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return value;
  };
  EXPECT_EQ(scalar("SELECT count(*) FROM measures"), "16");
  EXPECT_EQ(scalar("SELECT value FROM measures WHERE period='2021-01' AND area='thurrock' AND \"group\"='female' AND measure='deaths'"), "0.25");
  EXPECT_EQ(scalar("SELECT value FROM manifest WHERE key='seed'"), "7");
  sqlite3_close(db);
}

TEST(RunDirectory, AppearsOnlyOnCommitAndRefusesToOverwrite) {
  testing::TempDir dir;
  const auto out = dir.path() / "run";
  {
    RunDirectory staged(out, false);
    write_text("x", staged.staging() / "a.txt");
    EXPECT_FALSE(std::filesystem::exists(out));
  }  // abandoned: nothing left behind
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 0);
  {
    RunDirectory staged(out, false);
    write_text("x", staged.staging() / "a.txt");
    staged.commit();
  }
  EXPECT_TRUE(std::filesystem::exists(out / "a.txt"));
  EXPECT_THROW(RunDirectory(out, false), OutputError);
  RunDirectory again(out, true);
  write_text("y", again.staging() / "b.txt");
  again.commit();
  EXPECT_FALSE(std::filesystem::exists(out / "a.txt"));
  EXPECT_TRUE(std::filesystem::exists(out / "b.txt"));
}

}  // namespace
}  // namespace icsim::output
