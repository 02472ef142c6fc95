// The rows of the DR tables (migrations/0004_dr_policies.sql) as plain C++ values: a session's DR policy
// and its runs. Times are UTC (sys_seconds); absent values are std::nullopt (NULL in the database).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dao/records.h"

namespace georep::dao {

// georep_dr_policies
struct DrPolicyRecord {
  std::int64_t id = 0;
  std::int64_t sessionId = 0;
  std::string schedule;            // cron text as given (dr::CronExpression)
  std::string timeZone;            // IANA zone name
  int runTimeoutSeconds = 3600;
  std::string mode = "continuous";  // "stop_after_sync" | "continuous"
  int rpoTargetSeconds = 86400;
  std::string hooksJson = R"({"pre":[],"post":[]})";  // validated by commands/dr_policy_input
  bool paused = false;
  std::optional<TimePoint> nextRunAt;  // none while paused
  std::int64_t missedCount = 0;
  TimePoint createdAt{};
  TimePoint updatedAt{};
};

}  // namespace georep::dao
