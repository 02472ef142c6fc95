// commands/command_errors.h: every gateway error kind maps to the documented command error code, keeps
// glusterd's message, and carries kind/op_ret/op_errno; input fields are renamed to command parameters.
#include "commands/command_errors.h"

#include <gtest/gtest.h>

namespace georep::commands {
namespace {

using gluster::ErrorKind;
using gluster::GatewayError;

TEST(CommandErrors, EveryKindMapsToItsCode) {
  const std::vector<std::pair<ErrorKind, std::string>> table{
      {ErrorKind::kInvalidInput, "invalid_argument"},    {ErrorKind::kUnreachable, "unavailable"},
      {ErrorKind::kAuthFailed, "unavailable"},           {ErrorKind::kHostKeyUnknown, "unavailable"},
      {ErrorKind::kHostKeyMismatch, "unavailable"},      {ErrorKind::kTimeout, "unavailable"},
      {ErrorKind::kExecFailed, "unavailable"},           {ErrorKind::kNotXml, "gluster_error"},
      {ErrorKind::kMalformedXml, "gluster_error"},       {ErrorKind::kNoSuchVolume, "not_found"},
      {ErrorKind::kSessionExists, "conflict"},           {ErrorKind::kAlreadyStarted, "conflict"},
      {ErrorKind::kNotStarted, "conflict"},              {ErrorKind::kAlreadyPaused, "conflict"},
      {ErrorKind::kNotPaused, "conflict"},               {ErrorKind::kStillActive, "conflict"},
      {ErrorKind::kNoSuchSession, "not_found"},          {ErrorKind::kInvalidOption, "invalid_argument"},
      {ErrorKind::kReservedOption, "invalid_argument"},  {ErrorKind::kPeerDown, "unavailable"},
      {ErrorKind::kTransactionInProgress, "conflict"},   {ErrorKind::kVolumeNotStarted, "conflict"},
      {ErrorKind::kSecondaryUnreachable, "unavailable"}, {ErrorKind::kPasswordlessSshMissing, "gluster_error"},
      {ErrorKind::kSecondaryCheckFailed, "gluster_error"}, {ErrorKind::kRefused, "gluster_error"},
  };
  for (const auto& [kind, code] : table) {
    const auto e = toCommandError(GatewayError(kind, "glusterd said so", -1, 30800));
    EXPECT_EQ(api::errorCodeName(e.code()), code) << gluster::errorKindName(kind);
    EXPECT_EQ(std::string(e.what()), "glusterd said so");
    EXPECT_EQ(e.details()["kind"], std::string(gluster::errorKindName(kind)));
    EXPECT_EQ(e.details()["op_ret"], -1);
    EXPECT_EQ(e.details()["op_errno"], 30800);
  }
}

TEST(CommandErrors, InputFieldsBecomeParameterNames) {
  EXPECT_EQ(toCommandError(GatewayError(ErrorKind::kInvalidInput, "bad", 0, 0, "volume")).field(), "master_volume");
  EXPECT_EQ(toCommandError(GatewayError(ErrorKind::kInvalidInput, "bad", 0, 0, "secondary_host")).field(),
            "secondary_host");
  EXPECT_EQ(toCommandError(GatewayError(ErrorKind::kInvalidInput, "bad", 0, 0, "value")).field(), "value");
  EXPECT_EQ(toCommandError(GatewayError(ErrorKind::kReservedOption, "reserved")).field(), "key");
  EXPECT_EQ(toCommandError(GatewayError(ErrorKind::kInvalidOption, "Invalid option", -1, 30800)).field(), "key");
}

}  // namespace
}  // namespace georep::commands
