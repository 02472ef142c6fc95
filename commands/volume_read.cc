// georep.volume.list and georep.volume.get: the volumes of a cluster as georep stored them at the last
// refresh (georep.volume.refresh or the sync job), with their bricks and replica sets. Read-only.
#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec volumeListSpec() {
  return api::CommandSpec{"georep.volume.list",
                          "The stored volumes of a cluster (as of the last refresh) with their bricks.",
                          {clusterSpec(true, "The cluster whose volumes to list.")}, api::Role::kViewer};
}

nlohmann::json volumeList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto cluster = clusterByName(deps, params.at("cluster").get<std::string>());
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  nlohmann::json volumes = nlohmann::json::array();
  for (const auto& v : deps.volumes.listByCluster(sql, cluster.id)) volumes.push_back(volumeJson(v, deps.volumes.bricks(sql, v.id)));
  const auto total = volumes.size();
  return nlohmann::json{{"cluster", cluster.name}, {"volumes", std::move(volumes)}, {"total", total}};
}

api::CommandSpec volumeGetSpec() {
  return api::CommandSpec{"georep.volume.get", "One stored volume of a cluster with its bricks and replica sets.",
                          {clusterSpec(true, "The cluster of the volume."),
                           volumeNameSpec("volume", true, "The volume name.")},
                          api::Role::kViewer};
}

nlohmann::json volumeGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto cluster = clusterByName(deps, params.at("cluster").get<std::string>());
  const auto name = params.at("volume").get<std::string>();
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  const auto volume = deps.volumes.findByName(sql, cluster.id, name);
  if (!volume) {
    throw api::CommandError(api::ErrorCode::kNotFound,
                            "volume " + name + " of cluster " + cluster.name + " is not known to georep", "volume");
  }
  nlohmann::json result = volumeJson(*volume, deps.volumes.bricks(sql, volume->id));
  result["cluster"] = cluster.name;
  return nlohmann::json{{"volume", std::move(result)}};
}

}  // namespace georep::commands
