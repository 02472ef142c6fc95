#include "commands/session_readback.h"

#include <nlohmann/json.hpp>

#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/quiet_windows.h"

namespace georep::commands {

std::optional<gluster::SessionStatus> findSession(const gluster::StatusReport& report,
                                                  const gluster::SessionRef& ref) {
  for (const auto& s : report.sessions) {
    if (s.primaryVolume == ref.primaryVolume && s.key.secondaryHost == ref.secondaryHost &&
        s.key.secondaryVolume == ref.secondaryVolume && s.key.secondaryUser == ref.secondaryUser) {
      return s;
    }
  }
  return std::nullopt;
}

SessionSnapshot readSession(gluster::GlusterGateway& gateway, const gluster::SessionRef& ref) {
  SessionSnapshot snap;
  bool found = false;
  for (auto& v : gateway.volumeInfo(ref.primaryVolume)) {
    if (v.name == ref.primaryVolume) {
      snap.volume = std::move(v);
      found = true;
    }
  }
  if (!found) {
    throw gluster::GatewayError(gluster::ErrorKind::kNoSuchVolume,
                                "volume info does not list volume " + ref.primaryVolume);
  }
  snap.status = findSession(gateway.status(ref.primaryVolume), ref);
  if (snap.status) snap.health = gluster::assessSession(snap.volume, *snap.status);
  return snap;
}

SessionSnapshot readSessionOnCluster(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref) {
  return deps.clusters.withHost(cluster,
                                [&](gluster::GlusterGateway& gw, const api::Host&) { return readSession(gw, ref); });
}

ReadBack readBackUntil(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref,
                       const std::function<bool(const SessionSnapshot&)>& reached) {
  ReadBack out;
  const int attempts = std::max(1, deps.options.readBackAttempts);
  int answered = 0;
  int busy = 0;
  while (true) {
    if (out.reads > 0 && deps.options.readBackInterval.count() > 0) {
      deps.clock->sleepUntil(deps.clock->now() + deps.options.readBackInterval);
    }
    try {
      out.snapshot = readSessionOnCluster(deps, cluster, ref);
    } catch (const gluster::GatewayError& e) {
      // glusterd busy with another transaction (the sync job's reads, an administrator's CLI call, the
      // tail of a transaction whose client died): only this read was refused, the action stands. Read
      // again, on an allowance of its own, so a busy spell does not use up the reads that wait for the state.
      if (e.kind() != gluster::ErrorKind::kTransactionInProgress || busy >= deps.options.readBackBusyReads) throw;
      ++busy;
      ++out.reads;
      continue;
    }
    ++out.reads;
    ++answered;
    if (reached(out.snapshot)) {
      out.reached = true;
      break;
    }
    if (answered >= attempts) break;
  }
  return out;
}

std::optional<std::string> sendAction(CommandDeps& deps, const api::Cluster& cluster,
                                      const std::function<void(gluster::GlusterGateway&)>& action) {
  // No other engine call reaches the cluster's glusterd while it runs the action (gluster/quiet_windows.h):
  // glusterd would refuse one of the two ("Another transaction is in progress").
  const gluster::QuietWindows::Hold window = deps.clusters.quietWindows().hold(cluster.id, deps.clusters.callTimeout());
  try {
    deps.clusters.withHost(cluster, [&](gluster::GlusterGateway& gw, const api::Host&) { action(gw); });
  } catch (const gluster::GatewayError& e) {
    if (e.kind() != gluster::ErrorKind::kOutcomeUnknown) throw;
    return std::string(e.what());
  }
  return std::nullopt;
}

api::CommandError unsettledOutcome(const std::string& verb, const std::string& cause, bool notDone,
                                   const std::string& stateReadBack, int reads) {
  nlohmann::json details{{"kind", "outcome_unknown"},
                         {"outcome", notDone ? "not_done" : "unknown"},
                         {"cause", cause},
                         {"state_read_back", stateReadBack},
                         {"reads", reads}};
  if (notDone) {
    return api::CommandError(api::ErrorCode::kUnavailable,
                             verb + " did not take effect (" + cause + "); state read back: " + stateReadBack +
                                 "; it is safe to retry",
                             {}, std::move(details));
  }
  return api::CommandError(api::ErrorCode::kUnavailable,
                           "the outcome is unknown; state read back: " + stateReadBack + " (" + verb + ": " + cause +
                               ")",
                           {}, std::move(details));
}

ReadBack readBackAfterUnknown(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref,
                              const std::string& verb, const std::string& cause,
                              const std::function<bool(const SessionSnapshot&)>& reached,
                              const std::function<bool(const SessionSnapshot&)>& unchanged) {
  ReadBack rb;
  try {
    rb = readBackUntil(deps, cluster, ref, reached);
  } catch (const gluster::GatewayError& e) {
    throw unsettledOutcome(verb, cause, false, std::string("none (") + e.what() + ")", 0);
  }
  if (rb.reached) return rb;
  throw unsettledOutcome(verb, cause, unchanged(rb.snapshot), describeSnapshot(rb.snapshot), rb.reads);
}

std::string describeSnapshot(const SessionSnapshot& snapshot) {
  if (!snapshot.status) return "absent";
  return std::string(gluster::aggregateStatusName(snapshot.health.status)) + " (workers " +
         workerStates(snapshot.health) + ")";
}

bool reportingWorkersAllIn(const gluster::SessionHealth& health, std::initializer_list<gluster::WorkerStatus> states) {
  int reporting = 0;
  for (const auto& w : health.workers) {
    if (w.status.status == gluster::WorkerStatus::kOffline) continue;
    ++reporting;
    bool ok = false;
    for (auto s : states) ok = ok || w.status.status == s;
    if (!ok) return false;
  }
  return reporting > 0;
}

int offlineWorkers(const gluster::SessionHealth& health) {
  int n = 0;
  for (const auto& w : health.workers) n += w.status.status == gluster::WorkerStatus::kOffline ? 1 : 0;
  return n;
}

std::string workerStates(const gluster::SessionHealth& health) {
  std::string out;
  for (const auto& w : health.workers) {
    if (!out.empty()) out += ",";
    out += std::to_string(w.position) + ":" + std::string(gluster::workerStatusName(w.status.status));
  }
  return out;
}

}  // namespace georep::commands
