// PluginLoader with fixture plugins built by the tests (plugins/fixture_plugin.cc in variants): the good
// one loads, migrates, serves, schedules, subscribes and unloads cleanly; every broken one is refused
// with a message naming it and the reason, and the engine carries on.
#include <dlfcn.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include "engine/api/abi_version.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_commands.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;
using nlohmann::json;
using namespace std::chrono_literals;

const std::filesystem::path kFixtures = GEOREP_FIXTURE_PLUGINS_DIR;

std::filesystem::path fixture(const std::string& name) { return kFixtures / name / "libfixture.so"; }

bool libraryIsLoaded(const std::filesystem::path& path) {
  void* handle = ::dlopen(std::filesystem::canonical(path).c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

// Collects events; lets a test wait for one by name.
class EventLog {
 public:
  void operator()(const api::Event& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
    changed_.notify_all();
  }
  std::optional<api::Event> waitFor(const std::string& name) {
    std::unique_lock lock(mutex_);
    std::optional<api::Event> found;
    changed_.wait_for(lock, 30s, [&] {
      for (const auto& e : events_) {
        if (e.name == name) {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::size_t count(const std::string& name) {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(events_.begin(), events_.end(), [&](const auto& e) { return e.name == name; }));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<api::Event> events_;
};

class PluginLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marker_ = std::filesystem::temp_directory_path() /
              ("georep_fixture_marker_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove(marker_);
    ::setenv("GEOREP_FIXTURE_MARKER", marker_.c_str(), 1);
    subscription_ = events_.subscribe(std::ref(seen_));
  }
  void TearDown() override {
    loader_.unloadAll();
    subscription_.disconnect();
    ::unsetenv("GEOREP_FIXTURE_MARKER");
    std::filesystem::remove(marker_);
  }

  // The lifecycle lines the fixtures wrote ("fixture_good started", ...).
  std::vector<std::string> marks() {
    std::ifstream in(marker_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  void expectRefused(const std::string& name, const std::string& reason) {
    auto result = loader_.load(fixture(name), json::object());
    EXPECT_FALSE(result.ok) << name;
    EXPECT_NE(result.message.find("fixture_" + name), std::string::npos) << result.message;
    EXPECT_NE(result.message.find(reason), std::string::npos) << result.message;
    EXPECT_TRUE(loader_.loaded().empty());
    EXPECT_FALSE(libraryIsLoaded(fixture(name))) << name << " still loaded after refusal";
  }

  bool tableExists(const std::string& table) {
    auto lease = db_.database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = :t", soci::use(table),
        soci::into(n);
    return n == 1;
  }

  TestDatabase db_{TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineCommandBus commands_;
  EngineEventBus events_{&audit_};
  EngineScheduler scheduler_{2};
  PgInventory inventory_{db_.database()};
  PluginLoader loader_{commands_, events_, scheduler_, db_.database(), inventory_};
  EventLog seen_;
  boost::signals2::connection subscription_;
  std::filesystem::path marker_;
};

TEST_F(PluginLoaderTest, GoodPluginLoadsServesAndUnloadsCleanly) {
  const json configs{{"fixture_good", {{"greeting", "hello"}}}, {"someone_else", {{"x", 1}}}};
  auto result = loader_.load(fixture("good"), configs);
  ASSERT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.id, "fixture_good");
  EXPECT_TRUE(libraryIsLoaded(fixture("good")));

  auto loaded = loader_.loaded();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, "fixture_good");
  EXPECT_EQ(loaded[0].version, "1.0.0");
  EXPECT_EQ(loaded[0].commands, 2u);
  EXPECT_EQ(loaded[0].jobs, 1u);

  // Its migrations ran before it started, recorded under its id.
  EXPECT_TRUE(tableExists("fixture_things"));
  {
    auto lease = db_.database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM schema_migrations WHERE component = 'fixture_good'", soci::into(n);
    EXPECT_EQ(n, 1);
  }

  // Its command, with its own config section and validated parameters.
  auto outcome = commands_.dispatch("fixture_good.echo", json{{"text", "hi"}});
  ASSERT_TRUE(outcome.ok) << outcome.error->what();
  EXPECT_EQ(outcome.result["text"], "hi");
  EXPECT_EQ(outcome.result["config"], (json{{"greeting", "hello"}}));
  EXPECT_EQ(outcome.result["dir"], (kFixtures / "good").string());
  EXPECT_EQ(commands_.dispatch("fixture_good.echo", json::object()).error->field(), "text");
  // A throwing plugin handler is an internal error; the engine and the plugin live on.
  auto failed = commands_.dispatch("fixture_good.fail", json::object());
  ASSERT_FALSE(failed.ok);
  EXPECT_EQ(failed.error->code(), api::ErrorCode::kInternal);
  EXPECT_TRUE(commands_.dispatch("fixture_good.echo", json{{"text", "still here"}}).ok);

  // Its job runs, with a correlation id; its subscription answers.
  auto tick = seen_.waitFor("fixture_good.tick");
  ASSERT_TRUE(tick);
  EXPECT_FALSE(tick->correlationId.empty());
  events_.raise(api::Event{0, {}, "test.ping", api::Severity::kInfo, "", "", json{{"n", 7}}});
  auto pong = seen_.waitFor("fixture_good.pong");
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->body["n"], 7);

  EXPECT_TRUE(loader_.unload("fixture_good"));
  EXPECT_TRUE(loader_.loaded().empty());
  EXPECT_FALSE(libraryIsLoaded(fixture("good")));
  EXPECT_EQ(commands_.dispatch("fixture_good.echo", json{{"text", "hi"}}).error->code(), api::ErrorCode::kNotFound);
  const auto pongs = seen_.count("fixture_good.pong");
  events_.raise(api::Event{0, {}, "test.ping", api::Severity::kInfo, "", "", json::object()});
  EXPECT_EQ(seen_.count("fixture_good.pong"), pongs);
  EXPECT_EQ(marks(), (std::vector<std::string>{"fixture_good loaded", "fixture_good created", "fixture_good started",
                                               "fixture_good stopped", "fixture_good destroyed"}));
  EXPECT_FALSE(loader_.unload("fixture_good"));
}

TEST_F(PluginLoaderTest, PluginDirectoryCanBeGivenInsteadOfTheLibrary) {
  auto result = loader_.load(kFixtures / "other", json::object());
  ASSERT_TRUE(result.ok) << result.message;
  EXPECT_EQ(loader_.loaded().at(0).library, kFixtures / "other" / "libfixture.so");
}

TEST_F(PluginLoaderTest, MissingFileIsRefused) {
  auto result = loader_.load(kFixtures / "nowhere" / "libnothing.so", json::object());
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("libnothing.so"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("no such file"), std::string::npos) << result.message;
}

TEST_F(PluginLoaderTest, MissingManifestIsRefused) {
  const auto dir = std::filesystem::temp_directory_path() / ("georep_nomanifest_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(fixture("other"), dir / "libfixture.so", std::filesystem::copy_options::overwrite_existing);
  auto result = loader_.load(dir / "libfixture.so", json::object());
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("manifest.json"), std::string::npos) << result.message;
  EXPECT_TRUE(marks().empty()) << "the library was loaded without a manifest";
}

TEST_F(PluginLoaderTest, WrongAbiInManifestIsRefusedBeforeTheLibraryIsLoaded) {
  expectRefused("wrong_abi_manifest", "ABI version");
  EXPECT_TRUE(marks().empty()) << "the library's code ran: " << marks().front();
}

TEST_F(PluginLoaderTest, WrongAbiSymbolIsRefused) {
  expectRefused("wrong_abi_symbol", "reports ABI version");
  EXPECT_EQ(marks(), std::vector<std::string>{"fixture_wrong_abi_symbol loaded"});  // nothing created
}

TEST_F(PluginLoaderTest, MissingAbiSymbolIsRefused) { expectRefused("no_abi_symbol", "georep_plugin_abi_version"); }

TEST_F(PluginLoaderTest, MissingFactoryIsRefused) { expectRefused("no_factory", "georep_plugin_factory"); }

TEST_F(PluginLoaderTest, ThrowingFactoryIsRefused) {
  expectRefused("throwing_factory", "factory threw: factory cannot allocate (fixture)");
}

TEST_F(PluginLoaderTest, FactoryReturningNothingIsRefused) { expectRefused("null_factory", "returned no plugin"); }

TEST_F(PluginLoaderTest, FailingStartIsRefusedAndWhatItRegisteredIsGone) {
  expectRefused("failing_start", "start failed: cannot reach glusterd (fixture)");
  EXPECT_TRUE(commands_.commands().empty());
  EXPECT_EQ(commands_.dispatch("fixture_failing_start.echo", json{{"text", "x"}}).error->code(),
            api::ErrorCode::kNotFound);
  EXPECT_EQ(marks(), (std::vector<std::string>{"fixture_failing_start loaded", "fixture_failing_start created",
                                               "fixture_failing_start started", "fixture_failing_start stopped",
                                               "fixture_failing_start destroyed"}));
}

TEST_F(PluginLoaderTest, FailingMigrationIsRefusedBeforeThePluginIsCreated) {
  expectRefused("bad_migration", "0001_broken.sql");
  EXPECT_FALSE(tableExists("fixture_half"));
  EXPECT_EQ(marks(), std::vector<std::string>{"fixture_bad_migration loaded"});
}

TEST_F(PluginLoaderTest, NotALibraryIsRefused) {
  const auto dir = std::filesystem::temp_directory_path() / ("georep_notalib_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "libfixture.so") << "not an ELF file";
  std::ofstream(dir / "manifest.json") << json{{"id", "fixture_garbage"}, {"version", "1"}, {"abi_version", api::kAbiVersion}};
  auto result = loader_.load(dir / "libfixture.so", json::object());
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.message.find("fixture_garbage"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("cannot load the library"), std::string::npos) << result.message;
}

TEST_F(PluginLoaderTest, BadConfigSectionAndDuplicateIdAreRefused) {
  auto bad = loader_.load(fixture("other"), json{{"fixture_other", "not an object"}});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.message.find("configuration"), std::string::npos) << bad.message;
  ASSERT_TRUE(loader_.load(fixture("other"), json::object()).ok);
  auto again = loader_.load(kFixtures / "other", json::object());
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.message.find("already loaded"), std::string::npos) << again.message;
  EXPECT_EQ(loader_.loaded().size(), 1u);
}

TEST_F(PluginLoaderTest, EngineCarriesOnAfterEveryKindOfRefusal) {
  for (const char* name : {"wrong_abi_manifest", "wrong_abi_symbol", "no_abi_symbol", "no_factory", "throwing_factory",
                           "null_factory", "failing_start", "bad_migration"}) {
    EXPECT_FALSE(loader_.load(fixture(name), json::object()).ok) << name;
  }
  ASSERT_TRUE(loader_.load(fixture("good"), json::object()).ok);
  ASSERT_TRUE(loader_.load(fixture("other"), json::object()).ok);
  EXPECT_TRUE(commands_.dispatch("fixture_good.echo", json{{"text", "a"}}).ok);
  EXPECT_TRUE(commands_.dispatch("fixture_other.echo", json{{"text", "b"}}).ok);
  auto loaded = loader_.loaded();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].id, "fixture_good");
  EXPECT_EQ(loaded[1].id, "fixture_other");

  // engine.plugins tells the operator what runs and what was refused, and why.
  auto reg = registerPluginCommands(commands_, loader_);
  auto listing = commands_.dispatch("engine.plugins", json::object());
  ASSERT_TRUE(listing.ok);
  ASSERT_EQ(listing.result["plugins"].size(), 2u);
  EXPECT_EQ(listing.result["plugins"][0]["id"], "fixture_good");
  EXPECT_EQ(listing.result["plugins"][0]["commands"], 2);
  EXPECT_EQ(listing.result["plugins"][0]["jobs"], 1);
  ASSERT_EQ(listing.result["refused"].size(), 8u);
  EXPECT_EQ(listing.result["refused"][4]["id"], "fixture_throwing_factory");
  EXPECT_NE(listing.result["refused"][4]["reason"].get<std::string>().find("factory threw"), std::string::npos);
  reg.reset();

  loader_.unloadAll();
  EXPECT_TRUE(commands_.commands().empty());
  EXPECT_FALSE(libraryIsLoaded(fixture("good")));
  EXPECT_FALSE(libraryIsLoaded(fixture("other")));
}

TEST_F(PluginLoaderTest, WhatALeakyPluginLeavesBehindIsRemovedBeforeItsLibraryGoes) {
  ASSERT_TRUE(loader_.load(fixture("leaky"), json::object()).ok);
  ASSERT_TRUE(seen_.waitFor("fixture_leaky.tick"));
  EXPECT_TRUE(loader_.unload("fixture_leaky"));
  EXPECT_FALSE(libraryIsLoaded(fixture("leaky")));
  EXPECT_TRUE(commands_.commands().empty());
  // Its subscription is gone too: raising what it listened to is harmless.
  events_.raise(api::Event{0, {}, "test.ping", api::Severity::kInfo, "", "", json::object()});
  EXPECT_EQ(seen_.count("fixture_leaky.pong"), 0u);
  // Its job no longer runs: another job's runs prove the workers were free to run it.
  const auto ticks = seen_.count("fixture_leaky.tick");
  std::mutex m;
  std::condition_variable cv;
  int witness = 0;
  api::JobSpec spec;
  spec.name = "test.witness";
  spec.interval = 1ms;
  spec.runImmediately = true;
  spec.run = [&] {
    std::lock_guard lock(m);
    ++witness;
    cv.notify_all();
  };
  auto reg = scheduler_.schedule(spec);
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 30s, [&] { return witness >= 20; }));
  }
  reg.reset();
  EXPECT_EQ(seen_.count("fixture_leaky.tick"), ticks);
}

}  // namespace
}  // namespace georep::engine
