#include "engine/src/leadership/leadership_manager.h"

#include <unistd.h>

#include <thread>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "engine/src/db/connect_string.h"
#include "engine/src/leadership/leadership_keys.h"

namespace georep::engine {
namespace {

std::string hostName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) return "unknown";
  return host;
}

// libpq options for the dedicated connection: its name in pg_stat_activity, and TCP keepalives and a user
// timeout so a dead network ends it in seconds (libpq ignores them on a Unix socket).
std::string dedicatedConnectString(const std::string& base, std::chrono::milliseconds lease) {
  const long long seconds = std::max<long long>(1, lease.count() / 1000);
  const std::string options = "application_name=georep-leadership keepalives=1 keepalives_idle=" +
                              std::to_string(seconds) + " keepalives_interval=1 keepalives_count=3 tcp_user_timeout=" +
                              std::to_string(lease.count()) + " connect_timeout=" + std::to_string(seconds + 1);
  if (base.rfind("postgres://", 0) == 0 || base.rfind("postgresql://", 0) == 0) {
    std::string uri = base + (base.find('?') == std::string::npos ? "?" : "&");
    std::string sep;
    for (std::size_t start = 0; start < options.size();) {
      const auto end = options.find(' ', start);
      uri += sep + options.substr(start, end == std::string::npos ? std::string::npos : end - start);
      sep = "&";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return uri;
  }
  return base + " " + options;
}

}  // namespace

struct LeadershipManager::Connection {
  soci::session sql;
  explicit Connection(const std::string& connect) : sql(soci::postgresql, connect) {}
};

LeadershipManager::LeadershipManager(std::string connectString, LeadershipOptions options)
    : connectString_(std::move(connectString)), options_(std::move(options)), host_(hostName()), pid_(::getpid()) {
  if (!validEngineId(options_.engineId)) throw std::invalid_argument("leadership: invalid engine id");
}

LeadershipManager::~LeadershipManager() { stop(); }

std::optional<std::int64_t> LeadershipManager::leads(std::int64_t clusterId) {
  std::lock_guard lock(ledMutex_);
  const auto it = led_.find(clusterId);
  if (it == led_.end() || Clock::now() >= it->second.validUntil) return std::nullopt;
  return it->second.epoch;
}

std::map<std::int64_t, std::int64_t> LeadershipManager::led() {
  std::map<std::int64_t, std::int64_t> out;
  const auto now = Clock::now();
  std::lock_guard lock(ledMutex_);
  for (const auto& [id, l] : led_)
    if (now < l.validUntil) out.emplace(id, l.epoch);
  return out;
}

bool LeadershipManager::recordCycle(soci::session& sql, std::int64_t clusterId, std::int64_t epoch,
                                    std::chrono::milliseconds minGap) {
  // A leader frozen inside this transaction must not keep the row (and the hand-over) blocked for ever.
  sql << "SET LOCAL idle_in_transaction_session_timeout = " + std::to_string(options_.lease.count());
  long long cid = clusterId, e = epoch, id = 0, gap = minGap.count();
  std::string me = options_.engineId;
  soci::indicator ind = soci::i_null;
  sql << "WITH l AS (UPDATE engine_cluster_leaders SET cycles = cycles + 1, last_cycle_at = clock_timestamp() "
         "WHERE cluster_id = :c AND epoch = :e AND engine_id = :me "
         "AND (last_cycle_at IS NULL OR last_cycle_at <= clock_timestamp() - :gap * interval '1 millisecond') "
         "AND EXISTS (SELECT 1 FROM engine_cluster_leases s WHERE s.cluster_id = :c2 AND s.epoch = :e2 "
         "AND s.lease_expires_at > clock_timestamp()) "
         "RETURNING cluster_id, epoch, engine_id) "
         "INSERT INTO engine_leader_cycles (cluster_id, epoch, engine_id) SELECT cluster_id, epoch, engine_id FROM l "
         "RETURNING id",
      soci::use(cid, "c"), soci::use(e, "e"), soci::use(me, "me"), soci::use(gap, "gap"), soci::use(cid, "c2"),
      soci::use(e, "e2"), soci::into(id, ind);
  return sql.got_data() && ind == soci::i_ok;
}

bool LeadershipManager::checkEpoch(soci::session& sql, std::int64_t clusterId, std::int64_t epoch) {
  sql << "SET LOCAL idle_in_transaction_session_timeout = " + std::to_string(options_.lease.count());
  long long cid = clusterId, e = epoch;
  int one = 0;
  std::string me = options_.engineId;
  sql << "SELECT 1 FROM engine_cluster_leaders l JOIN engine_cluster_leases s ON s.cluster_id = l.cluster_id "
         "AND s.epoch = l.epoch WHERE l.cluster_id = :c AND l.epoch = :e AND l.engine_id = :me "
         "AND s.lease_expires_at > clock_timestamp() FOR SHARE OF l",
      soci::use(cid, "c"), soci::use(e, "e"), soci::use(me, "me"), soci::into(one);
  return sql.got_data() && one == 1;
}

