// Scenario loading: every class of mistake is reported with its file, JSON pointer and what was
// expected, all at once; extends merges as RFC 7396; tables come from CSV files.
#include "scenarios/loader.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <limits>
#include <map>

#include "tests/test_support.hpp"

namespace icsim::scenarios {
namespace {

using testing::TempDir;
using testing::write_what_if;

std::vector<std::string> problems_of(const std::filesystem::path& file) {
  try {
    load_scenario(file);
  } catch (const ScenarioError& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) out.push_back(p.to_string());
    return out;
  }
  return {};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(Loader, BaselineLoads) {
  const LoadedScenario& s = testing::baseline();
  EXPECT_EQ(s.model->name, "mse-baseline");
  EXPECT_EQ(s.model->run.years, 10);
  EXPECT_EQ(s.digest.size(), 64u);
  // The chain base first (the world, then the baseline that extends it), then the five tables.
  ASSERT_EQ(s.sources.size(), 7u);
  const auto scenarios_dir = testing::source_dir() / "scenarios";
  EXPECT_EQ(s.sources[0].path, (scenarios_dir / "mse-world.json").string());
  EXPECT_EQ(s.sources[0].role, "extends");
  EXPECT_EQ(s.sources[1].path, testing::baseline_path().string());
  EXPECT_EQ(s.sources[1].role, "scenario");
  for (std::size_t i = 2; i < s.sources.size(); ++i) {
    EXPECT_EQ(s.sources[i].role, "table") << s.sources[i].path;
    EXPECT_EQ(s.sources[i].sha256.size(), 64u);
  }
}

TEST(Loader, UnknownKeyIsRejectedWithASuggestion) {
  TempDir dir;
  const auto file = write_what_if(dir, R"("run": {"yeras": 5})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind(file.string() + ":/run/yeras: unknown key \"yeras\"", 0), 0u) << problems[0];
  EXPECT_NE(problems[0].find("Did you mean \"years\"?"), std::string::npos) << problems[0];
}

TEST(Loader, WrongTypeAndOutOfRangeSayWhatWasExpected) {
  TempDir dir;
  const auto file = write_what_if(dir, R"("run": {"years": "ten", "seed": -1}, "population": {"scale": 0})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 3u) << joined(problems);
  EXPECT_EQ(problems[0], file.string() + ":/run/years: wrong type (got \"ten\"; expected an integer from 1 to 100 (years))");
  EXPECT_NE(problems[1].find(":/run/seed: out of range (got -1; expected an integer from 0 to"), std::string::npos) << problems[1];
  EXPECT_NE(problems[2].find(":/population/scale: out of range (got 0; expected a number from 0.0001 to 10 (ratio))"), std::string::npos)
      << problems[2];
}

TEST(Loader, MissingRequiredKeyIsReported) {
  TempDir dir;
  const auto file = dir.write("bare.json", R"({"schema_version": 1, "name": "bare"})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 5u) << joined(problems);
  EXPECT_NE(problems[0].find(":/world: missing required key \"world\""), std::string::npos);
  EXPECT_NE(problems[3].find(":/health: missing required key \"health\""), std::string::npos) << problems[3];
  EXPECT_NE(problems[4].find(":/care_pathway: missing required key \"care_pathway\""), std::string::npos) << problems[4];
}

TEST(Loader, CrossReferencesAreChecked) {
  TempDir dir;
  nlohmann::json world = nlohmann::json::parse(testing::baseline().effective_json)["world"];
  world["pcns"][0]["place"] = "atlantis";
  world["pcns"][2]["practices"].push_back(world["pcns"][1]["practices"][0]);
  world["councils"][0]["places"].push_back("nowhere");
  const auto file = write_what_if(dir, "\"world\": " + world.dump());
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 2u) << joined(problems);
  EXPECT_NE(problems[0].find(":/world/councils/0/places/1: unknown Place (got \"nowhere\"; expected one of:"), std::string::npos)
      << problems[0];
  EXPECT_NE(problems[1].find(":/world/pcns/0/place: unknown Place (got \"atlantis\"; expected one of: basildon_brentwood"),
            std::string::npos) << problems[1];
  // With references repaired, the practice listed by two PCNs is caught by the graph.
  world["pcns"][0]["place"] = testing::baseline().model->world.places[static_cast<std::size_t>(testing::baseline().model->world.pcns[0].place)].id;
  world["councils"][0]["places"].erase(1);
  const auto again = problems_of(write_what_if(dir, "\"world\": " + world.dump(), "again.json"));
  ASSERT_EQ(again.size(), 1u) << joined(again);
  EXPECT_NE(again[0].find("is in 2 PCNs"), std::string::npos) << again[0];
}

TEST(Loader, DuplicateIdsAndBadDatesAreReported) {
  TempDir dir;
  nlohmann::json places = nlohmann::json::parse(testing::baseline().effective_json)["world"]["places"];
  places[1]["id"] = places[0]["id"];
  const auto problems = problems_of(write_what_if(dir, R"("run": {"start_date": "2021-02-30"}, "world": {"places": )" + places.dump() + "}"));
  ASSERT_GE(problems.size(), 2u) << joined(problems);
  EXPECT_NE(problems[0].find(":/run/start_date: not a date (got \"2021-02-30\""), std::string::npos) << problems[0];
  EXPECT_NE(joined(problems).find(":/world/places/1/id: duplicate Place id (got \"thurrock\""), std::string::npos) << joined(problems);
}

TEST(Loader, ThreeMistakesGiveThreeLines) {
  TempDir dir;
  const auto problems = problems_of(write_what_if(dir, R"("run": {"years": 0}, "demography": {"male_birth_shar": 0.5}, "population": {"scale": "big"})"));
  EXPECT_EQ(problems.size(), 3u) << joined(problems);
}

TEST(Loader, ExtendsMergesAsJsonMergePatch) {
  TempDir dir;
  const auto mid = write_what_if(dir, R"("name": "mid", "run": {"years": 3}, "description": "to be removed")", "mid.json");
  const auto top = dir.write("top.json", R"({"schema_version": 1, "extends": "mid.json", "name": "top", "run": {"seed": 7},
                                            "description": null})");
  const LoadedScenario s = load_scenario(top);
  EXPECT_EQ(s.model->name, "top");
  EXPECT_EQ(s.model->run.years, 3);   // from the middle file
  EXPECT_EQ(s.model->run.seed, 7u);   // from the top file
  EXPECT_EQ(s.model->description, "");  // null deletes
  EXPECT_EQ(s.model->world.pcns.size(), 28u);  // from the base
  // The baseline itself extends the world file, so the chain is world, baseline, mid, top.
  ASSERT_GE(s.sources.size(), 4u);
  EXPECT_EQ(s.sources[0].path, (testing::source_dir() / "scenarios" / "mse-world.json").string());
  EXPECT_EQ(s.sources[1].path, testing::baseline_path().string());
  EXPECT_EQ(s.sources[2].path, mid.string());
  EXPECT_EQ(s.sources[3].path, top.string());
  EXPECT_EQ(s.sources[2].role, "extends");
  EXPECT_EQ(s.sources[3].role, "scenario");
  const auto effective = nlohmann::json::parse(s.effective_json);
  EXPECT_FALSE(effective.contains("extends"));
  EXPECT_TRUE(effective["population"]["census"].is_array());  // tables are inlined
  EXPECT_EQ(effective["demography"]["male_birth_share"], 0.512);  // defaults are written out
}

TEST(Loader, ErrorsAreAttributedToTheFileThatSetTheValue) {
  TempDir dir;
  write_what_if(dir, R"("run": {"years": 500})", "base.json");
  const auto top = dir.write("top.json", R"({"schema_version": 1, "extends": "base.json", "name": "x"})");
  const auto problems = problems_of(top);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind((dir.path() / "base.json").string() + ":/run/years", 0), 0u) << problems[0];
}

