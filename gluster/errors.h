// GatewayError: the one typed error every gluster/ call throws, with a kind saying exactly how the call
// failed (transport, output, or which glusterd refusal) and glusterd's own message kept for the user.
// A transport failure also says whether the command may have reached the host (delivery): only one that
// surely did not (connect, host key, authentication, no free session, the program not started) may be
// sent again elsewhere when it is a non-idempotent action.
// Thread-safety: plain values.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace georep::gluster {

enum class ErrorKind {
  // Input refused before anything was sent.
  kInvalidInput,
  // Transport.
  kUnreachable, kAuthFailed, kHostKeyUnknown, kHostKeyMismatch, kTimeout, kExecFailed,
  // Output.
  kNotXml, kMalformedXml,
  // A non-idempotent action was sent and the transport failed before its answer: it may or may not have
  // run (thrown by ClusterGateway instead of trying the action on another host).
  kOutcomeUnknown,
  // glusterd refusals (opRet != 0), classified by opErrno and message.
  kNoSuchVolume, kSessionExists, kAlreadyStarted, kNotStarted, kAlreadyPaused, kNotPaused,
  kStillActive, kNoSuchSession, kInvalidOption, kReservedOption, kPeerDown, kTransactionInProgress,
  kVolumeNotStarted, kSecondaryUnreachable, kPasswordlessSshMissing, kSecondaryCheckFailed,
  kRefused,  // any other refusal
};

std::string_view errorKindName(ErrorKind kind);  // snake_case: "no_such_volume", ...

// Whether a failed command may have reached the host (meaningful for transport kinds).
enum class Delivery { kMaybeRan, kNotSent };

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
  // A transport failure after which the command may have run on the host (the default: only code that
  // knows nothing left says otherwise).
  bool mayHaveRun() const { return isTransport() && delivery_ == Delivery::kMaybeRan; }
  GatewayError& markNotSent() {
    delivery_ = Delivery::kNotSent;
    return *this;
  }
  // For kHostKeyMismatch: the SHA256 fingerprint the server presented ("SHA256:...").
  const std::string& presentedKey() const { return presentedKey_; }
  GatewayError& withPresentedKey(std::string fingerprint) {
    presentedKey_ = std::move(fingerprint);
    return *this;
  }

 private:
  ErrorKind kind_;
  int opRet_;
  int opErrno_;
  std::string field_;
  Delivery delivery_ = Delivery::kMaybeRan;
  std::string presentedKey_;
};

}  // namespace georep::gluster
