// georep.dr.run.list: a session's DR run history, newest first (skipped windows and interrupted runs
// included), whether or not it still has a policy. Viewer.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_policy_access.h"
#include "commands/dr_runs.h"
#include "commands/param_specs.h"
#include "commands/session_access.h"
#include "dao/dr_run_dao.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec drRunListSpec() {
  api::ParamSpec limit;
  limit.name = "limit";
  limit.type = api::ParamType::kInteger;
  limit.minimum = 1;
  limit.maximum = 1000;
  limit.defaultValue = 50;
  limit.description = "At most this many runs, newest first.";
  return api::CommandSpec{"georep.dr.run.list", "A session's DR run history, newest first.", {sessionIdSpec(), limit},
                          api::Role::kViewer};
}

nlohmann::json drRunList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = sessionIdParam(params);
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  requireStoredSession(deps, sql, id);
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : dao::DrRunDao{}.listBySession(sql, id, params.value("limit", 50))) runs.push_back(drRunJson(r));
  return nlohmann::json{{"session_id", id}, {"runs", std::move(runs)}};
}

}  // namespace georep::commands
