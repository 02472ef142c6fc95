#include "test_database.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "engine/src/db/migration_runner.h"
#include "engine/src/db/pg_database.h"

namespace georep::testing {
namespace {

std::string uniqueName() {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return "georep_test_" + std::to_string(::getpid()) + "_" + std::to_string(now % 1000000000) + "_" +
         std::to_string(counter++);
}

}  // namespace

std::filesystem::path sourceDir() { return GEOREP_SOURCE_DIR; }

std::string connectStringForDatabase(const std::string& base, const std::string& dbname) {
  static const std::regex kDbname(R"((^|\s)dbname\s*=\s*('([^'\\]|\\.)*'|\S+))");
  if (std::regex_search(base, kDbname)) return std::regex_replace(base, kDbname, "$1dbname=" + dbname);
  return base + " dbname=" + dbname;
}

TestDatabase::TestDatabase(Schema schema, std::size_t poolSize) {
  const char* server = std::getenv("GEOREP_TEST_DB");
  if (server == nullptr || *server == '\0') {
    const std::string message =
        "GEOREP_TEST_DB is not set: integration tests need a PostgreSQL server, e.g. "
        "GEOREP_TEST_DB=\"dbname=georep user=postgres host=/tmp/pgshared/socket\" (scripts/test sets it)";
    ADD_FAILURE() << message;
    throw std::runtime_error(message);
  }
  server_ = server;
  name_ = uniqueName();
  connect_ = connectStringForDatabase(server_, name_);
  {
    soci::session admin(soci::postgresql, server_);
    admin << "CREATE DATABASE " + name_;
  }
  try {
    db_ = std::make_unique<engine::PgDatabase>(connect_, poolSize);
    engine::MigrationRunner runner(*db_);
    if (schema != Schema::kEmpty) runner.apply("engine", sourceDir() / "engine" / "migrations");
    if (schema == Schema::kMigrated) runner.apply("georep", sourceDir() / "migrations");
  } catch (...) {
    db_.reset();
    soci::session admin(soci::postgresql, server_);
    admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    throw;
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();
  try {
    soci::session admin(soci::postgresql, server_);
    admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping test database " << name_ << " failed: " << e.what();
  }
}

api::Database& TestDatabase::database() { return *db_; }

}  // namespace georep::testing
