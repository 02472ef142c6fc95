// georep.dr.policy.pause / georep.dr.policy.resume: stop or restart scheduled runs of a session's DR
// policy. The policy and its run history stay; pausing clears the next run, resuming computes it from now
// (windows that passed while paused are not missed: nobody wanted them). Pausing a paused policy (or
// resuming a running one) is a conflict. Operator: dr_handlers.h.
#include <soci/soci.h>

#include "commands/command_errors.h"
#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/param_specs.h"

namespace georep::commands {
namespace {

nlohmann::json setPaused(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx, bool paused) {
  LockedSession locked = lockSession(deps, sessionIdParam(params));
  soci::session& sql = locked.lock.sql();
  dao::DrPolicyRecord policy = requireDrPolicy(sql, locked.session.id);
  if (policy.paused == paused) {
    throw stateConflict(std::string("the DR policy is already ") + (paused ? "paused" : "active"),
                        policy.paused ? "paused" : "active");
  }
  policy.paused = paused;
  policy.nextRunAt = nextDrRun(policy, drPolicyInputContext(deps, locked).now);
  const dao::DrPolicyDao policies;
  policies.update(sql, policy);
  nlohmann::json result = drPolicyJson(*policies.findBySession(sql, locked.session.id));
  raiseDrPolicyEvent(deps, ctx, paused ? "paused" : "resumed", locked, result);
  return result;
}

}  // namespace

api::CommandSpec drPolicyPauseSpec() {
  return api::CommandSpec{"georep.dr.policy.pause", "Pause the scheduled runs of a session's DR policy (history kept).",
                          {sessionIdSpec()}, api::Role::kOperator};
}

nlohmann::json drPolicyPause(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return setPaused(deps, params, ctx, true);
}

api::CommandSpec drPolicyResumeSpec() {
  return api::CommandSpec{"georep.dr.policy.resume", "Resume the scheduled runs of a paused DR policy.",
                          {sessionIdSpec()}, api::Role::kOperator};
}

nlohmann::json drPolicyResume(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return setPaused(deps, params, ctx, false);
}

}  // namespace georep::commands
