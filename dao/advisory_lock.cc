#include "dao/advisory_lock.h"

#include <algorithm>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "dao/session_lock.h"

namespace georep::dao {
namespace {

bool isLockTimeout(const soci::soci_error& e) {
  const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e);
  return pg != nullptr && pg->sqlstate() == "55P03";
}

}  // namespace

int advisoryLockObject(soci::session& sql, const std::string& key) {
  int obj = 0;
  sql << "SELECT hashtext(:k)", soci::use(key, "k"), soci::into(obj);
  return obj;
}

void acquireAdvisoryLock(soci::session& sql, int cls, int obj, std::chrono::milliseconds wait, const std::string& what) {
  if (wait.count() <= 0) {
    int got = 0;
    sql << "SELECT pg_try_advisory_lock(:c, :o)::int", soci::use(cls, "c"), soci::use(obj, "o"), soci::into(got);
    if (got == 0) throw LockBusy(what + " is busy: another command is running on it");
    return;
  }
  // lock_timeout bounds the wait (0 would mean forever, hence the branch above); it is reset at once so
  // the command's own statements are not affected.
  const std::string timeout = std::to_string(wait.count()) + "ms";
  sql << "SELECT set_config('lock_timeout', :t, false)", soci::use(timeout, "t");
  try {
    sql << "SELECT pg_advisory_lock(:c, :o)", soci::use(cls, "c"), soci::use(obj, "o");
  } catch (const soci::soci_error& e) {
    sql << "RESET lock_timeout";
    if (isLockTimeout(e)) {
      throw LockBusy(what + " is busy: another command is still running on it after " + std::to_string(wait.count()) +
                     " ms");
    }
    throw;
  }
  sql << "RESET lock_timeout";
}

void releaseAdvisoryLock(soci::session& sql, int cls, int obj, const std::string& what) noexcept {
  try {
    int released = 0;
    sql << "SELECT pg_advisory_unlock(:c, :o)::int", soci::use(cls, "c"), soci::use(obj, "o"), soci::into(released);
    if (released == 0) spdlog::warn("advisory lock of {} was not held at release", what);
  } catch (const std::exception& e) {
    // Never return a connection that may still hold the lock: drop every advisory lock, or reconnect.
    spdlog::warn("releasing the advisory lock of {} failed: {}", what, e.what());
    try {
      sql << "SELECT pg_advisory_unlock_all()";
    } catch (const std::exception&) {
      try {
        sql.reconnect();
      } catch (const std::exception& e2) {
        spdlog::error("reconnecting after a failed lock release failed: {}", e2.what());
      }
    }
  }
}

}  // namespace georep::dao
