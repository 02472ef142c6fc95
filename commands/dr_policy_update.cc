// georep.dr.policy.update: change some settings of a session's DR policy (only those given); the whole
// result is validated again and the next run recomputed before the single UPDATE. Admin: dr_handlers.h.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/param_specs.h"

namespace georep::commands {

api::CommandSpec drPolicyUpdateSpec() {
  std::vector<api::ParamSpec> params{sessionIdSpec()};
  for (auto& p : drPolicyParamSpecs(false)) params.push_back(std::move(p));
  return api::CommandSpec{"georep.dr.policy.update",
                          "Change the given settings of a session's DR policy (the others are kept).",
                          std::move(params), api::Role::kAdmin};
}

nlohmann::json drPolicyUpdate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  LockedSession locked = lockSession(deps, sessionIdParam(params));
  soci::session& sql = locked.lock.sql();
  dao::DrPolicyRecord policy = requireDrPolicy(sql, locked.session.id);
  applyDrPolicyParams(params, policy, drPolicyInputContext(deps, locked));
  const dao::DrPolicyDao policies;
  policies.update(sql, policy);
  nlohmann::json result = drPolicyJson(*policies.findBySession(sql, locked.session.id));
  raiseDrPolicyEvent(deps, ctx, "updated", locked, result);
  return result;
}

}  // namespace georep::commands
