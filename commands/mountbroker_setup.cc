#include "commands/mountbroker_setup.h"

#include <soci/soci.h>

#include <chrono>
#include <thread>
#include <vector>

#include "commands/destination_access.h"
#include "dao/destination_dao.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/mountbroker.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

struct Progress {
  CommandDeps& deps;
  const gluster::SessionRef& ref;
  nlohmann::json state;
  nlohmann::json done = nlohmann::json::array();

  void save() {
    api::DbLease lease = deps.database.leaseShared(deps.options.leaseWait);  // session.create holds a lease
    for (const auto& d : dao::DestinationDao{}.findByHostUser(lease.sql(), ref.secondaryHost, ref.secondaryUser)) {
      dao::DestinationDao{}.setMountbroker(lease.sql(), d.id, state);
    }
  }
  [[noreturn]] void fail(ErrorCode code, const std::string& what, const std::string& next) {
    state["state"] = "incomplete";
    state["next_step"] = next;
    state["done"] = done;
    try {
      save();
    } catch (...) {
      // The failure below is what matters.
    }
    throw CommandError(code, "mountbroker setup for " + ref.secondaryUser + " on " + ref.secondaryHost + ": " + what +
                                 ". Next: " + next,
                       {}, nlohmann::json{{"mountbroker", state}});
  }
};

std::string manualSteps(const DestinationOptions& o, const gluster::SessionRef& ref) {
  return "as root on every secondary node: groupadd " + o.mountbrokerGroup + "; usermod -a -G " + o.mountbrokerGroup +
         " " + ref.secondaryUser + "; gluster-mountbroker setup " + o.mountbrokerRoot + " " + o.mountbrokerGroup +
         "; gluster-mountbroker add " + ref.secondaryVolume + " " + ref.secondaryUser +
         "; restart glusterd (one node at a time); after the session is created: " + o.setPemKeysScript + " " +
         ref.secondaryUser + " " + ref.primaryVolume + " " + ref.secondaryVolume;
}

gluster::ExecResult run(Progress& p, const api::Cluster& cluster, const std::string& node,
                        const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  gluster::ExecResult r;
  try {
    p.deps.clusters.onNode(cluster, node, [&](gluster::Transport& t, const api::Host&) { r = t.run(argv, timeout); });
  } catch (const gluster::GatewayError& e) {
    p.fail(ErrorCode::kUnavailable, "secondary node " + node + " does not answer (" + e.what() + ")",
           "bring " + node + " back and run georep.session.create again (finished steps are skipped)");
  }
  return r;
}

std::string firstLine(const gluster::ExecResult& r) {
  const std::string& text = r.err.empty() ? r.out : r.err;
  return gluster::printableValue(text.substr(0, text.find('\n')), 200);
}

// The user's home directory (getent passwd, field 6), validated.
std::string userHome(Progress& p, const api::Cluster& cluster, const std::string& node, const std::string& user) {
  const auto r = run(p, cluster, node, gluster::getentPasswdArgv(user), std::chrono::seconds(20));
  const auto home = r.exitStatus == 0 ? gluster::homeOfPasswdEntry(r.out) : std::nullopt;
  if (!home) {
    p.fail(ErrorCode::kConflict, "user " + user + " has no usable home directory on " + node,
           "create it with a home (useradd -m " + user + ")");
  }
  return *home;
}

bool configured(Progress& p, const api::Cluster& cluster, const std::string& node) {
  const auto o = p.deps.options.destinations;
  const auto vol = run(p, cluster, node, gluster::readGlusterdVolArgv(), std::chrono::seconds(20));
  return vol.exitStatus == 0 && gluster::mountbrokerConfigured(vol.out, o.mountbrokerRoot, o.mountbrokerGroup,
                                                                p.ref.secondaryVolume, p.ref.secondaryUser);
}

}  // namespace

nlohmann::json finishSteps(CommandDeps& deps, const gluster::SessionRef& ref, nlohmann::json state);

void refuseDirectorySecondary(const nlohmann::json& params) {
  const std::string host = params.value("secondary_host", std::string());
  const std::string volume = params.value("secondary_volume", std::string());
  const bool hostPath = host.find(":/") != std::string::npos || (!host.empty() && host.front() == '/');
  const bool volumePath = !volume.empty() && (volume.front() == '/' || volume.find('/') != std::string::npos);
  if (hostPath || volumePath) {
    throw CommandError(ErrorCode::kInvalidArgument,
                       "the secondary must be a GlusterFS volume (secondary_host + secondary_volume), not a directory: "
                       "GlusterFS dropped non-volume (directory) secondaries in 3.5. Create a volume on the "
                       "destination and use its name",
                       volumePath ? "secondary_volume" : "secondary_host",
                       nlohmann::json{{"reason", "directory_secondary"}});
  }
}

