// Reading a session's state back from GlusterFS after an action (GLUSTER.md: opRet 0 does not always mean
// the action happened; verify by the state it should produce). One read = `volume info MASTER` and
// `geo-replication MASTER status` on the same host, the session picked from the listing by its secondary
// (user, host, volume), mapped onto the bricks by gluster::assessSession. readBackUntil() repeats the read
// (CommandOptions::readBackAttempts, readBackInterval apart) until the expected state shows.
// Each read is its own ClusterGateway call, so a host failing during the read-back never re-runs the
// action itself on another host.
// Thread-safety: functions; safe to call concurrently.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "commands/command_deps.h"
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

struct ReadBack {
  SessionSnapshot snapshot;  // the last read
  bool reached = false;
  int reads = 0;
};

ReadBack readBackUntil(CommandDeps& deps, const api::Cluster& cluster, const gluster::SessionRef& ref,
                       const std::function<bool(const SessionSnapshot&)>& reached);

// Worker predicates that ignore Offline bricks (their node did not answer: nothing can be said of them).
// True when at least one worker reports and every reporting worker is in one of `states`.
bool reportingWorkersAllIn(const gluster::SessionHealth& health, std::initializer_list<gluster::WorkerStatus> states);
int offlineWorkers(const gluster::SessionHealth& health);
// "0:Active,1:Offline" (brick position: worker status), for messages.
std::string workerStates(const gluster::SessionHealth& health);

}  // namespace georep::commands
