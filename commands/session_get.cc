// georep.session.get: one stored session with its per-brick worker details and its config.
#include <map>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "commands/fault_json.h"
#include "dao/fault_dao.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec sessionGetSpec() {
  return api::CommandSpec{"georep.session.get",
                          "One geo-replication session with its per-brick worker details and its config.",
                          {sessionIdSpec()}, api::Role::kViewer};
}

nlohmann::json sessionGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = sessionIdParam(params);
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  const auto session = deps.sessions.findById(sql, id);
  if (!session) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no geo-replication session with id " + std::to_string(id),
                            "session_id");
  }
  const auto cluster = deps.inventory.clusterById(session->clusterId);
  nlohmann::json result = sessionJson(*session, cluster ? cluster->name : std::string());
  // Why a Faulty worker failed (dao/fault_dao.h): "fault" per brick, null when none is recorded.
  std::map<std::int64_t, dao::BrickFaultRecord> faults;
  for (auto& f : dao::FaultDao().listBySession(sql, id)) faults.emplace(f.brickId, std::move(f));
  nlohmann::json bricks = nlohmann::json::array();
  for (const auto& b : deps.sessionBricks.list(sql, id)) {
    nlohmann::json brick = sessionBrickJson(b);
    const auto fault = faults.find(b.brickId);
    brick["fault"] = fault == faults.end() ? nlohmann::json() : brickFaultJson(fault->second);
    bricks.push_back(std::move(brick));
  }
  result["bricks"] = std::move(bricks);
  result["config"] = configJson(deps.config.list(sql, id));
  if (const auto volume = deps.volumes.findById(sql, session->masterVolumeId)) {
    result["master_volume_status"] = std::string(gluster::volumeStateName(volume->state));
  }
  return result;
}

}  // namespace georep::commands
