// PgDatabase: a bad connect string fails at start with the password masked; lost connections are
// reconnected by reconnectBroken().
#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "engine/src/db/pg_database.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;

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

TEST(PgDatabase, LostConnectionsAreReconnected) {
  TestDatabase test(TestDatabase::Schema::kEmpty, 1);
  PgDatabase db(test.connectString(), 3);
  EXPECT_EQ(db.poolSize(), 3u);
  EXPECT_EQ(db.reconnectBroken(), 0u);

  // Kill every server process of this database but the admin session's, as a PostgreSQL restart would.
  soci::session admin(soci::postgresql, std::getenv("GEOREP_TEST_DB"));
  long long killed = 0;
  admin << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :d", soci::use(test.name()),
      soci::into(killed);
  ASSERT_GE(killed, 3);

  EXPECT_EQ(db.reconnectBroken(), 3u);
  for (int i = 0; i < 3; ++i) {
    soci::session sql(db.pool());
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
}

}  // namespace
}  // namespace georep::engine
