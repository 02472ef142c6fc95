#include "dao/session_dao.h"

#include <limits>

#include <soci/soci.h>

#include "dao/soci_conversions.h"

namespace georep::dao {
namespace {

constexpr const char* kSelect =
    "SELECT s.id, s.cluster_id, s.master_volume_id, v.name AS master_volume, s.session_key, s.secondary_host, "
    "s.secondary_user, s.secondary_volume, s.secondary_volume_uuid::text AS secondary_volume_uuid, s.status, "
    "s.raw_worker_states, s.missed_listings, extract(epoch FROM s.created_at)::bigint AS created_at, "
    "extract(epoch FROM s.updated_at)::bigint AS updated_at "
    "FROM georep_sessions s JOIN georep_volumes v ON v.id = s.master_volume_id ";
constexpr const char* kOrder = " ORDER BY v.name, s.secondary_host, s.secondary_volume, s.id";

std::optional<SessionRecord> one(soci::session& sql, soci::statement& st, SessionRecord& rec) {
  st.execute(true);
  if (!st.got_data()) return std::nullopt;
  return rec;
}

}  // namespace

std::int64_t SessionDao::insert(soci::session& sql, const NewSession& session) const {
  long long id = 0;
  sql << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, secondary_user, "
         "secondary_volume, secondary_volume_uuid, status, raw_worker_states) "
         "VALUES (:cluster_id, :master_volume_id, :session_key, :secondary_host, :secondary_user, :secondary_volume, "
         "CAST(:secondary_volume_uuid AS uuid), :status, :raw_worker_states) "
         "ON CONFLICT (master_volume_id, session_key) DO UPDATE SET secondary_host = EXCLUDED.secondary_host, "
         "secondary_user = EXCLUDED.secondary_user, secondary_volume = EXCLUDED.secondary_volume, "
         "secondary_volume_uuid = EXCLUDED.secondary_volume_uuid, status = EXCLUDED.status, "
         "raw_worker_states = EXCLUDED.raw_worker_states, missed_listings = 0, updated_at = now() "
         "RETURNING id",
      soci::use(session), soci::into(id);
  return id;
}

std::optional<SessionRecord> SessionDao::findById(soci::session& sql, std::int64_t id) const {
  SessionRecord rec;
  soci::indicator ind = soci::i_null;
  long long sid = id;
  soci::statement st = (sql.prepare << kSelect << "WHERE s.id = :id", soci::use(sid, "id"), soci::into(rec, ind));
  return one(sql, st, rec);
}

std::optional<SessionRecord> SessionDao::findByPair(soci::session& sql, std::int64_t masterVolumeId,
                                                    const std::string& secondaryHost,
                                                    const std::string& secondaryVolume) const {
  SessionRecord rec;
  soci::indicator ind = soci::i_null;
  long long vid = masterVolumeId;
  soci::statement st = (sql.prepare << kSelect
                                    << "WHERE s.master_volume_id = :vid AND s.secondary_host = :host "
                                       "AND s.secondary_volume = :svol ORDER BY s.id LIMIT 1",
                        soci::use(vid, "vid"), soci::use(secondaryHost, "host"), soci::use(secondaryVolume, "svol"),
                        soci::into(rec, ind));
  return one(sql, st, rec);
}

std::optional<SessionRecord> SessionDao::findByKey(soci::session& sql, std::int64_t masterVolumeId,
                                                   const std::string& sessionKey) const {
  SessionRecord rec;
  soci::indicator ind = soci::i_null;
  long long vid = masterVolumeId;
  soci::statement st = (sql.prepare << kSelect << "WHERE s.master_volume_id = :vid AND s.session_key = :key",
                        soci::use(vid, "vid"), soci::use(sessionKey, "key"), soci::into(rec, ind));
  return one(sql, st, rec);
}

std::vector<SessionRecord> SessionDao::listAll(soci::session& sql) const {
  soci::rowset<SessionRecord> rows = (sql.prepare << kSelect << kOrder);
  return {rows.begin(), rows.end()};
}

std::vector<SessionRecord> SessionDao::listByCluster(soci::session& sql, std::int64_t clusterId) const {
  long long cid = clusterId;
  soci::rowset<SessionRecord> rows = (sql.prepare << kSelect << "WHERE s.cluster_id = :cid" << kOrder,
                                      soci::use(cid, "cid"));
  return {rows.begin(), rows.end()};
}

std::vector<SessionRecord> SessionDao::listByVolume(soci::session& sql, std::int64_t masterVolumeId) const {
  long long vid = masterVolumeId;
  soci::rowset<SessionRecord> rows = (sql.prepare << kSelect << "WHERE s.master_volume_id = :vid" << kOrder,
                                      soci::use(vid, "vid"));
  return {rows.begin(), rows.end()};
}

SessionPage SessionDao::search(soci::session& sql, const SessionFilter& filter) const {
  // Each value is bound twice under two names: "no filter" sentinels keep the statement text fixed.
  static constexpr const char* kWhere =
      "WHERE (:cid1 = 0::bigint OR s.cluster_id = :cid2) AND (:vid1 = 0::bigint OR s.master_volume_id = :vid2) "
      "AND (:st1 = '' OR s.status = :st2) AND (:sh1 = '' OR s.secondary_host = :sh2) "
      "AND (:sv1 = '' OR s.secondary_volume = :sv2) ";
  long long cid = filter.clusterId, vid = filter.masterVolumeId, after = filter.afterId;
  long long limit = filter.limit > 0 ? filter.limit : std::numeric_limits<long long>::max();
  SessionPage page;
  long long total = 0;
  if (filter.countTotal) {
    sql << "SELECT count(*) FROM georep_sessions s " << kWhere, soci::use(cid, "cid1"), soci::use(cid, "cid2"),
        soci::use(vid, "vid1"), soci::use(vid, "vid2"), soci::use(filter.status, "st1"),
        soci::use(filter.status, "st2"), soci::use(filter.secondaryHost, "sh1"), soci::use(filter.secondaryHost, "sh2"),
        soci::use(filter.secondaryVolume, "sv1"), soci::use(filter.secondaryVolume, "sv2"), soci::into(total);
  }
  page.total = total;
  soci::rowset<SessionRecord> rows =
      (sql.prepare << kSelect << kWhere << "AND s.id > :after ORDER BY s.id LIMIT :lim", soci::use(cid, "cid1"),
       soci::use(cid, "cid2"), soci::use(vid, "vid1"), soci::use(vid, "vid2"), soci::use(filter.status, "st1"),
       soci::use(filter.status, "st2"), soci::use(filter.secondaryHost, "sh1"),
       soci::use(filter.secondaryHost, "sh2"), soci::use(filter.secondaryVolume, "sv1"),
       soci::use(filter.secondaryVolume, "sv2"), soci::use(after, "after"), soci::use(limit, "lim"));
  page.rows.assign(rows.begin(), rows.end());
  return page;
}

bool SessionDao::updateStatus(soci::session& sql, std::int64_t id, gluster::AggregateStatus status,
                              const std::string& rawWorkerStates) const {
  long long sid = id;
  const std::string name(gluster::aggregateStatusName(status));
  soci::statement st = (sql.prepare << "UPDATE georep_sessions SET status = :status, raw_worker_states = :raw, "
                                       "missed_listings = 0, updated_at = now() WHERE id = :id",
                        soci::use(name, "status"), soci::use(rawWorkerStates, "raw"), soci::use(sid, "id"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool SessionDao::remove(soci::session& sql, std::int64_t id) const {
  long long sid = id;
  soci::statement st = (sql.prepare << "DELETE FROM georep_sessions WHERE id = :id", soci::use(sid, "id"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace georep::dao
