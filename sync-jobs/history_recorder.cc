// HistoryRecorder (sync-jobs/history_recorder.h).
#include "sync-jobs/history_recorder.h"

#include <optional>
#include <string>

#include <soci/soci.h>

#include "dao/history_dao.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {
namespace {

constexpr std::chrono::milliseconds kLeaseWait{10000};

}  // namespace

HistoryRecorder::HistoryRecorder(api::Database& database, HistoryOptions options)
    : database_(database), options_(options) {}

HistoryReport HistoryRecorder::record(const api::Cluster& cluster, const std::vector<api::Event>& events) {
  HistoryReport report;
  const dao::HistoryDao dao;
  api::DbLease lease = database_.lease(kLeaseWait);
  soci::session& sql = lease.sql();
  soci::transaction tx(sql);
  for (const api::Event& e : events) {
    const bool changed = e.name == kEventStatusChanged;
    if (!changed && e.name != kEventDiscovered) continue;
    const auto id = e.body.find("session_id");
    if (id == e.body.end() || !id->is_number_integer()) continue;
    std::optional<std::string> old;
    if (changed) old = e.body.value("old", std::string());
    dao.addTransition(sql, cluster.id, id->get<std::int64_t>(), old,
                      e.body.value(changed ? "new" : "status", std::string()));
    ++report.transitions;
  }
  report.samples = dao.sampleBricks(sql, cluster.id, options_.sampleInterval);
  report.pruned = dao.prune(sql, cluster.id, options_.retention, options_.pruneBatch);
  tx.commit();
  return report;
}

}  // namespace georep::sync
