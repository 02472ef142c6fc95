// JSON of DR runs and of a session's recovery point: "data consistent as of" is the checkpoint time T of
// the last succeeded run; RPO = now - T; breached when over the policy's target (or when no run ever
// succeeded). (Continuous mode's "last completed checkpoint" outside runs is not counted yet.)
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "dao/dr_records.h"

namespace georep::commands {

nlohmann::json drRunJson(const dao::DrRunRecord& run);

// {data_consistent_as_of, rpo_seconds, rpo_target_seconds, rpo_breached, last_success_run_id}.
nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now);

}  // namespace georep::commands
