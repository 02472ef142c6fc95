#include "commands/dr_policy_input.h"

#include "commands/dr_hooks.h"
#include "dr/schedule_error.h"
#include "dr/zoned_schedule.h"
#include "engine/api/command_error.h"
#include "gluster/model_json.h"

namespace georep::commands {
namespace {

api::ParamSpec param(std::string name, api::ParamType type, std::string description) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.type = type;
  p.description = std::move(description);
  return p;
}

}  // namespace

std::vector<api::ParamSpec> drPolicyParamSpecs(bool forCreate) {
  auto schedule = param("schedule", api::ParamType::kString,
                        "5-field cron (minute hour day-of-month month day-of-week; ranges, steps, lists, names) or "
                        "@hourly, @daily, @weekly, @monthly, @yearly; read in time_zone.");
  schedule.maxLength = 200;
  schedule.required = forCreate;
  auto zone = param("time_zone", api::ParamType::kString, "IANA time zone of the schedule (e.g. Europe/Paris).");
  zone.maxLength = 64;
  auto timeout = param("run_timeout_seconds", api::ParamType::kInteger,
                       "A run not finished after this long ends timed_out.");
  timeout.minimum = kMinRunTimeoutSeconds;
  timeout.maximum = kMaxRunTimeoutSeconds;
  auto mode = param("mode", api::ParamType::kString,
                    "stop_after_sync: start the session, sync to a checkpoint, stop it (periodic); continuous: keep "
                    "it running and only wait for the checkpoint.");
  mode.enumValues = {"stop_after_sync", "continuous"};
  auto rpo = param("rpo_target_seconds", api::ParamType::kInteger,
                   "Recovery point objective: how old the last consistent point may get before an alert.");
  rpo.minimum = kMinRpoTargetSeconds;
  rpo.maximum = kMaxRpoTargetSeconds;
  auto hooks = param("hooks", api::ParamType::kObject,
                     "{\"pre\": [...], \"post\": [...]}: webhooks {type, url, timeout_seconds} or allow-listed "
                     "programs {type, program, args, node, timeout_seconds}.");
  auto paused = param("paused", api::ParamType::kBoolean, "Create the policy paused (no scheduled runs).");
  if (forCreate) {
    zone.defaultValue = "UTC";
    timeout.defaultValue = 3600;
    mode.defaultValue = "continuous";
    rpo.defaultValue = 86400;
    hooks.defaultValue = nlohmann::json{{"pre", nlohmann::json::array()}, {"post", nlohmann::json::array()}};
    paused.defaultValue = false;
    return {schedule, zone, timeout, mode, rpo, hooks, paused};
  }
  return {schedule, zone, timeout, mode, rpo, hooks};
}

std::optional<dao::TimePoint> nextDrRun(const dao::DrPolicyRecord& policy, dao::TimePoint now) {
  try {
    const auto schedule = dr::ZonedSchedule::make(policy.schedule, policy.timeZone, now);
    if (policy.paused) return std::nullopt;
    return schedule.nextAfter(now);
  } catch (const dr::ScheduleError& e) {
    const char* field = e.kind() == dr::ScheduleErrorKind::kUnknownZone ? "time_zone" : "schedule";
    throw api::CommandError(api::ErrorCode::kInvalidArgument, e.what(), field);
  }
}

void applyDrPolicyParams(const nlohmann::json& params, dao::DrPolicyRecord& policy, const DrPolicyInputContext& in) {
  if (params.contains("schedule")) policy.schedule = params.at("schedule").get<std::string>();
  if (params.contains("time_zone")) policy.timeZone = params.at("time_zone").get<std::string>();
  if (params.contains("run_timeout_seconds")) policy.runTimeoutSeconds = params.at("run_timeout_seconds").get<int>();
  if (params.contains("mode")) policy.mode = params.at("mode").get<std::string>();
  if (params.contains("rpo_target_seconds")) policy.rpoTargetSeconds = params.at("rpo_target_seconds").get<int>();
  if (params.contains("paused")) policy.paused = params.at("paused").get<bool>();
  if (params.contains("hooks")) {
    policy.hooksJson = validateDrHooks(params.at("hooks"), in.hookPrograms, in.clusterNodes).dump();
  }
  policy.nextRunAt = nextDrRun(policy, in.now);
}

nlohmann::json drPolicyJson(const dao::DrPolicyRecord& p) {
  nlohmann::json j{{"id", p.id},
                   {"session_id", p.sessionId},
                   {"schedule", p.schedule},
                   {"time_zone", p.timeZone},
                   {"run_timeout_seconds", p.runTimeoutSeconds},
                   {"mode", p.mode},
                   {"rpo_target_seconds", p.rpoTargetSeconds},
                   {"hooks", nlohmann::json::parse(p.hooksJson)},
                   {"paused", p.paused},
                   {"next_run_at", p.nextRunAt ? nlohmann::json(gluster::formatIsoUtc(*p.nextRunAt)) : nlohmann::json()},
                   {"missed_count", p.missedCount}};
  if (p.createdAt.time_since_epoch().count() != 0) j["created_at"] = gluster::formatIsoUtc(p.createdAt);
  if (p.updatedAt.time_since_epoch().count() != 0) j["updated_at"] = gluster::formatIsoUtc(p.updatedAt);
  return j;
}

}  // namespace georep::commands
