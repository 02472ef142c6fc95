// georep.session.create: create a geo-replication session from a master volume of a cluster to a
// secondary volume, and store it with its per-brick workers and its config.
// Checks, in order, before anything is sent to GlusterFS:
//   1. every name is valid (the gateway's own rules; invalid_argument naming the parameter);
//   2. the cluster exists; the master volume is known to georep (georep.volume.refresh) -> not_found;
//   3. no stored session between the same master volume and secondary host/volume -> conflict
//      (creations of one pair are serialized by a pair lock, so two concurrent creates cannot both pass);
//   4. the master volume is Started, read live from the cluster -> conflict otherwise;
//   5. the secondary volume is eligible (commands/session_eligibility.h: started, in another cluster, no other
//      session's secondary, large enough, empty, same GlusterFS major version, nodes reachable) -> conflict
//      listing every blocking reason; force=true overrides them, and the reply and the created event carry
//      them as "eligibility_overridden".
// Secondary reachability is checked where it matters, on the master node that runs `create`: glusterd's
// own create pre-check mounts the secondary volume over SSH (gverify) before creating anything. Its
// refusals map to typed errors keeping glusterd's message: secondary host not reachable -> unavailable;
// secondary volume missing/unusable, passwordless SSH not set up, version or size mismatch ->
// gluster_error (the latter bypassed by force). Checking from the engine instead would test the wrong
// network path (the engine is not where the workers run).
// Then the session is read back (it must be listed); with ssh_port, `config ssh_port N` is set too (create's
// ssh-port is not kept by glusterd, glusterfs#2819); the config is read back, and everything is stored in
// one transaction. With push-pem, nothing else of the engine reaches the cluster's glusterd from just before
// the create until glusterd's key-distribution hook has ended (commands/create_hook_wait.h; GlusterFS 10.3
// wedges for minutes otherwise), and the reply's push_pem_hook says how long that took.
#include <string_view>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "commands/command_errors.h"
#include "commands/command_events.h"
#include "commands/create_hook_wait.h"
#include "commands/handlers.h"
#include "commands/mountbroker_setup.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "commands/session_eligibility.h"
#include "commands/session_readback.h"
#include "dao/session_lock.h"
#include "engine/api/database.h"
#include "gluster/argv_builder.h"
#include "gluster/cluster_gateway.h"
#include "gluster/input_validation.h"

namespace georep::commands {
namespace {

// `create push-pem` needs common_secret.pem.pub on the node it runs on, and gsec_create writes that file only
// on the node that runs it; the create goes to whichever host answers first. When glusterd refuses for the
// missing file (nothing was created), gsec_create is run on that same node and the create sent once more.
void createOnNode(gluster::GlusterGateway& gw, const gluster::SessionRef& ref, const gluster::CreateOptions& options) {
  try {
    gw.create(ref, options);
  } catch (const gluster::GatewayError& e) {
    const bool missingSecret = std::string_view(e.what()).find("common_secret.pem.pub") != std::string_view::npos;
    if (options.pem != gluster::PemMode::kPushPem || e.isTransport() || !missingSecret) throw;
    spdlog::info("create push-pem: glusterd has no common_secret.pem.pub on this node; running gsec_create there");
    gw.gsecCreate();
    gw.create(ref, options);
  }
}

}  // namespace

using api::CommandError;
using api::ErrorCode;

api::CommandSpec sessionCreateSpec() {
  api::CommandSpec spec;
  spec.name = "georep.session.create";
  spec.role = api::Role::kAdmin;  // it names a destination (secondary host, SSH user) and distributes keys
  spec.description =
      "Create a geo-replication session from a master volume of a cluster to a secondary volume. glusterd checks on "
      "the master node that the secondary is reachable over SSH and usable before creating it.";
  spec.params.push_back(clusterSpec(true, "The cluster of the master volume."));
  spec.params.push_back(volumeNameSpec("master_volume", true, "The master (primary) volume; it must be started "
                                                              "and known to georep (georep.volume.refresh)."));
  api::ParamSpec host;
  host.name = "secondary_host";
  host.required = true;
  host.maxLength = 253;
  host.description = "A node of the secondary cluster: DNS name or IPv4 address, as the master nodes reach it.";
  spec.params.push_back(host);
  spec.params.push_back(volumeNameSpec("secondary_volume", true, "The secondary volume."));
  api::ParamSpec user;
  user.name = "secondary_user";
  user.maxLength = 32;
  user.defaultValue = "root";
  user.description = "The SSH user on the secondary. Non-root: georep sets up gluster-mountbroker on the secondary "
                     "nodes when they are hosts of a registered cluster (not with no_verify); see the reply's "
                     "mountbroker.";
  spec.params.push_back(user);
  api::ParamSpec port;
  port.name = "ssh_port";
  port.type = api::ParamType::kInteger;
  port.minimum = 1;
  port.maximum = 65535;
  port.description = "SSH port of the secondary (default 22). Used by glusterd's create checks and also set as the "
                     "session's ssh_port config, which the workers use.";
  spec.params.push_back(port);
  api::ParamSpec pushPem;
  pushPem.name = "push_pem";
  pushPem.type = api::ParamType::kBoolean;
  pushPem.defaultValue = true;
  pushPem.description = "Distribute the geo-replication public keys to the secondary (push-pem). Ignored when "
                        "no_verify is true.";
  spec.params.push_back(pushPem);
  api::ParamSpec noVerify;
  noVerify.name = "no_verify";
  noVerify.type = api::ParamType::kBoolean;
  noVerify.defaultValue = false;
  noVerify.description = "Skip glusterd's checks of the secondary (no-verify; keys must already be in place). "
                         "Takes precedence over push_pem.";
  spec.params.push_back(noVerify);
  spec.params.push_back(forceSpec("Create despite blocking eligibility reasons (returned as eligibility_overridden) "
                                  "and glusterd's size/emptiness/version refusals, or again over an existing "
                                  "GlusterFS session (gluster's create force)."));
  return spec;
}

nlohmann::json sessionCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  gluster::SessionRef ref;
  ref.primaryVolume = params.at("master_volume").get<std::string>();
  ref.secondaryHost = params.at("secondary_host").get<std::string>();
  ref.secondaryVolume = params.at("secondary_volume").get<std::string>();
  ref.secondaryUser = params.value("secondary_user", std::string("root"));
  const std::string clusterName = params.at("cluster").get<std::string>();
  gluster::CreateOptions options;
  if (params.contains("ssh_port") && !params["ssh_port"].is_null()) options.sshPort = params["ssh_port"].get<int>();
  options.pem = params.value("no_verify", false)  ? gluster::PemMode::kNoVerify
                : params.value("push_pem", true) ? gluster::PemMode::kPushPem
                                                  : gluster::PemMode::kNone;
  options.force = params.value("force", false);

