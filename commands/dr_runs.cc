#include "commands/dr_runs.h"

#include "gluster/model_json.h"

namespace georep::commands {
namespace {

nlohmann::json optTime(const std::optional<dao::TimePoint>& t) {
  return t ? nlohmann::json(gluster::formatIsoUtc(*t)) : nlohmann::json();
}
template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

nlohmann::json drRunJson(const dao::DrRunRecord& r) {
  return nlohmann::json{{"run_id", r.id},
                        {"session_id", r.sessionId},
                        {"policy_id", opt(r.policyId)},
                        {"trigger", r.trigger},
                        {"scheduled_for", optTime(r.scheduledFor)},
                        {"result", r.result},
                        {"step", r.step},
                        {"started_at", gluster::formatIsoUtc(r.startedAt)},
                        {"deadline_at", optTime(r.deadlineAt)},
                        {"ended_at", optTime(r.endedAt)},
                        {"checkpoint_time", optTime(r.checkpointTime)},
                        {"duration_seconds", opt(r.durationSeconds)},
                        {"pending_entry", opt(r.pendingEntry)},
                        {"pending_data", opt(r.pendingData)},
                        {"pending_meta", opt(r.pendingMeta)},
                        {"error", opt(r.error)},
                        {"brick", opt(r.brick)},
                        {"cancel_requested", r.cancelRequested}};
}

DrRecoveryPoint drRecoveryPoint(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                dao::TimePoint now, std::optional<dao::TimePoint> completedCheckpoint) {
  DrRecoveryPoint point;
  point.rpoTargetSeconds = policy.rpoTargetSeconds;
  if (lastSuccess && lastSuccess->checkpointTime) {
    point.dataConsistentAsOf = *lastSuccess->checkpointTime;
    point.source = "run";
    point.lastSuccessRunId = lastSuccess->id;
  }
  // Continuous mode: the session keeps running, so a later checkpoint every Active worker completed is a
  // later consistent point (in stop_after_sync mode the session is stopped between runs: only runs count).
  if (policy.mode == "continuous" && completedCheckpoint &&
      (!point.dataConsistentAsOf || *completedCheckpoint > *point.dataConsistentAsOf)) {
    point.dataConsistentAsOf = *completedCheckpoint;
    point.source = "checkpoint";
  }
  if (!point.dataConsistentAsOf) return point;
  point.rpoSeconds = std::chrono::floor<std::chrono::seconds>(now - *point.dataConsistentAsOf).count();
  point.rpoBreached = *point.rpoSeconds > policy.rpoTargetSeconds;
  return point;
}

nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now, std::optional<dao::TimePoint> completedCheckpoint) {
  const DrRecoveryPoint point = drRecoveryPoint(policy, lastSuccess, now, completedCheckpoint);
  return nlohmann::json{{"rpo_target_seconds", point.rpoTargetSeconds},
                        {"data_consistent_as_of", optTime(point.dataConsistentAsOf)},
                        {"consistent_source", point.source.empty() ? nlohmann::json() : nlohmann::json(point.source)},
                        {"rpo_seconds", opt(point.rpoSeconds)},
                        {"rpo_breached", point.rpoBreached},
                        {"last_success_run_id", opt(point.lastSuccessRunId)}};
}

}  // namespace georep::commands
