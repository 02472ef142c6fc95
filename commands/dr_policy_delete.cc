// georep.dr.policy.delete: remove a session's DR policy. Its runs stay in the session's history
// (policy_id set to NULL). Operator: dr_handlers.h.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/param_specs.h"

namespace georep::commands {

api::CommandSpec drPolicyDeleteSpec() {
  return api::CommandSpec{"georep.dr.policy.delete",
                          "Remove a session's DR policy (its run history stays with the session).",
                          {sessionIdSpec()}, api::Role::kOperator};
}

nlohmann::json drPolicyDelete(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  LockedSession locked = lockSession(deps, sessionIdParam(params));
  soci::session& sql = locked.lock.sql();
  nlohmann::json policy = drPolicyJson(requireDrPolicy(sql, locked.session.id));
  dao::DrPolicyDao{}.remove(sql, locked.session.id);
  raiseDrPolicyEvent(deps, ctx, "deleted", locked, policy);
  return nlohmann::json{{"session_id", locked.session.id}, {"deleted", true}};
}

std::vector<std::string> drPolicyEventNames() {
  return {"georep.dr.policy.created", "georep.dr.policy.updated", "georep.dr.policy.paused",
          "georep.dr.policy.resumed", "georep.dr.policy.deleted"};
}

}  // namespace georep::commands
