// Shared by the georep.destination.* commands (destination_*.cc) and the periodic destination test:
// parameter specs (the password is a `secret` parameter: the bus blanks it out of any error), the JSON
// record, the connection to a destination node with the password (used once, then wiped) or an
// allow-listed private key (by NAME, plugin config destinations.private_keys), the source cluster's keys
// (gsec_create, common_secret.pem.pub, root identities), pushing and removing authorized_keys lines, and the
// test from the source node. Errors (api::CommandError):
//   wrong fingerprint -> conflict, details {presented_fingerprint}; nothing sent to the host
//   wrong password / refused key -> invalid_argument, field "password" / "private_key", details
//     {reason: "auth_failed"} (the engine has no permission_denied code; the password is never echoed)
//   host not reachable -> unavailable.
// Thread-safety: functions; callers pass their own lease / session.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "dao/destination_dao.h"
#include "engine/api/command_bus.h"
#include "engine/api/inventory.h"
#include "gluster/transport.h"

namespace soci {
class session;
}

namespace georep::gluster {
class SshSession;
}

namespace georep::commands {

api::ParamSpec destinationIdSpec();
api::ParamSpec passwordSpec();
api::ParamSpec privateKeySpec();
api::ParamSpec fingerprintSpec(bool required);

nlohmann::json destinationJson(const dao::DestinationRecord& d, const std::string& clusterName);

// The destination user's credentials for one connection. The password is wiped by the destructor.
struct DestinationCredentials {
  std::string password;    // empty when a key is used
  std::string keyName;     // allow-list name, empty when a password is used
  std::string keyPath;     // resolved from the allow-list
  DestinationCredentials() = default;
  DestinationCredentials(const DestinationCredentials&) = delete;
  DestinationCredentials& operator=(const DestinationCredentials&) = delete;
  ~DestinationCredentials();
  bool empty() const { return password.empty() && keyPath.empty(); }
};
// Reads `password` / `private_key` (at most one; `required`: exactly one).
void readCredentials(const CommandDeps& deps, const nlohmann::json& params, bool required,
                     DestinationCredentials& out);

// "SHA256:" + 43 base64 characters (padding tolerated): invalid_argument otherwise.
std::string validFingerprint(const std::string& value, const std::string& field = "fingerprint");

// Connects to user@host:port with the pinned fingerprint and the credentials; typed errors as above.
std::unique_ptr<gluster::SshSession> connectDestination(const CommandDeps& deps, const std::string& host, int port,
                                                        const std::string& user, const std::string& fingerprint,
                                                        const DestinationCredentials& creds);

// Runs argv on an open session (shell-quoted); transport failures -> unavailable.
gluster::ExecResult runOnSession(gluster::SshSession& session, const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout);

// The host of `cluster` whose inventory address is `address`; invalid_argument (field) otherwise.
api::Host sourceHostOf(CommandDeps& deps, const api::Cluster& cluster, const std::string& address,
                       const std::string& field = "source_host");

// gsec_create on the source cluster, then the lines to authorize on the destination: the geo-rep keys of
// common_secret.pem.pub (read on sourceHost) and every source host's root identity.
std::vector<std::string> sourceKeyLines(CommandDeps& deps, const api::Cluster& cluster, const std::string& sourceHost);

// The cluster of georep's inventory one of whose hosts has address `host` (root access to that node).
std::optional<api::Cluster> inventoryClusterOf(CommandDeps& deps, const std::string& host);

struct NodeTest {
  std::string host;
  bool ok = false;
  std::string status;
  std::string error;
  long long elapsedMs = 0;
};
// The path the workers use, from the source node, to every node of the destination.
std::vector<NodeTest> testFromSource(CommandDeps& deps, const api::Cluster& cluster, const dao::DestinationRecord& d);
// The destination's status from its nodes' tests.
std::string aggregateStatus(const std::vector<NodeTest>& tests);

// The stored destination `id` or not_found (field "destination").
dao::DestinationRecord destinationById(soci::session& sql, std::int64_t id);

// Sets every password byte to zero (explicit_bzero: not optimised away).
void wipe(std::string& secret);

}  // namespace georep::commands