void LeadershipManager::loseAll(const char* why) {
  std::lock_guard lock(ledMutex_);
  if (!led_.empty()) spdlog::warn("leadership: {}: no longer leading {} cluster(s)", why, led_.size());
  led_.clear();
}

void LeadershipManager::tick() {
  const auto started = Clock::now();
  std::lock_guard lock(tickMutex_);
  try {
    if (!connection_) {
      locked_.clear();
      connection_ = std::make_unique<Connection>(dedicatedConnectString(connectString_, options_.lease));
      connection_->sql << "SET statement_timeout = " + std::to_string(options_.tick.count());
      spdlog::info("leadership: engine {} connected its leadership connection", options_.engineId);
    }
    Connection& c = *connection_;
    renew(c, started);
    std::vector<std::int64_t> clusters;
    {
      soci::rowset<long long> rows = (c.sql.prepare << "SELECT id FROM clusters ORDER BY id");
      for (const long long id : rows) clusters.push_back(id);
    }
    claim(c, clusters, started);
    if (++ticks_ % 100 == 1) c.sql << "DELETE FROM engine_leader_cycles WHERE at < now() - interval '1 day'";
  } catch (const std::exception& e) {
    // The heartbeat failed: stop leading at once (the locks went, or will go, with the connection).
    loseAll("the leadership connection failed");
    spdlog::warn("leadership: {}; reconnecting next tick", e.what());
    connection_.reset();
    locked_.clear();
  }
}

void LeadershipManager::renew(Connection& c, Clock::time_point started) {
  std::map<std::int64_t, Led> current;
  {
    std::lock_guard lock(ledMutex_);
    current = led_;
  }
  std::string me = options_.engineId;
  long long leaseMs = options_.lease.count();
  for (const auto& [clusterId, l] : current) {
    long long cid = clusterId, e = l.epoch;
    // Only the advisory lock's holder renews or claims, so no claim can run between this and its commit.
    soci::statement st = (c.sql.prepare << "UPDATE engine_cluster_leases SET lease_expires_at = clock_timestamp() + "
                                           ":ms * interval '1 millisecond' WHERE cluster_id = :c AND epoch = :e",
                          soci::use(leaseMs, "ms"), soci::use(cid, "c"), soci::use(e, "e"));
    st.execute(true);
    const bool renewed = st.get_affected_rows() == 1;
    {
      std::lock_guard lock(ledMutex_);
      if (renewed) led_[clusterId].validUntil = started + options_.lease;
      else led_.erase(clusterId);
    }
    if (renewed) continue;
    spdlog::warn("leadership: engine {} lost cluster {} (epoch {}): another engine leads it now", me, clusterId, l.epoch);
    unlock(c, clusterId);
  }
}

void LeadershipManager::claim(Connection& c, const std::vector<std::int64_t>& clusters, Clock::time_point started) {
  const std::set<std::int64_t> present(clusters.begin(), clusters.end());
  for (auto it = locked_.begin(); it != locked_.end();) {  // clusters removed from the inventory
    const std::int64_t id = *it++;
    if (present.count(id)) continue;
    {
      std::lock_guard lock(ledMutex_);
      led_.erase(id);
    }
    unlock(c, id);
  }
  std::string me = options_.engineId;
  long long leaseMs = options_.lease.count();
  int pid = pid_;
  for (const std::int64_t clusterId : clusters) {
    {
      std::lock_guard lock(ledMutex_);
      if (led_.count(clusterId)) continue;
    }
    if (!locked_.count(clusterId) && !tryLock(c, clusterId) && !challenge(c, clusterId)) continue;
    long long cid = clusterId, epoch = 0;
    soci::indicator ind = soci::i_null;
    try {
      soci::transaction tr(c.sql);
      c.sql << "SET LOCAL lock_timeout = 200";
      int expired = 0;
      c.sql << "SELECT COALESCE(bool_and(lease_expires_at < clock_timestamp()), true)::int FROM engine_cluster_leases "
               "WHERE cluster_id = :c",
          soci::use(cid, "c"), soci::into(expired);
      if (expired != 1) continue;  // the previous leader's lease runs on: next tick (rolls back)
      // Waits (lock_timeout) for a cycle of the previous leader that holds the row: the fence.
      c.sql << "INSERT INTO engine_cluster_leaders AS l (cluster_id, epoch, engine_id, engine_host, engine_pid, since) "
               "VALUES (:c, 1, :me, :host, :pid, now()) ON CONFLICT (cluster_id) DO UPDATE SET epoch = l.epoch + 1, "
               "engine_id = EXCLUDED.engine_id, engine_host = EXCLUDED.engine_host, engine_pid = EXCLUDED.engine_pid, "
               "since = now(), cycles = 0 RETURNING epoch",
          soci::use(cid, "c"), soci::use(me, "me"), soci::use(host_, "host"), soci::use(pid, "pid"),
          soci::into(epoch, ind);
      if (!c.sql.got_data() || ind != soci::i_ok) continue;
      c.sql << "INSERT INTO engine_cluster_leases AS s (cluster_id, epoch, lease_expires_at) VALUES (:c, :e, "
               "clock_timestamp() + :ms * interval '1 millisecond') ON CONFLICT (cluster_id) DO UPDATE SET "
               "epoch = EXCLUDED.epoch, lease_expires_at = EXCLUDED.lease_expires_at",
          soci::use(cid, "c"), soci::use(epoch, "e"), soci::use(leaseMs, "ms");
      tr.commit();
    } catch (const soci::postgresql_soci_error& e) {
      // The row is held by a frozen leader's cycle (lock_timeout), or the cluster went: next tick.
      const std::string state = e.sqlstate();
      if (state != "55P03" && state != "23503") throw;
      spdlog::debug("leadership: claim of cluster {} deferred: {}", clusterId, e.what());
      continue;
    }
    std::lock_guard lock(ledMutex_);
    led_[clusterId] = Led{epoch, started + options_.lease};
    spdlog::info("leadership: engine {} leads cluster {} (epoch {})", me, clusterId, epoch);
  }
}

