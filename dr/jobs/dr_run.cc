#include "dr/jobs/dr_run.h"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "dao/dr_run_dao.h"
#include "dao/session_brick_dao.h"
#include "dao/session_dao.h"
#include "dr/jobs/dr_hooks_runner.h"
#include "dr/jobs/dr_node_steps.h"
#include "engine/api/command_bus.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/model_json.h"

namespace georep::dr {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

std::string brickName(const dao::SessionBrickRecord& b) { return b.host + ":" + b.path; }

std::string iso(dao::TimePoint t) { return gluster::formatIsoUtc(t); }

// The brick to blame when exactly one worker is at fault; several are named in the message only.
std::optional<std::string> onlyBrick(const std::vector<const dao::SessionBrickRecord*>& workers) {
  if (workers.size() != 1) return std::nullopt;
  return brickName(*workers.front());
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

void raiseDrRunEvent(api::EventBus& events, const std::string& what, const dao::DrRunRecord& run,
                     nlohmann::json extra) {
  api::Event event;
  event.name = "georep.dr.run." + what;
  event.severity = (what == "failed" || what == "timed_out") ? api::Severity::kAlert
                   : (what == "skipped" || what == "missed" || what == "cancelled" || what == "session_restarted")
                       ? api::Severity::kWarning
                                                             : api::Severity::kInfo;
  nlohmann::json body{{"run_id", run.id}, {"session_id", run.sessionId}, {"trigger", run.trigger}};
  if (run.policyId) body["policy_id"] = *run.policyId;
  if (run.scheduledFor) body["scheduled_for"] = iso(*run.scheduledFor);
  body.update(extra);
  event.body = std::move(body);
  events.raise(std::move(event));
}

DrRun::DrRun(DrRunServices& services, dao::DrPolicyRecord policy, dao::DrRunRecord run)
    : services_(services), policy_(std::move(policy)), run_(std::move(run)) {}

void DrRun::enterStep(const std::string& step) {
  run_.step = step;
  api::DbLease lease = services_.database.lease(services_.leaseWait);
  dao::DrRunDao{}.setStep(lease.sql(), run_.id, step);
  cancelFlag_ = dao::DrRunDao{}.heartbeat(lease.sql(), run_.id, std::chrono::floor<std::chrono::seconds>(services_.clock.now())) || cancelFlag_;
}

bool DrRun::cancelRequested(const std::stop_token& stop) const { return cancelFlag_ || stop.stop_requested(); }

std::optional<DrRun::Failure> DrRun::loadSession() {
  std::optional<dao::SessionRecord> session;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    session = dao::SessionDao{}.findById(lease.sql(), run_.sessionId);
  }
  if (!session) return Failure{"failed", "the session no longer exists", std::nullopt};
  clusterId_ = session->clusterId;
  volume_ = session->masterVolume;
  secondary_ = session->secondaryUser + "@" + session->secondaryHost + "::" + session->secondaryVolume;
  if (services_.nodes) {
    if (const auto c = services_.nodes->inventory.clusterById(clusterId_)) cluster_ = c->name;
  }
  return std::nullopt;
}

nlohmann::json DrRun::hookPayload(const std::string& phase, const std::optional<Failure>& failure,
                                  const std::string& failedAt) const {
  nlohmann::json p{{"event", "georep.dr.hook"},
                   {"phase", phase},
                   {"run_id", run_.id},
                   {"session_id", run_.sessionId},
                   {"policy_id", run_.policyId ? nlohmann::json(*run_.policyId) : nlohmann::json()},
                   {"trigger", run_.trigger},
                   {"mode", policy_.mode},
                   {"cluster", cluster_},
                   {"volume", volume_},
                   {"secondary", secondary_},
                   {"scheduled_for", run_.scheduledFor ? nlohmann::json(iso(*run_.scheduledFor)) : nlohmann::json()},
                   {"started_at", iso(run_.startedAt)},
                   {"checkpoint_time", run_.checkpointTime ? nlohmann::json(iso(*run_.checkpointTime)) : nlohmann::json()}};
  if (phase == "post") {
    p["result"] = failure ? failure->result : "succeeded";
    p["step"] = failure ? failedAt : "done";
    p["error"] = failure ? nlohmann::json(failure->message) : nlohmann::json();
  }
  return p;
}

std::optional<DrRun::Failure> DrRun::preHooks() {
  const auto hooks = nlohmann::json::parse(policy_.hooksJson);
  if (hooks.value("pre", nlohmann::json::array()).empty()) return std::nullopt;
  if (!services_.nodes) return Failure{"failed", "pre hooks are configured but this engine cannot run hooks", std::nullopt};
  const auto cluster = services_.nodes->inventory.clusterById(clusterId_);
  if (!cluster) return Failure{"failed", "the session's cluster is no longer in the inventory", std::nullopt};
  const auto failures = runDrHooks(*services_.nodes, *cluster, hooks, "pre", hookPayload("pre", std::nullopt, ""));
  if (failures.empty()) return std::nullopt;
  return Failure{"failed", joined(failures), std::nullopt};
}

std::optional<DrRun::Failure> DrRun::startIfNeeded() {
  std::optional<dao::SessionRecord> session;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    session = dao::SessionDao{}.findById(lease.sql(), run_.sessionId);
    if (session) {
      for (const auto& b : dao::SessionBrickDao{}.list(lease.sql(), run_.sessionId)) failuresAtStart_ += b.failures.value_or(0);
    }
  }
  if (!session) return Failure{"failed", "the session no longer exists", std::nullopt};
  const std::string status(gluster::aggregateStatusName(session->status));
  switch (session->status) {
    case AggregateStatus::kActive:
    case AggregateStatus::kInitializing:
      return std::nullopt;
    case AggregateStatus::kStopped:
    case AggregateStatus::kCreated: {
      const auto out = services_.commands.dispatch("georep.session.start", {{"session_id", run_.sessionId}});
      if (!out.ok) return Failure{"failed", std::string("starting the session failed: ") + out.error->what(), std::nullopt};
      return std::nullopt;
    }
    case AggregateStatus::kPaused:
      return Failure{"failed", "the session is PAUSED (an operator paused it); a DR run does not resume it", std::nullopt};
    case AggregateStatus::kFaulty:
    case AggregateStatus::kPartialFaulty:
    case AggregateStatus::kUnknown:
      return Failure{"failed", "the session is " + status + ": its workers cannot complete a checkpoint", std::nullopt};
  }
  return Failure{"failed", "the session is " + status, std::nullopt};
}

