#include "commands/session_action.h"

#include <soci/soci.h>

#include "commands/command_errors.h"
#include "commands/command_events.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "commands/session_store.h"
#include "gluster/cluster_gateway.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;
using gluster::WorkerStatus;

std::string statusName(gluster::AggregateStatus s) { return std::string(gluster::aggregateStatusName(s)); }

// Start needs the master volume started: the stored state answers at once; a stored state other than
// Started is confirmed live (it may be stale) before refusing.
void ensureVolumeStarted(CommandDeps& deps, LockedSession& locked) {
  const auto stored = deps.volumes.findById(locked.lock.sql(), locked.session.masterVolumeId);
  if (stored && stored->state == gluster::VolumeState::kStarted) return;
  const std::string& name = locked.session.masterVolume;
  auto live = deps.clusters.withHost(locked.cluster, [&](gluster::GlusterGateway& gw, const api::Host&) {
    return gw.volumeInfo(name);
  });
  for (const auto& v : live) {
    if (v.name != name) continue;
    if (v.state == gluster::VolumeState::kStarted) return;
    throw CommandError(ErrorCode::kConflict,
                       "master volume " + name + " is " + std::string(gluster::volumeStateName(v.state)) +
                           ": start the volume before the session",
                       {}, nlohmann::json{{"volume_status", std::string(gluster::volumeStateName(v.state))}});
  }
  throw CommandError(ErrorCode::kNotFound, "master volume " + name + " no longer exists", "master_volume");
}

// The session's state as GlusterFS reports it now (one read), nullopt when it cannot be read or is not listed.
std::optional<gluster::AggregateStatus> liveStatus(CommandDeps& deps, const api::Cluster& cluster,
                                                   const gluster::SessionRef& ref) {
  try {
    const SessionSnapshot snap = readSessionOnCluster(deps, cluster, ref);
    if (snap.status) return snap.health.status;
  } catch (const gluster::GatewayError&) {
  }
  return std::nullopt;
}

}  // namespace

bool sessionRunning(const SessionSnapshot& snapshot) {
  return snapshot.status &&
         reportingWorkersAllIn(snapshot.health, {WorkerStatus::kInitializing, WorkerStatus::kActive,
                                                 WorkerStatus::kPassive, WorkerStatus::kFaulty});
}

nlohmann::json runSessionAction(CommandDeps& deps, const SessionAction& action, const nlohmann::json& params,
                                const api::CommandContext& ctx) {
  const auto id = sessionIdParam(params);
  const bool force = params.value("force", false);
  nlohmann::json subject{{"session_id", id}, {"force", force}};
  return runFailing(deps, ctx, action.failureEvent, subject, [&]() -> nlohmann::json {
    LockedSession locked = lockSession(deps, id);
    soci::session& sql = locked.lock.sql();
    const dao::SessionRecord& s = locked.session;
    subject["cluster"] = locked.cluster.name;
    subject["master_volume"] = s.masterVolume;
    subject["secondary"] = s.secondaryUser + "@" + s.secondaryHost + "::" + s.secondaryVolume;

    auto previous = s.status;
    if (auto why = action.refuse(previous, force)) {
      // The stored state is the sync job's last reading, which may be stale or caught a passing moment
      // (workers restarting after a config change read Stopped for a few seconds): refuse only once GlusterFS
      // confirms it. Unreadable -> refused on the stored state, as before.
      const auto live = liveStatus(deps, locked.cluster, sessionRef(s));
      if (!live || *live == previous) throw stateConflict(*why, statusName(previous));
      if (auto liveWhy = action.refuse(*live, force)) throw stateConflict(*liveWhy, statusName(*live));
      previous = *live;
    }
    if (action.needsStartedVolume) ensureVolumeStarted(deps, locked);

    const auto ref = sessionRef(s);
    const auto unknown =
        sendAction(deps, locked.cluster, [&](gluster::GlusterGateway& gw) { action.run(gw, ref, force); });

    // After an unknown outcome the stored state stands for "before": seeing it again means not done.
    const ReadBack rb =
        unknown ? readBackAfterUnknown(deps, locked.cluster, ref, action.verb, *unknown, action.reached,
                                       [&](const SessionSnapshot& snap) {
                                         return snap.status && snap.health.status == previous;
                                       })
                : readBackUntil(deps, locked.cluster, ref, action.reached);
    if (!rb.snapshot.status) {
      throw CommandError(ErrorCode::kGlusterError,
                         "glusterd accepted " + action.verb + " but no longer lists the session " + ref.primaryVolume +
                             " -> " + ref.secondaryHost + "::" + ref.secondaryVolume,
                         {}, nlohmann::json{{"expected", action.expected}, {"observed", "absent"}, {"reads", rb.reads}});
    }
    if (!rb.reached) {
      const auto observed = statusName(rb.snapshot.health.status);
      throw CommandError(ErrorCode::kGlusterError,
                         "glusterd accepted " + action.verb + " but the session reads back as " + observed +
                             " (workers " + workerStates(rb.snapshot.health) + "), expected " + action.expected,
                         {}, nlohmann::json{{"expected", action.expected}, {"observed", observed},
                                            {"workers", workerStates(rb.snapshot.health)}, {"reads", rb.reads}});
    }

    {
      soci::transaction tr(sql);
      writeSnapshot(deps, sql, s.clusterId, s.id, rb.snapshot);
      tr.commit();
    }

    const auto after = deps.sessions.findById(sql, id);
    if (!after) throw std::runtime_error("session " + std::to_string(id) + " vanished after " + action.verb);
    nlohmann::json result = sessionJson(*after, locked.cluster.name);
    result["previous_status"] = statusName(previous);
    result["offline_bricks"] = offlineWorkers(rb.snapshot.health);
    if (unknown) result["outcome_was_unknown"] = *unknown;  // settled by the read-back: done
    nlohmann::json bricks = nlohmann::json::array();
    for (const auto& b : deps.sessionBricks.list(sql, id)) bricks.push_back(sessionBrickJson(b));
    result["bricks"] = std::move(bricks);

    nlohmann::json body = subject;
    body["previous_status"] = statusName(previous);
    body["status"] = statusName(after->status);
    raiseEvent(deps, ctx, action.successEvent, api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
