// georep.dr.policy.get (one session's policy; not_found when the session or its policy is missing) and
// georep.dr.policy.list (every policy, by session id), each with its recovery point (dr_runs.h). Viewer.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/dr_runs.h"
#include "dao/dr_run_dao.h"
#include "commands/param_specs.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {
namespace {

nlohmann::json withRecoveryPoint(CommandDeps& deps, soci::session& sql, const dao::DrPolicyRecord& policy) {
  nlohmann::json j = drPolicyJson(policy);
  const auto completed = dao::DrRunDao{}.completedCheckpoints(sql, policy.sessionId);
  const auto it = completed.find(policy.sessionId);
  j["recovery_point"] = drRecoveryPointJson(policy, dao::DrRunDao{}.lastSucceeded(sql, policy.sessionId),
                                            std::chrono::floor<std::chrono::seconds>(deps.clock->now()),
                                            it == completed.end() ? std::nullopt : std::optional(it->second));
  return j;
}

}  // namespace

api::CommandSpec drPolicyGetSpec() {
  return api::CommandSpec{"georep.dr.policy.get", "The DR policy of a session, with its next run, missed count and recovery point (RPO).",
                          {sessionIdSpec()}, api::Role::kViewer};
}

nlohmann::json drPolicyGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = sessionIdParam(params);
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  requireStoredSession(deps, sql, id);
  return withRecoveryPoint(deps, sql, requireDrPolicy(sql, id));
}

api::CommandSpec drPolicyListSpec() {
  return api::CommandSpec{"georep.dr.policy.list", "Every DR policy, ordered by session id.", {}, api::Role::kViewer};
}

nlohmann::json drPolicyList(CommandDeps& deps, const nlohmann::json&, const api::CommandContext&) {
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  nlohmann::json policies = nlohmann::json::array();
  for (const auto& p : dao::DrPolicyDao{}.list(lease.sql())) policies.push_back(withRecoveryPoint(deps, lease.sql(), p));
  return nlohmann::json{{"policies", std::move(policies)}};
}

}  // namespace georep::commands
