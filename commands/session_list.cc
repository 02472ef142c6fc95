// georep.session.list: the stored sessions with their aggregate status — all of them, those of one
// cluster, or those of one master volume of a cluster (master_volume needs cluster) — filtered by status
// and secondary and paged (limit/after, id order) in SQL, with the total that matches.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

namespace {

api::ParamSpec optionalText(std::string name, std::string description, std::vector<std::string> values = {}) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.maxLength = 256;
  p.enumValues = std::move(values);
  return p;
}

api::ParamSpec boundedInteger(std::string name, std::string description, std::int64_t min, std::int64_t max) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.type = api::ParamType::kInteger;
  p.description = std::move(description);
  p.minimum = min;
  p.maximum = max;
  return p;
}

api::ParamSpec withTotalSpec() {
  api::ParamSpec p;
  p.name = "with_total";
  p.type = api::ParamType::kBoolean;
  p.defaultValue = false;
  p.description = "Also return `total`, how many sessions match whatever the page (the REST collections set it).";
  return p;
}

std::string textParam(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  return it == params.end() || it->is_null() ? std::string() : it->get<std::string>();
}

}  // namespace

api::CommandSpec sessionListSpec() {
  return api::CommandSpec{
      "georep.session.list",
      "List the geo-replication sessions with their aggregate status, in id order: all, of one cluster, or of one "
      "master volume, filtered by status or secondary, a page at a time (limit, after) with the total.",
      {clusterSpec(false, "Only the sessions of this cluster."),
       volumeNameSpec("master_volume", false, "Only the sessions of this master volume (requires cluster)."),
       optionalText("status", "Only the sessions with this aggregate status.",
                    {"CREATED", "PAUSED", "STOPPED", "ACTIVE", "INITIALIZING", "FAULTY", "PARTIAL_FAULTY", "UNKNOWN"}),
       optionalText("secondary_host", "Only the sessions to this secondary host."),
       optionalText("secondary_volume", "Only the sessions to this secondary volume."),
       boundedInteger("limit", "At most this many sessions (a page).", 1, kMaxSessionPage),
       boundedInteger("after", "Only the sessions whose id is above this one (the last id of the previous page).",
                      0, std::numeric_limits<std::int64_t>::max()),
       withTotalSpec()},
      api::Role::kViewer};
}

nlohmann::json sessionList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const bool byCluster = params.contains("cluster") && !params["cluster"].is_null();
  const bool byVolume = params.contains("master_volume") && !params["master_volume"].is_null();
  if (byVolume && !byCluster) {
    throw api::invalidArgument("master_volume", "master_volume needs cluster: volume names are per cluster");
  }
  dao::SessionFilter filter;
  filter.status = textParam(params, "status");
  filter.secondaryHost = textParam(params, "secondary_host");
  filter.secondaryVolume = textParam(params, "secondary_volume");
  filter.limit = params.value("limit", std::int64_t{0});
  filter.afterId = params.value("after", std::int64_t{0});
  filter.countTotal = params.value("with_total", false);
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  std::map<std::int64_t, std::string> clusterNames;
  if (byCluster) {
    const auto cluster = clusterByName(deps, params["cluster"].get<std::string>());
    clusterNames[cluster.id] = cluster.name;
    filter.clusterId = cluster.id;
    if (byVolume) {
      const auto name = params["master_volume"].get<std::string>();
      const auto volume = deps.volumes.findByName(sql, cluster.id, name);
      if (!volume) {
        throw api::CommandError(api::ErrorCode::kNotFound,
                                "volume " + name + " of cluster " + cluster.name + " is not known to georep",
                                "master_volume");
      }
      filter.masterVolumeId = volume->id;
    }
  } else {
    for (const auto& c : deps.inventory.clusters()) clusterNames[c.id] = c.name;
  }
  const dao::SessionPage page = deps.sessions.search(sql, filter);
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : page.rows) sessions.push_back(sessionJson(s, clusterNames[s.clusterId]));
  nlohmann::json result{{"sessions", std::move(sessions)}};
  if (filter.countTotal) result["total"] = page.total;
  return result;
}

}  // namespace georep::commands
