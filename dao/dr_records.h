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

namespace georep::dao {

// georep_dr_runs
struct DrRunRecord {
  std::int64_t id = 0;
  std::int64_t sessionId = 0;
  std::optional<std::int64_t> policyId;
  std::string trigger = "schedule";  // "schedule" | "manual"
  std::optional<TimePoint> scheduledFor;
  std::string result = "running";    // running, succeeded, failed, timed_out, skipped, cancelled
  std::string step = "pending";      // pending, pre_hooks, start, checkpoint, touch, wait, stop, post_hooks, done
  TimePoint startedAt{};
  std::optional<TimePoint> deadlineAt;
  std::optional<TimePoint> endedAt;
  std::optional<TimePoint> checkpointTime;  // T
  std::optional<std::int64_t> durationSeconds;
  std::optional<std::int64_t> pendingEntry, pendingData, pendingMeta;
  std::optional<std::string> error;
  std::optional<std::string> brick;
  bool cancelRequested = false;            // georep.dr.run.cancel asked (any engine)
  std::optional<TimePoint> heartbeatAt;    // last sign of life of the engine doing it
};

}  // namespace georep::dao

namespace georep::dao {

// What names a session with a DR policy in the metrics: the same label values as georep_session_status.
struct DrSessionLabels {
  std::string cluster;    // the cluster's name
  std::string volume;     // the primary volume
  std::string secondary;  // "user@host::volume"
};

// How many runs of a session ended (or stand) with a result.
struct DrRunCount {
  std::int64_t sessionId = 0;
  std::string result;
  std::int64_t count = 0;
};

}  // namespace georep::dao
