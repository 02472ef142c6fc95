// GatewayError: the one typed error every gluster/ call throws, with a kind saying exactly how the call
// failed (transport, output, or which glusterd refusal) and glusterd's own message kept for the user.
// Thread-safety: plain values.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace georep::gluster {

enum class ErrorKind {
  // Input refused before anything was sent.
  kInvalidInput,
  // Transport.
  kUnreachable, kAuthFailed, kHostKeyUnknown, kHostKeyMismatch, kTimeout, kExecFailed,
  // Output.
  kNotXml, kMalformedXml,
  // glusterd refusals (opRet != 0), classified by opErrno and message.
  kNoSuchVolume, kSessionExists, kAlreadyStarted, kNotStarted, kAlreadyPaused, kNotPaused,
  kStillActive, kNoSuchSession, kInvalidOption, kReservedOption, kPeerDown, kTransactionInProgress,
  kVolumeNotStarted, kSecondaryUnreachable, kPasswordlessSshMissing, kSecondaryCheckFailed,
  kRefused,  // any other refusal
};

std::string_view errorKindName(ErrorKind kind);  // snake_case: "no_such_volume", ...

class GatewayError : public std::runtime_error {
 public:
  GatewayError(ErrorKind kind, std::string message, int opRet = 0, int opErrno = 0, std::string field = {})
      : std::runtime_error(message), kind_(kind), opRet_(opRet), opErrno_(opErrno), field_(std::move(field)) {}

  ErrorKind kind() const { return kind_; }
  int opRet() const { return opRet_; }
  int opErrno() const { return opErrno_; }
  // For kInvalidInput: the input at fault (e.g. "secondary_volume").
  const std::string& field() const { return field_; }
  bool isTransport() const { return kind_ >= ErrorKind::kUnreachable && kind_ <= ErrorKind::kExecFailed; }
  bool isRefusal() const { return kind_ >= ErrorKind::kNoSuchVolume; }

 private:
  ErrorKind kind_;
  int opRet_;
  int opErrno_;
  std::string field_;
};

}  // namespace georep::gluster
