// HistoryDao (dao/history_dao.h).
#include "dao/history_dao.h"

#include <map>

#include <soci/soci.h>

#include "dao/soci_conversions.h"

namespace georep::dao {

void HistoryDao::addTransition(soci::session& sql, std::int64_t clusterId, std::int64_t sessionId,
                               const std::optional<std::string>& oldStatus, const std::string& newStatus) const {
  long long cid = clusterId, sid = sessionId;
  std::string old = oldStatus.value_or("");
  soci::indicator oldInd = oldStatus ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO georep_session_status_history (cluster_id, session_id, old_status, new_status) "
         "SELECT :c, :s, :old, :new WHERE EXISTS (SELECT 1 FROM georep_sessions WHERE id = :s)",
      soci::use(cid, "c"), soci::use(sid, "s"), soci::use(old, oldInd, "old"), soci::use(newStatus, "new");
}

std::size_t HistoryDao::sampleBricks(soci::session& sql, std::int64_t clusterId, std::chrono::seconds interval) const {
  long long cid = clusterId, seconds = interval.count();
  soci::statement st =
      (sql.prepare << "INSERT INTO georep_brick_samples (cluster_id, session_id, brick_id, at, worker_status, "
                      "entry_pending, data_pending, meta_pending, lag_seconds) "
                      "SELECT s.cluster_id, sb.session_id, sb.brick_id, now(), sb.worker_status, sb.entry_pending, "
                      "sb.data_pending, sb.meta_pending, "
                      "greatest(0, extract(epoch FROM now() - sb.last_synced))::bigint "
                      "FROM georep_session_bricks sb JOIN georep_sessions s ON s.id = sb.session_id "
                      "WHERE s.cluster_id = :c AND NOT EXISTS (SELECT 1 FROM georep_brick_samples h "
                      "WHERE h.cluster_id = :c AND h.at > now() - make_interval(secs => :i))",
       soci::use(cid, "c"), soci::use(seconds, "i"));
  st.execute(true);
  return static_cast<std::size_t>(st.get_affected_rows());
}

std::size_t HistoryDao::prune(soci::session& sql, std::int64_t clusterId, std::chrono::seconds retention,
                              std::size_t batch) const {
  long long cid = clusterId, seconds = retention.count(), limit = static_cast<long long>(batch);
  std::size_t deleted = 0;
  for (const char* table : {"georep_brick_samples", "georep_session_status_history"}) {
    soci::statement st =
        (sql.prepare << std::string("DELETE FROM ") + table + " WHERE ctid IN (SELECT ctid FROM " + table +
                            " WHERE cluster_id = :c AND at < now() - make_interval(secs => :r) LIMIT :n)",
         soci::use(cid, "c"), soci::use(seconds, "r"), soci::use(limit, "n"));
    st.execute(true);
    deleted += static_cast<std::size_t>(st.get_affected_rows());
  }
  return deleted;
}

std::vector<StatusTransition> HistoryDao::transitions(soci::session& sql, std::int64_t sessionId, TimePoint since,
                                                      TimePoint until, std::size_t limit) const {
  long long sid = sessionId, from = detail::epoch(since), to = detail::epoch(until),
            n = static_cast<long long>(limit);
  // The most recent `limit` of the range, returned oldest first.
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT at_s, old_status, new_status FROM (SELECT extract(epoch FROM at)::bigint AS at_s, "
                      "old_status, new_status, id FROM georep_session_status_history WHERE session_id = :s "
                      "AND at >= to_timestamp(:f) AND at < to_timestamp(:t) ORDER BY at DESC, id DESC LIMIT :n) x "
                      "ORDER BY at_s, id",
       soci::use(sid, "s"), soci::use(from, "f"), soci::use(to, "t"), soci::use(n, "n"));
  std::vector<StatusTransition> out;
  for (const auto& r : rows) {
    StatusTransition t;
    t.at = detail::toTime(r.get<long long>(0));
    if (r.get_indicator(1) != soci::i_null) t.oldStatus = r.get<std::string>(1);
    t.newStatus = r.get<std::string>(2);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<BrickSeries> HistoryDao::brickSeries(soci::session& sql, std::int64_t sessionId, TimePoint since,
                                                 TimePoint until, std::chrono::seconds step) const {
  long long sid = sessionId, from = detail::epoch(since), to = detail::epoch(until), st = step.count();
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT h.brick_id, b.host, b.path, b.position, "
                      "(floor((extract(epoch FROM h.at) - :f) / :st) * :st + :f)::bigint AS bucket, "
                      "(array_agg(h.worker_status ORDER BY h.at DESC))[1] AS status, "
                      "max(h.entry_pending) AS entry, max(h.data_pending) AS data, max(h.meta_pending) AS meta, "
                      "max(h.lag_seconds) AS lag, count(*)::int AS n "
                      "FROM georep_brick_samples h JOIN georep_bricks b ON b.id = h.brick_id "
                      "WHERE h.session_id = :s AND h.at >= to_timestamp(:f) AND h.at < to_timestamp(:t) "
                      "GROUP BY h.brick_id, b.host, b.path, b.position, bucket ORDER BY b.position, bucket",
       soci::use(sid, "s"), soci::use(from, "f"), soci::use(to, "t"), soci::use(st, "st"));
  std::vector<BrickSeries> out;
  for (const auto& r : rows) {
    const std::int64_t brickId = r.get<long long>(0);
    if (out.empty() || out.back().brickId != brickId) {
      out.push_back(BrickSeries{brickId, r.get<std::string>(1), r.get<std::string>(2), {}});
    }
    BrickPoint p;
    p.at = detail::toTime(r.get<long long>(4));
    p.workerStatus = r.get<std::string>(5);
    const auto opt = [&](const char* name) -> std::optional<std::int64_t> {
      if (r.get_indicator(name) == soci::i_null) return std::nullopt;
      return static_cast<std::int64_t>(r.get<long long>(name));
    };
    p.entryPending = opt("entry");
    p.dataPending = opt("data");
    p.metaPending = opt("meta");
    p.lagSeconds = opt("lag");
    p.samples = r.get<int>("n");
    out.back().points.push_back(std::move(p));
  }
  return out;
}

}  // namespace georep::dao
