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
                        {"brick", opt(r.brick)}};
}

DrRecoveryPoint drRecoveryPoint(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                dao::TimePoint now) {
  DrRecoveryPoint point;
  point.rpoTargetSeconds = policy.rpoTargetSeconds;
  if (!lastSuccess || !lastSuccess->checkpointTime) return point;
  point.dataConsistentAsOf = *lastSuccess->checkpointTime;
  point.rpoSeconds = std::chrono::floor<std::chrono::seconds>(now - *lastSuccess->checkpointTime).count();
  point.rpoBreached = *point.rpoSeconds > policy.rpoTargetSeconds;
  point.lastSuccessRunId = lastSuccess->id;
  return point;
}

nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now) {
  const DrRecoveryPoint point = drRecoveryPoint(policy, lastSuccess, now);
  return nlohmann::json{{"rpo_target_seconds", point.rpoTargetSeconds},
                        {"data_consistent_as_of", optTime(point.dataConsistentAsOf)},
                        {"rpo_seconds", opt(point.rpoSeconds)},
                        {"rpo_breached", point.rpoBreached},
                        {"last_success_run_id", opt(point.lastSuccessRunId)}};
}

}  // namespace georep::commands