TEST(Loader, EffectiveScenarioReloadsToTheSameDigest) {
  TempDir dir;
  const auto file = dir.write("effective.json", testing::baseline().effective_json);
  const LoadedScenario again = load_scenario(file);
  EXPECT_EQ(again.digest, testing::baseline().digest);
}

TEST(Loader, CommandLineOverridesAreValidated) {
  Overrides o;
  o.years = 0;
  try {
    load_scenario(testing::baseline_path(), o);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].file, "command line");
  }
  o.years = 2;
  o.seed = 5;
  o.scale = 0.5;
  const LoadedScenario s = load_scenario(testing::baseline_path(), o);
  EXPECT_EQ(s.model->run.years, 2);
  EXPECT_EQ(s.model->run.seed, 5u);
  EXPECT_EQ(s.model->population.scale, 0.5);
}

TEST(Loader, CsvTableErrorsNameTheFileAndLine) {
  TempDir dir;
  dir.write("census.csv", "lad_code,sex,age_band,residents\nE06000034,female,0-4,100\nE06000034,woman,0-4,-5\n");
  const auto problems = problems_of(write_what_if(dir, R"("population": {"census": "census.csv"})"));
  const std::string all = joined(problems);
  EXPECT_NE(all.find("census.csv:/1/sex: (line 3) not an allowed value (got \"woman\"; expected one of \"female\", \"male\")"),
            std::string::npos) << all;
  EXPECT_NE(all.find("census.csv:/1/residents: (line 3) out of range (got -5"), std::string::npos) << all;
}

