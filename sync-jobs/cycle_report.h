// CycleReport: what one reconciliation of one cluster did (status or config drift): how it ended, the
// host that answered, what was written (counts) and the events raised. Returned by georep.sync.now
// (as JSON) and logged by the periodic job.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/event_bus.h"
#include "sync-jobs/sync_events.h"

namespace georep::dao {
struct ClusterSnapshot;
}

namespace georep::sync {

struct CycleReport {
  enum class Kind { kStatus, kConfig };
  enum class Outcome {
    kOk,           // fetched and reconciled (maybe with nothing to change)
    kUnreachable,  // no host of the cluster answered: nothing changed
    kFailed,       // a host answered with an error or unusable output, or the database failed: nothing changed
    kTimedOut,     // still running when the caller stopped waiting (it goes on in the background)
    kCancelled,    // the service stopped before it ran
    kNotFound,     // the cluster is no longer in the inventory
  };

  Kind kind = Kind::kStatus;
  ClusterRef cluster;
  Outcome outcome = Outcome::kOk;
  std::string error;
  std::string host;  // the host that answered
  bool wrote = false;
  bool listingComplete = true;
  std::string incompleteReason;

  std::size_t discovered = 0;
  std::size_t vanished = 0;
  std::size_t missed = 0;           // sessions missing from this listing, kept for now
  std::size_t statusChanged = 0;
  std::size_t sessionsUpdated = 0;  // stored sessions with any change written
  std::size_t bricksWritten = 0;
  std::size_t volumesUpserted = 0;
  std::size_t volumesRemoved = 0;
  std::size_t configsWritten = 0;   // sessions whose config rows changed
  std::size_t configFetchFailures = 0;
  std::size_t configsRead = 0;      // config calls that answered (config runs)
  std::vector<std::int64_t> configRetry;  // sessions whose config must be read again next cycle
  std::size_t skippedLocked = 0;    // a command held the session: retried next cycle
  std::size_t skippedStale = 0;     // the session changed since the snapshot: retried next cycle
  std::size_t skippedConflict = 0;  // a command stored the same new session first
  std::size_t gatewayCalls = 0;     // operations run through the ClusterGateway

  std::vector<api::Event> events;   // raised, in order
  std::chrono::milliseconds duration{0};
  // Status runs that fetched and planned: the sessions as they now stand (snapshot + applied writes, see
  // sync-jobs/snapshot_overlay.h), for the metrics and the stall detector; null otherwise.
  std::shared_ptr<const dao::ClusterSnapshot> state;

  bool changed() const { return wrote || !events.empty(); }
};

std::string_view kindName(CycleReport::Kind kind);        // "status", "config"
std::string_view outcomeName(CycleReport::Outcome outcome);  // "ok", "unreachable", ...

nlohmann::json toJson(const CycleReport& report);

}  // namespace georep::sync
