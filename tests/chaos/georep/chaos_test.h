// ChaosTest: the fixture of the chaos suite (ctest label "chaos"). Each test holds the multi-node lab's
// lock (/run/lock/georep-mlab-chaos.lock: one chaos test at a time on this machine), resets the lab
// (scripts/lab-cluster reset: every node up, no geo-rep session, empty secondaries), starts a PostgreSQL
// of its own (scripts/pg-temp in a temporary directory, so that a test may restart it), the real
// georep-engine with the real plugin on it, and registers both clusters over the HTTP API: "primary"
// (p1, p2, p3) and "secondary" (s1, s2), each host with the lab key and the pinned host key.
// A machine that cannot run the multi-node lab SKIPS the test loudly (never passes it).
// Thread-safety: a GoogleTest fixture; one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cluster_lab.h"
#include "convergence.h"
#include "harness/engine_process.h"
#include "harness/lab_lock.h"
#include "harness/sql_probe.h"

namespace georep::testing::chaos {

inline constexpr const char* kPrimaryCluster = "primary";
inline constexpr const char* kSecondaryCluster = "secondary";
inline constexpr const char* kChaosLockPath = "/run/lock/georep-mlab-chaos.lock";
// The sync job's period in these tests; "within two cycles" is measured against it.
inline constexpr int kSyncIntervalMs = 3000;

class ChaosTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // --- the engine -----------------------------------------------------------------------------------
  // Starts (again) the engine on the test's database; a new EngineClient goes with it.
  void startEngine();
  // SIGKILL: the engine dies without running any shutdown code.
  void killEngine();

  // --- PostgreSQL ------------------------------------------------------------------------------------
  void stopPostgres();
  void startPostgres();
  // A new SqlProbe (after a PostgreSQL restart the old connection is gone).
  void reconnectSql();

  // --- commands and checks ---------------------------------------------------------------------------
  nlohmann::json ok(const std::string& name, const nlohmann::json& params = nlohmann::json::object());
  // ok(), but a `conflict` because glusterd had "another transaction in progress" (opErrno 30802, or
  // kind transaction_in_progress when glusterd answered in plain text: the sync job's own reads, a hook)
  // is retried for up to `patience`, as an operator would.
  nlohmann::json okWhenGlusterdFree(const std::string& name, const nlohmann::json& params,
                                    std::chrono::seconds patience = std::chrono::seconds(120));
  // The same retries; the last reply, whatever it is (glusterd refused a busy create before doing anything).
  e2e::CommandReply commandWhenGlusterdFree(const std::string& name, const nlohmann::json& params,
                                            std::chrono::seconds patience = std::chrono::seconds(120));
  // georep.session.create of `primaryVolume` -> `secondaryNode`::`secondaryVolume` (default ssh port 22),
  // retried while glusterd refuses it as busy, waits for the push-pem hook, sets rsync_options when this
  // rsync needs it. Returns the session id.
  std::int64_t createSession(const std::string& primaryVolume, const std::string& secondaryNode,
                             const std::string& secondaryVolume);
  void startAndWaitActive(std::int64_t sessionId);
  // Waits until the database agrees with GlusterFS (asked on `liveNode`) for the primary cluster;
  // returns the seconds it took, or nothing at the timeout (with the last differences in *why). With a
  // `deadNode` (its address), the sessions of volumes whose every brick is on it are left out: no live
  // node lists them while it is down, and the database must keep them (the caller checks them itself).
  std::optional<double> waitConverged(const std::string& liveNode, std::chrono::seconds timeout,
                                      std::string* why = nullptr, const std::string& deadNode = "");
  // What GlusterFS says (nothing when the CLI of `liveNode` failed; an empty view when it has no session
  // at all). Asked at most every 5 s: every `status` takes glusterd's cluster-wide locks, and a test
  // polling it faster starves the engine's own calls ("Another transaction is in progress", "Locking
  // failed on ..."), which is not the point.
  std::optional<SessionsView> glusterSessions(const std::string& liveNode);
  // Status runs of the primary cluster's sync job that changed something, in the current engine's log
  // ("georep sync: status of cluster primary: ok, N event(s)"): the engine logs a run at info level only
  // when it wrote a change, so runs that found the database already equal are not counted.
  int statusRunsWithChanges();
  // Every status cycle of the primary cluster the current engine has completed (whatever its outcome)
  // and their total duration, from its /metrics (georep_sync_cycle_seconds_count and _sum).
  struct StatusCycles {
    int count = 0;
    double seconds = 0;
  };
  StatusCycles statusCycles();
  // Events named `name` about `sessionId` since event id `since`.
  std::vector<nlohmann::json> eventsOf(const std::string& name, std::int64_t sessionId, std::int64_t since = 0);
  // Waits up to `timeout` for an event `name` about `sessionId` after `since` (the audit log is written
  // just after the database rows the test polls). True when one came.
  bool awaitEvent(const std::string& name, std::int64_t sessionId, std::int64_t since,
                  std::chrono::seconds timeout = std::chrono::seconds(30));
  // "#id name session_id=N" of every event since `since`, for failure messages.
  std::string describeEvents(std::int64_t since);
  std::optional<std::string> storedConfig(std::int64_t sessionId, const std::string& key);
  std::optional<std::string> glusterConfig(const std::string& liveNode, const std::string& primaryVolume,
                                           const std::string& secondaryNode, const std::string& secondaryVolume,
                                           const std::string& key);
  long long sessionRows();
  // The session's stored aggregate status (nothing when the row is gone).
  std::optional<std::string> sessionStatus(std::int64_t sessionId);
  std::string secondaryUrl(const std::string& node, const std::string& volume) const;
  // Writes `count` small files named `prefix`N into the primary volume (mounted through `viaNode`) and
  // waits until every one has arrived, with its content, on the secondary brick of `secondaryNode`.
  // Returns the seconds from the write (mount included) until the last one arrived, or nothing at the timeout.
  std::optional<double> writeAndAwaitArrival(const std::string& viaNode, const std::string& primaryVolume,
                                             const std::string& secondaryNode, const std::string& secondaryVolume,
                                             const std::string& prefix, int count, std::chrono::seconds timeout);

  ClusterLabFacts lab_;
  std::unique_ptr<e2e::EngineProcess> engine_;
  std::unique_ptr<e2e::EngineClient> client_;
  std::unique_ptr<e2e::SqlProbe> sql_;
  std::filesystem::path workDir_;

 private:
  e2e::EngineOptions engineOptions() const;
  std::unique_ptr<e2e::LabLock> lock_;
  std::filesystem::path pgDir_;
  std::optional<SessionsView> lastGluster_;
  std::string lastGlusterNode_;
  std::chrono::steady_clock::time_point lastGlusterAt_{};
  std::string dbConnect_;
};

}  // namespace georep::testing::chaos
