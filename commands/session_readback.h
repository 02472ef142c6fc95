// Reading a session's state back from GlusterFS after an action (GLUSTER.md: opRet 0 does not always mean
// the action happened; verify by the state it should produce). One read = `volume info MASTER` and
// `geo-replication MASTER status` on the same host, the session picked from the listing by its secondary
// (user, host, volume), mapped onto the bricks by gluster::assessSession. readBackUntil() repeats the read
// (CommandOptions::readBackAttempts, readBackInterval apart) until the expected state shows; a read that
// glusterd refuses as busy ("Another transaction is in progress", or an --xml status refused without a
// reason) is read again on an allowance of its own (readBackBusyReads) and fails the command only beyond it.
// Each read is its own ClusterGateway call, so a host failing during the read-back never re-runs the
// action itself on another host.
// Unknown outcomes: sendAction() runs a non-idempotent action on the cluster; when the host failed after
// the action may have run (ClusterGateway's kOutcomeUnknown) it returns why instead of throwing, and
// readBackAfterUnknown() decides from the state read back: the expected state -> done (returned like a
// normal read-back); the state from before -> api::CommandError unavailable "<verb> did not take effect"
// (details.outcome "not_done", safe to retry); anything else, or no read -> unavailable "the outcome is
// unknown; state read back: ..." (details.outcome "unknown").
// Thread-safety: functions; safe to call concurrently.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "commands/command_deps.h"
#include "engine/api/command_error.h"
#include "engine/api/inventory.h"
#include "gluster/gateway.h"
#include "gluster/model.h"
#include "gluster/session_health.h"

namespace georep::commands {

struct SessionSnapshot {
  gluster::VolumeInfo volume;                    // the master volume, as volume info lists it now
  std::optional<gluster::SessionStatus> status;  // nullopt: glusterd does not list the session
  gluster::SessionHealth health;                 // set when status is
};

// The session with this secondary among the listing's sessions of the primary volume, if any.
std::optional<gluster::SessionStatus> findSession(const gluster::StatusReport& report, const gluster::SessionRef& ref);

// One read on the given gateway. GatewayError on failure (kNoSuchVolume when the master volume is gone).
SessionSnapshot readSession(gluster::GlusterGateway& gateway, const gluster::SessionRef& ref);

// One read on a host of the cluster that answers (ClusterGateway::withHost).
SessionSnapshot readSessionOnCluster(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref);

struct ReadBack {
  SessionSnapshot snapshot;  // the last read
  bool reached = false;
  int reads = 0;
};

ReadBack readBackUntil(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref,
                       const std::function<bool(const SessionSnapshot&)>& reached);

// Runs a non-idempotent action (create, start, stop, pause, resume, delete, config set/reset) on a host of
// the cluster, holding the cluster's quiet window meanwhile (gluster/quiet_windows.h). nullopt: the host
// answered and accepted (refusals and other failures are thrown); otherwise the reason the outcome is unknown.
std::optional<std::string> sendAction(CommandDeps& deps, const api::Cluster& cluster,
                                      const std::function<void(gluster::GlusterGateway&)>& action);

// The error for an action whose outcome could not be settled (details.outcome "not_done" or "unknown").
api::CommandError unsettledOutcome(const std::string& verb, const std::string& cause, bool notDone,
                                   const std::string& stateReadBack, int reads);

// After sendAction() returned a cause: reads back until `reached` (returned: the action was done); throws
// unsettledOutcome() otherwise, "not done" when the last read satisfies `unchanged`.
ReadBack readBackAfterUnknown(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref,
                              const std::string& verb, const std::string& cause,
                              const std::function<bool(const SessionSnapshot&)>& reached,
                              const std::function<bool(const SessionSnapshot&)>& unchanged);

// "absent" or "STOPPED (workers 0:Stopped,1:Offline)", for messages.
std::string describeSnapshot(const SessionSnapshot& snapshot);

// Worker predicates that ignore Offline bricks (their node did not answer: nothing can be said of them).
// True when at least one worker reports and every reporting worker is in one of `states`.
bool reportingWorkersAllIn(const gluster::SessionHealth& health, std::initializer_list<gluster::WorkerStatus> states);
int offlineWorkers(const gluster::SessionHealth& health);
// "0:Active,1:Offline" (brick position: worker status), for messages.
std::string workerStates(const gluster::SessionHealth& health);

}  // namespace georep::commands
