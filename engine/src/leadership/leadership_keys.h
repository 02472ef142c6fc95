// The advisory-lock key space of cluster leadership: two-int4 keys (class, object). The class is the
// engine's own, distinct from the plugin's classes (dao/lock_keys.h, 0x4752xxxx) and from the engine's
// single-bigint migration lock (a different key form). Object = cluster id mod 2^31 (two clusters on one
// key would only share a leader). Thread-safety: constants and a pure function.
#pragma once

#include <cstdint>

namespace georep::engine {

inline constexpr int kLeadershipLockClass = 0x47450001;

inline int leadershipLockObject(std::int64_t clusterId) {
  return static_cast<int>(static_cast<std::uint64_t>(clusterId) & 0x7fffffffu);
}

}  // namespace georep::engine
