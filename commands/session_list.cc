// georep.session.list: the stored sessions with their aggregate status — all of them, those of one
// cluster, or those of one master volume of a cluster (master_volume needs cluster).
#include <map>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec sessionListSpec() {
  return api::CommandSpec{
      "georep.session.list",
      "List the geo-replication sessions with their aggregate status: all, of one cluster, or of one master volume.",
      {clusterSpec(false, "Only the sessions of this cluster."),
       volumeNameSpec("master_volume", false, "Only the sessions of this master volume (requires cluster).")}, api::Role::kViewer};
}

nlohmann::json sessionList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const bool byCluster = params.contains("cluster") && !params["cluster"].is_null();
  const bool byVolume = params.contains("master_volume") && !params["master_volume"].is_null();
  if (byVolume && !byCluster) {
    throw api::invalidArgument("master_volume", "master_volume needs cluster: volume names are per cluster");
  }
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  std::vector<dao::SessionRecord> rows;
  std::map<std::int64_t, std::string> clusterNames;
  if (byCluster) {
    const auto cluster = clusterByName(deps, params["cluster"].get<std::string>());
    clusterNames[cluster.id] = cluster.name;
    if (byVolume) {
      const auto name = params["master_volume"].get<std::string>();
      const auto volume = deps.volumes.findByName(sql, cluster.id, name);
      if (!volume) {
        throw api::CommandError(api::ErrorCode::kNotFound,
                                "volume " + name + " of cluster " + cluster.name + " is not known to georep",
                                "master_volume");
      }
      rows = deps.sessions.listByVolume(sql, volume->id);
    } else {
      rows = deps.sessions.listByCluster(sql, cluster.id);
    }
  } else {
    for (const auto& c : deps.inventory.clusters()) clusterNames[c.id] = c.name;
    rows = deps.sessions.listAll(sql);
  }
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : rows) sessions.push_back(sessionJson(s, clusterNames[s.clusterId]));
  return nlohmann::json{{"sessions", std::move(sessions)}};
}

}  // namespace georep::commands