std::optional<DrRun::Failure> DrRun::setCheckpoint() {
  const auto out = services_.commands.dispatch("georep.config.set",
                                               {{"session_id", run_.sessionId}, {"key", "checkpoint"}, {"value", "now"}});
  if (!out.ok) return Failure{"failed", std::string("setting the checkpoint failed: ") + out.error->what(), std::nullopt};
  const std::string value = out.result.value("value", std::string());
  long long seconds = 0;
  try {
    std::size_t used = 0;
    seconds = std::stoll(value, &used);
    if (used != value.size() || seconds <= 0) throw std::invalid_argument(value);
  } catch (const std::exception&) {
    return Failure{"failed", "the checkpoint reads back as '" + value + "', not a time", std::nullopt};
  }
  run_.checkpointTime = dao::TimePoint{std::chrono::seconds(seconds)};
  api::DbLease lease = services_.database.lease(services_.leaseWait);
  dao::DrRunDao{}.setCheckpointTime(lease.sql(), run_.id, *run_.checkpointTime);
  return std::nullopt;
}

std::optional<DrRun::Failure> DrRun::touchRoot() {
  if (!services_.nodes) {
    return Failure{"failed", "this engine has no node access to touch the primary volume's root", std::nullopt};
  }
  const auto cluster = services_.nodes->inventory.clusterById(clusterId_);
  if (!cluster) return Failure{"failed", "the session's cluster is no longer in the inventory", std::nullopt};
  // The first node that lets us in (Up hosts first); a node that cannot be reached is skipped, a failed
  // mount or touch on a reachable node fails the step.
  auto hosts = services_.nodes->inventory.hosts(clusterId_);
  std::stable_partition(hosts.begin(), hosts.end(), [](const api::Host& h) { return h.state == api::HostState::kUp; });
  std::string unreachable;
  for (const auto& host : hosts) {
    if (host.state == api::HostState::kMaintenance) continue;
    try {
      services_.nodes->clusters.onNode(*cluster, host.address, [&](gluster::Transport& node, const api::Host&) {
        touchPrimaryRoot(node, volume_, services_.nodeCallTimeout, [this](std::chrono::milliseconds d) {
          services_.clock.sleepUntil(services_.clock.now() + d);
        });
      });
      return std::nullopt;
    } catch (const gluster::GatewayError& e) {
      if (!e.isTransport() || e.mayHaveRun()) {
        return Failure{"failed", "touching the primary root on " + host.address + " failed: " + e.what(), std::nullopt};
      }
      unreachable += (unreachable.empty() ? "" : "; ") + host.address + ": " + e.what();
    } catch (const std::exception& e) {
      return Failure{"failed", "touching the primary root on " + host.address + " failed: " + e.what(), std::nullopt};
    }
  }
  return Failure{"failed", "no node of the primary cluster could be reached to touch the volume's root (" +
                               (unreachable.empty() ? std::string("none outside maintenance") : unreachable) + ")",
                 std::nullopt};
}

