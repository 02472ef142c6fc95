// georep.destination.remove (admin): takes away exactly the authorized_keys lines georep appended on each
// destination node (lines that were already there are left), then forgets the destination. The lines are
// removed over one of, in order: the password or allow-listed key given (as the destination user); root
// access to the node through georep's inventory (the node is a host of a registered cluster: runuser as the
// user); otherwise they cannot be reached and the reply lists them under keys_left (with the host), so the
// admin can take them away by hand. A wrong fingerprint/password fails before anything is removed.
#include <soci/soci.h>

#include "commands/command_events.h"
#include "commands/destination_access.h"
#include "commands/destination_handlers.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "gluster/authorized_keys.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/mountbroker.h"
#include "gluster/ssh_session.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

long long removedCount(const gluster::ExecResult& r) {
  const auto pos = r.out.find("removed\t");
  if (r.exitStatus != 0 || pos == std::string::npos) return -1;
  return std::atoll(r.out.c_str() + pos + 8);
}

// As root on the node (inventory access): runuser -u USER -- env HOME=<home> sh -c SCRIPT ...
long long removeAsRoot(CommandDeps& deps, const api::Cluster& cluster, const std::string& host, const std::string& user,
                       const std::vector<std::string>& lines) {
  long long removed = -1;
  deps.clusters.onNode(cluster, host, [&](gluster::Transport& t, const api::Host&) {
    const auto pw = t.run(gluster::getentPasswdArgv(user), std::chrono::seconds(20));
    const auto home = pw.exitStatus == 0 ? gluster::homeOfPasswdEntry(pw.out) : std::nullopt;
    if (!home) return;
    std::vector<std::string> argv{"runuser", "-u", user, "--", "env", "HOME=" + *home};
    for (auto& a : gluster::keysScriptArgv(gluster::kRemoveKeysScript, lines)) argv.push_back(std::move(a));
    removed = removedCount(t.run(argv, std::chrono::seconds(30)));
  });
  return removed;
}

}  // namespace

api::CommandSpec destinationRemoveSpec() {
  api::CommandSpec spec{"georep.destination.remove",
                        "Take away the keys georep added to the destination user's authorized_keys (only those) and "
                        "forget the destination. Reaches the nodes with the password or key given, else through "
                        "georep's inventory; lists what it could not remove.",
                        {destinationIdSpec(), passwordSpec(), privateKeySpec()},
                        api::Role::kAdmin};
  return spec;
}

nlohmann::json destinationRemove(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  const std::int64_t id = params.at("destination").get<std::int64_t>();
  const nlohmann::json subject{{"destination", id}};
  DestinationCredentials creds;
  return runFailing(deps, ctx, "georep.destination.remove_failed", subject, [&]() -> nlohmann::json {
    readCredentials(deps, params, false, creds);
    dao::DestinationRecord d;
    {
      api::DbLease lease = deps.database.lease(deps.options.leaseWait);
      d = destinationById(lease.sql(), id);
    }
    long long removed = 0;
    nlohmann::json left = nlohmann::json::array();
    for (const auto& node : d.nodes) {
      if (node.addedKeys.empty()) continue;
      long long n = -1;
      if (!creds.empty()) {
        auto session = connectDestination(deps, node.host, d.port, d.user, node.fingerprint, creds);
        n = removedCount(runOnSession(*session, gluster::keysScriptArgv(gluster::kRemoveKeysScript, node.addedKeys),
                                      std::chrono::seconds(30)));
      } else if (const auto cluster = inventoryClusterOf(deps, node.host)) {
        try {
          n = removeAsRoot(deps, *cluster, node.host, d.user, node.addedKeys);
        } catch (const gluster::GatewayError&) {
          n = -1;
        }
      }
      if (n < 0) {
        left.push_back({{"host", node.host}, {"lines", node.addedKeys}});
      } else {
        removed += n;
      }
    }
    wipe(creds.password);
    {
      api::DbLease lease = deps.database.lease(deps.options.leaseWait);
      dao::DestinationDao{}.remove(lease.sql(), id);
    }
    nlohmann::json result{{"destination", id}, {"removed", true}, {"keys_removed", removed}, {"keys_left", left}};
    if (!left.empty()) {
      result["note"] = "georep could not reach these nodes as the destination user (give password or private_key) "
                       "nor through its inventory: remove the listed lines from the user's ~/.ssh/authorized_keys";
    }
    nlohmann::json body{{"destination", id}, {"host", d.host}, {"user", d.user}, {"keys_removed", removed},
                        {"nodes_left", left.size()}};
    raiseEvent(deps, ctx, "georep.destination.removed", api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
