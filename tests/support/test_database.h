// TestDatabase: a fresh, uniquely named PostgreSQL database for one test, created on the server named
// by GEOREP_TEST_DB (a libpq connect string; the test fails loudly when it is unset), migrated with the
// engine's and the plugin's migrations (unless Schema::kEmpty), and dropped by the destructor.
// Thread-safety: database() is an api::Database (usable from any thread); the object itself belongs
// to one test.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/api/database.h"

namespace georep::engine {
class PgDatabase;
}

namespace georep::testing {

// The repository root (engine/migrations, migrations/ are under it), set by CMake.
std::filesystem::path sourceDir();

// The connect string of GEOREP_TEST_DB with its dbname replaced.
std::string connectStringForDatabase(const std::string& base, const std::string& dbname);

class TestDatabase {
 public:
  enum class Schema {
    kMigrated,  // engine/migrations (component "engine") and migrations/ (component "georep")
    kEngine,    // engine/migrations only
    kEmpty,     // nothing applied
  };

  explicit TestDatabase(Schema schema = Schema::kMigrated, std::size_t poolSize = 4);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& connectString() const { return connect_; }
  api::Database& database();

 private:
  std::string server_;   // GEOREP_TEST_DB
  std::string name_;
  std::string connect_;
  std::unique_ptr<engine::PgDatabase> db_;
};

}  // namespace georep::testing
