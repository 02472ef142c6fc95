// ReconcileDao (dao/reconcile_dao.h): bulk reads with SOCI vector binding, set writes through
// jsonb_to_recordset with one bound JSON parameter per statement.
#include "dao/reconcile_dao.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "dao/config_dao.h"
#include "dao/lock_keys.h"
#include "dao/status_names.h"
#include "dao/volume_dao.h"

namespace georep::dao {
namespace {

constexpr std::size_t kBatch = 1000;

// Row version of a session: xmin of its row and of its brick rows. Any write to them changes it.
constexpr const char* kSessionVersionSql =
    "s.xmin::text || '/' || coalesce((SELECT string_agg(sb.xmin::text, ',' ORDER BY sb.brick_id) "
    "FROM georep_session_bricks sb WHERE sb.session_id = s.id), '')";
// Row version of a session's config rows.
constexpr const char* kConfigVersionSql =
    "coalesce((SELECT string_agg(c.xmin::text, ',' ORDER BY c.key) FROM georep_session_config c "
    "WHERE c.session_id = s.id), '')";

std::optional<std::string> opt(const std::string& v, soci::indicator ind) {
  if (ind == soci::i_null) return std::nullopt;
  return v;
}
std::optional<std::int64_t> opt(long long v, soci::indicator ind) {
  if (ind == soci::i_null) return std::nullopt;
  return static_cast<std::int64_t>(v);
}
std::optional<TimePoint> optTime(long long v, soci::indicator ind) {
  if (ind == soci::i_null) return std::nullopt;
  return TimePoint{std::chrono::seconds{v}};
}

template <typename... Vectors>
void resizeAll(std::size_t n, Vectors&... v) {
  (v.resize(n), ...);
}

// "{1,2,3}": a bigint[] literal of ids (numbers only, so no quoting is needed).
std::string idArray(const std::vector<std::int64_t>& ids) {
  std::string s = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) s += ',';
    s += std::to_string(ids[i]);
  }
  s += '}';
  return s;
}

nlohmann::json optJson(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
nlohmann::json optJson(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
nlohmann::json optJson(const std::optional<bool>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
nlohmann::json optJson(const std::optional<TimePoint>& v) {
  return v ? nlohmann::json(static_cast<long long>(v->time_since_epoch().count())) : nlohmann::json();
}

void loadVolumes(soci::session& sql, long long cid, ClusterSnapshot& snap, std::map<long long, std::size_t>& index) {
  std::vector<long long> id(kBatch);
  std::vector<std::string> name(kBatch), uuid(kBatch), type(kBatch), status(kBatch);
  std::vector<int> bc(kBatch), dc(kBatch), rc(kBatch), ac(kBatch), pc(kBatch);
  soci::statement st =
      (sql.prepare << "SELECT id, name, volume_uuid::text, volume_type, status, brick_count, dist_count, "
                      "replica_count, arbiter_count, disperse_count FROM georep_volumes WHERE cluster_id = :c "
                      "ORDER BY name",
       soci::use(cid, "c"), soci::into(id), soci::into(name), soci::into(uuid), soci::into(type),
       soci::into(status), soci::into(bc), soci::into(dc), soci::into(rc), soci::into(ac), soci::into(pc));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) {
      StoredVolume v;
      v.volume.id = id[i];
      v.volume.clusterId = cid;
      v.volume.name = std::move(name[i]);
      v.volume.uuid = std::move(uuid[i]);
      v.volume.type = std::move(type[i]);
      v.volume.state = volumeStateFromDb(status[i]);
      v.volume.brickCount = bc[i];
      v.volume.distCount = dc[i];
      v.volume.replicaCount = rc[i];
      v.volume.arbiterCount = ac[i];
      v.volume.disperseCount = pc[i];
      index[id[i]] = snap.volumes.size();
      snap.volumes.push_back(std::move(v));
    }
    resizeAll(kBatch, id, name, uuid, type, status, bc, dc, rc, ac, pc);
  }
}

void loadBricks(soci::session& sql, long long cid, ClusterSnapshot& snap, const std::map<long long, std::size_t>& index) {
  std::vector<long long> id(kBatch), vid(kBatch);
  std::vector<int> pos(kBatch), set(kBatch), arb(kBatch);
  std::vector<std::string> host(kBatch), uuid(kBatch), path(kBatch);
  soci::statement st =
      (sql.prepare << "SELECT b.id, b.volume_id, b.position, b.replica_set, b.host, b.host_uuid::text, b.path, "
                      "b.is_arbiter::int FROM georep_bricks b JOIN georep_volumes v ON v.id = b.volume_id "
                      "WHERE v.cluster_id = :c ORDER BY b.volume_id, b.position",
       soci::use(cid, "c"), soci::into(id), soci::into(vid), soci::into(pos), soci::into(set), soci::into(host),
       soci::into(uuid), soci::into(path), soci::into(arb));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) {
      auto it = index.find(vid[i]);
      if (it == index.end()) continue;  // volume inserted after the volume query: next cycle
      BrickRecord b;
      b.id = id[i];
      b.volumeId = vid[i];
      b.position = pos[i];
      b.replicaSet = set[i];
      b.host = std::move(host[i]);
      b.hostUuid = std::move(uuid[i]);
      b.path = std::move(path[i]);
      b.isArbiter = arb[i] != 0;
      snap.volumes[it->second].bricks.push_back(std::move(b));
    }
    resizeAll(kBatch, id, vid, pos, set, host, uuid, path, arb);
  }
}

