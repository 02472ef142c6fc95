#include "dr/jobs/dr_run.h"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "dao/dr_run_dao.h"
#include "dao/session_brick_dao.h"
#include "dao/session_dao.h"
#include "engine/api/command_bus.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "gluster/model_json.h"

namespace georep::dr {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

std::string brickName(const dao::SessionBrickRecord& b) { return b.host + ":" + b.path; }

std::string iso(dao::TimePoint t) { return gluster::formatIsoUtc(t); }

}  // namespace

void raiseDrRunEvent(api::EventBus& events, const std::string& what, const dao::DrRunRecord& run,
                     nlohmann::json extra) {
  api::Event event;
  event.name = "georep.dr.run." + what;
  event.severity = (what == "failed" || what == "timed_out") ? api::Severity::kAlert
                   : (what == "skipped" || what == "missed" || what == "cancelled") ? api::Severity::kWarning
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
}

std::optional<DrRun::Failure> DrRun::hooks(const char* phase) {
  const auto hooks = nlohmann::json::parse(policy_.hooksJson);
  if (hooks.value(phase, nlohmann::json::array()).empty()) return std::nullopt;
  return Failure{"failed",
                 std::string(phase) + " hooks are configured but running hooks is not built yet: the run cannot "
                                      "honour them",
                 std::nullopt};
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

std::optional<DrRun::Failure> DrRun::waitForCheckpoint(std::stop_token stop) {
  const auto deadline = *run_.deadlineAt;
  while (true) {
    if (stop.stop_requested()) return Failure{"cancelled", "the run was cancelled", std::nullopt};
    std::vector<dao::SessionBrickRecord> bricks;
    {
      api::DbLease lease = services_.database.lease(services_.leaseWait);
      bricks = dao::SessionBrickDao{}.list(lease.sql(), run_.sessionId);
    }
    std::int64_t failures = 0;
    int active = 0;
    int done = 0;
    for (const auto& b : bricks) {
      failures += b.failures.value_or(0);
      if (b.workerStatus == WorkerStatus::kFaulty || b.workerStatus == WorkerStatus::kOffline) {
        return Failure{"failed", "the worker of " + brickName(b) + " is " +
                                     std::string(gluster::workerStatusName(b.workerStatus)),
                       brickName(b)};
      }
      if (b.workerStatus != WorkerStatus::kActive) continue;
      ++active;
      if (b.checkpointTime == run_.checkpointTime && b.checkpointCompleted.value_or(false)) ++done;
    }
    if (failures > failuresAtStart_) {
      for (const auto& b : bricks) {
        if (b.failures.value_or(0) > 0) {
          return Failure{"failed", "new sync failures during the run (" + std::to_string(failures - failuresAtStart_) + ")",
                         brickName(b)};
        }
      }
    }
    if (active > 0 && done == active) return std::nullopt;
    const auto now = std::chrono::floor<std::chrono::seconds>(services_.clock.now());
    if (now >= deadline) {
      return Failure{"timed_out",
                     "the checkpoint at " + iso(*run_.checkpointTime) + " did not complete within " +
                         std::to_string(policy_.runTimeoutSeconds) + " s (" + std::to_string(done) + " of " +
                         std::to_string(active) + " Active workers done)",
                     std::nullopt};
    }
    services_.clock.sleepUntil(std::min<commands::CommandClock::TimePoint>(
        services_.clock.now() + services_.pollInterval, commands::CommandClock::TimePoint(deadline)));
  }
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
    failure = stop.stop_requested() ? std::optional<Failure>(Failure{"cancelled", "the run was cancelled", std::nullopt})
                                    : body();
    if (failure) failedAt = step;
  };
  try {
    raiseDrRunEvent(services_.events, "started", run_, {{"mode", policy_.mode}});
    attempt("pre_hooks", [&] { return hooks("pre"); });
    attempt("start", [&] { return startIfNeeded(); });
    attempt("checkpoint", [&] { return setCheckpoint(); });
    attempt("wait", [&] { return waitForCheckpoint(stop); });
    attempt("stop", [&] { return stopIfPolicySays(); });
    if (failure && failure->result == "timed_out" && policy_.mode == "stop_after_sync") {
      const auto out = services_.commands.dispatch("georep.session.stop", {{"session_id", run_.sessionId}, {"force", true}});
      if (!out.ok) failure->message += std::string("; stopping the session with force failed: ") + out.error->what();
    }
    // Post hooks always run (they are the cleanup); their failure fails an otherwise good run.
    enterStep("post_hooks");
    if (auto post = hooks("post")) {
      if (failure) {
        failure->message += "; " + post->message;
      } else {
        failure = post;
        failedAt = "post_hooks";
      }
    }
  } catch (const std::exception& e) {
    if (!failure) failedAt = run_.step;
    failure = Failure{"failed", std::string("internal error: ") + e.what(), std::nullopt};
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
  if (run_.checkpointTime) extra["checkpoint_time"] = iso(*run_.checkpointTime);
  if (failure) {
    extra["error"] = failure->message;
    if (failure->brick) extra["brick"] = *failure->brick;
  }
  raiseDrRunEvent(services_.events, result, run_, std::move(extra));
}

}  // namespace georep::dr