std::optional<DrRun::Failure> DrRun::waitForCheckpoint(std::stop_token stop) {
  const auto deadline = *run_.deadlineAt;
  while (true) {
    if (cancelRequested(stop)) return Failure{"cancelled", "the run was cancelled", std::nullopt};
    std::vector<dao::SessionBrickRecord> bricks;
    {
      api::DbLease lease = services_.database.lease(services_.leaseWait);
      bricks = dao::SessionBrickDao{}.list(lease.sql(), run_.sessionId);
      cancelFlag_ = dao::DrRunDao{}.heartbeat(lease.sql(), run_.id, std::chrono::floor<std::chrono::seconds>(services_.clock.now())) || cancelFlag_;
    }
    if (cancelRequested(stop)) return Failure{"cancelled", "the run was cancelled", std::nullopt};
    std::int64_t failures = 0;
    int active = 0;
    int done = 0;
    int initializing = 0;
    std::vector<const dao::SessionBrickRecord*> lagging;  // Active workers without T completed
    for (const auto& b : bricks) {
      failures += b.failures.value_or(0);
      if (b.workerStatus == WorkerStatus::kFaulty || b.workerStatus == WorkerStatus::kOffline) {
        return Failure{"failed", "the worker of " + brickName(b) + " is " +
                                     std::string(gluster::workerStatusName(b.workerStatus)),
                       brickName(b)};
      }
      if (b.workerStatus == WorkerStatus::kInitializing) ++initializing;
      if (b.workerStatus != WorkerStatus::kActive) continue;
      ++active;
      if (b.checkpointTime == run_.checkpointTime && b.checkpointCompleted.value_or(false)) {
        ++done;
      } else {
        lagging.push_back(&b);
      }
    }
    if (failures > failuresAtStart_) {
      for (const auto& b : bricks) {
        if (b.failures.value_or(0) > 0) {
          return Failure{"failed", "new sync failures during the run (" + std::to_string(failures - failuresAtStart_) + ")",
                         brickName(b)};
        }
      }
    }
    if (active > 0 && done == active && initializing == 0) return std::nullopt;
    const auto stalled = stalledWorkers(lagging);
    if (!stalled.empty() && sessionRestarts_ < services_.maxStallRestarts) {
      if (auto failure = restartSession(stalled)) return failure;
      continue;
    }
    const auto now = std::chrono::floor<std::chrono::seconds>(services_.clock.now());
    if (now >= deadline) {
      // The workers still short of T are named: an Active worker whose last synced time stands still
      // is one that does not sync (GlusterFS can leave a worker Active yet deaf to its brick's changelog).
      // One such worker is the run's brick; several are named in the message only.
      std::vector<std::string> notDone;
      for (const auto* b : lagging)
        notDone.push_back(brickName(*b) + " (last synced " + (b->lastSynced ? iso(*b->lastSynced) : std::string("never")) + ")");
      return Failure{"timed_out",
                     "the checkpoint at " + iso(*run_.checkpointTime) + " did not complete within " +
                         std::to_string(policy_.runTimeoutSeconds) + " s (" + std::to_string(done) + " of " +
                         std::to_string(active) + " Active workers done)" +
                         (notDone.empty() ? std::string() : "; not completed by " + joined(notDone)) +
                         (sessionRestarts_ == 0 ? std::string()
                                                : "; the session was restarted " + std::to_string(sessionRestarts_) +
                                                      " time(s) for workers that made no progress"),
                     onlyBrick(lagging)};
    }
    services_.clock.sleepUntil(std::min<commands::CommandClock::TimePoint>(
        services_.clock.now() + services_.pollInterval, commands::CommandClock::TimePoint(deadline)));
  }
}

