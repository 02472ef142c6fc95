// The parameters of georep.dr.policy.create/update, how they apply to a stored policy, and the policy as
// JSON. Checks, each a typed invalid_argument on its field: schedule (our cron parser, dr/; also refused
// when it names no time that exists), time_zone (an IANA name known to the OS tzdata), run_timeout_seconds
// (60..86400), mode (stop_after_sync | continuous), rpo_target_seconds (60..2678400), hooks (dr_hooks.h).
// The next run is recomputed from the schedule on every change (none while paused).
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dao/dr_records.h"
#include "engine/api/command_bus.h"

namespace georep::commands {

inline constexpr int kMinRunTimeoutSeconds = 60;
inline constexpr int kMaxRunTimeoutSeconds = 86400;
inline constexpr int kMinRpoTargetSeconds = 60;
inline constexpr int kMaxRpoTargetSeconds = 31 * 86400;

// The policy parameters after session_id. `forCreate`: schedule required, defaults filled in; otherwise
// every one optional and without default (update changes only what it is given).
std::vector<api::ParamSpec> drPolicyParamSpecs(bool forCreate);

// What validation needs besides the parameters.
struct DrPolicyInputContext {
  const std::map<std::string, std::string>& hookPrograms;  // the allow-list (plugin config dr.hook_programs)
  std::vector<std::string> clusterNodes;                   // host addresses of the session's cluster
  dao::TimePoint now;
};

// Applies the present parameters onto `policy`, validates the result and recomputes next_run_at.
// Throws api::CommandError(invalid_argument) naming the field; `policy` is then partly changed (callers
// work on a copy).
void applyDrPolicyParams(const nlohmann::json& params, dao::DrPolicyRecord& policy, const DrPolicyInputContext& in);

// The next run of `policy` after `now` (none when paused). Throws invalid_argument like applyDrPolicyParams.
std::optional<dao::TimePoint> nextDrRun(const dao::DrPolicyRecord& policy, dao::TimePoint now);

nlohmann::json drPolicyJson(const dao::DrPolicyRecord& policy);

}  // namespace georep::commands
