// SessionBrickDao: the per-brick worker details of a session (georep_session_bricks): one row per brick
// of the master volume, written from gluster::SessionHealth (status read back and mapped to bricks).
// The volume's bricks must already be stored (VolumeDao::upsert in the same transaction): workers are
// linked to georep_bricks by (host, path).
// Every method runs on the caller's soci::session and opens no transaction of its own.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <vector>

#include "dao/records.h"
#include "gluster/session_health.h"

namespace soci {
class session;
}

namespace georep::dao {

class SessionBrickDao {
 public:
  // Makes the session's rows exactly the workers of `health`: upserts one row per worker and deletes rows
  // of bricks no longer listed. Throws std::runtime_error when a worker's brick is not a stored brick of
  // the volume (store the volume first).
  void replace(soci::session& sql, std::int64_t sessionId, std::int64_t masterVolumeId,
               const gluster::SessionHealth& health) const;

  // The session's rows in brick order.
  std::vector<SessionBrickRecord> list(soci::session& sql, std::int64_t sessionId) const;
};

}  // namespace georep::dao
