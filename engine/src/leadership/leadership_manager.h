// LeadershipManager: this engine's side of the election of one leader per cluster among the engines of one
// database (api::Leadership for the plugins). Its job "engine.leadership" runs every tick on a DEDICATED
// PostgreSQL connection (not from the pool, so a busy pool never delays a renewal):
//  1. renew: every led cluster's lease row (engine_cluster_leases, migration 0005) gets
//     lease_expires_at = server now() + lease, checked against this engine's epoch (a row apart from
//     engine_cluster_leaders, which a cycle's fenced transaction locks, so a renewal never waits for one). A row no longer ours
//     ends that leadership. ANY failure of the connection (heartbeat) ends every leadership at once and the
//     connection is opened again next tick (its advisory locks went with it).
//  2. claim: for each cluster of the inventory not led, pg_try_advisory_lock(kLeadershipLockClass, id)
//     (leadership_keys.h). With the lock, the cluster is claimed only once the previous leader's lease
//     has expired on the server's clock (the previous holder may be alive without its connection):
//     engine_cluster_leaders gets epoch+1, this engine's id/host/pid, since = now(); a new lease row. The claim waits at most 200 ms for the row (a frozen leader
//     may hold it in a cycle's transaction; recordCycle bounds that with idle_in_transaction_session_timeout).
//  3. challenge: when the lock is held by another backend that has not run a statement for longer than the
//     lease (pg_stat_activity.state_change: a live engine talks every tick) and the cluster's lease has
//     expired, that backend is terminated (pg_terminate_backend): a SIGSTOPped engine's connection stays
//     open and keeps its locks for ever otherwise (TCP keepalives are answered by its kernel). The lock is
//     then taken in the same tick.
// Fencing: leads() answers from memory and only while the lease is valid by THIS process's monotonic
// clock, counted from before the renewal was sent, so it ends no later than the server-side expiry that a
// challenger waits for; and recordCycle() / checkEpoch() check the epoch inside the caller's write
// transaction, locking the row, so a frozen leader that wakes up after a hand-over has its writes refused.
// stop() (engine shutdown, after the plugins stopped) expires this engine's leases and releases its locks,
// so the others take over at their next tick.
// Thread-safety: leads()/recordCycle()/checkEpoch()/engineId()/led() from any thread; tick() and stop()
// from the scheduler / the main thread (serialised internally).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/api/leadership.h"
#include "engine/src/leadership/leadership_options.h"

namespace georep::engine {

class LeadershipManager : public api::Leadership {
 public:
  using Clock = std::chrono::steady_clock;

  // `options.engineId` must be set (validEngineId). Connects lazily, at the first tick.
  LeadershipManager(std::string connectString, LeadershipOptions options);
  ~LeadershipManager() override;
  LeadershipManager(const LeadershipManager&) = delete;
  LeadershipManager& operator=(const LeadershipManager&) = delete;

  // api::Leadership
  std::string engineId() const override { return options_.engineId; }
  std::optional<std::int64_t> leads(std::int64_t clusterId) override;
  bool recordCycle(soci::session& sql, std::int64_t clusterId, std::int64_t epoch,
                   std::chrono::milliseconds minGap) override;
  bool checkEpoch(soci::session& sql, std::int64_t clusterId, std::int64_t epoch) override;

  // One renewal/claim pass (what the job runs). Never throws.
  void tick();
  // Ends every leadership, expires this engine's leases and releases the locks. Idempotent.
  void stop();

  struct Led {
    std::int64_t epoch = 0;
    Clock::time_point validUntil;
  };
  // The clusters this engine leads now (lease valid), by cluster id.
  std::map<std::int64_t, std::int64_t> led();
  const LeadershipOptions& options() const { return options_; }

 private:
  struct Connection;
  void renew(Connection& c, Clock::time_point started);
  void claim(Connection& c, const std::vector<std::int64_t>& clusters, Clock::time_point started);
  bool tryLock(Connection& c, std::int64_t clusterId);
  bool challenge(Connection& c, std::int64_t clusterId);
  void unlock(Connection& c, std::int64_t clusterId);
  void loseAll(const char* why);

  std::string connectString_;
  LeadershipOptions options_;
  std::string host_;
  int pid_;

  std::mutex tickMutex_;  // the connection and the lock set: tick() and stop()
  std::unique_ptr<Connection> connection_;
  std::set<std::int64_t> locked_;  // advisory locks held on the connection
  unsigned ticks_ = 0;

  std::mutex ledMutex_;
  std::map<std::int64_t, Led> led_;
};

}  // namespace georep::engine
