// PgDatabase: a bad connect string fails at start with the password masked; lost connections are
// reconnected (by reconnectBroken() and, on demand, when a lease is taken); leases are bounded
// (`unavailable` on timeout) and never nested on one thread (`internal`, naming both sites);
// leaseShared() joins the thread's lease; a PostgreSQL outage is `unavailable` through the command bus
// and the first command after the restart works.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "engine/api/command_error.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/db/pg_database.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;
using namespace std::chrono_literals;

int selectOne(soci::session& sql) {
  int one = 0;
  sql << "SELECT 1", soci::into(one);
  return one;
}

TEST(PgDatabase, UnreachableDatabaseFailsAtStartWithoutThePassword) {
  try {
    PgDatabase db("dbname=nope host=/nonexistent/socket user=x password=s3cret connect_timeout=2", 2);
    FAIL() << "connected to nothing";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
    EXPECT_NE(what.find("password=***"), std::string::npos) << what;
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
  }
  EXPECT_THROW(PgDatabase("dbname=x", 0), std::invalid_argument);
}

// Kills every server process of the database, as a PostgreSQL restart would, and waits until they are gone.
long long terminateEveryBackendOf(const std::string& dbname) {
  soci::session admin(soci::postgresql, std::getenv("GEOREP_TEST_DB"));
  long long killed = 0;
  admin << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :d", soci::use(dbname),
      soci::into(killed);
  for (long long left = 1; left > 0;) {
    admin << "SELECT count(*) FROM pg_stat_activity WHERE datname = :d", soci::use(dbname), soci::into(left);
    if (left > 0) std::this_thread::sleep_for(10ms);
  }
  // A backend leaves pg_stat_activity before its process exits and its socket closes: give the FIN
  // time to reach the pooled connections, as it has long done when a real outage is noticed.
  std::this_thread::sleep_for(200ms);
  return killed;
}

TEST(PgDatabase, LostConnectionsAreReconnected) {
  TestDatabase test(TestDatabase::Schema::kEmpty, 1);
  PgDatabase db(test.connectString(), 3);
  EXPECT_EQ(db.poolSize(), 3u);
  EXPECT_EQ(db.reconnectBroken(), 0u);
  // Kill every server process of this database, as a PostgreSQL restart would.
  ASSERT_GE(terminateEveryBackendOf(test.name()), 3);
  EXPECT_EQ(db.reconnectBroken(), 3u);
  for (int i = 0; i < 3; ++i) {
    auto lease = db.lease(1s);
    EXPECT_EQ(selectOne(lease.sql()), 1);
  }
}

TEST(PgDatabase, ABrokenConnectionIsReconnectedWhenLeased) {
  TestDatabase test(TestDatabase::Schema::kEmpty, 1);
  PgDatabase db(test.connectString(), 2);
  ASSERT_GE(terminateEveryBackendOf(test.name()), 2);
  // No reconnectBroken(): the very next leases work.
  for (int i = 0; i < 4; ++i) {
    auto lease = db.lease(1s);
    EXPECT_EQ(selectOne(lease.sql()), 1);
  }
}

TEST(PgDatabase, LeaseIsBoundedAndUnavailableWhenThePoolIsBusy) {
  TestDatabase test(TestDatabase::Schema::kEmpty, 1);
  PgDatabase db(test.connectString(), 1);
  std::promise<void> taken;
  std::promise<void> release;
  auto holder = std::async(std::launch::async, [&] {
    auto lease = db.lease(1s);
    taken.set_value();
    release.get_future().wait();
  });
  taken.get_future().wait();
  EXPECT_EQ(db.idleCount(), 0u);
  try {
    db.lease(100ms);
    ADD_FAILURE() << "leased from an exhausted pool";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), api::ErrorCode::kUnavailable) << e.what();
  }
  release.set_value();
  holder.get();
  EXPECT_EQ(db.idleCount(), 1u);
  auto lease = db.lease(100ms);
  EXPECT_EQ(selectOne(lease.sql()), 1);
}

