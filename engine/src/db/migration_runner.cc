#include "engine/src/db/migration_runner.h"

#include "engine/src/db/migration_script_check.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

namespace georep::engine {
namespace {

// pg_advisory_lock key shared by every migration runner of every engine on this database ("georepMg").
constexpr long long kMigrationLockKey = 0x67656f726570'4d67;
// How long apply() waits for a pooled connection.
constexpr std::chrono::milliseconds kLeaseWait{30000};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MigrationError("cannot read migration " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string toHex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

// SHA-256 of the file's exact bytes, computed by PostgreSQL (hex in, hex out: byte-exact).
std::string sha256(soci::session& sql, const std::string& content) {
  std::string hex = toHex(content);
  std::string digest;
  sql << "SELECT encode(sha256(decode(:h, 'hex')), 'hex')", soci::use(hex), soci::into(digest);
  return digest;
}

// Who holds the migration lock, for the error message ("pid 123 (application 'x', client local, ...)"),
// or "" when it cannot be told.
std::string lockHolder(soci::session& sql) {
  try {
    const long long hi = static_cast<long long>(static_cast<unsigned long long>(kMigrationLockKey) >> 32);
    const long long lo = kMigrationLockKey & 0xffffffffLL;
    std::string holder;
    soci::indicator ind = soci::i_null;
    sql << "SELECT 'pid ' || a.pid || ' (application ''' || coalesce(a.application_name, '') || ''', client ' || "
           "coalesce(a.client_addr::text, 'local') || ', user ' || coalesce(a.usename::text, '?') || "
           "', connected since ' || a.backend_start::text || ')' "
           "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
           "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::text::bigint = :hi "
           "AND l.objid::text::bigint = :lo AND l.objsubid = 1 "
           // Advisory locks belong to one database: another database's migrating engine is not the holder.
           "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1",
        soci::use(hi, "hi"), soci::use(lo, "lo"), soci::into(holder, ind);
    return sql.got_data() && ind == soci::i_ok ? holder : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

// Holds the session-level advisory lock for its lifetime; waits for it at most `wait`.
class AdvisoryLock {
 public:
  AdvisoryLock(soci::session& sql, const std::string& component, std::chrono::milliseconds wait) : sql_(sql) {
    int got = 0;
    sql_ << "SELECT pg_try_advisory_lock(" << kMigrationLockKey << ")::int", soci::into(got);
    if (got) return;
    spdlog::info("migrations {}: waiting up to {} ms for another engine to finish migrating", component,
                 wait.count());
    if (wait.count() > 0) {
      const std::string timeout = std::to_string(wait.count()) + "ms";
      sql_ << "SELECT set_config('lock_timeout', :t, false)", soci::use(timeout, "t");
      try {
        sql_ << "SELECT pg_advisory_lock(" << kMigrationLockKey << ")";
        got = 1;
      } catch (const soci::soci_error& e) {
        const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e);
        if (pg == nullptr || pg->sqlstate() != "55P03") throw;
      }
      sql_ << "RESET lock_timeout";
    }
    if (!got) {
      const std::string holder = lockHolder(sql_);
      throw MigrationError("migrations " + component + ": the migration lock is still held after " +
                           std::to_string(wait.count()) + " ms" +
                           (holder.empty() ? std::string(" by another session") : " by " + holder) +
                           "; another engine may be migrating this database, or is stuck doing so");
    }
  }
  ~AdvisoryLock() {
    try {
      sql_ << "SELECT pg_advisory_unlock(" << kMigrationLockKey << ")";
    } catch (const std::exception& e) {
      // A broken connection has lost the lock with it.
      spdlog::warn("migrations: releasing the advisory lock failed: {}", e.what());
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  soci::session& sql_;
};

// Runs a multi-statement SQL script on the session's connection (inside the caller's transaction).
void executeScript(soci::session& sql, const std::string& script, const std::string& what) {
  // libsoci_postgresql exports no typeinfo: check the backend by name, then downcast.
  if (sql.get_backend_name() != "postgresql" || sql.get_backend() == nullptr) {
    throw MigrationError(what + ": the session is not a PostgreSQL session");
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(backend->conn_, script.c_str()), &PQclear);
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    std::string message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(backend->conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw MigrationError(what + " failed: " + message);
  }
}

std::string label(const std::string& component, const MigrationFile& file) {
  return "migration " + file.path.filename().string() + " of component '" + component + "' (" +
         file.path.string() + ")";
}

}  // namespace

std::vector<MigrationFile> MigrationRunner::list(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw MigrationError("migrations directory " + dir.string() + " does not exist");
  }
  static const std::regex kName(R"(^(\d{4})_([A-Za-z0-9_]+)\.sql$)");
  std::map<int, MigrationFile> byVersion;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      throw MigrationError("migration file " + entry.path().string() +
                           " is not named NNNN_description.sql (4 digits, then letters, digits, _)");
    }
    MigrationFile file{std::stoi(m[1].str()), m[2].str(), entry.path()};
    if (file.version == 0) throw MigrationError("migration file " + entry.path().string() + ": versions start at 0001");
    auto [it, inserted] = byVersion.emplace(file.version, file);
    if (!inserted) {
      throw MigrationError("migration files " + it->second.path.string() + " and " + entry.path().string() +
                           " have the same version");
    }
  }
  std::vector<MigrationFile> files;
  for (auto& [version, file] : byVersion) files.push_back(std::move(file));
  return files;
}

std::vector<int> MigrationRunner::apply(const std::string& component, const std::filesystem::path& dir) {
  if (component.empty()) throw MigrationError("migration component name is empty");
  const auto files = list(dir);
  std::vector<std::string> contents;
  contents.reserve(files.size());
  for (const auto& file : files) contents.push_back(readFile(file.path));
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (const auto found = findTransactionControl(contents[i])) {
      throw MigrationError(label(component, files[i]) + " contains " + found->word + " (line " +
                           std::to_string(found->line) +
                           "): the runner applies each migration in one transaction it owns, so COMMIT, ROLLBACK "
                           "and CONCURRENTLY are refused; nothing was applied");
    }
  }

