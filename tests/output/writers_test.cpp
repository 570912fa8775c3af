// Writers: the CSV has exactly the documented columns; SQLite holds the same values; output
// folders appear only when complete and are not overwritten by accident.
#include "output/writers.hpp"

#include <unistd.h>

#include <algorithm>

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
    write_text(R"({"icsim_version": "0"})", staged.staging() / "manifest.json");
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

std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(RunDirectory, ATrailingSlashNamesTheFolderItself) {
  testing::TempDir dir;
  RunDirectory staged(dir.path().string() + "/run/", false);
  EXPECT_EQ(staged.final_dir(), dir.path() / "run");
  staged.commit();
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"run"});
}

TEST(RunDirectory, RefusesFoldersThatAreNotOutputsAndTheWorkingFolder) {
  testing::TempDir dir;
  dir.write("mine/notes.txt", "keep");
  EXPECT_THROW(RunDirectory(dir.path() / "mine", true), OutputError);
  EXPECT_THROW(RunDirectory(".", true), OutputError);
  EXPECT_THROW(RunDirectory("..", true), OutputError);
  EXPECT_THROW(RunDirectory(std::filesystem::current_path(), true), OutputError);
  EXPECT_THROW(RunDirectory(std::filesystem::current_path().parent_path(), true), OutputError);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"mine"});
  EXPECT_EQ(entries(dir.path() / "mine"), std::vector<std::string>{"notes.txt"});
}

TEST(RunDirectory, UniqueNamesTakeTheNextFreeSuffixAtCommit) {
  testing::TempDir dir;
  const auto out = dir.path() / "id";
  RunDirectory first(out, false, true), second(out, false, true);
  first.commit();
  second.commit();
  EXPECT_EQ(first.final_dir(), out);
  EXPECT_EQ(second.final_dir(), dir.path() / "id-2");
}

TEST(RunDirectory, StagingOfDeadProcessesIsRemovedAndLiveStagingKept) {
  testing::TempDir dir;
  // A dead owner: a lock file nobody holds, and an old-style folder of a process that is gone.
  dir.write(".dead.partial-999999999/measures.csv", "half");
  dir.write(".dead.partial-999999999.lock", "");
  dir.write(".old.partial-999999998/measures.csv", "half");
  {
    RunDirectory live(dir.path() / "live", false);
    const std::string staging = live.staging().filename().string();
    EXPECT_EQ(staging.rfind(".live.partial-" + std::to_string(::getpid()) + "-", 0), 0u) << staging;
    EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{staging, staging + ".lock"}));
    RunDirectory other(dir.path() / "other", false);  // its clean-up leaves the live lock alone
    EXPECT_TRUE(std::filesystem::exists(live.staging()));
  }
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(RunDirectory, RemoveAllStagingEmptiesEveryUncommittedFolder) {
  testing::TempDir dir;
  RunDirectory a(dir.path() / "a", false);
  write_text("x", a.staging() / "x.csv");
  remove_all_staging();
  EXPECT_FALSE(std::filesystem::exists(a.staging()));
  EXPECT_THROW(a.commit(), OutputError);
}

TEST(ReplaceFile, WritesWholeOrNotAtAll) {
  testing::TempDir dir;
  const auto file = dir.write("report.md", "old");
  replace_file("new", file);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"report.md"});
  EXPECT_THROW(replace_file("x", dir.path() / "absent" / "report.md"), OutputError);
  EXPECT_THROW(check_can_write_beside(dir.path() / "absent" / "report.md"), OutputError);
  EXPECT_NO_THROW(check_can_write_beside(file));
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"report.md"});
}

}  // namespace
}  // namespace icsim::output
