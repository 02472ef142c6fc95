// MigrationRunner against a real PostgreSQL: fresh apply, re-apply no-op, edited/removed/out-of-order
// migrations refused by name, a failing migration rolled back, two runners at once.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "engine/src/db/migration_runner.h"
#include "engine/src/db/pg_database.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;

class MigrationRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("georep_migrations_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name, const std::string& sql) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << sql;
  }

  long long count(const std::string& query) {
    auto lease = db_.database().leaseShared(std::chrono::seconds(10));  // the test body may hold one
    soci::session& sql = lease.sql();
    long long n = -1;
    sql << query, soci::into(n);
    return n;
  }

  bool tableExists(const std::string& table) {
    return count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '" + table + "'") == 1;
  }

  TestDatabase db_{TestDatabase::Schema::kEmpty};
  std::filesystem::path dir_;
};

TEST_F(MigrationRunnerTest, FreshApplyRunsEveryFileInOrderAndRecordsIt) {
  write("0001_create_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE log (what text);\n"
                             "INSERT INTO log VALUES ('0001');");
  write("0002_create_b.sql", "CREATE TABLE b (a_id int REFERENCES a(id));\nINSERT INTO log VALUES ('0002');");
  write("README.txt", "not a migration");

  MigrationRunner runner(db_.database());
  EXPECT_EQ(runner.apply("test", dir_), (std::vector<int>{1, 2}));

  EXPECT_TRUE(tableExists("a"));
  EXPECT_TRUE(tableExists("b"));
  auto lease = db_.database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  soci::rowset<soci::row> rows =
      sql.prepare << "SELECT version, description, checksum FROM schema_migrations WHERE component = 'test' "
                     "ORDER BY version";
  std::vector<std::tuple<int, std::string, std::string>> recorded;
  for (const auto& r : rows) recorded.emplace_back(r.get<int>(0), r.get<std::string>(1), r.get<std::string>(2));
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(std::get<0>(recorded[0]), 1);
  EXPECT_EQ(std::get<1>(recorded[0]), "create_a");
  EXPECT_EQ(std::get<2>(recorded[0]).size(), 64u);  // sha256, hex
  EXPECT_EQ(std::get<0>(recorded[1]), 2);
  EXPECT_NE(std::get<2>(recorded[0]), std::get<2>(recorded[1]));
  EXPECT_EQ(count("SELECT count(*) FROM log"), 2);
}

TEST_F(MigrationRunnerTest, ChecksumIsSha256OfTheFileBytes) {
  write("0001_x.sql", "SELECT 1;");
  MigrationRunner(db_.database()).apply("test", dir_);
  auto lease = db_.database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  std::string checksum;
  sql << "SELECT checksum FROM schema_migrations WHERE component = 'test'", soci::into(checksum);
  // sha256("SELECT 1;"), as `printf 'SELECT 1;' | sha256sum` prints it.
  EXPECT_EQ(checksum, "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a");
}

TEST_F(MigrationRunnerTest, ReapplyIsANoOp) {
  write("0001_create_a.sql", "CREATE TABLE a (id int); INSERT INTO a VALUES (1);");
  MigrationRunner runner(db_.database());
  ASSERT_EQ(runner.apply("test", dir_), std::vector<int>{1});
  EXPECT_TRUE(runner.apply("test", dir_).empty());
  EXPECT_TRUE(MigrationRunner(db_.database()).apply("test", dir_).empty());
  EXPECT_EQ(count("SELECT count(*) FROM a"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), 1);
}

TEST_F(MigrationRunnerTest, NewMigrationIsAppliedOnTopOfTheOldOnes) {
  write("0001_create_a.sql", "CREATE TABLE a (id int);");
  MigrationRunner runner(db_.database());
  ASSERT_EQ(runner.apply("test", dir_), std::vector<int>{1});
  write("0002_add_column.sql", "ALTER TABLE a ADD COLUMN name text;");
  EXPECT_EQ(runner.apply("test", dir_), std::vector<int>{2});
  EXPECT_EQ(count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'name'"), 1);
}

TEST_F(MigrationRunnerTest, EditedMigrationIsRefusedByNameAndNothingElseIsApplied) {
  write("0001_create_a.sql", "CREATE TABLE a (id int);");
  MigrationRunner runner(db_.database());
  ASSERT_EQ(runner.apply("test", dir_), std::vector<int>{1});

  write("0001_create_a.sql", "CREATE TABLE a (id bigint);");
  write("0002_create_b.sql", "CREATE TABLE b (id int);");
  try {
    runner.apply("test", dir_);
    FAIL() << "an edited migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0001_create_a.sql"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(tableExists("b"));
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), 1);
}

