// How the plugin's commands turn failures into the engine's typed errors (engine/api/command_error.h):
//   gluster::GatewayError
//     kInvalidInput                 -> invalid_argument, field = the command parameter at fault
//     kInvalidOption, kReservedOption -> invalid_argument, field "key" (glusterd's message kept)
//     transport kinds (unreachable, auth, host key, timeout, exec) -> unavailable (no host answered)
//     kOutcomeUnknown               -> unavailable (an action may or may not have run; commands settle
//                                      it by reading state back before it gets here)
//     kPeerDown, kSecondaryUnreachable -> unavailable (a node glusterd needs is down / the secondary
//                                        does not answer: retry when it is back)
//     kNoSuchVolume                 -> not_found (field master_volume)
//     kNoSuchSession                -> not_found (the session vanished behind the engine's back)
//     state refusals: kSessionExists, kAlreadyStarted, kNotStarted, kAlreadyPaused, kNotPaused,
//                     kStillActive, kVolumeNotStarted, kTransactionInProgress -> conflict
//     any other refusal, kNotXml, kMalformedXml -> gluster_error
//   Every mapped error keeps glusterd's own message as its message and carries details
//   {kind, op_ret, op_errno} so clients can tell refusals apart.
//   dao::LockBusy -> conflict (another command holds the session past the wait; details.reason "busy");
//   No database connection free in time, or PostgreSQL down: the lease itself throws unavailable
//   (engine/api/database.h); a connection lost mid-command (api::isDatabaseUnavailable) -> unavailable.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "engine/api/command_error.h"
#include "gluster/errors.h"

namespace georep::commands {

// The command parameter a gateway input field corresponds to ("volume" -> "master_volume", ...).
std::string paramForGatewayField(const std::string& gatewayField);

api::CommandError toCommandError(const gluster::GatewayError& error);

// A state check that failed before anything was sent: conflict with the current state in details.
api::CommandError stateConflict(std::string message, const std::string& currentStatus);

}  // namespace georep::commands
