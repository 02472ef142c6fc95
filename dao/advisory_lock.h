// Session-level PostgreSQL advisory locks on a connection the caller holds: take one with a bounded wait,
// release it so that a pooled connection never goes back to the pool still holding it. Used by
// SessionLock (dao/session_lock.h, on its own leased connection) and SecondaryVolumeLock
// (dao/secondary_volume_lock.h, on the create command's connection). Keys: dao/lock_keys.h.
// Thread-safety: functions over the caller's connection (one thread uses a connection at a time).
#pragma once

#include <chrono>
#include <string>

namespace soci {
class session;
}

namespace georep::dao {

// hashtext(key): the int4 object key of a textual lock name.
int advisoryLockObject(soci::session& sql, const std::string& key);

// Takes (cls, obj) waiting at most `wait` (lock_timeout, reset at once); throws LockBusy (session_lock.h)
// naming `what` when another connection still holds it.
void acquireAdvisoryLock(soci::session& sql, int cls, int obj, std::chrono::milliseconds wait, const std::string& what);

// Releases (cls, obj); if that fails, drops every advisory lock of the connection, else reconnects it.
// Never throws.
void releaseAdvisoryLock(soci::session& sql, int cls, int obj, const std::string& what) noexcept;

}  // namespace georep::dao
