// georep.volume.refresh: read `volume info` of a cluster (one call, on a reachable host) into the volume
// and brick tables, in one transaction. Brick ids stay stable; bricks no longer listed are removed; volumes
// no longer listed are removed unless sessions still use them (the sync job removes vanished sessions).
#include <soci/soci.h>

#include "commands/command_events.h"
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "engine/api/database.h"
#include "gluster/cluster_gateway.h"

namespace georep::commands {

api::CommandSpec volumeRefreshSpec() {
  return api::CommandSpec{"georep.volume.refresh",
                          "Read the volumes and bricks of a cluster from GlusterFS (volume info) into the database.",
                          {clusterSpec(true, "The cluster to read.")}, api::Role::kOperator};
}

nlohmann::json volumeRefresh(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  const std::string clusterName = params.at("cluster").get<std::string>();
  nlohmann::json subject{{"cluster", clusterName}};
  return runFailing(deps, ctx, "georep.volume.refresh_failed", subject, [&]() -> nlohmann::json {
    const api::Cluster cluster = clusterByName(deps, clusterName);
    const auto volumes = deps.clusters.withHost(
        cluster, [](gluster::GlusterGateway& gw, const api::Host&) { return gw.volumeInfo(); });

    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    soci::session& sql = lease.sql();
    std::vector<std::string> names;
    std::vector<std::string> removed;
    {
      soci::transaction tr(sql);
      for (const auto& v : volumes) {
        deps.volumes.upsert(sql, cluster.id, v);
        names.push_back(v.name);
      }
      removed = deps.volumes.removeUnlisted(sql, cluster.id, names);
      tr.commit();
    }
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& v : deps.volumes.listByCluster(sql, cluster.id)) {
      listed.push_back(volumeJson(v, deps.volumes.bricks(sql, v.id)));
    }
    raiseEvent(deps, ctx, "georep.volume.refreshed", api::Severity::kInfo,
               nlohmann::json{{"cluster", cluster.name}, {"volumes", names}, {"removed", removed}});
    return nlohmann::json{{"cluster", cluster.name}, {"volumes", std::move(listed)}, {"removed", removed}};
  });
}

}  // namespace georep::commands
