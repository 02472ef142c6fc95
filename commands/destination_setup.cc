// georep.destination.create and georep.destination.reestablish: passwordless SSH from a source cluster to
// a destination user, set up by georep as GlusterFS needs it. In order, stopping at the first failure:
//   1. inputs checked (names, fingerprint form, one credential, allow-listed key name), the source host
//      must be a host of the cluster, no stored destination for (cluster, host, port, user) (create);
//   2. one connection to user@host:port with the confirmed fingerprint pinned (explicit trust on first use:
//      a different key -> conflict {presented_fingerprint}) and the password (or key): a wrong password or
//      an unreachable host fails here, before anything is changed anywhere;
//   3. `gluster system:: execute gsec_create` on the source cluster; the geo-rep keys of
//      common_secret.pem.pub (their command= restrictions kept) and every source node's root SSH identity
//      (what glusterd's create checks and push-pem hook log in with) are read and validated;
//   4. the missing lines appended to the destination user's ~/.ssh/authorized_keys (0700/0600, owned by
//      the user: the script runs as that user), exactly the appended ones remembered;
//   5. stored (one transaction) with the host key pinned; then tested from the source node.
// The password is kept in one std::string, wiped when the command ends, and never reaches a message,
// event, log line or row. Destination nodes: the host given and, when it is a host of a cluster in georep's
// inventory, the other hosts of that cluster, each pinned to the host key it shows over ssh-keyscan run on
// the node itself (through the engine's pinned root connection to it); otherwise the host given alone.
#include <soci/soci.h>

#include "commands/command_events.h"
#include "commands/destination_access.h"
#include "commands/destination_handlers.h"
#include "commands/param_specs.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "gluster/authorized_keys.h"
#include "gluster/errors.h"
#include "gluster/georep_ssh.h"
#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/input_validation.h"
#include "gluster/ssh_session.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

api::ParamSpec stringParam(const char* name, bool required, std::size_t maxLength, const char* description) {
  api::ParamSpec p;
  p.name = name;
  p.required = required;
  p.maxLength = maxLength;
  p.description = description;
  return p;
}

// Appends the lines on the destination node; returns the node's record (pinned key, lines appended).
dao::DestinationNodeRecord pushKeys(gluster::SshSession& session, const std::string& host,
                                    const std::vector<std::string>& lines) {
  const auto r = runOnSession(session, gluster::keysScriptArgv(gluster::kAppendKeysScript, lines),
                              std::chrono::seconds(30));
  dao::DestinationNodeRecord node;
  node.host = host;
  node.fingerprint = session.hostKey().fingerprint.empty() ? session.hostKeyFingerprint()
                                                           : session.hostKey().fingerprint;
  node.hostKeyType = session.hostKey().type;
  node.hostKey = session.hostKey().base64;
  if (r.exitStatus != 0) {
    throw CommandError(ErrorCode::kUnavailable, "updating ~/.ssh/authorized_keys on " + host + " failed (exit " +
                                                    std::to_string(r.exitStatus) + "): " +
                                                    gluster::printableValue(r.err, 300));
  }
  try {
    node.addedKeys = gluster::parseAppendOutput(r.out);
  } catch (const std::exception& e) {
    throw CommandError(ErrorCode::kUnavailable, host + ": " + e.what());
  }
  return node;
}

void undoKeys(gluster::SshSession& session, const std::vector<std::string>& added) noexcept {
  if (added.empty()) return;
  try {
    runOnSession(session, gluster::keysScriptArgv(gluster::kRemoveKeysScript, added), std::chrono::seconds(30));
  } catch (...) {
    // Best effort: the command fails anyway and says so.
  }
}

struct Target;
void takeBack(CommandDeps& deps, const Target& t, const DestinationCredentials& creds,
              const std::vector<dao::DestinationNodeRecord>& nodes) noexcept;

struct Target {
  api::Cluster cluster;
  std::string sourceHost;
  std::string host;
  int port = 22;
  std::string user;
  std::string fingerprint;
};

void validateTarget(const Target& t) {
  try {
    gluster::validateSecondaryHost(t.host, "host");
    gluster::validateUserName(t.user, "user");
    gluster::validatePort(t.port, "port");
  } catch (const gluster::GatewayError& e) {
    throw CommandError(ErrorCode::kInvalidArgument, e.what(), e.field());
  }
}