std::vector<const dao::SessionBrickRecord*> DrRun::stalledWorkers(
    const std::vector<const dao::SessionBrickRecord*>& lagging) {
  std::vector<const dao::SessionBrickRecord*> stalled;
  if (services_.stallRestartAfter.count() <= 0) return stalled;
  const auto now = services_.clock.now();
  std::map<std::int64_t, WorkerProgress> seen;
  for (const auto* b : lagging) {
    const std::int64_t pending = b->entryPending.value_or(0) + b->dataPending.value_or(0) + b->metaPending.value_or(0);
    const auto before = progress_.find(b->brickId);
    WorkerProgress current{b->lastSynced, pending, now};
    if (before != progress_.end() && before->second.lastSynced == b->lastSynced && before->second.pending == pending) {
      current.since = before->second.since;
      if (pending == 0 && now - current.since >= services_.stallRestartAfter) stalled.push_back(b);
    }
    seen.emplace(b->brickId, current);
  }
  progress_ = std::move(seen);  // workers no longer lagging are forgotten
  return stalled;
}

std::optional<DrRun::Failure> DrRun::restartSession(const std::vector<const dao::SessionBrickRecord*>& stalled) {
  ++sessionRestarts_;
  nlohmann::json bricks = nlohmann::json::array();
  std::string names;
  for (const auto* b : stalled) {
    bricks.push_back({{"brick", brickName(*b)},
                      {"last_synced", b->lastSynced ? nlohmann::json(iso(*b->lastSynced)) : nlohmann::json()}});
    names += (names.empty() ? "" : ", ") + brickName(*b);
  }
  const auto stillFor = std::chrono::duration_cast<std::chrono::seconds>(services_.stallRestartAfter).count();
  spdlog::warn("dr run {}: the Active worker(s) of {} made no progress towards the checkpoint for {} s; restarting "
               "session {} (restart {} of at most {})",
               run_.id, names, stillFor, run_.sessionId, sessionRestarts_, services_.maxStallRestarts);
  raiseDrRunEvent(services_.events, "session_restarted", run_,
                  {{"bricks", bricks}, {"restart", sessionRestarts_}, {"still_for_seconds", stillFor},
                   {"checkpoint_time", iso(*run_.checkpointTime)}});
  progress_.clear();
  for (const std::string verb : {"stop", "start"}) {
    const auto out = services_.commands.dispatch("georep.session." + verb, {{"session_id", run_.sessionId}});
    if (!out.ok) {
      return Failure{"failed",
                     "restarting the session for " + names + " (no progress towards the checkpoint) failed: " + verb +
                         ": " + out.error->what(),
                     onlyBrick(stalled)};
    }
  }
  return std::nullopt;
}

std::optional<DrRun::Failure> DrRun::stopIfPolicySays() {
  if (policy_.mode != "stop_after_sync") return std::nullopt;
  const auto out = services_.commands.dispatch("georep.session.stop", {{"session_id", run_.sessionId}});
  if (!out.ok) return Failure{"failed", std::string("stopping the session failed: ") + out.error->what(), std::nullopt};
  return std::nullopt;
}

void DrRun::execute(std::stop_token stop) {
  std::optional<Failure> failure;
  std::string failedAt;
  const auto attempt = [&](const char* step, const auto& body) {
    if (failure) return;
    enterStep(step);
    failure = cancelRequested(stop) ? std::optional<Failure>(Failure{"cancelled", "the run was cancelled", std::nullopt})
                                    : body();
    if (failure) failedAt = step;
  };
  try {
    raiseDrRunEvent(services_.events, "started", run_, {{"mode", policy_.mode}});
    failure = loadSession();
    if (failure) failedAt = "pre_hooks";
    attempt("pre_hooks", [&] { return preHooks(); });
    attempt("start", [&] { return startIfNeeded(); });
    attempt("checkpoint", [&] { return setCheckpoint(); });
    attempt("touch", [&] { return touchRoot(); });
    attempt("wait", [&] { return waitForCheckpoint(stop); });
    attempt("stop", [&] { return stopIfPolicySays(); });
  } catch (const std::exception& e) {
    if (!failure) failedAt = run_.step;
    failure = Failure{"failed", std::string("internal error: ") + e.what(), std::nullopt};
  }
  finish(std::move(failure), failedAt);
}

