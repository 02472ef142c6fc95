// Shared steps of the DR policy commands: the stored policy of a locked session (not_found when it has
// none), the validation context of a session (hook allow-list, cluster nodes, now), and the event every
// change raises.
// Thread-safety: functions; a LockedSession belongs to the calling thread.
#pragma once

#include <string>

#include "commands/command_deps.h"
#include "commands/dr_policy_input.h"
#include "commands/session_access.h"
#include "dao/dr_policy_dao.h"

namespace georep::commands {

// Reads (without locking) that the session exists, or not_found (field session_id).
void requireStoredSession(CommandDeps& deps, soci::session& sql, std::int64_t sessionId);

// The policy of the session, or not_found (field session_id).
dao::DrPolicyRecord requireDrPolicy(soci::session& sql, std::int64_t sessionId);

DrPolicyInputContext drPolicyInputContext(CommandDeps& deps, const LockedSession& locked);

// Raises georep.dr.policy.<what> (info) with the policy and the session's names.
void raiseDrPolicyEvent(CommandDeps& deps, const api::CommandContext& ctx, const std::string& what,
                        const LockedSession& locked, nlohmann::json policy);

}  // namespace georep::commands