void loadSessions(soci::session& sql, long long cid, ClusterSnapshot& snap, std::map<long long, std::size_t>& index) {
  std::vector<long long> id(kBatch), vid(kBatch);
  std::vector<std::string> vname(kBatch), key(kBatch), shost(kBatch), suser(kBatch), svol(kBatch), suuid(kBatch),
      status(kBatch), raw(kBatch), version(kBatch);
  std::vector<soci::indicator> suuidInd(kBatch);
  std::vector<int> missed(kBatch);
  const std::string query = std::string(
                                "SELECT s.id, s.master_volume_id, v.name, s.session_key, s.secondary_host, "
                                "s.secondary_user, s.secondary_volume, s.secondary_volume_uuid::text, s.status, "
                                "s.raw_worker_states, s.missed_listings, ") +
                            kSessionVersionSql +
                            " FROM georep_sessions s JOIN georep_volumes v ON v.id = s.master_volume_id "
                            "WHERE s.cluster_id = :c ORDER BY s.id";
  soci::statement st = (sql.prepare << query, soci::use(cid, "c"), soci::into(id), soci::into(vid),
                        soci::into(vname), soci::into(key), soci::into(shost), soci::into(suser), soci::into(svol),
                        soci::into(suuid, suuidInd), soci::into(status), soci::into(raw), soci::into(missed),
                        soci::into(version));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) {
      StoredSession s;
      s.session.id = id[i];
      s.session.clusterId = cid;
      s.session.masterVolumeId = vid[i];
      s.session.masterVolume = std::move(vname[i]);
      s.session.sessionKey = std::move(key[i]);
      s.session.secondaryHost = std::move(shost[i]);
      s.session.secondaryUser = std::move(suser[i]);
      s.session.secondaryVolume = std::move(svol[i]);
      s.session.secondaryVolumeUuid = opt(suuid[i], suuidInd[i]);
      s.session.status = aggregateStatusFromDb(status[i]);
      s.session.rawWorkerStates = std::move(raw[i]);
      s.session.missedListings = missed[i];
      s.version = std::move(version[i]);
      index[id[i]] = snap.sessions.size();
      snap.sessions.push_back(std::move(s));
    }
    resizeAll(kBatch, id, vid, vname, key, shost, suser, svol, suuid, suuidInd, status, raw, missed, version);
  }
}

