#include "commands/session_access.h"

#include <optional>

#include <soci/soci.h>

#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

using api::CommandError;
using api::ErrorCode;

api::Cluster clusterByName(CommandDeps& deps, const std::string& name) {
  auto cluster = deps.inventory.clusterByName(name);
  if (!cluster) throw CommandError(ErrorCode::kNotFound, "no cluster named '" + name + "'", "cluster");
  return *cluster;
}

api::Cluster clusterById(CommandDeps& deps, std::int64_t clusterId) {
  auto cluster = deps.inventory.clusterById(clusterId);
  if (!cluster) throw CommandError(ErrorCode::kNotFound, "cluster " + std::to_string(clusterId) + " no longer exists");
  return *cluster;
}

LockedSession lockSession(CommandDeps& deps, std::int64_t sessionId) {
  // Busy (another command holds the session past the lock wait) is a conflict for every caller, also those
  // not wrapped by runFailing (the DR policy commands): never an internal error.
  std::optional<dao::SessionLock> held;
  try {
    held.emplace(dao::SessionLock::forSession(deps.database, sessionId, deps.options.lockWait));
  } catch (const dao::LockBusy& e) {
    throw CommandError(ErrorCode::kConflict, e.what(), {}, nlohmann::json{{"reason", "busy"}});
  }
  auto lock = std::move(*held);
  auto session = deps.sessions.findById(lock.sql(), sessionId);
  if (!session) {
    throw CommandError(ErrorCode::kNotFound, "no geo-replication session with id " + std::to_string(sessionId),
                       "session_id");
  }
  auto cluster = clusterById(deps, session->clusterId);
  return LockedSession{std::move(lock), std::move(*session), std::move(cluster)};
}

gluster::SessionRef sessionRef(const dao::SessionRecord& session) {
  gluster::SessionRef ref;
  ref.primaryVolume = session.masterVolume;
  ref.secondaryHost = session.secondaryHost;
  ref.secondaryVolume = session.secondaryVolume;
  ref.secondaryUser = session.secondaryUser;
  return ref;
}

std::int64_t sessionIdParam(const nlohmann::json& params) { return params.at("session_id").get<std::int64_t>(); }

}  // namespace georep::commands
