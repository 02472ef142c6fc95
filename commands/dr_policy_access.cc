#include "commands/dr_policy_access.h"

#include "commands/command_events.h"
#include "engine/api/command_error.h"
#include "engine/api/inventory.h"

namespace georep::commands {

void requireStoredSession(CommandDeps& deps, soci::session& sql, std::int64_t sessionId) {
  if (!deps.sessions.findById(sql, sessionId)) {
    throw api::CommandError(api::ErrorCode::kNotFound,
                            "no geo-replication session with id " + std::to_string(sessionId), "session_id");
  }
}

dao::DrPolicyRecord requireDrPolicy(soci::session& sql, std::int64_t sessionId) {
  auto policy = dao::DrPolicyDao{}.findBySession(sql, sessionId);
  if (!policy) {
    throw api::CommandError(api::ErrorCode::kNotFound,
                            "session " + std::to_string(sessionId) + " has no DR policy", "session_id");
  }
  return *policy;
}

DrPolicyInputContext drPolicyInputContext(CommandDeps& deps, const LockedSession& locked) {
  DrPolicyInputContext in{deps.options.drHookPrograms, {}, std::chrono::floor<std::chrono::seconds>(deps.clock->now())};
  for (const auto& host : deps.inventory.hosts(locked.cluster.id)) in.clusterNodes.push_back(host.address);
  return in;
}

void raiseDrPolicyEvent(CommandDeps& deps, const api::CommandContext& ctx, const std::string& what,
                        const LockedSession& locked, nlohmann::json policy) {
  raiseEvent(deps, ctx, "georep.dr.policy." + what, api::Severity::kInfo,
             nlohmann::json{{"session_id", locked.session.id},
                            {"cluster", locked.cluster.name},
                            {"master_volume", locked.session.masterVolume},
                            {"secondary", locked.session.secondaryUser + "@" + locked.session.secondaryHost +
                                              "::" + locked.session.secondaryVolume},
                            {"policy", std::move(policy)}});
}

}  // namespace georep::commands
