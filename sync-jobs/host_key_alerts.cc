// HostKeyAlerts (sync-jobs/host_key_alerts.h).
#include "sync-jobs/host_key_alerts.h"

#include <functional>
#include <string>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"

namespace georep::sync {
namespace {

// Runs fn on this thread's connection (the gateway may be called while a command holds one) or on a lease
// taken within `wait`; false when none was free in time.
bool withConnection(api::Database& db, std::chrono::milliseconds wait, const std::function<void(soci::session&)>& fn) {
  api::DbLease lease;
  try {
    lease = db.leaseShared(wait);
  } catch (const api::CommandError& e) {
    if (e.code() == api::ErrorCode::kUnavailable) return false;
    throw;
  }
  fn(lease.sql());
  return true;
}

}  // namespace

std::vector<gluster::HostKeyRefusal> HostKeyAlerts::loadRefusals() {
  std::vector<gluster::HostKeyRefusal> out;
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT r.host_id, c.name, h.address, r.pinned_fingerprint, "
                                                 "r.presented_fingerprint FROM georep_refused_hosts r "
                                                 "JOIN hosts h ON h.id = r.host_id JOIN clusters c ON c.id = h.cluster_id "
                                                 "ORDER BY r.host_id");
  for (const auto& row : rows) {
    out.push_back(gluster::HostKeyRefusal{row.get<long long>(0), row.get<std::string>(1), row.get<std::string>(2),
                                          row.get<std::string>(3), row.get<std::string>(4)});
  }
  return out;
}

void HostKeyAlerts::hostKeyMismatch(const gluster::HostKeyRefusal& refusal) {
  spdlog::error("host {} of cluster {} presented host key {} instead of the pinned {}: refused until re-pinned",
                refusal.address, refusal.cluster, refusal.presented, refusal.pinned);
  try {
    const long long hostId = refusal.hostId;
    const bool stored = withConnection(database_, kLeaseWait, [&](soci::session& sql) {
      sql << "INSERT INTO georep_refused_hosts (host_id, pinned_fingerprint, presented_fingerprint) "
             "SELECT id, :pinned, :presented FROM hosts WHERE id = :id "
             "ON CONFLICT (host_id) DO UPDATE SET pinned_fingerprint = EXCLUDED.pinned_fingerprint, "
             "presented_fingerprint = EXCLUDED.presented_fingerprint, refused_at = now()",
          soci::use(refusal.pinned, "pinned"), soci::use(refusal.presented, "presented"), soci::use(hostId, "id");
    });
    if (!stored) spdlog::error("host key refusal of {} not stored: no database connection free in time", refusal.address);
  } catch (const std::exception& e) {
    spdlog::error("host key refusal of {} not stored: {}", refusal.address, e.what());
  }
  api::Event event;
  event.name = kEventHostKeyMismatch;
  event.severity = api::Severity::kAlert;
  event.body = nlohmann::json{{"cluster", refusal.cluster},
                              {"host", refusal.address},
                              {"host_id", refusal.hostId},
                              {"pinned", refusal.pinned},
                              {"presented", refusal.presented}};
  events_.raise(std::move(event));
}

void HostKeyAlerts::hostKeyRepinned(const gluster::HostKeyRefusal& lifted) {
  spdlog::info("host {} of cluster {} was re-pinned: no longer refused", lifted.address, lifted.cluster);
  try {
    const long long hostId = lifted.hostId;
    withConnection(database_, kLeaseWait, [&](soci::session& sql) {
      sql << "DELETE FROM georep_refused_hosts WHERE host_id = :id", soci::use(hostId, "id");
    });
  } catch (const std::exception& e) {
    spdlog::error("host key refusal of {} not cleared: {}", lifted.address, e.what());
  }
}

}  // namespace georep::sync