std::optional<nlohmann::json> prepareMountbroker(CommandDeps& deps, const gluster::SessionRef& ref) {
  if (ref.secondaryUser == "root") return std::nullopt;
  const auto& o = deps.options.destinations;
  Progress p{deps, ref, nlohmann::json{{"group", o.mountbrokerGroup}, {"root", o.mountbrokerRoot}}};
  const auto cluster = inventoryClusterOf(deps, ref.secondaryHost);
  if (!cluster) {
    p.state["state"] = "not_managed";
    p.state["next_step"] = "georep has no root access to " + ref.secondaryHost +
                           " (not a host of a registered cluster); if not done yet, " + manualSteps(o, ref);
    p.save();
    return p.state;
  }
  std::vector<std::string> nodes;
  for (const auto& h : deps.inventory.hosts(cluster->id)) {
    if (h.state != api::HostState::kMaintenance) nodes.push_back(h.address);
  }
  const auto t20 = std::chrono::seconds(20);
  for (const auto& node : nodes) {
    if (run(p, *cluster, node, gluster::getentPasswdArgv(ref.secondaryUser), t20).exitStatus != 0) {
      p.fail(ErrorCode::kConflict, "user " + ref.secondaryUser + " does not exist on " + node,
             "create it on every secondary node (useradd -m " + ref.secondaryUser +
                 "), set up its destination (georep.destination.create), then run georep.session.create again");
    }
    if (run(p, *cluster, node, gluster::getentGroupArgv(o.mountbrokerGroup), t20).exitStatus != 0) {
      const auto r = run(p, *cluster, node, gluster::groupAddArgv(o.mountbrokerGroup), t20);
      if (r.exitStatus != 0) {
        p.fail(ErrorCode::kGlusterError, "groupadd " + o.mountbrokerGroup + " failed on " + node + ": " + firstLine(r),
               "create group " + o.mountbrokerGroup + " on " + node + ", then run georep.session.create again");
      }
      p.done.push_back("groupadd " + o.mountbrokerGroup + " on " + node);
    }
    if (run(p, *cluster, node, gluster::userFindsGlusterArgv(ref.secondaryUser), t20).exitStatus != 0) {
      const auto r = run(p, *cluster, node, gluster::glusterInProfileArgv(), t20);
      if (r.exitStatus != 0 ||
          run(p, *cluster, node, gluster::userFindsGlusterArgv(ref.secondaryUser), t20).exitStatus != 0) {
        p.fail(ErrorCode::kGlusterError,
               ref.secondaryUser + " does not find the gluster command on " + node + " after /etc/profile",
               "make gluster reachable in " + ref.secondaryUser + "'s PATH on " + node +
                   " (glusterd's create check runs it as that user)");
      }
      p.done.push_back(std::string("gluster added to the PATH of /etc/profile (") + gluster::kProfileScript + ") on " +
                       node);
    }
    const auto groups = run(p, *cluster, node, gluster::userGroupsArgv(ref.secondaryUser), t20);
    if (!gluster::groupListed(groups.out, o.mountbrokerGroup)) {
      const auto r = run(p, *cluster, node, gluster::addUserToGroupArgv(ref.secondaryUser, o.mountbrokerGroup), t20);
      if (r.exitStatus != 0) {
        p.fail(ErrorCode::kGlusterError, "usermod failed on " + node + ": " + firstLine(r),
               "add " + ref.secondaryUser + " to group " + o.mountbrokerGroup + " on " + node);
      }
      p.done.push_back("usermod -a -G " + o.mountbrokerGroup + " " + ref.secondaryUser + " on " + node);
    }
  }

  std::vector<std::string> toRestart;
  for (const auto& node : nodes) {
    if (!configured(p, *cluster, node)) toRestart.push_back(node);
  }
  if (!toRestart.empty()) {
    const auto gt = deps.clusters.callTimeout();
    auto r = run(p, *cluster, nodes.front(), gluster::mountbrokerSetupArgv(o.mountbrokerRoot, o.mountbrokerGroup), gt);
    if (r.exitStatus != 0) {
      p.fail(ErrorCode::kGlusterError, "gluster-mountbroker setup failed: " + firstLine(r),
             "look at the output of `gluster-mountbroker setup " + o.mountbrokerRoot + " " + o.mountbrokerGroup +
                 "` on " + nodes.front());
    }
    p.done.push_back("gluster-mountbroker setup " + o.mountbrokerRoot + " " + o.mountbrokerGroup);
    r = run(p, *cluster, nodes.front(), gluster::mountbrokerAddArgv(ref.secondaryVolume, ref.secondaryUser), gt);
    if (r.exitStatus != 0) {
      p.fail(ErrorCode::kGlusterError, "gluster-mountbroker add failed: " + firstLine(r),
             "look at the output of `gluster-mountbroker add " + ref.secondaryVolume + " " + ref.secondaryUser + "`");
    }
    p.done.push_back("gluster-mountbroker add " + ref.secondaryVolume + " " + ref.secondaryUser);
    for (const auto& node : toRestart) {
      const auto vol = run(p, *cluster, node, gluster::readGlusterdVolArgv(), t20);
      if (!gluster::mountbrokerConfigured(vol.out, o.mountbrokerRoot, o.mountbrokerGroup, ref.secondaryVolume,
                                          ref.secondaryUser)) {
        p.fail(ErrorCode::kGlusterError, "glusterd.vol on " + node + " lacks the mountbroker options after setup/add",
               "check that " + node + " is a connected peer (gluster pool list) and run georep.session.create again");
      }
      r = run(p, *cluster, node, o.glusterdRestart, std::chrono::seconds(120));
      if (r.exitStatus != 0) {
        p.fail(ErrorCode::kGlusterError, "restarting glusterd on " + node + " failed: " + firstLine(r),
               "restart glusterd on " + node + " by hand, then run georep.session.create again");
      }
      bool back = false;
      for (int i = 0; i < 60 && !back; ++i) {
        back = run(p, *cluster, node, {"gluster", "--mode=script", "pool", "list"}, t20).exitStatus == 0;
        if (!back) std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      if (!back) {
        p.fail(ErrorCode::kUnavailable, "glusterd on " + node + " does not answer after its restart",
               "start glusterd on " + node + " and run georep.session.create again");
      }
      p.done.push_back("glusterd restarted on " + node);
    }
  }
  p.state["state"] = "glusterd_ready";
  p.state["next_step"] = "create push-pem, then " + o.setPemKeysScript + " " + ref.secondaryUser + " " +
                         ref.primaryVolume + " " + ref.secondaryVolume + " on " + ref.secondaryHost;
  p.state["done"] = p.done;
  p.save();
  return p.state;
}

nlohmann::json finishMountbroker(CommandDeps& deps, const gluster::SessionRef& ref, nlohmann::json state) {
  if (state.value("state", std::string()) == "not_managed") return state;
  try {
    return finishSteps(deps, ref, std::move(state));
  } catch (const CommandError& e) {
    nlohmann::json reported = e.details().value("mountbroker", nlohmann::json::object());
    reported["error"] = e.what();
    return reported;
  }
}

nlohmann::json finishSteps(CommandDeps& deps, const gluster::SessionRef& ref, nlohmann::json state) {
  const auto& o = deps.options.destinations;
  Progress p{deps, ref, state};
  if (state.contains("done")) p.done = state["done"];
  const auto cluster = inventoryClusterOf(deps, ref.secondaryHost);
  if (!cluster) return state;
  // glusterd's push-pem hook copies the keys to the user's home after create answered: wait for them.
  const auto home = userHome(p, *cluster, ref.secondaryHost, ref.secondaryUser);
  const std::string pem = home + "/" + ref.primaryVolume + "_" + ref.secondaryVolume + "_common_secret.pem.pub";
  bool present = false;
  for (int i = 0; i < 90 && !present; ++i) {
    present = run(p, *cluster, ref.secondaryHost, {"test", "-s", pem}, std::chrono::seconds(20)).exitStatus == 0;
    if (!present) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (!present) {
    p.fail(ErrorCode::kGlusterError, "glusterd's push-pem hook did not leave " + pem + " within 90 s",
           "look at glusterd's log on the primary node; then run " + o.setPemKeysScript + " " + ref.secondaryUser + " " +
               ref.primaryVolume + " " + ref.secondaryVolume + " as root on " + ref.secondaryHost);
  }
  const auto r = run(p, *cluster, ref.secondaryHost,
                     gluster::setPemKeysArgv(o.setPemKeysScript, ref.secondaryUser, ref.primaryVolume,
                                             ref.secondaryVolume),
                     deps.clusters.callTimeout());
  if (r.exitStatus != 0) {
    p.fail(ErrorCode::kGlusterError,
           "the session was created but set_geo_rep_pem_keys.sh failed: " + firstLine(r),
           "run " + o.setPemKeysScript + " " + ref.secondaryUser + " " + ref.primaryVolume + " " + ref.secondaryVolume +
               " as root on " + ref.secondaryHost + " before starting the session");
  }
  p.done.push_back("set_geo_rep_pem_keys.sh " + ref.secondaryUser + " " + ref.primaryVolume + " " +
                   ref.secondaryVolume);
  p.state["state"] = "ready";
  p.state["next_step"] = nullptr;
  p.state["done"] = p.done;
  p.save();
  return p.state;
}

}  // namespace georep::commands