void loadSessionBricks(soci::session& sql, long long cid, ClusterSnapshot& snap,
                       const std::map<long long, std::size_t>& index) {
  std::vector<long long> sid(kBatch), bid(kBatch), entry(kBatch), data(kBatch), meta(kBatch), fail(kBatch),
      synced(kBatch), cpt(kBatch), cpct(kBatch);
  std::vector<soci::indicator> entryI(kBatch), dataI(kBatch), metaI(kBatch), failI(kBatch), syncedI(kBatch),
      cptI(kBatch), cpctI(kBatch), cpcI(kBatch), nodeI(kBatch), crawlI(kBatch);
  std::vector<int> pos(kBatch), set(kBatch), cpc(kBatch);
  std::vector<std::string> host(kBatch), path(kBatch), ws(kBatch), node(kBatch), crawl(kBatch);
  soci::statement st =
      (sql.prepare << "SELECT sb.session_id, sb.brick_id, b.position, b.replica_set, b.host, b.path, "
                      "sb.worker_status, sb.secondary_node, sb.crawl_status, sb.entry_pending, sb.data_pending, "
                      "sb.meta_pending, sb.failures, extract(epoch FROM sb.last_synced)::bigint, "
                      "extract(epoch FROM sb.checkpoint_time)::bigint, sb.checkpoint_completed::int, "
                      "extract(epoch FROM sb.checkpoint_completion_time)::bigint "
                      "FROM georep_session_bricks sb JOIN georep_sessions s ON s.id = sb.session_id "
                      "JOIN georep_bricks b ON b.id = sb.brick_id WHERE s.cluster_id = :c "
                      "ORDER BY sb.session_id, b.position",
       soci::use(cid, "c"), soci::into(sid), soci::into(bid), soci::into(pos), soci::into(set), soci::into(host),
       soci::into(path), soci::into(ws), soci::into(node, nodeI), soci::into(crawl, crawlI),
       soci::into(entry, entryI), soci::into(data, dataI), soci::into(meta, metaI), soci::into(fail, failI),
       soci::into(synced, syncedI), soci::into(cpt, cptI), soci::into(cpc, cpcI), soci::into(cpct, cpctI));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < sid.size(); ++i) {
      auto it = index.find(sid[i]);
      if (it == index.end()) continue;  // session inserted after the session query: next cycle
      SessionBrickRecord r;
      r.sessionId = sid[i];
      r.brickId = bid[i];
      r.position = pos[i];
      r.replicaSet = set[i];
      r.host = std::move(host[i]);
      r.path = std::move(path[i]);
      r.workerStatus = workerStatusFromDb(ws[i]);
      r.secondaryNode = opt(node[i], nodeI[i]);
      r.crawlStatus = opt(crawl[i], crawlI[i]);
      r.entryPending = opt(entry[i], entryI[i]);
      r.dataPending = opt(data[i], dataI[i]);
      r.metaPending = opt(meta[i], metaI[i]);
      r.failures = opt(fail[i], failI[i]);
      r.lastSynced = optTime(synced[i], syncedI[i]);
      r.checkpointTime = optTime(cpt[i], cptI[i]);
      if (cpcI[i] != soci::i_null) r.checkpointCompleted = cpc[i] != 0;
      r.checkpointCompletionTime = optTime(cpct[i], cpctI[i]);
      snap.sessions[it->second].bricks.push_back(std::move(r));
    }
    resizeAll(kBatch, sid, bid, pos, set, host, path, ws, node, nodeI, crawl, crawlI, entry, entryI, data, dataI, meta,
              metaI, fail, failI, synced, syncedI, cpt, cptI, cpc, cpcI, cpct, cpctI);
  }
}

// Session ids among `ids` whose advisory key this transaction could take (no command holds them).
std::set<std::int64_t> tryLockSessions(soci::session& sql, const std::vector<std::int64_t>& ids) {
  std::set<std::int64_t> locked;
  if (ids.empty()) return locked;
  const std::string arr = idArray(ids);
  int cls = kSessionLockClass;
  std::vector<long long> got(ids.size());
  // (id & 2^31-1) is dao::sessionLockObject(id).
  sql << "SELECT x.id FROM unnest(CAST(:ids AS bigint[])) AS x(id) "
         "WHERE pg_try_advisory_xact_lock(:cls, CAST(x.id & 2147483647 AS integer))",
      soci::use(arr, "ids"), soci::use(cls, "cls"), soci::into(got);
  for (long long id : got) locked.insert(id);
  return locked;
}

