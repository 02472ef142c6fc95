// The PostgreSQL advisory-lock key space of the plugin: two-int4 keys (class, object) so they never
// collide with the engine's single-bigint migration lock. Every DAO and the sync job take locks through
// these constants so that the same object always maps to the same key.
//   - kSessionLockClass, object = session id (mod 2^31): held by a command for its whole duration
//     (dao/session_lock.h); the sync job try-locks it to skip sessions a command is working on.
//   - kPairLockClass, object = hashtext('<cluster id>/<master volume>/<secondary host>/<secondary volume>'):
//     serializes creations of the same session pair.
//   - kVolumeLockClass, object = hashtext('<cluster id>/<volume name>'): transaction-scoped, serializes
//     upserts of one volume's bricks.
//   - kSecondaryLockClass, object = hashtext('<secondary volume name>'): held by session.create from its
//     eligibility check to its commit (dao/secondary_volume_lock.h), so that two creates from different
//     masters cannot both find the same secondary unused.
// A collision of two objects on one key (ids beyond 2^31, or a hash collision) only serializes them.
// Thread-safety: constants only.
#pragma once

#include <cstdint>

namespace georep::dao {

inline constexpr int kSessionLockClass = 0x47520001;
inline constexpr int kPairLockClass = 0x47520002;
inline constexpr int kVolumeLockClass = 0x47520003;
inline constexpr int kSecondaryLockClass = 0x47520010;

// The int4 object key of a session id.
inline int sessionLockObject(std::int64_t sessionId) {
  return static_cast<int>(static_cast<std::uint64_t>(sessionId) & 0x7fffffffu);
}

}  // namespace georep::dao
