#include "dao/session_brick_dao.h"

#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include <soci/soci.h>

#include "dao/soci_conversions.h"
#include "dao/volume_dao.h"

namespace georep::dao {

void SessionBrickDao::replace(soci::session& sql, std::int64_t sessionId, std::int64_t masterVolumeId,
                              const gluster::SessionHealth& health) const {
  std::map<std::pair<std::string, std::string>, std::int64_t> brickIds;
  for (const auto& b : VolumeDao().bricks(sql, masterVolumeId)) brickIds[{b.host, b.path}] = b.id;

  SessionBrickRecord rec;
  soci::statement upsert =
      (sql.prepare << "INSERT INTO georep_session_bricks (session_id, brick_id, worker_status, secondary_node, "
                      "crawl_status, entry_pending, data_pending, meta_pending, failures, last_synced, "
                      "checkpoint_time, checkpoint_completed, checkpoint_completion_time, updated_at) "
                      "VALUES (:session_id, :brick_id, :worker_status, :secondary_node, :crawl_status, "
                      ":entry_pending, :data_pending, :meta_pending, :failures, to_timestamp(:last_synced), "
                      "to_timestamp(:checkpoint_time), CAST(:checkpoint_completed AS boolean), "
                      "to_timestamp(:checkpoint_completion_time), now()) "
                      "ON CONFLICT (session_id, brick_id) DO UPDATE SET worker_status = EXCLUDED.worker_status, "
                      "secondary_node = EXCLUDED.secondary_node, crawl_status = EXCLUDED.crawl_status, "
                      "entry_pending = EXCLUDED.entry_pending, data_pending = EXCLUDED.data_pending, "
                      "meta_pending = EXCLUDED.meta_pending, failures = EXCLUDED.failures, "
                      "last_synced = EXCLUDED.last_synced, checkpoint_time = EXCLUDED.checkpoint_time, "
                      "checkpoint_completed = EXCLUDED.checkpoint_completed, "
                      "checkpoint_completion_time = EXCLUDED.checkpoint_completion_time, updated_at = now()",
       soci::use(std::as_const(rec)));

  std::set<std::int64_t> kept;
  for (const auto& w : health.workers) {
    auto it = brickIds.find({w.brick.host, w.brick.path});
    if (it == brickIds.end()) {
      throw std::runtime_error("brick " + w.brick.host + ":" + w.brick.path +
                               " of the session is not a stored brick of its master volume");
    }
    const auto& s = w.status;
    rec = SessionBrickRecord{};
    rec.sessionId = sessionId;
    rec.brickId = it->second;
    rec.workerStatus = s.status;
    rec.secondaryNode = s.secondaryNode;
    rec.crawlStatus = s.crawlStatus;
    rec.entryPending = s.entry;
    rec.dataPending = s.data;
    rec.metaPending = s.meta;
    rec.failures = s.failures;
    rec.lastSynced = s.lastSynced;
    rec.checkpointTime = s.checkpointTime;
    rec.checkpointCompleted = s.checkpointCompleted;
    rec.checkpointCompletionTime = s.checkpointCompletionTime;
    upsert.execute(true);
    kept.insert(rec.brickId);
  }

  long long sid = sessionId;
  std::vector<long long> existing;
  {
    soci::rowset<long long> rows =
        (sql.prepare << "SELECT brick_id FROM georep_session_bricks WHERE session_id = :sid", soci::use(sid, "sid"));
    existing.assign(rows.begin(), rows.end());
  }
  for (long long brickId : existing) {
    if (kept.count(brickId) != 0) continue;
    sql << "DELETE FROM georep_session_bricks WHERE session_id = :sid AND brick_id = :bid", soci::use(sid, "sid"),
        soci::use(brickId, "bid");
  }
}

std::vector<SessionBrickRecord> SessionBrickDao::list(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  soci::rowset<SessionBrickRecord> rows =
      (sql.prepare << "SELECT sb.session_id, sb.brick_id, b.position, b.replica_set, b.host, b.path, "
                      "sb.worker_status, sb.secondary_node, sb.crawl_status, sb.entry_pending, sb.data_pending, "
                      "sb.meta_pending, sb.failures, extract(epoch FROM sb.last_synced)::bigint AS last_synced, "
                      "extract(epoch FROM sb.checkpoint_time)::bigint AS checkpoint_time, "
                      "sb.checkpoint_completed::int AS checkpoint_completed, "
                      "extract(epoch FROM sb.checkpoint_completion_time)::bigint AS checkpoint_completion_time, "
                      "extract(epoch FROM sb.updated_at)::bigint AS updated_at "
                      "FROM georep_session_bricks sb JOIN georep_bricks b ON b.id = sb.brick_id "
                      "WHERE sb.session_id = :sid ORDER BY b.position",
       soci::use(sid, "sid"));
  return {rows.begin(), rows.end()};
}

}  // namespace georep::dao
