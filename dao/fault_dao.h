// FaultDao: why a session's brick worker went Faulty (georep_brick_faults, one row per Faulty episode),
// and what the fault investigator needs to decide which logs to read: the cluster's session bricks that
// are Faulty or still carry a fault row, with the brick's node and path, the session's `log_file` config
// and the fault row if any.
// Every method runs on the caller's soci::session and opens no transaction of its own.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"

namespace soci {
class session;
}

namespace georep::dao {

// A georep_brick_faults row.
struct BrickFaultRecord {
  std::int64_t sessionId = 0;
  std::int64_t brickId = 0;
  std::string reasonClass;  // sync::faultClassName spelling
  std::string hint;
  std::string excerpt;      // at most 4096 bytes, printable
  std::optional<std::string> loggedAt;
  std::string logPath;
  std::optional<std::string> readError;
  int attempts = 1;
  TimePoint firstSeenAt{};
  TimePoint readAt{};
};

// A session brick the investigator looks at.
struct FaultCandidate {
  std::int64_t sessionId = 0;
  std::int64_t brickId = 0;
  std::string host;  // the brick's node, as gluster names it
  std::string path;
  gluster::WorkerStatus workerStatus = gluster::WorkerStatus::kUnknown;
  std::optional<std::string> logFile;  // the session's stored `log_file` config value
  std::optional<BrickFaultRecord> fault;
};

class FaultDao {
 public:
  // Session bricks of the cluster that are Faulty or have a fault row, by session then brick position.
  std::vector<FaultCandidate> candidates(soci::session& sql, std::int64_t clusterId) const;

  // Inserts or replaces the row (first_seen_at kept on replace); a session or brick deleted meanwhile
  // writes nothing.
  void upsert(soci::session& sql, const BrickFaultRecord& fault) const;
  void clear(soci::session& sql, std::int64_t sessionId, std::int64_t brickId) const;

  // The session's fault rows, by brick id.
  std::vector<BrickFaultRecord> listBySession(soci::session& sql, std::int64_t sessionId) const;
};

}  // namespace georep::dao