TEST(Loader, BadJsonAndWrongSchemaVersionAreBadInput) {
  TempDir dir;
  EXPECT_NE(joined(problems_of(dir.write("broken.json", "{\"schema_version\": 1,"))).find("not valid JSON"), std::string::npos);
  EXPECT_NE(joined(problems_of(dir.write("v2.json", "{\"schema_version\": 2}"))).find("/schema_version: unsupported schema version (got 2; expected 1)"),
            std::string::npos);
}

TEST(Loader, AMissingScenarioIsAnEnvironmentErrorAndAMissingFileItNamesIsBadInput) {
  TempDir dir;
  EXPECT_THROW(load_scenario(dir.path() / "absent.json"), EnvironmentError);
  const auto file = write_what_if(dir, R"("demography": {"life_table": "absent.csv"})");
  const auto problems = problems_of(file);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0], file.string() + ":/demography/life_table: cannot read the table \"" + (dir.path() / "absent.csv").string() +
                             "\" (no such file)");
}

}  // namespace
}  // namespace icsim::scenarios

namespace icsim::scenarios {
namespace {

TEST(Loader, MissingListsAndUnsafeNamesAreBadInput) {
  testing::TempDir dir;
  nlohmann::json world = nlohmann::json::parse(testing::baseline().effective_json)["world"];
  world["places"][0].erase("local_authorities");
  const auto problems = problems_of(testing::write_what_if(dir, R"("name": "../escape", "world": )" + world.dump()));
  const std::string all = joined(problems);
  EXPECT_NE(all.find(":/world/places/0/local_authorities: missing required key"), std::string::npos) << all;
  EXPECT_NE(all.find(":/name: not a usable name (got \"../escape\""), std::string::npos) << all;
}

}  // namespace
}  // namespace icsim::scenarios

