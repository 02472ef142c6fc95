#include "commands/command_errors.h"

#include <nlohmann/json.hpp>

namespace georep::commands {

using api::CommandError;
using api::ErrorCode;
using gluster::ErrorKind;

std::string paramForGatewayField(const std::string& gatewayField) {
  if (gatewayField == "volume" || gatewayField == "primary_volume") return "master_volume";
  if (gatewayField == "port") return "ssh_port";
  return gatewayField;
}

CommandError toCommandError(const gluster::GatewayError& error) {
  nlohmann::json details{{"kind", std::string(gluster::errorKindName(error.kind()))},
                         {"op_ret", error.opRet()},
                         {"op_errno", error.opErrno()}};
  const std::string message = error.what();
  switch (error.kind()) {
    case ErrorKind::kInvalidInput: {
      const std::string field = paramForGatewayField(error.field());
      return CommandError(ErrorCode::kInvalidArgument, message, field, details);
    }
    case ErrorKind::kInvalidOption:
    case ErrorKind::kReservedOption:
      return CommandError(ErrorCode::kInvalidArgument, message, "key", details);
    case ErrorKind::kUnreachable:
    case ErrorKind::kAuthFailed:
    case ErrorKind::kHostKeyUnknown:
    case ErrorKind::kHostKeyMismatch:
    case ErrorKind::kTimeout:
    case ErrorKind::kExecFailed:
    case ErrorKind::kPeerDown:
    case ErrorKind::kOutcomeUnknown:
      return CommandError(ErrorCode::kUnavailable, message, {}, details);
    case ErrorKind::kSecondaryUnreachable:
      details["field"] = "secondary_host";
      return CommandError(ErrorCode::kUnavailable, message, {}, details);
    case ErrorKind::kNoSuchVolume:
      details["field"] = "master_volume";
      return CommandError(ErrorCode::kNotFound, message, {}, details);
    case ErrorKind::kNoSuchSession:
      return CommandError(ErrorCode::kNotFound, message, {}, details);
    case ErrorKind::kSessionExists:
    case ErrorKind::kAlreadyStarted:
    case ErrorKind::kNotStarted:
    case ErrorKind::kAlreadyPaused:
    case ErrorKind::kNotPaused:
    case ErrorKind::kStillActive:
    case ErrorKind::kVolumeNotStarted:
    case ErrorKind::kTransactionInProgress:
      return CommandError(ErrorCode::kConflict, message, {}, details);
    case ErrorKind::kNotXml:
    case ErrorKind::kMalformedXml:
    case ErrorKind::kPasswordlessSshMissing:
    case ErrorKind::kSecondaryCheckFailed:
    case ErrorKind::kRefused:
      return CommandError(ErrorCode::kGlusterError, message, {}, details);
  }
  return CommandError(ErrorCode::kGlusterError, message, {}, details);
}

CommandError stateConflict(std::string message, const std::string& currentStatus) {
  return CommandError(ErrorCode::kConflict, std::move(message), {}, nlohmann::json{{"status", currentStatus}});
}

}  // namespace georep::commands
