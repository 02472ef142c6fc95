// MigrationRunner: applies a component's SQL migrations (files NNNN_description.sql in one directory)
// in version order, each in its own transaction, under a PostgreSQL advisory lock so that engines
// starting together never race. Each applied migration is recorded in schema_migrations (component,
// version, description, sha256 checksum). Re-running is a no-op; a recorded migration whose file has
// changed, a recorded migration whose file is gone, or a new file numbered below an applied one is
// refused with a MigrationError naming the file, before anything is applied.
// Migration files must not contain transaction control: a file with COMMIT, ROLLBACK or CONCURRENTLY
// outside comments and literals (migration_script_check.h) is refused before anything runs. The lock is
// waited for at most lockWait; then apply() fails naming the session that holds it.
// Thread-safety: apply() may be called concurrently (from threads or processes); the lock serialises.
#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/api/database.h"

namespace georep::engine {

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MigrationFile {
  int version = 0;
  std::string description;
  std::filesystem::path path;
};

class MigrationRunner {
 public:
  explicit MigrationRunner(api::Database& db, std::chrono::milliseconds lockWait = std::chrono::seconds(120))
      : db_(db), lockWait_(lockWait) {}

  // Applies the pending migrations of `component` found in `dir`; returns the versions applied by this
  // call (empty when already up to date). Throws MigrationError.
  std::vector<int> apply(const std::string& component, const std::filesystem::path& dir);

  // The migration files of a directory, sorted by version. Throws MigrationError on a missing
  // directory, a .sql file not named NNNN_description.sql, or two files with one version.
  static std::vector<MigrationFile> list(const std::filesystem::path& dir);

 private:
  api::Database& db_;
  std::chrono::milliseconds lockWait_;
};

}  // namespace georep::engine
