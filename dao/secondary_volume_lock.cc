#include "dao/secondary_volume_lock.h"

#include <utility>

#include "dao/advisory_lock.h"
#include "dao/lock_keys.h"

namespace georep::dao {

SecondaryVolumeLock::SecondaryVolumeLock(soci::session& sql, const std::string& secondaryVolume,
                                         std::chrono::milliseconds wait)
    : sql_(nullptr), what_("secondary volume " + secondaryVolume) {
  obj_ = advisoryLockObject(sql, secondaryVolume);
  acquireAdvisoryLock(sql, kSecondaryLockClass, obj_, wait, what_);
  sql_ = &sql;
}

SecondaryVolumeLock::~SecondaryVolumeLock() {
  if (sql_) releaseAdvisoryLock(*sql_, kSecondaryLockClass, obj_, what_);
}

SecondaryVolumeLock::SecondaryVolumeLock(SecondaryVolumeLock&& other) noexcept
    : sql_(std::exchange(other.sql_, nullptr)), obj_(other.obj_), what_(std::move(other.what_)) {}

}  // namespace georep::dao
