// georep.destination.list / get (viewer): the stored destinations, their pinned nodes and last test;
// georep.destination.keys (admin): the allow-listed private key names with their fingerprints (never paths).
#include <soci/soci.h>

#include "commands/destination_access.h"
#include "commands/destination_handlers.h"
#include "commands/param_specs.h"
#include "commands/session_access.h"
#include "engine/api/database.h"
#include "engine/api/inventory.h"
#include "gluster/ssh_session.h"

namespace georep::commands {
namespace {

std::string clusterNameOf(CommandDeps& deps, std::int64_t clusterId) {
  const auto c = deps.inventory.clusterById(clusterId);
  return c ? c->name : std::string();
}

}  // namespace

api::CommandSpec destinationListSpec() {
  api::CommandSpec spec{"georep.destination.list", "The geo-replication destinations, of one cluster or all.",
                        {clusterSpec(false, "Only the destinations of this source cluster.")}, api::Role::kViewer};
  return spec;
}

nlohmann::json destinationList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  std::optional<std::int64_t> clusterId;
  if (params.contains("cluster") && params["cluster"].is_string()) {
    clusterId = clusterByName(deps, params["cluster"].get<std::string>()).id;
  }
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : dao::DestinationDao{}.list(lease.sql(), clusterId)) {
    out.push_back(destinationJson(d, clusterNameOf(deps, d.clusterId)));
  }
  return nlohmann::json{{"destinations", std::move(out)}};
}

api::CommandSpec destinationGetSpec() {
  return api::CommandSpec{"georep.destination.get", "One geo-replication destination.", {destinationIdSpec()},
                          api::Role::kViewer};
}

nlohmann::json destinationGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  const auto d = destinationById(lease.sql(), params.at("destination").get<std::int64_t>());
  return destinationJson(d, clusterNameOf(deps, d.clusterId));
}

api::CommandSpec destinationKeysSpec() {
  return api::CommandSpec{"georep.destination.keys",
                          "The private keys a destination may be set up with instead of a password: their names "
                          "(what private_key takes) and fingerprints. Configured by the engine's admin "
                          "(plugin config destinations.private_keys).",
                          {},
                          api::Role::kAdmin};
}

nlohmann::json destinationKeys(CommandDeps& deps, const nlohmann::json&, const api::CommandContext&) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& [name, path] : deps.options.destinations.privateKeys) {
    const auto pub = gluster::SshSession::publicKeyOf(path);
    keys.push_back({{"name", name},
                    {"fingerprint", pub ? nlohmann::json(pub->fingerprint) : nlohmann::json()},
                    {"key_type", pub ? nlohmann::json(pub->type) : nlohmann::json()},
                    {"usable", pub.has_value()}});
  }
  return nlohmann::json{{"keys", std::move(keys)}};
}

}  // namespace georep::commands
