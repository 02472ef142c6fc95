// georep.dr.run.get: one DR run of a session (not_found when the run is not the session's) with its
// progress: {step, workers_done (Active workers reporting the run's checkpoint T completed),
// workers_active, pending_entry/data/meta (summed over the session's bricks now, from the sync job's
// per-brick state), elapsed_seconds (until now while running, the duration once ended)}. Viewer.
#include <soci/soci.h>

#include "commands/dr_handlers.h"
#include "commands/dr_runs.h"
#include "commands/param_specs.h"
#include "commands/dr_policy_access.h"
#include "commands/session_access.h"
#include "dao/dr_run_dao.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec drRunGetSpec() {
  api::ParamSpec run;
  run.name = "run_id";
  run.type = api::ParamType::kInteger;
  run.required = true;
  run.minimum = 1;
  run.description = "The run's id (georep.dr.run.list, georep.dr.run.now).";
  return api::CommandSpec{"georep.dr.run.get", "One DR run of a session with its progress (workers done, pending, elapsed, step).",
                          {sessionIdSpec(), run}, api::Role::kViewer};
}

nlohmann::json drRunGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = sessionIdParam(params);
  const auto runId = params.at("run_id").get<std::int64_t>();
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  requireStoredSession(deps, sql, id);
  const auto run = dao::DrRunDao{}.find(sql, runId);
  if (!run || run->sessionId != id) {
    throw api::CommandError(api::ErrorCode::kNotFound,
                            "session " + std::to_string(id) + " has no DR run " + std::to_string(runId), "run_id");
  }
  std::int64_t active = 0, done = 0, entry = 0, data = 0, meta = 0;
  for (const auto& b : deps.sessionBricks.list(sql, id)) {
    entry += b.entryPending.value_or(0);
    data += b.dataPending.value_or(0);
    meta += b.metaPending.value_or(0);
    if (b.workerStatus != gluster::WorkerStatus::kActive) continue;
    ++active;
    if (run->checkpointTime && b.checkpointTime == run->checkpointTime && b.checkpointCompleted.value_or(false)) ++done;
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(deps.clock->now());
  const std::int64_t elapsed =
      run->durationSeconds ? *run->durationSeconds : std::max<std::int64_t>(0, (now - run->startedAt).count());
  nlohmann::json j = drRunJson(*run);
  j["progress"] = nlohmann::json{{"step", run->step},          {"workers_done", done},   {"workers_active", active},
                                 {"pending_entry", entry},     {"pending_data", data},   {"pending_meta", meta},
                                 {"elapsed_seconds", elapsed}};
  return j;
}

api::CommandSpec drRunNowSpec() {
  return api::CommandSpec{"georep.dr.run.now", "Start a run of the session's DR policy now (also when it is paused).",
                          {sessionIdSpec()}, api::Role::kOperator};
}

api::CommandSpec drRunCancelSpec() {
  return api::CommandSpec{"georep.dr.run.cancel", "Cancel the session's DR run in flight (post hooks still run).",
                          {sessionIdSpec()}, api::Role::kOperator};
}

}  // namespace georep::commands