// The other nodes of the destination: the hosts of the inventory cluster the destination host belongs to
// (root access there lets each node vouch for its own host key), none otherwise.
struct Peer {
  std::string host;
  std::string fingerprint;
};
std::vector<Peer> destinationPeers(CommandDeps& deps, const Target& t, const std::string& pinnedType) {
  std::vector<Peer> peers;
  const auto cluster = inventoryClusterOf(deps, t.host);
  if (!cluster) return peers;
  for (const auto& h : deps.inventory.hosts(cluster->id)) {
    if (h.address == t.host || h.state == api::HostState::kMaintenance) continue;
    std::vector<gluster::ScannedKey> keys;
    try {
      deps.clusters.onNode(*cluster, h.address, [&](gluster::Transport& tr, const api::Host&) {
        keys = gluster::parseKeyScan(tr.run(gluster::hostKeyScanArgv(h.address, t.port), std::chrono::seconds(20)).out);
      });
    } catch (const gluster::GatewayError& e) {
      throw CommandError(ErrorCode::kUnavailable, "destination node " + h.address + " (a host of cluster " +
                                                      cluster->name + ") does not answer: " + e.what(), "host");
    }
    std::optional<std::string> fingerprint;
    for (const auto& k : keys) {
      if (fingerprint && k.type != pinnedType) continue;
      if (auto fp = gluster::SshSession::fingerprintOf(k.type, k.base64)) fingerprint = fp;
    }
    if (!fingerprint) {
      throw CommandError(ErrorCode::kUnavailable, "destination node " + h.address + " shows no SSH host key on port " +
                                                      std::to_string(t.port) + " (ssh-keyscan on the node)", "host");
    }
    peers.push_back({h.address, *fingerprint});
  }
  return peers;
}

// Steps 2-4 on every destination node: every connection is made (host keys pinned, credentials checked)
// before anything is changed anywhere; a push failing on a node takes back what was pushed on the others.
std::vector<dao::DestinationNodeRecord> setUp(CommandDeps& deps, const Target& t, const DestinationCredentials& creds) {
  std::vector<std::pair<std::string, std::unique_ptr<gluster::SshSession>>> sessions;
  sessions.emplace_back(t.host, connectDestination(deps, t.host, t.port, t.user, t.fingerprint, creds));
  for (const auto& peer : destinationPeers(deps, t, sessions.front().second->hostKey().type)) {
    sessions.emplace_back(peer.host, connectDestination(deps, peer.host, t.port, t.user, peer.fingerprint, creds));
  }
  const auto lines = sourceKeyLines(deps, t.cluster, t.sourceHost);
  std::vector<dao::DestinationNodeRecord> nodes;
  try {
    for (auto& [host, session] : sessions) nodes.push_back(pushKeys(*session, host, lines));
  } catch (...) {
    for (std::size_t i = 0; i < nodes.size(); ++i) undoKeys(*sessions[i].second, nodes[i].addedKeys);
    throw;
  }
  return nodes;
}

// Takes back what setUp pushed (the record could not be stored): one new connection per node.
void takeBack(CommandDeps& deps, const Target& t, const DestinationCredentials& creds,
              const std::vector<dao::DestinationNodeRecord>& nodes) noexcept {
  for (const auto& n : nodes) {
    try {
      auto session = connectDestination(deps, n.host, t.port, t.user, n.fingerprint, creds);
      undoKeys(*session, n.addedKeys);
    } catch (...) {
      // Best effort: the command fails anyway.
    }
  }
}

nlohmann::json testAndRecord(CommandDeps& deps, soci::session& sql, const api::Cluster& cluster, std::int64_t id) {
  auto stored = destinationById(sql, id);
  const auto tests = testFromSource(deps, cluster, stored);
  std::vector<dao::DestinationNodeRecord> nodes = stored.nodes;
  for (auto& n : nodes) {
    for (const auto& t : tests) {
      if (t.host != n.host) continue;
      n.status = t.status;
      n.error = t.error.empty() ? std::nullopt : std::optional<std::string>(t.error);
    }
  }
  dao::DestinationDao{}.recordTest(sql, id, aggregateStatus(tests), nodes);
  return destinationJson(destinationById(sql, id), cluster.name);
}

}  // namespace

api::CommandSpec destinationCreateSpec() {
  api::CommandSpec spec;
  spec.name = "georep.destination.create";
  spec.role = api::Role::kAdmin;
  spec.description = "Set up passwordless SSH from a source cluster to a destination user (gsec_create, geo-rep "
                     "keys and the source nodes' root identities appended to the user's authorized_keys), pinning "
                     "the destination's host key, which must equal the confirmed fingerprint. The password is used "
                     "for this one connection only.";
  spec.params.push_back(clusterSpec(true, "The source cluster."));
  spec.params.push_back(stringParam("source_host", true, 253, "The source node the destination is tested from (a host "
                                                              "of the cluster)."));
  spec.params.push_back(stringParam("host", true, 253, "The destination node: DNS name or IPv4 address, as the "
                                                       "source nodes reach it."));
  api::ParamSpec port;
  port.name = "port";
  port.type = api::ParamType::kInteger;
  port.minimum = 1;
  port.maximum = 65535;
  port.defaultValue = 22;
  port.description = "SSH port of the destination.";
  spec.params.push_back(port);
  api::ParamSpec user = stringParam("user", false, 32, "The destination user (non-root: gluster-mountbroker is set up "
                                                       "by georep.session.create).");
  user.defaultValue = "root";
  spec.params.push_back(user);
  spec.params.push_back(fingerprintSpec(true));
  spec.params.push_back(passwordSpec());
  spec.params.push_back(privateKeySpec());
  return spec;
}