  nlohmann::json subject{{"cluster", clusterName},
                         {"master_volume", ref.primaryVolume},
                         {"secondary", ref.secondaryUser + "@" + ref.secondaryHost + "::" + ref.secondaryVolume}};
  return runFailing(deps, ctx, "georep.session.create_failed", subject, [&]() -> nlohmann::json {
    refuseDirectorySecondary(params);  // destinations (dest): a directory secondary, explained
    gluster::ArgvBuilder::validateSession(ref);
    if (options.sshPort) gluster::validatePort(*options.sshPort, "ssh_port");
    const api::Cluster cluster = clusterByName(deps, clusterName);

    auto lock = dao::SessionLock::forPair(deps.database, cluster.id, ref.primaryVolume, ref.secondaryHost,
                                          ref.secondaryVolume, deps.options.lockWait);
    soci::session& sql = lock.sql();
    const auto volume = deps.volumes.findByName(sql, cluster.id, ref.primaryVolume);
    if (!volume) {
      throw CommandError(ErrorCode::kNotFound,
                         "volume " + ref.primaryVolume + " of cluster " + cluster.name +
                             " is not known to georep (run georep.volume.refresh)",
                         "master_volume");
    }
    if (auto existing = deps.sessions.findByPair(sql, volume->id, ref.secondaryHost, ref.secondaryVolume)) {
      throw CommandError(ErrorCode::kConflict,
                         "a session from " + ref.primaryVolume + " to " + ref.secondaryHost + "::" +
                             ref.secondaryVolume + " already exists (id " + std::to_string(existing->id) + ")",
                         {}, nlohmann::json{{"session_id", existing->id},
                                            {"status", std::string(gluster::aggregateStatusName(existing->status))}});
    }
    const auto live = deps.clusters.withHost(cluster, [&](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.volumeInfo(ref.primaryVolume);
    });
    bool started = false;
    std::string state = "missing";
    for (const auto& v : live) {
      if (v.name != ref.primaryVolume) continue;
      state = std::string(gluster::volumeStateName(v.state));
      started = v.state == gluster::VolumeState::kStarted;
    }
    if (!started) {
      throw CommandError(ErrorCode::kConflict,
                         "master volume " + ref.primaryVolume + " is " + state + ": start it before creating a session",
                         {}, nlohmann::json{{"volume_status", state}});
    }
    // 5. the secondary volume is eligible (commands/session_eligibility.h), or force overrides.
    const EligibilityVerdict eligibility = enforceSessionEligibility(deps, sql, cluster, live, ref, options.force);

    // Non-root secondary: gluster-mountbroker set up by georep (dest: mountbroker_setup.h), unless no_verify
    // says the secondary is prepared already.
    const auto mountbroker =
        options.pem == gluster::PemMode::kNoVerify ? std::nullopt : prepareMountbroker(deps, ref);
    // From just before the create until the session is stored, no other engine call reaches the cluster's
    // glusterd (gluster/quiet_windows.h; this command's own calls pass): push-pem's hook, which distributes the
    // keys right after the create, must run undisturbed (other glusterd operations can wedge it), and the
    // sync job must not list the new session before it is stored (it would record it as discovered: two
    // audit events for one create). The window closes when `window` goes, on success or on any error.
    std::optional<gluster::QuietWindows::Hold> window;
    window.emplace(deps.clusters.quietWindows().hold(cluster.id, deps.clusters.callTimeout()));
    const auto unknown = sendAction(deps, cluster, [&](gluster::GlusterGateway& gw) { createOnNode(gw, ref, options); });
    std::optional<CreateHookWait> hook;
    if (options.pem == gluster::PemMode::kPushPem) hook = waitForCreateHook(deps, cluster);
    const auto listed = [](const SessionSnapshot& snap) { return snap.status.has_value(); };
    const ReadBack rb = unknown ? readBackAfterUnknown(deps, cluster, ref, "create", *unknown, listed,
                                                       [](const SessionSnapshot& snap) { return !snap.status; })
                                : readBackUntil(deps, cluster, ref, listed);
    if (!rb.reached) {
      throw CommandError(ErrorCode::kGlusterError, "glusterd accepted create but does not list the session",
                         {}, nlohmann::json{{"expected", "listed"}, {"observed", "absent"}, {"reads", rb.reads}});
    }
    if (options.sshPort) {
      // `create ssh-port N` serves only glusterd's create checks and the push-pem hook; it is not stored in
      // the session (glusterfs#2819), whose workers would still ssh to port 22. Store it as config too.
      // Never re-sent: after an unknown outcome the config read back below tells.
      sendAction(deps, cluster, [&](gluster::GlusterGateway& gw) {
        gw.configSet(ref, "ssh_port", std::to_string(*options.sshPort));
      });
    }
    const auto config = deps.clusters.withHost(
        cluster, [&](gluster::GlusterGateway& gw, const api::Host&) { return gw.config(ref); });
    if (options.sshPort) {
      const auto it = config.find("ssh_port");
      const std::string seen = it == config.end() ? std::string("(absent)") : it->second;
      if (seen != std::to_string(*options.sshPort)) {
        throw CommandError(ErrorCode::kGlusterError,
                           "the session was created but its config ssh_port reads back as " + seen + ", not " +
                               std::to_string(*options.sshPort),
                           {}, nlohmann::json{{"key", "ssh_port"}, {"observed", seen}});
      }
    }

    const auto& snap = rb.snapshot;
    std::int64_t id = 0;
    {
      soci::transaction tr(sql);
      const auto volumeId = deps.volumes.upsert(sql, cluster.id, snap.volume);
      dao::NewSession row;
      row.clusterId = cluster.id;
      row.masterVolumeId = volumeId;
      row.sessionKey = snap.status->key.raw;
      row.secondaryHost = ref.secondaryHost;
      row.secondaryUser = ref.secondaryUser;
      row.secondaryVolume = ref.secondaryVolume;
      if (!snap.status->key.secondaryVolumeUuid.empty()) row.secondaryVolumeUuid = snap.status->key.secondaryVolumeUuid;
      row.status = snap.health.status;
      row.rawWorkerStates = snap.health.rawWorkerStates;
      id = deps.sessions.insert(sql, row);
      deps.sessionBricks.replace(sql, id, volumeId, snap.health);
      deps.config.replaceAll(sql, id, config);
      tr.commit();
    }
    window.reset();

    const auto stored = deps.sessions.findById(sql, id);
    if (!stored) throw std::runtime_error("session " + std::to_string(id) + " vanished right after create");
    nlohmann::json result = sessionJson(*stored, cluster.name);
    nlohmann::json bricks = nlohmann::json::array();
    for (const auto& b : deps.sessionBricks.list(sql, id)) bricks.push_back(sessionBrickJson(b));
    result["bricks"] = std::move(bricks);
    result["config"] = configJson(deps.config.list(sql, id));
    result["eligibility_overridden"] = eligibility.overridden;
    if (mountbroker) result["mountbroker"] = finishMountbroker(deps, ref, *mountbroker);
    if (hook) result["push_pem_hook"] = hook->toJson();

    nlohmann::json body = subject;
    body["session_id"] = id;
    body["status"] = result["status"];
    body["eligibility_overridden"] = eligibility.overridden;  // the audit note of what force overrode
    raiseEvent(deps, ctx, "georep.session.created",
               eligibility.overridden.empty() ? api::Severity::kInfo : api::Severity::kWarning, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
