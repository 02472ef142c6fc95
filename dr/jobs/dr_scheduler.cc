#include "dr/jobs/dr_scheduler.h"

#include <algorithm>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "commands/dr_handlers.h"
#include "commands/dr_runs.h"
#include "commands/param_specs.h"
#include "dao/dr_policy_dao.h"
#include "dao/dr_run_dao.h"
#include "dao/session_brick_dao.h"
#include "dr/jobs/dr_leadership.h"
#include "dr/window_plan.h"
#include "engine/api/command_bus.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "engine/api/metrics.h"
#include "engine/api/scheduler.h"
#include "gluster/model_json.h"

namespace georep::dr {
namespace {

dao::TimePoint nowSeconds(commands::CommandClock& clock) { return std::chrono::floor<std::chrono::seconds>(clock.now()); }

}  // namespace

DrScheduler::DrScheduler(DrRunServices services, api::Scheduler& scheduler, api::MetricsRegistry& metrics,
                         DrSchedulerOptions options)
    : services_(services), scheduler_(scheduler), metricsRegistry_(metrics), options_(options) {}

DrScheduler::~DrScheduler() { stop(); }

void DrScheduler::start() {
  registerCommands();
  registerMetrics();
  api::JobSpec job;
  job.name = kJob;
  job.interval = options_.tick;
  job.runImmediately = true;
  job.run = [this] { tick(); };
  job_ = scheduler_.schedule(std::move(job));
}

void DrScheduler::stop() {
  collector_.reset();  // waits for a scrape in progress
  job_.reset();
  commands_.clear();
  std::map<std::int64_t, RunThread> runs;
  {
    std::lock_guard lock(runsMutex_);
    runs.swap(runs_);
  }
  for (auto& [id, run] : runs) run.thread.request_stop();
  runs.clear();  // joins
}

void DrScheduler::waitForRuns() {
  // Polls rather than joins under the lock: a run may call cancel() (which locks) while it is waited for.
  while (true) {
    {
      std::lock_guard lock(runsMutex_);
      bool all = true;
      for (const auto& [id, run] : runs_) all = all && run.done->load();
      if (all) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  reapFinished();
}

void DrScheduler::reapFinished() {
  std::lock_guard lock(runsMutex_);
  for (auto it = runs_.begin(); it != runs_.end();) {
    if (it->second.done->load()) it = runs_.erase(it);  // joins a thread that has ended
    else ++it;
  }
}

void DrScheduler::tick() {
  reapFinished();
  const bool firstTick = !firstTickDone_;
  firstTickDone_ = true;
  std::vector<dao::DrPolicyRecord> policies;
  std::optional<std::set<std::int64_t>> led;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    policies = dao::DrPolicyDao{}.list(lease.sql());
    led = sessionsLedHere(lease.sql(), options_.leadership);
  }
  led_ = led;
  // This engine's runs beat (and stop when cancelled elsewhere); runs whose engine stopped beating are
  // taken over and resumed, by the leader of their cluster only.
  try {
    beatOwnRuns();
    takeOverStaleRuns(led);
  } catch (const std::exception& e) {
    spdlog::error("dr scheduler: interrupted runs not taken over: {}", e.what());
  }
  for (const auto& policy : policies) {
    if (policy.paused || !policy.nextRunAt) continue;
    if (led && !led->count(policy.sessionId)) continue;  // another engine leads its cluster
    try {
      schedulePolicy(policy, firstTick);
    } catch (const std::exception& e) {
      spdlog::error("dr scheduler: policy of session {}: {}", policy.sessionId, e.what());
    }
  }
  try {
    refreshRecoveryPoints();
  } catch (const std::exception& e) {
    spdlog::error("dr scheduler: recovery points not refreshed: {}", e.what());
  }
}

void DrScheduler::registerMetrics() {
  collector_ = metricsRegistry_.registerCollector(
      "georep.dr", [this](api::MetricsWriter& w) { metrics_.collect(w, nowSeconds(services_.clock)); });
}

void DrScheduler::refreshRecoveryPoints() {
  std::vector<DrSessionSnapshot> sessions;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    soci::session& sql = lease.sql();
    soci::transaction tr(sql);  // one consistent view
    const auto labels = dao::DrPolicyDao{}.sessionLabels(sql);
    auto lastSuccess = dao::DrRunDao{}.lastSucceededBySession(sql);
    const auto completed = dao::DrRunDao{}.completedCheckpoints(sql);
    const auto counts = dao::DrRunDao{}.countByResult(sql);
    for (auto& policy : dao::DrPolicyDao{}.list(sql)) {
      const auto label = labels.find(policy.sessionId);
      if (label == labels.end()) continue;  // the session went meanwhile
      DrSessionSnapshot s{label->second, std::move(policy), std::nullopt, std::nullopt, {}};
      if (auto it = lastSuccess.find(s.policy.sessionId); it != lastSuccess.end()) s.lastSuccess = std::move(it->second);
      if (auto it = completed.find(s.policy.sessionId); it != completed.end()) s.completedCheckpoint = it->second;
      sessions.push_back(std::move(s));
    }
    std::size_t i = 0;  // both ordered by session id
    for (const auto& c : counts) {
      while (i < sessions.size() && sessions[i].policy.sessionId < c.sessionId) ++i;
      if (i < sessions.size() && sessions[i].policy.sessionId == c.sessionId) sessions[i].runsByResult.emplace_back(c.result, c.count);
    }
    tr.commit();
  }
  const auto now = nowSeconds(services_.clock);
  std::map<std::int64_t, bool> breached;
  for (const auto& s : sessions) {
    const auto point = commands::drRecoveryPoint(s.policy, s.lastSuccess, now, s.completedCheckpoint);
    const bool isBreached =
        point.rpoBreached && (point.rpoSeconds || now - s.policy.createdAt > std::chrono::seconds(point.rpoTargetSeconds));
    breached[s.policy.sessionId] = isBreached;
    const auto before = breached_.find(s.policy.sessionId);
    const bool wasBreached = before != breached_.end() && before->second;
    if (isBreached == wasBreached) continue;
    if (led_ && !led_->count(s.policy.sessionId)) continue;  // its leader raises it
    api::Event event;
    event.name = isBreached ? "georep.dr.rpo.breached" : "georep.dr.rpo.recovered";
    event.severity = isBreached ? api::Severity::kAlert : api::Severity::kInfo;
    event.body = {{"session_id", s.policy.sessionId},
                  {"policy_id", s.policy.id},
                  {"cluster", s.labels.cluster},
                  {"volume", s.labels.volume},
                  {"secondary", s.labels.secondary},
                  {"recovery_point", commands::drRecoveryPointJson(s.policy, s.lastSuccess, now, s.completedCheckpoint)}};
    services_.events.raise(std::move(event));
  }
  breached_ = std::move(breached);
  metrics_.publish(std::move(sessions));
}

void DrScheduler::beatOwnRuns() {
  const auto now = nowSeconds(services_.clock);
  std::lock_guard lock(runsMutex_);
  if (runs_.empty()) return;
  api::DbLease lease = services_.database.lease(services_.leaseWait);
  for (auto& [id, run] : runs_) {
    if (run.done->load()) continue;
    if (dao::DrRunDao{}.heartbeat(lease.sql(), id, now)) run.thread.request_stop();
  }
}

void DrScheduler::takeOverStaleRuns(const std::optional<std::set<std::int64_t>>& led) {
  const auto now = nowSeconds(services_.clock);
  const auto staleBefore = now - options_.staleAfter;
  std::vector<std::pair<dao::DrRunRecord, std::optional<dao::DrPolicyRecord>>> taken;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    const dao::DrRunDao runs;
    for (auto run : runs.listRunning(lease.sql())) {
      if (led && !led->count(run.sessionId)) continue;  // its cluster's leader resumes it
      {
        std::lock_guard lock(runsMutex_);
        if (runs_.count(run.id)) continue;  // ours, still going
      }
      if (run.heartbeatAt && *run.heartbeatAt >= staleBefore) continue;  // someone is doing it
      if (!runs.takeOver(lease.sql(), run.id, staleBefore, now)) continue;  // another engine took it first
      taken.emplace_back(std::move(run), dao::DrPolicyDao{}.findBySession(lease.sql(), run.sessionId));
    }
  }
  for (auto& [run, policy] : taken) {
    if (policy && (!run.policyId || *run.policyId == policy->id)) {
      launch(*policy, std::move(run), true);
      continue;
    }
    const std::string error = "the engine stopped while the run was at step " + run.step +
                              " and its policy was deleted meanwhile; its outcome was not verified";
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    if (!dao::DrRunDao{}.finish(lease.sql(), run.id, "failed", error, std::nullopt)) continue;
    raiseDrRunEvent(services_.events, "failed", run, {{"step", run.step}, {"error", error}, {"interrupted", true}});
  }
}

