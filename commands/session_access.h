// Finding what a command works on: the cluster named by a parameter, and a stored session, locked for
// the command's duration (dao/session_lock.h: a second command on the same session waits up to
// CommandOptions::lockWait, then fails with `conflict`). Sessions are identified by `session_id`, the
// database id that georep.session.create and georep.session.list return.
// Thread-safety: functions; a LockedSession belongs to the calling thread.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "dao/records.h"
#include "dao/session_lock.h"
#include "engine/api/inventory.h"
#include "gluster/gateway.h"

namespace georep::commands {

struct LockedSession {
  dao::SessionLock lock;  // lock.sql() is the connection to use while it is held
  dao::SessionRecord session;
  api::Cluster cluster;
};

// The cluster named `name`, or not_found (field "cluster").
api::Cluster clusterByName(CommandDeps& deps, const std::string& name);
// The cluster of a stored row; not_found when it vanished from the inventory.
api::Cluster clusterById(CommandDeps& deps, std::int64_t clusterId);

// Locks the session then reads it; not_found (field "session_id") when it does not exist.
// dao::LockBusy when another command holds it past the wait.
LockedSession lockSession(CommandDeps& deps, std::int64_t sessionId);

// The gateway's reference of a stored session.
gluster::SessionRef sessionRef(const dao::SessionRecord& session);

// params["session_id"] (the schema makes it a required integer >= 1).
std::int64_t sessionIdParam(const nlohmann::json& params);

}  // namespace georep::commands
