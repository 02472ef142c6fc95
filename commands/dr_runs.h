// JSON of DR runs and of a session's recovery point: "data consistent as of" is the checkpoint time T of
// the last succeeded run; RPO = now - T; breached when over the policy's target (or when no run ever
// succeeded). (Continuous mode's "last completed checkpoint" outside runs is not counted yet.)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "dao/dr_records.h"

namespace georep::commands {

nlohmann::json drRunJson(const dao::DrRunRecord& run);

// A session's recovery point at `now` (the one computation behind the JSON below, the DR metrics and the
// RPO breach events).
struct DrRecoveryPoint {
  std::optional<dao::TimePoint> dataConsistentAsOf;  // T of the last succeeded run
  std::optional<std::int64_t> rpoSeconds;            // now - T
  std::int64_t rpoTargetSeconds = 0;
  bool rpoBreached = true;                           // over the target, or no success yet
  std::optional<std::int64_t> lastSuccessRunId;
};
DrRecoveryPoint drRecoveryPoint(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                dao::TimePoint now);

// {data_consistent_as_of, rpo_seconds, rpo_target_seconds, rpo_breached, last_success_run_id}.
nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now);

}  // namespace georep::commands