nlohmann::json destinationCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  Target t;
  t.sourceHost = params.at("source_host").get<std::string>();
  t.host = params.at("host").get<std::string>();
  t.port = params.at("port").get<int>();
  t.user = params.at("user").get<std::string>();
  const std::string clusterName = params.at("cluster").get<std::string>();
  const nlohmann::json subject{{"cluster", clusterName}, {"host", t.host}, {"port", t.port}, {"user", t.user}};
  DestinationCredentials creds;
  return runFailing(deps, ctx, "georep.destination.create_failed", subject, [&]() -> nlohmann::json {
    validateTarget(t);
    t.fingerprint = validFingerprint(params.at("fingerprint").get<std::string>());
    readCredentials(deps, params, true, creds);
    t.cluster = clusterByName(deps, clusterName);
    (void)sourceHostOf(deps, t.cluster, t.sourceHost);
    {
      api::DbLease lease = deps.database.lease(deps.options.leaseWait);
      if (auto existing = dao::DestinationDao{}.find(lease.sql(), t.cluster.id, t.host, t.port, t.user)) {
        throw CommandError(ErrorCode::kConflict,
                           "destination " + t.user + "@" + t.host + ":" + std::to_string(t.port) + " of cluster " +
                               clusterName + " already exists (id " + std::to_string(existing->id) +
                               "): use georep.destination.reestablish",
                           {}, nlohmann::json{{"destination", existing->id}});
      }
    }
    std::vector<dao::DestinationNodeRecord> nodes = setUp(deps, t, creds);

    dao::DestinationRecord row;
    row.clusterId = t.cluster.id;
    row.sourceHost = t.sourceHost;
    row.host = t.host;
    row.port = t.port;
    row.user = t.user;
    row.fingerprint = nodes.front().fingerprint;
    row.nodes = nodes;
    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    soci::session& sql = lease.sql();
    std::int64_t id = 0;
    try {
      soci::transaction tr(sql);
      id = dao::DestinationDao{}.insert(sql, row);
      tr.commit();
    } catch (...) {
      takeBack(deps, t, creds, nodes);
      throw;
    }
    wipe(creds.password);
    nlohmann::json result = testAndRecord(deps, sql, t.cluster, id);
    nlohmann::json body = subject;
    body["destination"] = id;
    body["fingerprint"] = result["fingerprint"];
    body["status"] = result["status"];
    std::size_t added = 0;
    for (const auto& n : nodes) added += n.addedKeys.size();
    body["nodes"] = nodes.size();
    body["keys_added"] = added;
    raiseEvent(deps, ctx, "georep.destination.created", api::Severity::kInfo, std::move(body));
    return result;
  });
}

api::CommandSpec destinationReestablishSpec() {
  api::CommandSpec spec;
  spec.name = "georep.destination.reestablish";
  spec.role = api::Role::kAdmin;
  spec.description = "Push the source cluster's keys to the destination again and re-pin its host key to the "
                     "fingerprint the admin confirmed (after a reinstall or a key change).";
  spec.params.push_back(destinationIdSpec());
  spec.params.push_back(fingerprintSpec(true));
  spec.params.push_back(passwordSpec());
  spec.params.push_back(privateKeySpec());
  return spec;
}

nlohmann::json destinationReestablish(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  const std::int64_t id = params.at("destination").get<std::int64_t>();
  const nlohmann::json subject{{"destination", id}};
  DestinationCredentials creds;
  return runFailing(deps, ctx, "georep.destination.reestablish_failed", subject, [&]() -> nlohmann::json {
    const std::string fingerprint = validFingerprint(params.at("fingerprint").get<std::string>());
    readCredentials(deps, params, true, creds);
    dao::DestinationRecord stored;
    {
      api::DbLease lease = deps.database.lease(deps.options.leaseWait);
      stored = destinationById(lease.sql(), id);
    }
    Target t;
    t.cluster = clusterById(deps, stored.clusterId);
    t.sourceHost = stored.sourceHost;
    t.host = stored.host;
    t.port = stored.port;
    t.user = stored.user;
    t.fingerprint = fingerprint;
    std::vector<dao::DestinationNodeRecord> nodes = setUp(deps, t, creds);
    wipe(creds.password);
    // Lines georep added before are still there (present lines are not appended again): keep them listed.
    for (auto& node : nodes) {
      for (const auto& old : stored.nodes) {
        if (old.host != node.host) continue;
        for (const auto& k : old.addedKeys) {
          if (std::find(node.addedKeys.begin(), node.addedKeys.end(), k) == node.addedKeys.end()) {
            node.addedKeys.push_back(k);
          }
        }
      }
    }
    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    soci::session& sql = lease.sql();
    {
      soci::transaction tr(sql);
      dao::DestinationDao{}.replaceNodes(sql, id, nodes.front().fingerprint, nodes);
      tr.commit();
    }
    nlohmann::json result = testAndRecord(deps, sql, t.cluster, id);
    nlohmann::json body = subject;
    body["cluster"] = t.cluster.name;
    body["host"] = t.host;
    body["previous_fingerprint"] = stored.fingerprint;
    body["fingerprint"] = result["fingerprint"];
    body["status"] = result["status"];
    raiseEvent(deps, ctx, "georep.destination.reestablished", api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