TEST_F(MigrationRunnerTest, FailingMigrationIsRolledBackAndNamed) {
  write("0001_create_a.sql", "CREATE TABLE a (id int);");
  write("0002_broken.sql", "CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);");
  write("0003_create_c.sql", "CREATE TABLE c (id int);");
  MigrationRunner runner(db_.database());
  try {
    runner.apply("test", dir_);
    FAIL() << "a failing migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_broken.sql"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(tableExists("a"));       // 0001 committed in its own transaction
  EXPECT_FALSE(tableExists("half"));   // 0002 rolled back whole
  EXPECT_FALSE(tableExists("c"));      // nothing after the failure
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations WHERE component = 'test'"), 1);

  // Fixed, the run continues where it stopped, and the pool's connections are still usable.
  write("0002_broken.sql", "CREATE TABLE half (id int);");
  EXPECT_EQ(runner.apply("test", dir_), (std::vector<int>{2, 3}));
}

TEST_F(MigrationRunnerTest, MigrationNumberedBelowAnAppliedOneIsRefused) {
  write("0002_b.sql", "CREATE TABLE b (id int);");
  MigrationRunner runner(db_.database());
  ASSERT_EQ(runner.apply("test", dir_), std::vector<int>{2});
  write("0001_a.sql", "CREATE TABLE a (id int);");
  EXPECT_THROW(
      {
        try {
          runner.apply("test", dir_);
        } catch (const MigrationError& e) {
          EXPECT_NE(std::string(e.what()).find("0001_a.sql"), std::string::npos) << e.what();
          throw;
        }
      },
      MigrationError);
  EXPECT_FALSE(tableExists("a"));
}

TEST_F(MigrationRunnerTest, AppliedMigrationWhoseFileIsGoneIsRefused) {
  write("0001_a.sql", "CREATE TABLE a (id int);");
  write("0002_b.sql", "CREATE TABLE b (id int);");
  MigrationRunner runner(db_.database());
  ASSERT_EQ(runner.apply("test", dir_).size(), 2u);
  std::filesystem::remove(dir_ / "0002_b.sql");
  EXPECT_THROW(runner.apply("test", dir_), MigrationError);
}

TEST_F(MigrationRunnerTest, BadFileNamesAndDuplicateVersionsAreRefused) {
  write("1_short.sql", "SELECT 1;");
  EXPECT_THROW(MigrationRunner::list(dir_), MigrationError);
  std::filesystem::remove(dir_ / "1_short.sql");
  write("0001_a.sql", "SELECT 1;");
  write("0001_b.sql", "SELECT 1;");
  EXPECT_THROW(MigrationRunner(db_.database()).apply("test", dir_), MigrationError);
  EXPECT_FALSE(tableExists("schema_migrations") && count("SELECT count(*) FROM schema_migrations") > 0);
  EXPECT_THROW(MigrationRunner::list(dir_ / "missing"), MigrationError);
}

TEST_F(MigrationRunnerTest, ComponentsAreTrackedSeparately) {
  write("0001_a.sql", "CREATE TABLE IF NOT EXISTS shared_counter (n int); INSERT INTO shared_counter VALUES (1);");
  MigrationRunner runner(db_.database());
  EXPECT_EQ(runner.apply("one", dir_), std::vector<int>{1});
  EXPECT_EQ(runner.apply("two", dir_), std::vector<int>{1});
  EXPECT_EQ(count("SELECT count(*) FROM shared_counter"), 2);
}

TEST_F(MigrationRunnerTest, TwoRunnersAtOnceApplyEachMigrationExactlyOnce) {
  // Each migration is slow and not idempotent: run twice, it would fail (duplicate table) or count 2.
  write("0001_a.sql", "CREATE TABLE log (what text); SELECT pg_sleep(0.2); INSERT INTO log VALUES ('0001');");
  write("0002_b.sql", "CREATE TABLE b (id int); SELECT pg_sleep(0.2); INSERT INTO log VALUES ('0002');");
  write("0003_c.sql", "CREATE TABLE c (id int); INSERT INTO log VALUES ('0003');");

  // Two engines: each its own pool of connections to the same database.
  PgDatabase first(db_.connectString(), 1);
  PgDatabase second(db_.connectString(), 1);
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  auto run = [&](PgDatabase& db) {
    start.wait();
    return MigrationRunner(db).apply("test", dir_);
  };
  auto a = std::async(std::launch::async, run, std::ref(first));
  auto b = std::async(std::launch::async, run, std::ref(second));
  go.set_value();
  std::vector<int> appliedA = a.get();  // rethrows if a runner failed
  std::vector<int> appliedB = b.get();

  std::vector<int> all = appliedA;
  all.insert(all.end(), appliedB.begin(), appliedB.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(count("SELECT count(*) FROM log"), 3);
  EXPECT_EQ(count("SELECT count(DISTINCT what) FROM log"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations WHERE component = 'test'"), 3);
}

TEST_F(MigrationRunnerTest, TransactionControlIsRefusedBeforeAnythingRuns) {
  write("0001_create_a.sql", "CREATE TABLE a (id int PRIMARY KEY);");
  write("0002_index.sql", "-- online\nCREATE INDEX CONCURRENTLY a_idx ON a (id);");
  MigrationRunner runner(db_.database());
  try {
    runner.apply("test", dir_);
    FAIL() << "a migration with CONCURRENTLY was applied";
  } catch (const MigrationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("0002_index.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("CONCURRENTLY (line 2)"), std::string::npos) << what;
  }
  EXPECT_FALSE(tableExists("a")) << "0001 ran although 0002 was refused";
  EXPECT_FALSE(tableExists("schema_migrations"));

  write("0002_index.sql", "CREATE TABLE b (id int);\nCOMMIT;\nCREATE TABLE c (id int);");
  EXPECT_THROW(runner.apply("test", dir_), MigrationError);
  write("0002_index.sql", "CREATE TABLE b (id int);\nROLLBACK;");
  EXPECT_THROW(runner.apply("test", dir_), MigrationError);
  EXPECT_FALSE(tableExists("a"));
  EXPECT_FALSE(tableExists("b"));

  // The same words in comments, literals and function bodies are fine.
  write("0002_index.sql",
        "-- no COMMIT here\nCREATE TABLE b (note text DEFAULT 'ROLLBACK');\n"
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'COMMIT' $$;");
  EXPECT_EQ(runner.apply("test", dir_), (std::vector<int>{1, 2}));
}

TEST_F(MigrationRunnerTest, TheLockIsWaitedForWithABoundAndItsHolderNamed) {
  write("0001_create_a.sql", "CREATE TABLE a (id int PRIMARY KEY);");
  soci::session other(soci::postgresql, db_.connectString() + " application_name=stuck-engine");
  other << "SELECT pg_advisory_lock(" << 0x67656f7265704d67LL << ")";
  MigrationRunner runner(db_.database(), std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  try {
    runner.apply("test", dir_);
    FAIL() << "migrated while another session held the lock";
  } catch (const MigrationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("still held after 300 ms"), std::string::npos) << what;
    EXPECT_NE(what.find("stuck-engine"), std::string::npos) << what;
    EXPECT_NE(what.find("pid "), std::string::npos) << what;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_FALSE(tableExists("a"));
  other << "SELECT pg_advisory_unlock_all()";
  EXPECT_EQ(runner.apply("test", dir_), (std::vector<int>{1}));
}

TEST(TestDatabaseTest, AppliesTheEngineAndPluginMigrations) {
  TestDatabase db;
  auto lease = db.database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  long long n = 0;
  sql << "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN "
         "('clusters', 'hosts', 'audit_log', 'schema_migrations')",
      soci::into(n);
  EXPECT_EQ(n, 4);
  sql << "SELECT count(DISTINCT component) FROM schema_migrations", soci::into(n);
  EXPECT_EQ(n, 2);
}

TEST(TestDatabaseTest, DropsItsDatabase) {
  std::string name;
  {
    TestDatabase db(TestDatabase::Schema::kEmpty, 1);
    name = db.name();
  }
  soci::session sql(soci::postgresql, std::getenv("GEOREP_TEST_DB"));
  long long n = -1;
  sql << "SELECT count(*) FROM pg_database WHERE datname = :n", soci::use(name), soci::into(n);
  EXPECT_EQ(n, 0);
}

TEST(TestDatabaseTest, ConnectStringForDatabaseReplacesTheName) {
  using georep::testing::connectStringForDatabase;
  EXPECT_EQ(connectStringForDatabase("dbname=georep user=postgres host=/tmp/s", "x"),
            "dbname=x user=postgres host=/tmp/s");
  EXPECT_EQ(connectStringForDatabase("user=postgres dbname='geo rep' host=/tmp/s", "x"),
            "user=postgres dbname=x host=/tmp/s");
  EXPECT_EQ(connectStringForDatabase("user=postgres", "x"), "user=postgres dbname=x");
}

}  // namespace
}  // namespace georep::engine
