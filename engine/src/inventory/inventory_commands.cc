#include "engine/src/inventory/inventory_commands.h"

#include <optional>
#include <string>

#include "engine/src/config/allow_list.h"
#include "engine/src/inventory/inventory_paging.h"
#include "engine/src/inventory/pg_inventory.h"

namespace georep::engine {
namespace {

using nlohmann::json;

json clusterJson(const api::Cluster& c) {
  return {{"id", c.id}, {"name", c.name}, {"gluster_command", c.glusterCommand}, {"transport", c.transport}};
}

json hostJson(const std::string& clusterName, const api::Host& h, const AllowList& allow) {
  const auto keyName = allow.sshKeyName(h.sshKeyPath);
  return {{"id", h.id},
          {"cluster", clusterName},
          {"address", h.address},
          {"ssh_port", h.sshPort},
          {"ssh_user", h.sshUser},
          {"ssh_key", keyName ? json(*keyName) : json(nullptr)},
          {"ssh_key_path", h.sshKeyPath},
          {"host_key_fingerprint", h.hostKeyFingerprint},
          {"state", api::hostStateName(h.state)}};
}

api::ParamSpec stringParam(std::string name, bool required, std::string description, std::size_t maxLength,
                           json defaultValue = nullptr) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.type = api::ParamType::kString;
  p.required = required;
  p.description = std::move(description);
  p.maxLength = maxLength;
  p.defaultValue = std::move(defaultValue);
  return p;
}

api::ParamSpec clusterParam(std::string name, bool required) {
  return stringParam(std::move(name), required, "cluster name", 64);
}

api::ParamSpec addressParam() {
  return stringParam("address", true, "host address as gluster knows the peer: DNS name, IPv4 or IPv6", 253);
}

// A string parameter: the bus has checked the type; a missing optional one reads as its fallback.
std::string text(const json& params, const char* name, const char* fallback = "") {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return fallback;
  return it->get<std::string>();
}

api::CommandSpec clusterAddSpec() {
  api::CommandSpec spec{"cluster.add", "Add a Gluster cluster to the inventory", {}};
  spec.role = api::Role::kAdmin;
  spec.params.push_back(clusterParam("name", true));
  spec.params.back().description = "cluster name: letters, digits, '.', '_' and '-', at most 64";
  spec.params.push_back(stringParam("gluster_command", false,
                                    "NAME of the gluster command allow-listed in the engine's config file "
                                    "(allow.gluster_commands; never a path); built in: 'gluster', the packaged "
                                    "gluster CLI",
                                    64, std::string(AllowList::kBuiltinGlusterCommand)));
  api::ParamSpec transport = stringParam("transport", false,
                                         "how to reach the hosts: ssh, or local (the engine runs on a gluster "
                                         "node)",
                                         5, "ssh");
  transport.enumValues = {"ssh", "local"};
  spec.params.push_back(std::move(transport));
  return spec;
}

api::CommandSpec clusterRemoveSpec() {
  api::CommandSpec spec{"cluster.remove", "Remove a cluster (refused while it has hosts, unless force)", {}};
  spec.role = api::Role::kAdmin;
  spec.params.push_back(clusterParam("name", true));
  api::ParamSpec force;
  force.name = "force";
  force.type = api::ParamType::kBoolean;
  force.description = "also remove its hosts and everything known about the cluster";
  force.defaultValue = false;
  spec.params.push_back(std::move(force));
  return spec;
}

api::CommandSpec hostAddSpec() {
  api::CommandSpec spec{"host.add", "Add a host to a cluster, with how to reach it over SSH", {}};
  spec.role = api::Role::kAdmin;
  spec.params.push_back(clusterParam("cluster", true));
  spec.params.push_back(addressParam());
  api::ParamSpec port;
  port.name = "ssh_port";
  port.type = api::ParamType::kInteger;
  port.description = "SSH port";
  port.minimum = 1;
  port.maximum = 65535;
  port.defaultValue = 22;
  spec.params.push_back(std::move(port));
  spec.params.push_back(stringParam("ssh_user", false, "SSH login user", 32, "root"));
  spec.params.push_back(stringParam("ssh_key", false,
                                    "NAME of the SSH private key allow-listed in the engine's config file "
                                    "(allow.ssh_keys; never a path); empty = ssh-agent",
                                    64, ""));
  spec.params.push_back(stringParam("host_key_fingerprint", false,
                                    "pinned host key, SHA256:<base64> as `ssh-keyscan HOST | ssh-keygen -lf -` "
                                    "prints it; required for ssh clusters",
                                    64, ""));
  return spec;
}

}  // namespace