// Current row versions of the given sessions (missing = deleted meanwhile).
std::map<std::int64_t, std::string> versions(soci::session& sql, const std::vector<std::int64_t>& ids,
                                             const char* versionSql) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  const std::string arr = idArray(ids);
  std::vector<long long> id(ids.size());
  std::vector<std::string> version(ids.size());
  sql << std::string("SELECT s.id, ") + versionSql +
             " FROM georep_sessions s WHERE s.id = ANY(CAST(:ids AS bigint[]))",
      soci::use(arr, "ids"), soci::into(id), soci::into(version);
  for (std::size_t i = 0; i < id.size(); ++i) out[id[i]] = version[i];
  return out;
}

nlohmann::json brickRow(std::int64_t sessionId, const SessionBrickWrite& b) {
  return nlohmann::json{{"sid", sessionId},
                        {"host", b.host},
                        {"path", b.path},
                        {"ws", std::string(gluster::workerStatusName(b.workerStatus))},
                        {"sn", optJson(b.secondaryNode)},
                        {"cs", optJson(b.crawlStatus)},
                        {"ep", optJson(b.entryPending)},
                        {"dp", optJson(b.dataPending)},
                        {"mp", optJson(b.metaPending)},
                        {"fl", optJson(b.failures)},
                        {"ls", optJson(b.lastSynced)},
                        {"ct", optJson(b.checkpointTime)},
                        {"cc", optJson(b.checkpointCompleted)},
                        {"cct", optJson(b.checkpointCompletionTime)}};
}

}  // namespace

ClusterSnapshot ReconcileDao::load(soci::session& sql, std::int64_t clusterId) const {
  ClusterSnapshot snap;
  snap.clusterId = clusterId;
  long long cid = clusterId;
  // One read-only transaction: the four queries see one consistent state.
  soci::transaction tr(sql);
  sql << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  std::map<long long, std::size_t> volumeIndex, sessionIndex;
  loadVolumes(sql, cid, snap, volumeIndex);
  loadBricks(sql, cid, snap, volumeIndex);
  loadSessions(sql, cid, snap, sessionIndex);
  loadSessionBricks(sql, cid, snap, sessionIndex);

  int reachable = 1;
  std::string lastError;
  soci::indicator ind = soci::i_null;
  sql << "SELECT reachable::int, last_error FROM georep_cluster_sync WHERE cluster_id = :c", soci::use(cid, "c"),
      soci::into(reachable, ind), soci::into(lastError);
  if (sql.got_data()) {
    snap.sync.exists = true;
    snap.sync.reachable = reachable != 0;
    snap.sync.lastError = lastError;
  }
  tr.commit();
  return snap;
}

std::vector<StoredConfig> ReconcileDao::loadConfigs(soci::session& sql, std::int64_t clusterId) const {
  std::vector<StoredConfig> out;
  std::map<long long, std::size_t> index;
  long long cid = clusterId;
  soci::transaction tr(sql);
  sql << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  {
    std::vector<long long> id(kBatch);
    std::vector<std::string> version(kBatch);
    soci::statement st = (sql.prepare << std::string("SELECT s.id, ") + kConfigVersionSql +
                                             " FROM georep_sessions s WHERE s.cluster_id = :c ORDER BY s.id",
                          soci::use(cid, "c"), soci::into(id), soci::into(version));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < id.size(); ++i) {
        StoredConfig c;
        c.sessionId = id[i];
        c.version = std::move(version[i]);
        index[id[i]] = out.size();
        out.push_back(std::move(c));
      }
      resizeAll(kBatch, id, version);
    }
  }
  {
    std::vector<long long> sid(kBatch);
    std::vector<std::string> key(kBatch), value(kBatch);
    std::vector<int> def(kBatch);
    soci::statement st =
        (sql.prepare << "SELECT c.session_id, c.key, c.value, c.is_default::int FROM georep_session_config c "
                        "JOIN georep_sessions s ON s.id = c.session_id WHERE s.cluster_id = :c",
         soci::use(cid, "c"), soci::into(sid), soci::into(key), soci::into(value), soci::into(def));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < sid.size(); ++i) {
        auto it = index.find(sid[i]);
        if (it == index.end()) continue;
        ConfigEntry e{key[i], value[i], def[i] != 0};
        out[it->second].entries.emplace(e.key, std::move(e));
      }
      resizeAll(kBatch, sid, key, value, def);
    }
  }
  tr.commit();
  return out;
}