  std::vector<int> applied;
  try {
    api::DbLease lease = db_.lease(kLeaseWait);
    soci::session& sql = lease.sql();
    AdvisoryLock lock(sql, component, lockWait_);
    int haveTable = 0;
    sql << "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()",
        soci::into(haveTable);
    if (!haveTable) sql << "CREATE TABLE schema_migrations ("
           " component text NOT NULL,"
           " version integer NOT NULL,"
           " description text NOT NULL,"
           " checksum text NOT NULL,"
           " applied_at timestamptz NOT NULL DEFAULT now(),"
           " PRIMARY KEY (component, version))";

    std::map<int, std::string> recorded;
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT version, checksum FROM schema_migrations "
                                                   "WHERE component = :c ORDER BY version",
                                    soci::use(component));
    for (const auto& row : rows) recorded.emplace(row.get<int>(0), row.get<std::string>(1));

    // Check everything before applying anything.
    std::vector<std::string> checksums;
    checksums.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) checksums.push_back(sha256(sql, contents[i]));
    const int highestRecorded = recorded.empty() ? 0 : recorded.rbegin()->first;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto it = recorded.find(files[i].version);
      if (it != recorded.end()) {
        if (it->second != checksums[i]) {
          throw MigrationError(label(component, files[i]) +
                               " was changed after it was applied (recorded sha256 " + it->second + ", file now " +
                               checksums[i] + "); applied migrations are append-only: restore the file and add "
                               "a new migration instead");
        }
      } else if (files[i].version < highestRecorded) {
        throw MigrationError(label(component, files[i]) + " is not applied but version " +
                             std::to_string(highestRecorded) +
                             " is; migrations are append-only: renumber it after the last applied one");
      }
    }
    for (const auto& [version, checksum] : recorded) {
      const bool present = std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.version == version; });
      if (!present) {
        throw MigrationError("the database has migration " + std::to_string(version) + " of component '" +
                             component + "' applied but " + dir.string() +
                             " has no such file: the database is newer than this build");
      }
    }

    for (std::size_t i = 0; i < files.size(); ++i) {
      if (recorded.count(files[i].version)) continue;
      const auto started = std::chrono::steady_clock::now();
      soci::transaction tx(sql);
      executeScript(sql, contents[i], label(component, files[i]));
      sql << "INSERT INTO schema_migrations (component, version, description, checksum) "
             "VALUES (:c, :v, :d, :s)",
          soci::use(component), soci::use(files[i].version), soci::use(files[i].description),
          soci::use(checksums[i]);
      tx.commit();
      applied.push_back(files[i].version);
      spdlog::info("migrations {}: applied {} in {} ms", component, files[i].path.filename().string(),
                   std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                       .count());
    }
  } catch (const MigrationError&) {
    throw;
  } catch (const std::exception& e) {
    throw MigrationError("migrations of component '" + component + "' from " + dir.string() + ": " + e.what());
  }
  if (applied.empty()) spdlog::debug("migrations {}: up to date ({} files)", component, files.size());
  return applied;
}

}  // namespace georep::engine
