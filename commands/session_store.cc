#include "commands/session_store.h"

#include <stdexcept>

#include <soci/soci.h>

namespace georep::commands {

std::int64_t writeSnapshot(CommandDeps& deps, soci::session& sql, std::int64_t clusterId, std::int64_t sessionId,
                           const SessionSnapshot& snapshot) {
  if (!snapshot.status) throw std::logic_error("writeSnapshot: the session is not listed");
  const auto volumeId = deps.volumes.upsert(sql, clusterId, snapshot.volume);
  if (!deps.sessions.updateStatus(sql, sessionId, snapshot.health.status, snapshot.health.rawWorkerStates)) {
    throw std::runtime_error("session " + std::to_string(sessionId) + " vanished from the database");
  }
  deps.sessionBricks.replace(sql, sessionId, volumeId, snapshot.health);
  return volumeId;
}

}  // namespace georep::commands
