// DrScheduler: the DR policies' periodic job "georep.dr.schedule" (every tick, default 15 s, like the sync
// job's jobs through the engine's api::Scheduler). Per active policy whose next run has come:
//  - the due windows are planned (dr/window_plan.h): the latest runs now, the earlier ones are missed;
//    the policy's next_run_at is moved past now with a compare-and-set (DrPolicyDao::claimWindows), so
//    two engines never both take a window;
//  - missed windows are added to missed_count and reported once per claim with georep.dr.run.missed
//    (reason "engine_down" on the first tick after start-up, "late" otherwise);
//  - when a run of the session is still in flight, the window is recorded as a skipped run, counted as
//    missed ("overlap") and reported with georep.dr.run.skipped;
//  - otherwise a run starts (DrRun, on its own thread so that a long run never blocks other policies).
// Every tick, a run left "running" whose heartbeat is older than options.staleAfter (its engine stopped,
// or this engine before a restart) is taken over with a compare-and-set on the heartbeat (so two engines
// never both take it, and a run a live engine is doing is never touched; each tick beats for this
// engine's own runs and passes on a cancel asked through another engine) and resumed or failed honestly
// (DrRun::resume: a run at `wait` goes on waiting; any other step is failed naming it, after its post
// hooks).
// Every tick then refreshes the in-memory snapshot behind its /metrics collector "georep.dr"
// (dr/jobs/dr_metrics.h: a fixed handful of queries per tick, none per scrape) and, from the same
// snapshot, raises georep.dr.rpo.breached (alert) / georep.dr.rpo.recovered (info) once per transition.
// Breached = the recovery point's rpo_breached (commands/dr_runs.h), except that a policy with no
// succeeded run yet counts as breached only once it is older than its target. The last state is kept in
// memory: after a restart the first tick re-evaluates, raising breached again for a session still over
// its target (never recovered).
// Commands it registers (start() or registerCommands()): georep.dr.run.now (a manual run of the session's
// policy, even paused; conflict when a run is in flight) and georep.dr.run.cancel (marks the session's
// running run cancel_requested in the database, which the engine doing it reads at its next step or poll,
// and stops this engine's run at once: it ends `cancelled`, post hooks still run).
// Both operator: they run what an admin configured, nothing more.
// stop() drops the job and the commands, asks running runs to stop (they end cancelled) and waits.
// Thread-safety: start()/stop() from one thread; tick() from the scheduler (or a test), never concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dao/dr_records.h"
#include "dr/jobs/dr_metrics.h"
#include "dr/jobs/dr_run.h"
#include "engine/api/registration.h"

namespace georep::api {
class Leadership;
class MetricsRegistry;
class Scheduler;
}

namespace georep::dr {

struct DrSchedulerOptions {
  std::chrono::milliseconds tick{15000};
  // Several engines on one database: only the sessions of clusters this engine leads are scheduled, have
  // their interrupted runs taken over, and raise RPO transitions (dr/jobs/dr_leadership.h). null: all.
  api::Leadership* leadership = nullptr;
  // A running run whose heartbeat is older than this is taken over. The doing engine beats at each step
  // and wait poll, and every tick for each of its runs (also during a long hook): several ticks' margin.
  std::chrono::seconds staleAfter{120};
};

class DrScheduler {
 public:
  inline static const std::string kJob = "georep.dr.schedule";

  DrScheduler(DrRunServices services, api::Scheduler& scheduler, api::MetricsRegistry& metrics,
              DrSchedulerOptions options = {});
  ~DrScheduler();
  DrScheduler(const DrScheduler&) = delete;
  DrScheduler& operator=(const DrScheduler&) = delete;

  void start();
  void stop();
  // The georep.dr.run.now / cancel commands alone (start() registers them too).
  void registerCommands();
  // The "georep.dr" metrics collector alone (start() registers it too).
  void registerMetrics();

  // georep.dr.run.now: {run_id, session_id}; not_found without a policy, conflict when a run is in flight.
  nlohmann::json runNow(std::int64_t sessionId);
  // georep.dr.run.cancel: {run_id, cancelling: true}; conflict when no run of the session is in flight.
  nlohmann::json cancel(std::int64_t sessionId);

  // One pass over the policies (what the job runs).
  void tick();
  // Waits until every run started so far has ended (tests; stop() does it too).
  void waitForRuns();

 private:
  struct RunThread {
    std::int64_t sessionId = 0;
    std::shared_ptr<std::atomic<bool>> done;
    std::jthread thread;
  };

  void takeOverStaleRuns(const std::optional<std::set<std::int64_t>>& led);
  // Refreshes the heartbeat of this engine's runs and stops those whose cancel was requested elsewhere.
  void beatOwnRuns();
  void schedulePolicy(const dao::DrPolicyRecord& policy, bool firstTick);
  void launch(const dao::DrPolicyRecord& policy, dao::DrRunRecord run, bool resume = false);
  void reapFinished();
  // Reads the metrics snapshot, publishes it and raises the RPO transitions.
  void refreshRecoveryPoints();

  DrRunServices services_;
  api::Scheduler& scheduler_;
  api::MetricsRegistry& metricsRegistry_;
  DrSchedulerOptions options_;
  DrMetrics metrics_;
  std::map<std::int64_t, bool> breached_;  // by session id: the last RPO state seen (tick thread only)
  api::Registration job_;
  api::Registration collector_;
  std::vector<api::Registration> commands_;
  bool firstTickDone_ = false;
  std::optional<std::set<std::int64_t>> led_;  // sessions led at the last tick (tick thread only)
  std::mutex runsMutex_;
  std::map<std::int64_t, RunThread> runs_;  // by run id
};

}  // namespace georep::dr
