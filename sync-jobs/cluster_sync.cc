// One cluster's reconciliation (sync-jobs/cluster_sync.h).
#include "sync-jobs/cluster_sync.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <utility>
#include <vector>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "dao/reconcile_dao.h"
#include "dao/session_dao.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/gateway.h"
#include "sync-jobs/config_planner.h"
#include "sync-jobs/fault_investigator.h"
#include "sync-jobs/history_recorder.h"
#include "sync-jobs/reachability_planner.h"
#include "sync-jobs/snapshot_overlay.h"
#include "sync-jobs/status_planner.h"

namespace georep::sync {
namespace {

using Clock = std::chrono::steady_clock;
using Outcome = dao::ApplyResult::Outcome;

// How long a reconciliation waits for a pooled connection (each lease is released before any gluster
// call, so the job never holds one while another is taken).
constexpr std::chrono::milliseconds kLeaseWait{10000};

std::string describe(const gluster::GatewayError& e) {
  return std::string(gluster::errorKindName(e.kind())) + ": " + e.what();
}

void countSkip(CycleReport& report, Outcome outcome) {
  switch (outcome) {
    case Outcome::kSkippedLocked: ++report.skippedLocked; break;
    case Outcome::kSkippedStale: ++report.skippedStale; break;
    case Outcome::kSkippedConflict: ++report.skippedConflict; break;
    case Outcome::kApplied: break;
  }
}

}  // namespace

ClusterSync::ClusterSync(api::Database& database, api::EventBus& events, gluster::ClusterGateway& gateway)
    : database_(database), events_(events), gateway_(gateway) {}

CycleReport ClusterSync::runStatus(const api::Cluster& cluster, const std::string& correlationId,
                                   const dao::WriteFence& fence) {
  const auto started = Clock::now();
  CycleReport report;
  report.kind = CycleReport::Kind::kStatus;
  report.cluster = ClusterRef{cluster.id, cluster.name};
  const dao::ReconcileDao dao;

  auto finish = [&]() -> CycleReport {
    report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return std::move(report);
  };

  dao::ClusterSnapshot snapshot;
  try {
    api::DbLease lease = database_.lease(kLeaseWait);
    soci::session& sql = lease.sql();
    snapshot = dao.load(sql, cluster.id);
  } catch (const std::exception& e) {
    report.outcome = CycleReport::Outcome::kFailed;
    report.error = std::string("database: ") + e.what();
    spdlog::error("sync of cluster {}: loading the stored state failed: {}", cluster.name, e.what());
    return finish();
  }

  FetchOutcome fetchOutcome = FetchOutcome::kAnswered;
  FetchedStatus fetched;
  try {
    fetched = gateway_.withHost(cluster, [&](gluster::GlusterGateway& g, const api::Host& host) {
      FetchedStatus f;
      ++report.gatewayCalls;
      f.volumes = g.volumeInfo();
      ++report.gatewayCalls;
      f.report = g.status();
      f.answeredBy = host.address;
      report.host = host.address;
      return f;
    });
  } catch (const gluster::GatewayError& e) {
    report.error = describe(e);
    fetchOutcome = e.kind() == gluster::ErrorKind::kUnreachable || e.isTransport() ? FetchOutcome::kUnreachable
                                                                                    : FetchOutcome::kFailed;
  } catch (const std::exception& e) {
    report.error = std::string("internal: ") + e.what();
    fetchOutcome = FetchOutcome::kFailed;
  }
  if (fetchOutcome == FetchOutcome::kUnreachable) report.outcome = CycleReport::Outcome::kUnreachable;
  if (fetchOutcome == FetchOutcome::kFailed) report.outcome = CycleReport::Outcome::kFailed;
  if (!report.error.empty()) spdlog::warn("sync of cluster {}: {}", cluster.name, report.error);

  const ClusterRef ref{cluster.id, cluster.name};
  StatusPlan plan;
  if (fetchOutcome == FetchOutcome::kAnswered) {
    plan = planStatus(ref, snapshot, fetched);
    report.listingComplete = plan.listingComplete;
    report.incompleteReason = plan.incompleteReason;
    if (!plan.listingComplete) spdlog::info("sync of cluster {}: incomplete listing: {}", cluster.name, plan.incompleteReason);
  }
  ReachabilityPlan reach = planReachability(ref, snapshot.sync, fetchOutcome, report.error);
  plan.write.sync = reach.write;

  dao::ApplyResult applied;
  if (!plan.write.empty() || fence) {
    try {
      api::DbLease lease = database_.lease(kLeaseWait);
      soci::session& sql = lease.sql();
      if (!plan.write.empty()) {
        applied = dao.apply(sql, cluster.id, plan.write, fence);
      } else {  // nothing to write but the leader's record of the cycle
        soci::transaction tr(sql);
        if (!fence(sql)) throw dao::FencedOut("the leader's fence refused the cycle of cluster " + cluster.name +
                              " (another engine leads it now, or it was reconciled less than half a period ago)");
        tr.commit();
      }
    } catch (const dao::FencedOut& e) {
      report.outcome = CycleReport::Outcome::kCancelled;
      report.error = std::string("fenced: ") + e.what();
      spdlog::warn("sync of cluster {}: {}", cluster.name, report.error);
      return finish();
    } catch (const std::exception& e) {
      report.outcome = CycleReport::Outcome::kFailed;
      report.error = std::string("database: ") + e.what();
      spdlog::error("sync of cluster {}: writing failed, nothing written: {}", cluster.name, e.what());
      return finish();
    }
  }
  report.wrote = applied.wrote;
  if (fetchOutcome == FetchOutcome::kAnswered) {
    report.state = std::make_shared<const dao::ClusterSnapshot>(overlayWrites(std::move(snapshot), plan.write, applied));
  }
  report.volumesUpserted = plan.write.volumeUpserts.size();
  report.volumesRemoved = applied.volumesRemoved.size();

  std::vector<api::Event> toRaise;
  if (reach.event) toRaise.push_back(std::move(*reach.event));
  for (std::size_t i = 0; i < plan.write.sessions.size(); ++i) {
    const dao::SessionWrite& w = plan.write.sessions[i];
    if (applied.sessions[i] != Outcome::kApplied) {
      countSkip(report, applied.sessions[i]);
      continue;
    }
    switch (w.kind) {
      case dao::SessionWrite::Kind::kInsert: ++report.discovered; break;
      case dao::SessionWrite::Kind::kRemove: ++report.vanished; break;
      case dao::SessionWrite::Kind::kUpdate:
        ++report.sessionsUpdated;
        if (w.status) ++report.statusChanged;
        if (w.missedListings && *w.missedListings > 0) ++report.missed;
        break;
    }
    report.bricksWritten += w.bricks.size();
    for (api::Event e : plan.events[i]) {
      if (w.kind == dao::SessionWrite::Kind::kInsert) e.body["session_id"] = applied.insertedIds.at(i);
      toRaise.push_back(std::move(e));
    }
  }
  if (fetchOutcome == FetchOutcome::kAnswered) runFollowUps(cluster, toRaise);
  for (api::Event& e : toRaise) {
    e.correlationId = correlationId;
    report.events.push_back(e);
    events_.raise(std::move(e));
  }
  return finish();
}

void ClusterSync::setFollowUps(FaultInvestigator* faults, HistoryRecorder* history) {
  faults_ = faults;
  history_ = history;
}

void ClusterSync::runFollowUps(const api::Cluster& cluster, std::vector<api::Event>& events) {
  try {
    if (faults_) faults_->investigate(cluster, events);
  } catch (const std::exception& e) {
    spdlog::warn("sync of cluster {}: fault reasons not updated: {}", cluster.name, e.what());
  }
  try {
    if (history_) history_->record(cluster, events);
  } catch (const std::exception& e) {
    spdlog::warn("sync of cluster {}: history not recorded: {}", cluster.name, e.what());
  }
}

CycleReport ClusterSync::runConfig(const api::Cluster& cluster,
                                   const std::optional<std::set<std::int64_t>>& onlySessions,
                                   const std::string& correlationId, const dao::WriteFence& fence) {
  return runConfig(
      cluster,
      [&](const std::vector<std::int64_t>& ids) {
        std::vector<std::int64_t> chosen;
        for (const std::int64_t id : ids)
          if (!onlySessions || onlySessions->count(id)) chosen.push_back(id);
        return chosen;
      },
      correlationId, fence);
}

CycleReport ClusterSync::runConfig(const api::Cluster& cluster, const ConfigSelection& select,
                                   const std::string& correlationId, const dao::WriteFence& fence) {
  const auto started = Clock::now();
  CycleReport report;
  report.kind = CycleReport::Kind::kConfig;
  report.cluster = ClusterRef{cluster.id, cluster.name};
  const dao::ReconcileDao dao;
  auto finish = [&]() -> CycleReport {
    report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return std::move(report);
  };

  std::vector<dao::SessionRecord> sessions;
  std::vector<dao::StoredConfig> configs;
  try {
    api::DbLease lease = database_.lease(kLeaseWait);
    soci::session& sql = lease.sql();
    configs = dao.loadConfigs(sql, cluster.id);
    sessions = dao::SessionDao().listByCluster(sql, cluster.id);
  } catch (const std::exception& e) {
    report.outcome = CycleReport::Outcome::kFailed;
    report.error = std::string("database: ") + e.what();
    return finish();
  }

  std::map<std::int64_t, const dao::StoredConfig*> configOf;
  for (const auto& c : configs) configOf.emplace(c.sessionId, &c);
  std::map<std::int64_t, const dao::SessionRecord*> sessionOf;
  std::vector<std::int64_t> ids;
  for (const auto& s : sessions) {
    if (!configOf.count(s.id)) continue;  // stored after the config snapshot: next time
    sessionOf.emplace(s.id, &s);
    ids.push_back(s.id);
  }
  std::sort(ids.begin(), ids.end());
  const std::vector<std::int64_t> chosen = select(ids);

  std::vector<ConfigInput> inputs;
  for (std::size_t n = 0; n < chosen.size(); ++n) {
    const auto found = sessionOf.find(chosen[n]);
    if (found == sessionOf.end()) continue;
    const dao::SessionRecord& s = *found->second;
    const gluster::SessionRef ref{s.masterVolume, s.secondaryHost, s.secondaryVolume, s.secondaryUser};
    try {
      ++report.gatewayCalls;
      gluster::ConfigMap fetched = gateway_.withHost(cluster, [&](gluster::GlusterGateway& g, const api::Host& host) {
        report.host = host.address;
        return g.config(ref);
      });
      ++report.configsRead;
      inputs.push_back(ConfigInput{s, *configOf.at(s.id), std::move(fetched)});
    } catch (const gluster::GatewayError& e) {
      if (e.kind() == gluster::ErrorKind::kUnreachable || e.isTransport()) {
        // No host answers: the status job reports the cluster; store what was read so far and read the
        // others next cycle.
        report.outcome = CycleReport::Outcome::kUnreachable;
        report.error = describe(e);
        report.configRetry.insert(report.configRetry.end(), chosen.begin() + static_cast<std::ptrdiff_t>(n),
                                  chosen.end());
        break;
      }
      ++report.configFetchFailures;  // e.g. the session was deleted meanwhile: its status run removes it
      // glusterd was busy with another transaction (a command, another engine, the CLI): not a verdict.
      if (e.kind() == gluster::ErrorKind::kTransactionInProgress) report.configRetry.push_back(s.id);
      spdlog::warn("config drift of session {} on cluster {}: {}", s.id, cluster.name, describe(e));
    }
  }

  ConfigPlan plan = planConfig(ClusterRef{cluster.id, cluster.name}, inputs);
  if (plan.writes.empty()) return finish();
  dao::ClusterWrite write;
  write.configs = plan.writes;
  dao::ApplyResult applied;
  try {
    api::DbLease lease = database_.lease(kLeaseWait);
    soci::session& sql = lease.sql();
    applied = dao.apply(sql, cluster.id, write, fence);
  } catch (const dao::FencedOut& e) {
    report.outcome = CycleReport::Outcome::kCancelled;
    report.error = std::string("fenced: ") + e.what();
    return finish();
  } catch (const std::exception& e) {
    report.outcome = CycleReport::Outcome::kFailed;
    report.error = std::string("database: ") + e.what();
    for (const auto& w : plan.writes) report.configRetry.push_back(w.sessionId);
    return finish();
  }
  report.wrote = applied.wrote;
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    if (applied.configs[i] != Outcome::kApplied) {
      countSkip(report, applied.configs[i]);
      report.configRetry.push_back(plan.writes[i].sessionId);  // a command held or changed it: read again
      continue;
    }
    ++report.configsWritten;
    for (api::Event e : plan.events[i]) {
      e.correlationId = correlationId;
      report.events.push_back(e);
      events_.raise(std::move(e));
    }
  }
  return finish();
}

}  // namespace georep::sync