namespace icsim::scenarios {
namespace {

TEST(Loader, NonFiniteNumbersAreBadInput) {
  Overrides o;
  o.scale = std::numeric_limits<double>::quiet_NaN();
  try {
    load_scenario(testing::baseline_path(), o);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_NE(e.problems()[0].message.find("not a finite number (got nan"), std::string::npos) << e.problems()[0].message;
  }
  testing::TempDir dir;
  dir.write("life.csv", "sex,age,mx\nfemale,0,nan\n");
  const std::string all = joined(problems_of(testing::write_what_if(dir, R"("demography": {"life_table": "life.csv"})")));
  EXPECT_NE(all.find("life.csv:/0/mx: (line 2) not a finite number"), std::string::npos) << all;
}

TEST(Loader, EveryPlaceNeedsPcnsPatientsAndSmallAreas) {
  testing::TempDir dir;
  nlohmann::json world = nlohmann::json::parse(testing::baseline().effective_json)["world"];
  world["places"].push_back({{"id", "empty"}, {"name", "Empty"}, {"local_authorities", {"E99999999"}}, {"growth_per_year", 0}});
  for (auto& practice : world["practices"]) {
    if (practice["id"] == world["pcns"][0]["practices"][0]) {
      practice["list_size"] = 0;
      practice["list_size_50_plus"] = 0;
    }
  }
  const std::string all = joined(problems_of(testing::write_what_if(dir, R"("world": )" + world.dump())));
  EXPECT_NE(all.find(":/world/places/4: Place 'empty' contains no PCN"), std::string::npos) << all;
  // Census rows, registered patients and small areas are also missing for the new Place.
  EXPECT_NE(all.find("no row for E99999999"), std::string::npos) << all;
  EXPECT_NE(all.find(":/world/places/4: the practices of Place \"empty\" have no registered patients"), std::string::npos) << all;
  EXPECT_NE(all.find(":/population/deprivation: no small areas with people in Place \"empty\""), std::string::npos) << all;
}

TEST(Loader, InlineRowsOverridingACsvTableAreReportedAgainstTheirOwnFile) {
  testing::TempDir dir;
  const auto file = testing::write_what_if(
      dir, R"("population": {"census": [{"lad_code": "E06000034", "sex": "woman", "age_band": "0-4", "residents": 1}]})");
  const auto problems = problems_of(file);
  const std::string all = joined(problems);
  EXPECT_NE(all.find(file.string() + ":/population/census/0/sex: not an allowed value"), std::string::npos) << all;
}

TEST(Loader, MissingSystemIsBadInput) {
  testing::TempDir dir;
  const std::string all = joined(problems_of(testing::write_what_if(dir, R"("world": {"system": null})")));
  EXPECT_NE(all.find(":/world/system: missing required key \"system\""), std::string::npos) << all;
}

}  // namespace
}  // namespace icsim::scenarios