void DrScheduler::schedulePolicy(const dao::DrPolicyRecord& policy, bool firstTick) {
  const auto now = nowSeconds(services_.clock);
  if (*policy.nextRunAt > now) return;
  const auto schedule = ZonedSchedule::make(policy.schedule, policy.timeZone, now);
  const WindowPlan plan = planWindows(schedule, *policy.nextRunAt, now);
  if (!plan.due) return;

  dao::DrRunRecord run;
  run.sessionId = policy.sessionId;
  run.policyId = policy.id;
  run.trigger = "schedule";
  run.scheduledFor = plan.due;
  run.deadlineAt = now + std::chrono::seconds(policy.runTimeoutSeconds);
  run.startedAt = now;
  const std::string overlap = "the previous run of the session was still running";
  std::optional<std::int64_t> started;
  {
    // The claim and the run row (or the skipped row) commit together: a window is never lost half-way.
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    soci::session& sql = lease.sql();
    soci::transaction tr(sql);
    if (!dao::DrPolicyDao{}.claimWindows(sql, policy.sessionId, *policy.nextRunAt, plan.next, plan.missed)) {
      return;  // another engine or a command moved the policy meanwhile
    }
    for (const auto& b : dao::SessionBrickDao{}.list(sql, policy.sessionId)) {
      run.pendingEntry = run.pendingEntry.value_or(0) + b.entryPending.value_or(0);
      run.pendingData = run.pendingData.value_or(0) + b.dataPending.value_or(0);
      run.pendingMeta = run.pendingMeta.value_or(0) + b.metaPending.value_or(0);
    }
    const dao::DrRunDao runs;
    started = runs.begin(sql, run);
    if (!started) {
      run.id = runs.insertSkipped(sql, policy.sessionId, policy.id, *plan.due, overlap);
      dao::DrPolicyDao{}.addMissed(sql, policy.sessionId, 1);
    }
    tr.commit();
  }
  if (started) run.id = *started;
  if (plan.missed > 0) {
    raiseDrRunEvent(services_.events, "missed", run,
                    {{"missed", plan.missed},
                     {"first_missed", gluster::formatIsoUtc(*plan.firstMissed)},
                     {"reason", firstTick ? "engine_down" : "late"}});
  }
  if (!started) {
    raiseDrRunEvent(services_.events, "skipped", run, {{"reason", "overlap"}, {"error", overlap}});
    return;
  }
  launch(policy, std::move(run));
}

