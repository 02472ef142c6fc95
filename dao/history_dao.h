// HistoryDao: session status transitions (georep_session_status_history) and per-brick samples
// (georep_brick_samples) for charts: recorded by the sync job, pruned in bounded batches, read back as
// time series downsampled into fixed steps in SQL (so a read returns at most points x bricks rows).
// Every method runs on the caller's soci::session and opens no transaction of its own.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"

namespace soci {
class session;
}

namespace georep::dao {

struct StatusTransition {
  TimePoint at{};
  std::optional<std::string> oldStatus;  // nullopt: discovered
  std::string newStatus;
};

// One downsampled point of one brick: the worst (max) pending counts and lag of the step, and the worker
// status last sampled in it.
struct BrickPoint {
  TimePoint at{};  // start of the step
  std::string workerStatus;
  std::optional<std::int64_t> entryPending, dataPending, metaPending, lagSeconds;
  int samples = 0;
};

struct BrickSeries {
  std::int64_t brickId = 0;
  std::string host;
  std::string path;
  std::vector<BrickPoint> points;
};

class HistoryDao {
 public:
  void addTransition(soci::session& sql, std::int64_t clusterId, std::int64_t sessionId,
                     const std::optional<std::string>& oldStatus, const std::string& newStatus) const;

  // Samples every session brick of the cluster now (one INSERT ... SELECT) when the cluster's latest
  // sample is at least `interval` old (or there is none); returns the rows written.
  std::size_t sampleBricks(soci::session& sql, std::int64_t clusterId, std::chrono::seconds interval) const;

  // Deletes at most `batch` rows of each table of the cluster older than `retention`; returns rows deleted.
  std::size_t prune(soci::session& sql, std::int64_t clusterId, std::chrono::seconds retention,
                    std::size_t batch) const;

  // Transitions of the session in [since, until), oldest first, at most `limit`.
  std::vector<StatusTransition> transitions(soci::session& sql, std::int64_t sessionId, TimePoint since, TimePoint until,
                                            std::size_t limit) const;
  // Per-brick series of the session in [since, until) with steps of `step` starting at `since`; bricks
  // without samples in the range are left out.
  std::vector<BrickSeries> brickSeries(soci::session& sql, std::int64_t sessionId, TimePoint since, TimePoint until,
                                       std::chrono::seconds step) const;
};

}  // namespace georep::dao
