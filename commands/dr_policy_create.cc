// georep.dr.policy.create: give a session its DR policy (one per session; conflict when it has one).
// Everything is validated (schedule, zone, bounds, hooks) before the single INSERT; the next run is
// computed from the schedule. Admin: see dr_handlers.h.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/param_specs.h"
#include "engine/api/command_error.h"

namespace georep::commands {

api::CommandSpec drPolicyCreateSpec() {
  std::vector<api::ParamSpec> params{sessionIdSpec()};
  for (auto& p : drPolicyParamSpecs(true)) params.push_back(std::move(p));
  return api::CommandSpec{"georep.dr.policy.create",
                          "Give a geo-replication session a disaster-recovery policy: a schedule in a time zone, "
                          "a run timeout, a mode, an RPO target and quiesce hooks.",
                          std::move(params), api::Role::kAdmin};
}

nlohmann::json drPolicyCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  LockedSession locked = lockSession(deps, sessionIdParam(params));
  soci::session& sql = locked.lock.sql();
  const dao::DrPolicyDao policies;
  if (policies.findBySession(sql, locked.session.id)) {
    throw api::CommandError(api::ErrorCode::kConflict,
                            "session " + std::to_string(locked.session.id) +
                                " already has a DR policy (georep.dr.policy.update changes it)",
                            "session_id");
  }
  dao::DrPolicyRecord policy;
  policy.sessionId = locked.session.id;
  applyDrPolicyParams(params, policy, drPolicyInputContext(deps, locked));
  policies.insert(sql, policy);
  nlohmann::json result = drPolicyJson(*policies.findBySession(sql, locked.session.id));
  raiseDrPolicyEvent(deps, ctx, "created", locked, result);
  return result;
}

}  // namespace georep::commands