ApplyResult ReconcileDao::apply(soci::session& sql, std::int64_t clusterId, const ClusterWrite& write,
                                const WriteFence& fence) const {
  using Outcome = ApplyResult::Outcome;
  ApplyResult result;
  result.sessions.assign(write.sessions.size(), Outcome::kApplied);
  result.configs.assign(write.configs.size(), Outcome::kApplied);
  if (write.empty()) return result;
  long long cid = clusterId;

  soci::transaction tr(sql);
  if (fence && !fence(sql)) {
    throw FencedOut("the leader's fence refused the write of cluster " + std::to_string(clusterId) +
                    " (another engine leads it now, or it was reconciled less than half a period ago): nothing written");
  }

  // 1. Lock the stored sessions touched (skip those a command holds), then check they did not change
  //    since the snapshot. Before any write of ours, so our own writes never look like someone else's.
  std::vector<std::int64_t> touched;
  for (const auto& s : write.sessions) {
    if (s.kind != SessionWrite::Kind::kInsert) touched.push_back(s.sessionId);
  }
  for (const auto& c : write.configs) touched.push_back(c.sessionId);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  const std::set<std::int64_t> locked = tryLockSessions(sql, touched);
  const auto sessionVersions = versions(sql, touched, kSessionVersionSql);
  std::map<std::int64_t, std::string> configVersions;
  if (!write.configs.empty()) configVersions = versions(sql, touched, kConfigVersionSql);

  for (std::size_t i = 0; i < write.sessions.size(); ++i) {
    const auto& s = write.sessions[i];
    if (s.kind == SessionWrite::Kind::kInsert) continue;
    if (!locked.count(s.sessionId)) {
      result.sessions[i] = Outcome::kSkippedLocked;
      continue;
    }
    auto v = sessionVersions.find(s.sessionId);
    if (v == sessionVersions.end() || v->second != s.version) result.sessions[i] = Outcome::kSkippedStale;
  }
  for (std::size_t i = 0; i < write.configs.size(); ++i) {
    const auto& c = write.configs[i];
    if (!locked.count(c.sessionId)) {
      result.configs[i] = Outcome::kSkippedLocked;
      continue;
    }
    auto v = configVersions.find(c.sessionId);
    if (v == configVersions.end() || v->second != c.version) result.configs[i] = Outcome::kSkippedStale;
  }

  // 2. Volumes (and their bricks) first: sessions and their brick rows refer to them.
  const VolumeDao volumes;
  for (const auto& v : write.volumeUpserts) volumes.upsert(sql, clusterId, v);

  // 3. Sessions removed.
  std::vector<std::int64_t> removed;
  for (std::size_t i = 0; i < write.sessions.size(); ++i) {
    if (write.sessions[i].kind == SessionWrite::Kind::kRemove && result.sessions[i] == Outcome::kApplied) {
      removed.push_back(write.sessions[i].sessionId);
    }
  }
  if (!removed.empty()) {
    const std::string arr = idArray(removed);
    sql << "DELETE FROM georep_sessions WHERE cluster_id = :c AND id = ANY(CAST(:ids AS bigint[]))",
        soci::use(cid, "c"), soci::use(arr, "ids");
  }

  // 4. Session columns updated.
  nlohmann::json updates = nlohmann::json::array();
  for (std::size_t i = 0; i < write.sessions.size(); ++i) {
    const auto& s = write.sessions[i];
    if (s.kind != SessionWrite::Kind::kUpdate || result.sessions[i] != Outcome::kApplied) continue;
    if (!s.status && !s.rawWorkerStates && !s.missedListings) continue;
    updates.push_back({{"id", s.sessionId},
                       {"status", s.status ? nlohmann::json(std::string(gluster::aggregateStatusName(*s.status)))
                                           : nlohmann::json()},
                       {"raw", s.rawWorkerStates ? nlohmann::json(*s.rawWorkerStates) : nlohmann::json()},
                       {"missed", s.missedListings ? nlohmann::json(*s.missedListings) : nlohmann::json()}});
  }
  if (!updates.empty()) {
    const std::string j = updates.dump();
    sql << "UPDATE georep_sessions AS s SET status = coalesce(x.status, s.status), "
           "raw_worker_states = coalesce(x.raw, s.raw_worker_states), "
           "missed_listings = coalesce(x.missed, s.missed_listings), updated_at = now() "
           "FROM jsonb_to_recordset(CAST(:j AS jsonb)) AS x(id bigint, status text, raw text, missed integer) "
           "WHERE s.id = x.id AND s.cluster_id = :c",
        soci::use(j, "j"), soci::use(cid, "c");
  }

  // 5. Sessions inserted (a session stored meanwhile by a command is left to it: ON CONFLICT DO NOTHING).
  std::map<std::pair<std::string, std::string>, std::size_t> insertIndex;  // (volume, key) -> write index
  nlohmann::json inserts = nlohmann::json::array();
  for (std::size_t i = 0; i < write.sessions.size(); ++i) {
    const auto& s = write.sessions[i];
    if (s.kind != SessionWrite::Kind::kInsert) continue;
    insertIndex[{s.masterVolume, s.insert.sessionKey}] = i;
    inserts.push_back({{"volume", s.masterVolume},
                       {"key", s.insert.sessionKey},
                       {"host", s.insert.secondaryHost},
                       {"usr", s.insert.secondaryUser},
                       {"secvol", s.insert.secondaryVolume},
                       {"secuuid", optJson(s.insert.secondaryVolumeUuid)},
                       {"status", std::string(gluster::aggregateStatusName(s.insert.status))},
                       {"raw", s.insert.rawWorkerStates}});
  }
  std::map<std::size_t, std::int64_t> sessionIdOf;  // write index -> session id, for brick rows
  if (!inserts.empty()) {
    for (auto& [k, i] : insertIndex) result.sessions[i] = Outcome::kSkippedConflict;  // until RETURNING says
    const std::string j = inserts.dump();
    std::vector<long long> id(inserts.size());
    std::vector<std::string> vname(inserts.size()), key(inserts.size());
    sql << "WITH ins AS (INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, "
           "secondary_user, secondary_volume, secondary_volume_uuid, status, raw_worker_states) "
           "SELECT CAST(:c AS bigint), v.id, x.key, x.host, x.usr, x.secvol, CAST(x.secuuid AS uuid), x.status, x.raw "
           "FROM jsonb_to_recordset(CAST(:j AS jsonb)) AS x(volume text, key text, host text, usr text, "
           "secvol text, secuuid text, status text, raw text) "
           "JOIN georep_volumes v ON v.cluster_id = :c2 AND v.name = x.volume "
           "ON CONFLICT (master_volume_id, session_key) DO NOTHING RETURNING id, master_volume_id, session_key) "
           "SELECT ins.id, v.name, ins.session_key FROM ins JOIN georep_volumes v ON v.id = ins.master_volume_id",
        soci::use(cid, "c"), soci::use(j, "j"), soci::use(cid, "c2"), soci::into(id), soci::into(vname),
        soci::into(key);
    for (std::size_t r = 0; r < id.size(); ++r) {
      auto it = insertIndex.find({vname[r], key[r]});
      if (it == insertIndex.end()) continue;
      result.sessions[it->second] = Outcome::kApplied;
      result.insertedIds[it->second] = id[r];
      sessionIdOf[it->second] = id[r];
    }
  }

  // 6. Per-brick rows of applied inserts and updates.
  nlohmann::json bricks = nlohmann::json::array();
  for (std::size_t i = 0; i < write.sessions.size(); ++i) {
    const auto& s = write.sessions[i];
    if (s.kind == SessionWrite::Kind::kRemove || result.sessions[i] != Outcome::kApplied) continue;
    const std::int64_t sid = s.kind == SessionWrite::Kind::kInsert ? sessionIdOf[i] : s.sessionId;
    for (const auto& b : s.bricks) bricks.push_back(brickRow(sid, b));
  }
  if (!bricks.empty()) {
    const std::string j = bricks.dump();
    sql << "INSERT INTO georep_session_bricks (session_id, brick_id, worker_status, secondary_node, crawl_status, "
           "entry_pending, data_pending, meta_pending, failures, last_synced, checkpoint_time, "
           "checkpoint_completed, checkpoint_completion_time, updated_at) "
           "SELECT x.sid, b.id, x.ws, x.sn, x.cs, x.ep, x.dp, x.mp, x.fl, to_timestamp(x.ls), to_timestamp(x.ct), "
           "x.cc, to_timestamp(x.cct), now() "
           "FROM jsonb_to_recordset(CAST(:j AS jsonb)) AS x(sid bigint, host text, path text, ws text, sn text, "
           "cs text, ep bigint, dp bigint, mp bigint, fl bigint, ls bigint, ct bigint, cc boolean, cct bigint) "
           "JOIN georep_sessions s ON s.id = x.sid AND s.cluster_id = :c "
           "JOIN georep_bricks b ON b.volume_id = s.master_volume_id AND b.host = x.host AND b.path = x.path "
           "ON CONFLICT (session_id, brick_id) DO UPDATE SET worker_status = EXCLUDED.worker_status, "
           "secondary_node = EXCLUDED.secondary_node, crawl_status = EXCLUDED.crawl_status, "
           "entry_pending = EXCLUDED.entry_pending, data_pending = EXCLUDED.data_pending, "
           "meta_pending = EXCLUDED.meta_pending, failures = EXCLUDED.failures, "
           "last_synced = EXCLUDED.last_synced, checkpoint_time = EXCLUDED.checkpoint_time, "
           "checkpoint_completed = EXCLUDED.checkpoint_completed, "
           "checkpoint_completion_time = EXCLUDED.checkpoint_completion_time, updated_at = now()",
        soci::use(j, "j"), soci::use(cid, "c");
  }

  // 7. Config rows.
  nlohmann::json configUpserts = nlohmann::json::array();
  nlohmann::json configRemovals = nlohmann::json::array();
  for (std::size_t i = 0; i < write.configs.size(); ++i) {
    if (result.configs[i] != Outcome::kApplied) continue;
    const auto& c = write.configs[i];
    for (const auto& e : c.upserts) {
      configUpserts.push_back({{"sid", c.sessionId}, {"key", e.key}, {"value", e.value}, {"def", e.isDefault}});
    }
    for (const auto& k : c.removals) configRemovals.push_back({{"sid", c.sessionId}, {"key", k}});
  }
  if (!configRemovals.empty()) {
    const std::string j = configRemovals.dump();
    sql << "DELETE FROM georep_session_config AS c USING jsonb_to_recordset(CAST(:j AS jsonb)) AS x(sid bigint, "
           "key text) WHERE c.session_id = x.sid AND c.key = x.key",
        soci::use(j, "j");
  }
  if (!configUpserts.empty()) {
    const std::string j = configUpserts.dump();
    sql << "INSERT INTO georep_session_config (session_id, key, value, is_default, updated_at) "
           "SELECT x.sid, x.key, x.value, x.def, now() FROM jsonb_to_recordset(CAST(:j AS jsonb)) AS "
           "x(sid bigint, key text, value text, def boolean) JOIN georep_sessions s ON s.id = x.sid "
           "AND s.cluster_id = :c "
           "ON CONFLICT (session_id, key) DO UPDATE SET value = EXCLUDED.value, is_default = EXCLUDED.is_default, "
           "updated_at = now()",
        soci::use(j, "j"), soci::use(cid, "c");
  }

  // 8. Volumes no longer listed and without sessions.
  if (write.listedVolumes) result.volumesRemoved = volumes.removeUnlisted(sql, clusterId, *write.listedVolumes);

  // 9. The cluster's sync state.
  if (write.sync) {
    int reachable = write.sync->reachable ? 1 : 0;
    int success = write.sync->success ? 1 : 0;
    std::string lastError = write.sync->lastError;
    sql << "INSERT INTO georep_cluster_sync (cluster_id, reachable, last_error, last_success_at, updated_at) "
           "VALUES (:c, CAST(:r AS boolean), :e, CASE WHEN :s = 1 THEN now() END, now()) "
           "ON CONFLICT (cluster_id) DO UPDATE SET reachable = EXCLUDED.reachable, last_error = EXCLUDED.last_error, "
           "last_success_at = coalesce(EXCLUDED.last_success_at, georep_cluster_sync.last_success_at), "
           "updated_at = now()",
        soci::use(cid, "c"), soci::use(reachable, "r"), soci::use(lastError, "e"), soci::use(success, "s");
  }

  tr.commit();
  result.wrote = true;
  return result;
}

}  // namespace georep::dao
