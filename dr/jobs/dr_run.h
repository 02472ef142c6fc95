// DrRun: one DR run of a session, a state machine persisted step by step in georep_dr_runs (each step is
// written before it is attempted, with the engine's heartbeat; the result once at the end).
// Steps: pre_hooks (dr/jobs/dr_hooks_runner.h: webhooks and allow-listed programs; the first failing one
// fails the run before any gluster step, naming it) -> start (georep.session.start when the session is
// STOPPED/CREATED; verified by that command's read-back) -> checkpoint (georep.config.set checkpoint=now;
// T read back from glusterd) -> touch (the primary volume's root touched through a FUSE mount on a node,
// dr/jobs/dr_node_steps.h, so that an idle volume completes the checkpoint) -> wait (the per-brick state
// the sync job keeps: every Active worker reports checkpoint T completed, none Faulty or Offline, no new
// failures; see "Stalled workers" below) -> stop (georep.session.stop, verified, when the policy says
// stop_after_sync) -> post_hooks
// (always: also after a failure, a timeout or a cancel) -> succeeded. Otherwise failed with the step, the
// reason and the brick, timed_out at the deadline (naming the Active workers short of T with their last
// synced time, the brick when one; with stop_after_sync the session is stopped with force), or cancelled.
// Stalled workers: GlusterFS 10.3 can leave a worker Active yet deaf to its brick's changelog (README,
// "A worker may never get live changelogs"): it never completes T. An Active worker short of T whose last
// synced time and pending counts have not moved for stallRestartAfter, with nothing pending, is taken for
// one; the run restarts the session (georep.session.stop, then start: the start's history crawl reads the
// brick's changelog index and reaches T) and raises georep.dr.run.session_restarted naming the workers, at
// most maxStallRestarts times a run. A worker busy with a backlog moves its last synced time or has work
// pending, so it is never restarted. The run succeeds only when no worker is Initializing (a restart's
// workers come up one after the other) and every Active worker has completed T.
// Cancel: the stop token (this engine) or the run's cancel_requested flag in the database (any engine,
// read with each heartbeat: each step and each wait poll) ends the run `cancelled` before its next step
// or poll; a hook already running finishes first (its own timeout bounds it).
// Resume (DrScheduler after taking over a run whose engine stopped): a run that stood at `wait` with its
// checkpoint T recorded and its deadline not passed goes on waiting (then stop, post hooks); any other
// step cannot be resumed honestly (a hook or an action may or may not have happened), so the run is
// failed naming the step, after running its post hooks (cleanup hooks must bear running twice).
// Events: georep.dr.run.started (resumed: true when resumed), succeeded (info, with session_restarts when
// any), failed, timed_out (alert), cancelled and session_restarted (warning).
// Thread-safety: one DrRun per thread; the services it uses are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_clock.h"
#include "dao/dr_records.h"

namespace georep::api {
class CommandBus;
class Database;
class EventBus;
}  // namespace georep::api

namespace georep::dr {

struct DrNodeServices;

struct DrRunServices {
  api::Database& database;
  api::EventBus& events;
  api::CommandBus& commands;
  commands::CommandClock& clock;
  std::chrono::milliseconds pollInterval{5000};  // between reads of the workers' checkpoint state
  std::chrono::milliseconds leaseWait{10000};
  // Hooks and the root touch (node access, allow-list); null: a run needing them fails saying so.
  DrNodeServices* nodes = nullptr;
  // Gluster calls on a node during the touch (each mkdir, mount, touch, umount...).
  std::chrono::milliseconds nodeCallTimeout{60000};
  // Stalled workers (above): how long an Active worker short of T may stand still before the session is
  // restarted (0: never), and how many restarts a run may make.
  std::chrono::milliseconds stallRestartAfter{120000};
  int maxStallRestarts = 2;
};

// Raises a georep.dr.run.* event about `run`.
void raiseDrRunEvent(api::EventBus& events, const std::string& what, const dao::DrRunRecord& run,
                     nlohmann::json extra = nlohmann::json::object());

class DrRun {
 public:
  // `run` is the row begin() inserted (with its id and deadline), or a row taken over (resume).
  DrRun(DrRunServices& services, dao::DrPolicyRecord policy, dao::DrRunRecord run);

  // Runs every step and ends the row; never throws.
  void execute(std::stop_token stop);
  // Goes on with a run another engine (or this one before a restart) left at run.step (see above).
  void resume(std::stop_token stop);

 private:
  struct Failure {
    std::string result;  // failed | timed_out | cancelled
    std::string message;
    std::optional<std::string> brick;
  };

  void enterStep(const std::string& step);
  bool cancelRequested(const std::stop_token& stop) const;
  std::optional<Failure> loadSession();
  std::optional<Failure> startIfNeeded();
  std::optional<Failure> setCheckpoint();
  std::optional<Failure> touchRoot();
  std::optional<Failure> waitForCheckpoint(std::stop_token stop);
  // The Active workers short of T that stood still for stallRestartAfter (per-worker progress kept in
  // progress_); restartSession() restarts the session for them.
  std::vector<const dao::SessionBrickRecord*> stalledWorkers(const std::vector<const dao::SessionBrickRecord*>& lagging);
  std::optional<Failure> restartSession(const std::vector<const dao::SessionBrickRecord*>& stalled);
  std::optional<Failure> stopIfPolicySays();
  std::optional<Failure> preHooks();
  // Post hooks (always) and the end of the row; `failure` and `failedAt` are the outcome so far.
  void finish(std::optional<Failure> failure, std::string failedAt);
  nlohmann::json hookPayload(const std::string& phase, const std::optional<Failure>& failure,
                             const std::string& failedAt) const;
  void end(const std::optional<Failure>& failure);

  DrRunServices& services_;
  dao::DrPolicyRecord policy_;
  dao::DrRunRecord run_;
  std::int64_t failuresAtStart_ = 0;
  struct WorkerProgress {
    std::optional<dao::TimePoint> lastSynced;
    std::int64_t pending = 0;
    commands::CommandClock::TimePoint since;  // when this last changed
  };
  std::map<std::int64_t, WorkerProgress> progress_;  // by brick id: the lagging Active workers
  int sessionRestarts_ = 0;
  bool cancelFlag_ = false;
  bool resumed_ = false;  // the database's cancel_requested, as of the last heartbeat
  std::int64_t clusterId_ = 0;
  std::string cluster_;
  std::string volume_;
  std::string secondary_;
};

}  // namespace georep::dr