std::vector<api::Registration> registerInventoryCommands(api::CommandBus& bus, PgInventory& inventory,
                                                         const AllowList& allow) {
  std::vector<api::Registration> registrations;

  registrations.push_back(bus.registerHandler(clusterAddSpec(), [&inventory, &allow](const json& params,
                                                                                     const api::CommandContext&) {
    api::Cluster cluster;
    cluster.name = text(params, "name");
    cluster.glusterCommand = allow.glusterCommandPath("gluster_command", text(params, "gluster_command", "gluster"));
    cluster.transport = text(params, "transport", "ssh");
    return json{{"cluster", clusterJson(inventory.addCluster(cluster))}};
  }));

  {
    api::CommandSpec spec{"cluster.list", "List the clusters of the inventory, by name (filter, page)", {},
                          api::Role::kViewer};
    api::ParamSpec transport = stringParam("transport", false, "only the clusters of this transport", 5);
    transport.enumValues = {"ssh", "local"};
    spec.params.push_back(std::move(transport));
    for (auto& p : pagingParams("name")) spec.params.push_back(std::move(p));
    registrations.push_back(bus.registerHandler(std::move(spec), [&inventory](const json& params,
                                                                              const api::CommandContext&) {
      const std::string transport = text(params, "transport");
      json clusters = json::array();
      for (const auto& c : inventory.clusters()) {
        if (!transport.empty() && c.transport != transport) continue;
        json entry = clusterJson(c);
        entry["hosts"] = inventory.hostCount(c.id);
        clusters.push_back(std::move(entry));
      }
      return pageOf(std::move(clusters), "name", "clusters", params);
    }));
  }

  {
    api::CommandSpec spec{"cluster.get", "One cluster of the inventory, with its host count", {}, api::Role::kViewer};
    spec.params.push_back(clusterParam("name", true));
    registrations.push_back(bus.registerHandler(std::move(spec), [&inventory](const json& params,
                                                                              const api::CommandContext&) {
      const std::string name = text(params, "name");
      const auto cluster = inventory.clusterByName(name);
      if (!cluster) throw api::CommandError(api::ErrorCode::kNotFound, "no cluster named " + name, "name");
      json entry = clusterJson(*cluster);
      entry["hosts"] = inventory.hostCount(cluster->id);
      return json{{"cluster", std::move(entry)}};
    }));
  }

  registrations.push_back(bus.registerHandler(clusterRemoveSpec(), [&inventory](const json& params,
                                                                                const api::CommandContext&) {
    const std::string name = text(params, "name");
    const bool force = params.contains("force") && params["force"].is_boolean() && params["force"].get<bool>();
    inventory.removeCluster(name, force);
    return json{{"removed", {{"cluster", name}}}};
  }));

  registrations.push_back(bus.registerHandler(hostAddSpec(), [&inventory, &allow](const json& params,
                                                                                  const api::CommandContext&) {
    const std::string cluster = text(params, "cluster");
    api::Host host;
    host.address = text(params, "address");
    host.sshPort = 22;
    if (params.contains("ssh_port") && params["ssh_port"].is_number_integer()) {
      const auto port = params["ssh_port"].get<std::int64_t>();
      if (port < 1 || port > 65535) throw api::invalidArgument("ssh_port", "ssh_port must be between 1 and 65535");
      host.sshPort = static_cast<int>(port);
    }
    host.sshUser = text(params, "ssh_user", "root");
    const std::string keyName = text(params, "ssh_key");
    host.sshKeyPath = keyName.empty() ? std::string() : allow.sshKeyPath("ssh_key", keyName);
    host.hostKeyFingerprint = text(params, "host_key_fingerprint");
    return json{{"host", hostJson(cluster, inventory.addHost(cluster, host), allow)}};
  }));

  {
    api::CommandSpec spec{"host.list", "List the hosts of one cluster, or of every cluster (filter, page by address)",
                          {}};
    spec.role = api::Role::kViewer;
    spec.params.push_back(clusterParam("cluster", false));
    spec.params.back().description = "only the hosts of this cluster";
    api::ParamSpec state = stringParam("state", false, "only the hosts in this state", 11);
    state.enumValues = {"unknown", "up", "down", "maintenance"};
    spec.params.push_back(std::move(state));
    for (auto& p : pagingParams("address")) spec.params.push_back(std::move(p));
    registrations.push_back(bus.registerHandler(std::move(spec), [&inventory, &allow](const json& params,
                                                                                      const api::CommandContext&) {
      std::optional<std::string> cluster;
      if (params.contains("cluster") && params["cluster"].is_string()) cluster = params["cluster"].get<std::string>();
      const std::string state = text(params, "state");
      json hosts = json::array();
      for (const auto& entry : inventory.hostEntries(cluster ? std::optional<std::string_view>(*cluster)
                                                             : std::nullopt)) {
        if (!state.empty() && api::hostStateName(entry.host.state) != state) continue;
        hosts.push_back(hostJson(entry.clusterName, entry.host, allow));
      }
      if (cluster) return pageOf(std::move(hosts), "address", "hosts", params);
      // Across clusters an address is not a unique key: pages need a cluster.
      if (params.contains("limit") || params.contains("after"))
        throw api::invalidArgument(params.contains("after") ? "after" : "limit", "host pages need a cluster");
      json out{{"total", hosts.size()}};
      if (!params.value("with_total", false)) out.erase("total");
      out["hosts"] = std::move(hosts);
      return out;
    }));
  }

  {
    api::CommandSpec spec{"host.get", "One host of a cluster", {}, api::Role::kViewer};
    spec.params.push_back(clusterParam("cluster", true));
    spec.params.push_back(addressParam());
    registrations.push_back(bus.registerHandler(std::move(spec), [&inventory, &allow](const json& params,
                                                                                      const api::CommandContext&) {
      const std::string cluster = text(params, "cluster");
      const std::string address = text(params, "address");
      for (const auto& entry : inventory.hostEntries(std::string_view(cluster)))
        if (entry.host.address == address) return json{{"host", hostJson(entry.clusterName, entry.host, allow)}};
      throw api::CommandError(api::ErrorCode::kNotFound, "no host " + address + " in cluster " + cluster, "address");
    }));
  }

  {
    api::CommandSpec spec{"host.remove", "Remove a host from a cluster", {}};
    spec.role = api::Role::kAdmin;
    spec.params.push_back(clusterParam("cluster", true));
    spec.params.push_back(addressParam());
    registrations.push_back(bus.registerHandler(std::move(spec), [&inventory](const json& params,
                                                                              const api::CommandContext&) {
      const std::string cluster = text(params, "cluster");
      const std::string address = text(params, "address");
      inventory.removeHost(cluster, address);
      return json{{"removed", {{"cluster", cluster}, {"address", address}}}};
    }));
  }

  return registrations;
}

}  // namespace georep::engine
