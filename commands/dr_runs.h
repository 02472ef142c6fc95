// JSON of DR runs and of a session's recovery point: "data consistent as of" is the checkpoint time T of
// the last succeeded run or, in continuous mode, of the last checkpoint every Active worker reports
// completed (set by a run or by anyone else), whichever is later; RPO = now - that; breached when over the
// policy's target (or when nothing is known consistent yet).
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
  std::optional<dao::TimePoint> dataConsistentAsOf;  // T of the last succeeded run, or the completed checkpoint
  std::string source;                                 // "run" | "checkpoint" | "" (nothing yet)
  std::optional<std::int64_t> rpoSeconds;            // now - T
  std::int64_t rpoTargetSeconds = 0;
  bool rpoBreached = true;                           // over the target, or no success yet
  std::optional<std::int64_t> lastSuccessRunId;
};
// completedCheckpoint: DrRunDao::completedCheckpoints of the session (counted in continuous mode only).
DrRecoveryPoint drRecoveryPoint(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                dao::TimePoint now, std::optional<dao::TimePoint> completedCheckpoint = std::nullopt);

// {data_consistent_as_of, consistent_source, rpo_seconds, rpo_target_seconds, rpo_breached, last_success_run_id}.
nlohmann::json drRecoveryPointJson(const dao::DrPolicyRecord& policy, const std::optional<dao::DrRunRecord>& lastSuccess,
                                   dao::TimePoint now, std::optional<dao::TimePoint> completedCheckpoint = std::nullopt);

}  // namespace georep::commands