void DrRun::resume(std::stop_token stop) {
  std::optional<Failure> failure;
  std::string failedAt = run_.step;
  resumed_ = true;
  try {
    failure = loadSession();
    const bool waiting = run_.step == "wait" && run_.checkpointTime && run_.deadlineAt;
    raiseDrRunEvent(services_.events, "started", run_, {{"mode", policy_.mode}, {"resumed", true}, {"step", run_.step}});
    if (!failure && !waiting) {
      failure = Failure{"failed",
                        "the engine stopped while the run was at step " + run_.step +
                            "; that step cannot be resumed without repeating or skipping an action, so the run's "
                            "outcome was not verified",
                        std::nullopt};
    }
    if (!failure) {
      // Failures counted from now: those that happened while no engine watched are not attributed to the run.
      {
        api::DbLease lease = services_.database.lease(services_.leaseWait);
        for (const auto& b : dao::SessionBrickDao{}.list(lease.sql(), run_.sessionId)) failuresAtStart_ += b.failures.value_or(0);
      }
      enterStep("wait");
      failure = waitForCheckpoint(stop);
      if (!failure) {
        failedAt = "stop";
        enterStep("stop");
        failure = cancelRequested(stop) ? std::optional<Failure>(Failure{"cancelled", "the run was cancelled", std::nullopt})
                                        : stopIfPolicySays();
      }
    }
  } catch (const std::exception& e) {
    failure = Failure{"failed", std::string("internal error: ") + e.what(), std::nullopt};
  }
  if (failure && failedAt.empty()) failedAt = run_.step;
  finish(std::move(failure), failedAt);
}

void DrRun::finish(std::optional<Failure> failure, std::string failedAt) {
  try {
    if (failure && failure->result == "timed_out" && policy_.mode == "stop_after_sync") {
      const auto out = services_.commands.dispatch("georep.session.stop", {{"session_id", run_.sessionId}, {"force", true}});
      if (!out.ok) failure->message += std::string("; stopping the session with force failed: ") + out.error->what();
    }
    // Post hooks always run (they are the cleanup); their failure fails an otherwise good run.
    enterStep("post_hooks");
    const auto hooks = nlohmann::json::parse(policy_.hooksJson);
    if (!hooks.value("post", nlohmann::json::array()).empty()) {
      std::vector<std::string> failures;
      const auto cluster = services_.nodes ? services_.nodes->inventory.clusterById(clusterId_) : std::nullopt;
      if (!services_.nodes) failures.push_back("post hooks are configured but this engine cannot run hooks");
      else if (!cluster) failures.push_back("post hooks: the session's cluster is no longer in the inventory");
      else failures = runDrHooks(*services_.nodes, *cluster, hooks, "post", hookPayload("post", failure, failedAt));
      if (!failures.empty()) {
        if (failure) {
          failure->message += "; " + joined(failures);
        } else {
          failure = Failure{"failed", joined(failures), std::nullopt};
          failedAt = "post_hooks";
        }
      }
    }
  } catch (const std::exception& e) {
    if (!failure) {
      failure = Failure{"failed", std::string("internal error: ") + e.what(), std::nullopt};
      failedAt = "post_hooks";
    } else {
      failure->message += std::string("; post hooks: internal error: ") + e.what();
    }
  }
  run_.step = failure ? failedAt : "done";
  end(failure);
}

void DrRun::end(const std::optional<Failure>& failure) {
  const std::string result = failure ? failure->result : "succeeded";
  try {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    soci::session& sql = lease.sql();
    // The row keeps the step a failure happened at (post_hooks ran after it), or done.
    dao::DrRunDao{}.setStep(sql, run_.id, run_.step);
    dao::DrRunDao{}.finish(sql, run_.id, result, failure ? std::optional<std::string>(failure->message) : std::nullopt,
                           failure ? failure->brick : std::nullopt);
  } catch (const std::exception& e) {
    spdlog::error("dr run {}: could not record its end ({}): {}", run_.id, result, e.what());
  }
  nlohmann::json extra{{"step", run_.step}};
  if (resumed_) extra["resumed"] = true;
  if (run_.checkpointTime) extra["checkpoint_time"] = iso(*run_.checkpointTime);
  if (sessionRestarts_ > 0) extra["session_restarts"] = sessionRestarts_;
  if (failure) {
    extra["error"] = failure->message;
    if (failure->brick) extra["brick"] = *failure->brick;
  }
  raiseDrRunEvent(services_.events, result, run_, std::move(extra));
}

}  // namespace georep::dr
