// georep.session.delete: delete a STOPPED or CREATED session (reset_sync_time: gluster's
// reset-sync-time, so that a session created again later syncs from scratch). With force, any stored
// state is accepted (FAULTY, UNKNOWN, ... e.g. when nodes are down or the stored state is stale);
// GlusterFS's delete has no force of its own, so glusterd still refuses a session whose workers run
// (conflict): stop it first (stop force works with nodes down). Expected read-back: the master volume's
// status no longer lists the session. Then the session row goes, with its per-brick details and config
// (ON DELETE CASCADE), in one transaction. When the host fails after delete may have run, the read-back
// decides: absent -> deleted; still listed -> not done; no read -> unavailable, outcome unknown.
// A session with a DR policy is refused (conflict, nothing sent) unless force: then the policy is removed
// in the same transaction and georep.dr.policy.deleted is raised (reason "session_deleted").
#include <soci/soci.h>

#include "commands/command_errors.h"
#include "commands/command_events.h"
#include "commands/dr_policy_input.h"
#include "dao/dr_policy_dao.h"
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "commands/session_readback.h"
#include "gluster/cluster_gateway.h"

namespace georep::commands {

using api::CommandError;
using api::ErrorCode;
using gluster::AggregateStatus;

api::CommandSpec sessionDeleteSpec() {
  api::ParamSpec reset;
  reset.name = "reset_sync_time";
  reset.type = api::ParamType::kBoolean;
  reset.defaultValue = false;
  reset.description = "Also reset the sync time (gluster's reset-sync-time): a session created again later "
                      "starts from scratch instead of resuming.";
  return api::CommandSpec{
      "georep.session.delete",
      "Delete a STOPPED or CREATED geo-replication session from GlusterFS and from the database.",
      {sessionIdSpec(), reset,
       forceSpec("Delete whatever the stored state (e.g. FAULTY or UNKNOWN because nodes are down), and with "
                 "the session its DR policy. GlusterFS's delete has no force: glusterd still refuses a session "
                 "whose workers run, so stop it first (stop with force works with nodes down). Nothing else is "
                 "bypassed.")},
      api::Role::kOperator};
}

nlohmann::json sessionDelete(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  const auto id = sessionIdParam(params);
  const bool resetSyncTime = params.value("reset_sync_time", false);
  const bool force = params.value("force", false);
  nlohmann::json subject{{"session_id", id}, {"reset_sync_time", resetSyncTime}, {"force", force}};
  return runFailing(deps, ctx, "georep.session.delete_failed", subject, [&]() -> nlohmann::json {
    LockedSession locked = lockSession(deps, id);
    soci::session& sql = locked.lock.sql();
    const dao::SessionRecord& s = locked.session;
    subject["cluster"] = locked.cluster.name;
    subject["master_volume"] = s.masterVolume;
    subject["secondary"] = s.secondaryUser + "@" + s.secondaryHost + "::" + s.secondaryVolume;
    const std::string status(gluster::aggregateStatusName(s.status));
    if (!force && s.status != AggregateStatus::kStopped && s.status != AggregateStatus::kCreated) {
      throw stateConflict("the session is " + status + ": stop it before deleting it (or delete with force)",
                          status);
    }
    const dao::DrPolicyDao drPolicies;
    const auto drPolicy = drPolicies.findBySession(sql, id);
    if (drPolicy && !force) {
      throw api::CommandError(ErrorCode::kConflict,
                              "the session has a DR policy: delete the policy first (georep.dr.policy.delete) or "
                              "delete the session with force, which removes the policy too",
                              "force", nlohmann::json{{"dr_policy_id", drPolicy->id}});
    }

    const auto ref = sessionRef(s);
    const auto unknown =
        sendAction(deps, locked.cluster, [&](gluster::GlusterGateway& gw) { gw.remove(ref, resetSyncTime); });
    const auto absent = [](const SessionSnapshot& snap) { return !snap.status; };
    const ReadBack rb =
        unknown ? readBackAfterUnknown(deps, locked.cluster, ref, "delete", *unknown, absent,
                                       [](const SessionSnapshot& snap) { return snap.status.has_value(); })
                : readBackUntil(deps, locked.cluster, ref, absent);
    if (!rb.reached) {
      throw CommandError(ErrorCode::kGlusterError,
                         "glusterd accepted delete but still lists the session (workers " +
                             workerStates(rb.snapshot.health) + ")",
                         {}, nlohmann::json{{"expected", "absent"},
                                            {"observed", std::string(gluster::aggregateStatusName(rb.snapshot.health.status))},
                                            {"reads", rb.reads}});
    }

    nlohmann::json result = sessionJson(s, locked.cluster.name);
    {
      soci::transaction tr(sql);
      deps.volumes.upsert(sql, s.clusterId, rb.snapshot.volume);
      if (drPolicy) drPolicies.remove(sql, id);
      deps.sessions.remove(sql, id);
      tr.commit();
    }
    if (drPolicy) {
      nlohmann::json body = subject;
      body["reason"] = "session_deleted";
      body["policy"] = drPolicyJson(*drPolicy);
      raiseEvent(deps, ctx, "georep.dr.policy.deleted", api::Severity::kInfo, std::move(body));
    }
    result["deleted"] = true;
    if (unknown) result["outcome_was_unknown"] = *unknown;  // settled by the read-back: done
    nlohmann::json body = subject;
    body["previous_status"] = status;
    raiseEvent(deps, ctx, "georep.session.deleted", api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