TEST(PgDatabase, ANestedLeaseOnOneThreadFailsLoudlyNamingBothSites) {
  TestDatabase test(TestDatabase::Schema::kEmpty, 1);
  PgDatabase db(test.connectString(), 4);
  auto outer = db.lease(1s);
  try {
    auto inner = db.lease(1s);
    ADD_FAILURE() << "a second lease on one thread was granted";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), api::ErrorCode::kInternal);
    const std::string what = e.what();
    EXPECT_NE(what.find("nested database lease"), std::string::npos) << what;
    EXPECT_NE(what.find("pg_database_test.cc"), what.rfind("pg_database_test.cc")) << "both sites: " << what;
  }
  // Another thread may lease meanwhile, and leaseShared() joins this thread's connection.
  EXPECT_NO_THROW(std::async(std::launch::async, [&] { return selectOne(db.lease(1s).sql()); }).get());
  auto shared = db.leaseShared(1s);
  EXPECT_FALSE(shared.owning());
  EXPECT_EQ(&shared.sql(), &outer.sql());
  EXPECT_EQ(db.idleCount(), 3u);
  outer = api::DbLease();
  EXPECT_EQ(db.idleCount(), 4u);
  auto again = db.lease(1s);  // the thread holds none any more
  EXPECT_TRUE(again.owning());
}

// A PostgreSQL server of the test's own (scripts/pg-temp), stopped and started at will.
class PrivateServer {
 public:
  PrivateServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "georep-pgrestart-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    url_ = run("start");
  }
  ~PrivateServer() {
    run("stop");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& url() const { return url_; }
  void stop() { run("stop"); }
  void start() { run("start"); }

 private:
  std::string run(const std::string& verb) {
    const std::string command = std::string(GEOREP_SOURCE_DIR) + "/scripts/pg-temp " + verb + " " + dir_.string();
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
    if (::pclose(pipe) != 0) throw std::runtime_error(command + " failed");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  std::filesystem::path dir_;
  std::string url_;
};

TEST(PgDatabaseOutage, CommandsAreUnavailableDuringARestartAndTheNextOneWorks) {
  PrivateServer server;
  PgDatabase db(server.url(), 2);
  EngineCommandBus bus;
  auto ping = bus.registerHandler(api::CommandSpec{"test.db.ping", "", {}},
                                  [&](const nlohmann::json&, const api::CommandContext&) {
                                    auto lease = db.lease(2s);
                                    return nlohmann::json{{"one", selectOne(lease.sql())}};
                                  });
  // A connection lost in the middle of a command: `unavailable`, not `internal`.
  auto suicide = bus.registerHandler(api::CommandSpec{"test.db.lost", "", {}},
                                     [&](const nlohmann::json&, const api::CommandContext&) {
                                       auto lease = db.lease(2s);
                                       lease.sql() << "SELECT pg_terminate_backend(pg_backend_pid())";
                                       return nlohmann::json::object();
                                     });
  ASSERT_TRUE(bus.dispatch("test.db.ping", nlohmann::json::object()).ok);
  auto lost = bus.dispatch("test.db.lost", nlohmann::json::object());
  ASSERT_FALSE(lost.ok);
  EXPECT_EQ(lost.error->code(), api::ErrorCode::kUnavailable) << lost.error->what();
  EXPECT_TRUE(bus.dispatch("test.db.ping", nlohmann::json::object()).ok) << "the connection lost mid-command was not replaced";

  server.stop();
  for (int i = 0; i < 3; ++i) {
    auto outcome = bus.dispatch("test.db.ping", nlohmann::json::object());
    ASSERT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.error->code(), api::ErrorCode::kUnavailable) << outcome.error->what();
  }
  server.start();
  // The very first command after the restart works, on every pooled connection.
  for (int i = 0; i < 2; ++i) {
    auto outcome = bus.dispatch("test.db.ping", nlohmann::json::object());
    EXPECT_TRUE(outcome.ok) << outcome.error->what();
  }
  auto both = std::async(std::launch::async, [&] { return bus.dispatch("test.db.ping", nlohmann::json::object()).ok; });
  auto held = db.lease(2s);
  EXPECT_EQ(selectOne(held.sql()), 1);
  EXPECT_TRUE(both.get());
}

}  // namespace
}  // namespace georep::engine
