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

nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now) {
  nlohmann::json j{{"rpo_target_seconds", policy.rpoTargetSeconds}};
  if (!lastSuccess || !lastSuccess->checkpointTime) {
    j["data_consistent_as_of"] = nullptr;
    j["rpo_seconds"] = nullptr;
    j["rpo_breached"] = true;
    j["last_success_run_id"] = nullptr;
    return j;
  }
  const auto rpo = (now - *lastSuccess->checkpointTime).count();
  j["data_consistent_as_of"] = gluster::formatIsoUtc(*lastSuccess->checkpointTime);
  j["rpo_seconds"] = rpo;
  j["rpo_breached"] = rpo > policy.rpoTargetSeconds;
  j["last_success_run_id"] = lastSuccess->id;
  return j;
}

}  // namespace georep::commands
