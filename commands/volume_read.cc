// georep.volume.list and georep.volume.get: the volumes of a cluster as georep stored them at the last
// refresh (georep.volume.refresh or the sync job), with their bricks and replica sets. Read-only.
#include <algorithm>
#include <string>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "gluster/model.h"

namespace georep::commands {

namespace {

api::ParamSpec volumeFilterSpec(std::string name, std::string description, std::size_t maxLength) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.maxLength = maxLength;
  return p;
}

std::string textOr(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  return it == params.end() || it->is_null() ? std::string() : it->get<std::string>();
}

}  // namespace

api::CommandSpec volumeListSpec() {
  api::ParamSpec limit;
  limit.name = "limit";
  limit.type = api::ParamType::kInteger;
  limit.minimum = 1;
  limit.maximum = 1000;
  limit.description = "At most this many volumes (a page, by name).";
  return api::CommandSpec{"georep.volume.list",
                          "The stored volumes of a cluster (as of the last refresh) with their bricks, by name; "
                          "filtered by status and type, paged (`total` counts every match).",
                          {clusterSpec(true, "The cluster whose volumes to list."),
                           volumeFilterSpec("status", "Only the volumes in this state (Started, Stopped, ...).", 32),
                           volumeFilterSpec("type", "Only the volumes of this type (Replicate, Distribute, ...).", 64),
                           std::move(limit),
                           volumeFilterSpec("after", "Only the volumes whose name sorts after this one (the last of "
                                                     "the previous page).", 256)},
                          api::Role::kViewer};
}

nlohmann::json volumeList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto cluster = clusterByName(deps, params.at("cluster").get<std::string>());
  const std::string status = textOr(params, "status");
  const std::string type = textOr(params, "type");
  const std::string after = textOr(params, "after");
  const auto limit = params.contains("limit") ? params["limit"].get<std::size_t>() : std::size_t{1000};
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  auto stored = deps.volumes.listByCluster(sql, cluster.id);
  std::sort(stored.begin(), stored.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  nlohmann::json volumes = nlohmann::json::array();
  std::size_t total = 0;
  for (const auto& v : stored) {
    if ((!status.empty() && gluster::volumeStateName(v.state) != status) || (!type.empty() && v.type != type)) continue;
    ++total;
    if (v.name <= after && !after.empty()) continue;
    if (volumes.size() < limit) volumes.push_back(volumeJson(v, deps.volumes.bricks(sql, v.id)));
  }
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