void DrScheduler::launch(const dao::DrPolicyRecord& policy, dao::DrRunRecord run, bool resume) {
  auto done = std::make_shared<std::atomic<bool>>(false);
  const auto id = run.id;
  const auto sessionId = run.sessionId;
  std::lock_guard lock(runsMutex_);
  runs_.emplace(id, RunThread{sessionId, done, std::jthread([this, policy, run = std::move(run), done, resume](std::stop_token stop) {
                                DrRun dr(services_, policy, run);
                                if (resume) dr.resume(stop);
                                else dr.execute(stop);
                                done->store(true);
                              })});
}

void DrScheduler::registerCommands() {
  const auto id = [](const nlohmann::json& params) { return params.at("session_id").get<std::int64_t>(); };
  commands_.push_back(services_.commands.registerHandler(
      commands::drRunNowSpec(),
      [this, id](const nlohmann::json& params, const api::CommandContext&) { return runNow(id(params)); }));
  commands_.push_back(services_.commands.registerHandler(
      commands::drRunCancelSpec(),
      [this, id](const nlohmann::json& params, const api::CommandContext&) { return cancel(id(params)); }));
}

nlohmann::json DrScheduler::runNow(std::int64_t sessionId) {
  const auto now = nowSeconds(services_.clock);
  api::DbLease lease = services_.database.lease(services_.leaseWait);
  const auto policy = dao::DrPolicyDao{}.findBySession(lease.sql(), sessionId);
  if (!policy) {
    throw api::CommandError(api::ErrorCode::kNotFound, "session " + std::to_string(sessionId) + " has no DR policy",
                            "session_id");
  }
  dao::DrRunRecord run;
  run.sessionId = sessionId;
  run.policyId = policy->id;
  run.trigger = "manual";
  run.startedAt = now;
  run.deadlineAt = now + std::chrono::seconds(policy->runTimeoutSeconds);
  const auto started = dao::DrRunDao{}.begin(lease.sql(), run);
  if (!started) {
    throw api::CommandError(api::ErrorCode::kConflict, "a DR run of the session is already in flight", "session_id");
  }
  run.id = *started;
  launch(*policy, run);
  return nlohmann::json{{"run_id", run.id}, {"session_id", sessionId}, {"trigger", "manual"}};
}

nlohmann::json DrScheduler::cancel(std::int64_t sessionId) {
  std::optional<std::int64_t> runId;
  {
    api::DbLease lease = services_.database.lease(services_.leaseWait);
    runId = dao::DrRunDao{}.requestCancel(lease.sql(), sessionId);
  }
  std::lock_guard lock(runsMutex_);
  for (auto& [id, run] : runs_) {
    if (run.sessionId != sessionId || run.done->load()) continue;
    run.thread.request_stop();  // ours: at once, without waiting for the next heartbeat
    runId = id;
  }
  if (!runId) {
    throw api::CommandError(api::ErrorCode::kConflict,
                            "no DR run of session " + std::to_string(sessionId) + " is in flight", "session_id");
  }
  return nlohmann::json{{"run_id", *runId}, {"session_id", sessionId}, {"cancelling", true}};
}

}  // namespace georep::dr