// Regression tests for bad inputs that once crashed, hung or misled (each on in-memory files).
namespace icsim::scenarios {
namespace {

// Loads "s.json" from the given in-memory files; returns the problem lines, or "loaded".
std::vector<std::string> problems_in(const std::map<std::string, std::string>& files) {
  const FileReader read = [&](const std::filesystem::path& path) {
    const auto it = files.find(path.string());
    if (it == files.end()) throw UnreadableFile("no such file");
    return it->second;
  };
  try {
    load_scenario("s.json", {}, read);
  } catch (const ScenarioError& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) out.push_back(p.to_string());
    return out;
  }
  return {"loaded"};
}

TEST(LoaderRegression, NumbersBeyondDoubleAreLocatedBadInput) {
  for (const char* number : {"1e400", "-1e400"}) {
    const auto problems = problems_in({{"s.json", std::string("{\"schema_version\": 1,\n \"run\": {\"years\": ") + number + "}}"}});
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_EQ(problems[0].rfind("s.json: number out of range (line 2, column ", 0), 0u) << problems[0];
  }
}

TEST(LoaderRegression, DeepNestingIsRefusedWithoutRecursion) {
  const std::string deep = "{\"schema_version\": 1, \"x\": " + std::string(300000, '[');
  const auto problems = problems_in({{"s.json", deep}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find(": nested too deeply (expected at most 64 levels of arrays and objects)"), std::string::npos) << problems[0];
  EXPECT_EQ(problems[0].rfind("s.json:/x/0/0/", 0), 0u);
}

TEST(LoaderRegression, DuplicateKeysAreErrors) {
  const auto problems = problems_in({{"s.json", R"({"schema_version": 1, "name": "a", "run": {"years": 2, "years": 3}, "name": "b"})"}});
  EXPECT_NE(std::find(problems.begin(), problems.end(), "s.json:/run/years: duplicate key \"years\" (each key may appear once in an object)"),
            problems.end()) << joined(problems);
  EXPECT_NE(std::find(problems.begin(), problems.end(), "s.json:/name: duplicate key \"name\" (each key may appear once in an object)"),
            problems.end()) << joined(problems);
}

TEST(LoaderRegression, ParseErrorsArePlainAndEchoNothing) {
  const auto problems = problems_in({{"s.json", "{\"schema_version\": 1,\n  \"name\": secret-token}"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "s.json: not valid JSON (line 2, column 11: syntax error while parsing value - invalid literal)");
  EXPECT_EQ(problems_in({{"s.json", " \n"}}), std::vector<std::string>{"s.json: the file is empty (expected a JSON object)"});
}

TEST(LoaderRegression, ControlCharactersInKeysAreEscaped) {
  const auto problems = problems_in({{"s.json", "{\"schema_version\": 1, \"run\": {\"a\\u001b[31m\\nb\": 1}}"}});
  const std::string prefix = "s.json:/run/a\\u001b[31m\\u000ab: unknown key \"a\\u001b[31m\\u000ab\" (expected one of:";
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [&](const auto& line) { return line.rfind(prefix, 0) == 0; }))
      << joined(problems);
  for (const auto& line : problems) {
    for (char c : line) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << line;
  }
}

TEST(LoaderRegression, ExtendsOfAMissingFileIsLocatedAtTheKey) {
  const auto problems = problems_in({{"s.json", R"({"schema_version": 1, "extends": "base.json", "name": "x"})"}});
  EXPECT_EQ(problems, std::vector<std::string>{"s.json:/extends: cannot read the extended file \"base.json\" (no such file)"});
}

TEST(LoaderRegression, ATableThatIsSomeOtherFileIsNotEchoed) {
  const auto problems = problems_in({{"s.json", R"({"schema_version": 1, "name": "x", "demography": {"life_table": "t.csv"}})"},
                                     {"t.csv", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n"}});
  const std::string all = joined(problems);
  EXPECT_NE(all.find("t.csv: the header names none of the expected columns (expected: sex, age, mx)"), std::string::npos) << all;
  EXPECT_EQ(all.find("root:"), std::string::npos) << all;
}

TEST(LoaderRegression, NonUtf8TablesAreRefusedByLine) {
  const auto problems = problems_in({{"s.json", R"({"schema_version": 1, "name": "x", "demography": {"life_table": "t.csv"}})"},
                                     {"t.csv", "sex,age,mx\nfemale,0,0.1\nfem\xff" "ale,1,0.1\n"}});
  const std::string all = joined(problems);
  EXPECT_NE(all.find("t.csv: line 3 is not UTF-8 text"), std::string::npos) << all;
}

TEST(LoaderRegression, DatesAndNamesAreBounded) {
  for (const char* date : {"0001-01-01", "9999-12-01"}) {
    const auto problems = problems_in({{"s.json", std::string(R"({"schema_version": 1, "name": "x", "run": {"start_date": ")") + date + "\"}}"}});
    EXPECT_NE(joined(problems).find(std::string("s.json:/run/start_date: out of range (got \"") + date +
                                    "\"; expected a date from 1900-01-01 to 2200-12-31)"),
              std::string::npos)
        << joined(problems);
  }
  TempDir dir;
  const std::string all = joined(problems_of(write_what_if(dir, "\"name\": \"" + std::string(300, 'a') + "\"")));
  EXPECT_NE(all.find(":/name: not a usable name (got \"aaaa"), std::string::npos) << all;
  EXPECT_NE(all.find("expected 1 to 100 letters"), std::string::npos) << all;
}

TEST(LoaderRegression, AnEmptyListOfPlacesHasNoFollowOnProblems) {
  TempDir dir;
  const auto problems = problems_of(write_what_if(dir, R"("world": {"places": []})"));
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find(":/world/places: too few elements (got 0; expected at least 1)"), std::string::npos) << problems[0];
}

TEST(LoaderRegression, DiskFilesMustBeRegularAndBounded) {
  TempDir dir;
  EXPECT_THROW(read_input_file(dir.path()), UnreadableFile);
  EXPECT_THROW(read_input_file("/dev/zero"), UnreadableFile);
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    read_input_file(fifo);  // must not wait for a writer
    FAIL() << "a FIFO was read";
  } catch (const UnreadableFile& e) {
    EXPECT_STREQ(e.what(), "it is a device, FIFO or socket, not a regular file");
  }
  const auto big = dir.path() / "big.json";
  std::filesystem::resize_file(dir.write("big.json", ""), kMaxInputBytes + 1);
  EXPECT_THROW(read_input_file(big), UnreadableFile);
  EXPECT_EQ(read_input_file(dir.write("ok.json", "{}")), "{}");
}

}  // namespace
}  // namespace icsim::scenarios
