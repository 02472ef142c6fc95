// CycleReport JSON (sync-jobs/cycle_report.h).
#include "sync-jobs/cycle_report.h"

namespace georep::sync {

std::string_view kindName(CycleReport::Kind kind) {
  return kind == CycleReport::Kind::kStatus ? "status" : "config";
}

std::string_view outcomeName(CycleReport::Outcome outcome) {
  switch (outcome) {
    case CycleReport::Outcome::kOk: return "ok";
    case CycleReport::Outcome::kUnreachable: return "unreachable";
    case CycleReport::Outcome::kFailed: return "failed";
    case CycleReport::Outcome::kTimedOut: return "timed_out";
    case CycleReport::Outcome::kCancelled: return "cancelled";
    case CycleReport::Outcome::kNotFound: return "not_found";
  }
  return "failed";
}

nlohmann::json toJson(const CycleReport& r) {
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : r.events) {
    events.push_back({{"name", e.name}, {"severity", api::severityName(e.severity)}, {"body", e.body}});
  }
  nlohmann::json j{{"cluster", r.cluster.name},
                   {"cluster_id", r.cluster.id},
                   {"kind", kindName(r.kind)},
                   {"outcome", outcomeName(r.outcome)},
                   {"changed", r.changed()},
                   {"wrote", r.wrote},
                   {"duration_ms", r.duration.count()},
                   {"gateway_calls", r.gatewayCalls},
                   {"events", std::move(events)}};
  if (!r.error.empty()) j["error"] = r.error;
  if (!r.host.empty()) j["host"] = r.host;
  if (r.kind == CycleReport::Kind::kStatus) {
    j["listing_complete"] = r.listingComplete;
    if (!r.incompleteReason.empty()) j["incomplete_reason"] = r.incompleteReason;
    j["counts"] = {{"discovered", r.discovered},
                   {"vanished", r.vanished},
                   {"missed", r.missed},
                   {"status_changed", r.statusChanged},
                   {"sessions_updated", r.sessionsUpdated},
                   {"bricks_written", r.bricksWritten},
                   {"volumes_upserted", r.volumesUpserted},
                   {"volumes_removed", r.volumesRemoved},
                   {"skipped_locked", r.skippedLocked},
                   {"skipped_stale", r.skippedStale},
                   {"skipped_conflict", r.skippedConflict}};
  } else {
    j["counts"] = {{"configs_read", r.configsRead},
                   {"configs_written", r.configsWritten},
                   {"fetch_failures", r.configFetchFailures},
                   {"retry_next_cycle", r.configRetry.size()},
                   {"skipped_locked", r.skippedLocked},
                   {"skipped_stale", r.skippedStale}};
  }
  return j;
}

}  // namespace georep::sync