bool LeadershipManager::tryLock(Connection& c, std::int64_t clusterId) {
  int cls = kLeadershipLockClass, obj = leadershipLockObject(clusterId);
  int got = 0;
  c.sql << "SELECT pg_try_advisory_lock(:k1, :k2)::int", soci::use(cls, "k1"), soci::use(obj, "k2"), soci::into(got);
  if (got == 1) locked_.insert(clusterId);
  return got == 1;
}

bool LeadershipManager::challenge(Connection& c, std::int64_t clusterId) {
  long long cls = kLeadershipLockClass, obj = leadershipLockObject(clusterId), cid = clusterId;
  long long staleMs = options_.lease.count();
  int terminated = 0;
  // The lock holder is stale when its connection has been idle longer than a lease (a live engine runs a
  // statement every tick) and the cluster's lease has expired (or was never written).
  c.sql << "SELECT count(*) FILTER (WHERE pg_terminate_backend(lk.pid)) FROM pg_locks lk "
           "JOIN pg_stat_activity a ON a.pid = lk.pid "
           "LEFT JOIN engine_cluster_leases l ON l.cluster_id = :cid "
           "WHERE lk.locktype = 'advisory' AND lk.granted AND lk.objsubid = 2 "
           "AND lk.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
           "AND lk.classid::bigint = :cls AND lk.objid::bigint = :obj AND lk.pid <> pg_backend_pid() "
           "AND a.state IN ('idle', 'idle in transaction', 'idle in transaction (aborted)') AND a.state_change < clock_timestamp() - :ms * interval '1 millisecond' "
           "AND (l.lease_expires_at IS NULL OR l.lease_expires_at < clock_timestamp())",
      soci::use(cid, "cid"), soci::use(cls, "cls"), soci::use(obj, "obj"), soci::use(staleMs, "ms"),
      soci::into(terminated);
  if (terminated == 0) return false;
  spdlog::warn("leadership: engine {} ended the stale leadership connection holding cluster {} (idle for more than "
               "its lease, lease expired)",
               options_.engineId, clusterId);
  // The backend exits asynchronously: its locks go when it has.
  for (int attempt = 0; attempt < 25; ++attempt) {
    if (tryLock(c, clusterId)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void LeadershipManager::unlock(Connection& c, std::int64_t clusterId) {
  if (!locked_.erase(clusterId)) return;
  int cls = kLeadershipLockClass, obj = leadershipLockObject(clusterId);
  int released = 0;
  c.sql << "SELECT pg_advisory_unlock(:k1, :k2)::int", soci::use(cls, "k1"), soci::use(obj, "k2"), soci::into(released);
}

void LeadershipManager::stop() {
  {
    std::lock_guard lock(ledMutex_);
    led_.clear();
  }
  std::lock_guard lock(tickMutex_);
  if (!connection_) return;
  try {
    std::string me = options_.engineId;
    int pid = pid_;
    connection_->sql << "UPDATE engine_cluster_leases s SET lease_expires_at = clock_timestamp() FROM "
                        "engine_cluster_leaders l WHERE l.cluster_id = s.cluster_id AND l.epoch = s.epoch AND "
                        "l.engine_id = :me AND l.engine_pid = :pid",
        soci::use(me, "me"), soci::use(pid, "pid");
    connection_->sql << "SELECT pg_advisory_unlock_all()";
    spdlog::info("leadership: engine {} handed its clusters over", me);
  } catch (const std::exception& e) {
    spdlog::warn("leadership: releasing on stop failed ({}); the leases expire on their own", e.what());
  }
  connection_.reset();
  locked_.clear();
}

}  // namespace georep::engine
