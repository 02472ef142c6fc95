// Error kind names and the classification of glusterd refusals (gluster/errors.h, gluster/refusal.h).
// Message texts are glusterd's and gverify.sh's own (GlusterFS 10.3: glusterd-geo-rep.c, glusterd-handler.c,
// glusterd-op-sm.c, glusterd-utils.c, geo-replication/src/gverify.sh); volume names and secondary URLs
// embedded in them never contain spaces, so the phrases matched below cannot come from a name.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "gluster/errors.h"
#include "gluster/refusal.h"

namespace georep::gluster {

std::string_view errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "invalid_input";
    case ErrorKind::kUnreachable: return "unreachable";
    case ErrorKind::kAuthFailed: return "auth_failed";
    case ErrorKind::kHostKeyUnknown: return "host_key_unknown";
    case ErrorKind::kHostKeyMismatch: return "host_key_mismatch";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kExecFailed: return "exec_failed";
    case ErrorKind::kNotXml: return "not_xml";
    case ErrorKind::kMalformedXml: return "malformed_xml";
    case ErrorKind::kOutcomeUnknown: return "outcome_unknown";
    case ErrorKind::kNoSuchVolume: return "no_such_volume";
    case ErrorKind::kSessionExists: return "session_exists";
    case ErrorKind::kAlreadyStarted: return "already_started";
    case ErrorKind::kNotStarted: return "not_started";
    case ErrorKind::kAlreadyPaused: return "already_paused";
    case ErrorKind::kNotPaused: return "not_paused";
    case ErrorKind::kStillActive: return "still_active";
    case ErrorKind::kNoSuchSession: return "no_such_session";
    case ErrorKind::kInvalidOption: return "invalid_option";
    case ErrorKind::kReservedOption: return "reserved_option";
    case ErrorKind::kPeerDown: return "peer_down";
    case ErrorKind::kTransactionInProgress: return "transaction_in_progress";
    case ErrorKind::kVolumeNotStarted: return "volume_not_started";
    case ErrorKind::kSecondaryUnreachable: return "secondary_unreachable";
    case ErrorKind::kPasswordlessSshMissing: return "passwordless_ssh_missing";
    case ErrorKind::kSecondaryCheckFailed: return "secondary_check_failed";
    case ErrorKind::kRefused: return "refused";
  }
  return "refused";
}

namespace {

// glusterd-errno.h
constexpr int kEgAnotherTransaction = 30802;  // EG_ANOTRANS
constexpr int kEgNoVolume = 30806;            // EG_NOVOL
constexpr int kEgGeoRepRunning = 30814;       // EG_GEOREPRUN

bool has(std::string_view text, std::string_view phrase) { return text.find(phrase) != std::string_view::npos; }
bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Phrase -> kind, first match wins; order matters where one message embeds another (gverify's messages
// come wrapped in "X is not a valid secondary volume. Error: ...").
constexpr std::array<std::pair<std::string_view, ErrorKind>, 27> kPhrases{{
    {"reserved option", ErrorKind::kReservedOption},
    {"invalid option", ErrorKind::kInvalidOption},
    {"invalid value(", ErrorKind::kInvalidOption},
    {"another transaction", ErrorKind::kTransactionInProgress},
    {"passwordless ssh login has not been setup", ErrorKind::kPasswordlessSshMissing},
    {" not reachable", ErrorKind::kSecondaryUnreachable},
    {"unable to mount and fetch", ErrorKind::kSecondaryCheckFailed},
    {"gluster command not found on", ErrorKind::kSecondaryCheckFailed},
    {"disk size of primary is greater", ErrorKind::kSecondaryCheckFailed},
    {"available size of primary is greater", ErrorKind::kSecondaryCheckFailed},
    {"is not empty. please delete existing files", ErrorKind::kSecondaryCheckFailed},
    {"gluster version mismatch between primary and secondary", ErrorKind::kSecondaryCheckFailed},
    {"is not a valid secondary volume", ErrorKind::kSecondaryCheckFailed},
    {"please bring up the peer", ErrorKind::kPeerDown},
    {" not connected", ErrorKind::kPeerDown},
    {"disconnected", ErrorKind::kPeerDown},
    {"is already created", ErrorKind::kSessionExists},
    {"already paused", ErrorKind::kAlreadyPaused},
    {"is not paused", ErrorKind::kNotPaused},
    {"already started", ErrorKind::kAlreadyStarted},
    {"already running in another machine", ErrorKind::kAlreadyStarted},
    {"still active", ErrorKind::kStillActive},
    {"sessions are active for the volume", ErrorKind::kStillActive},
    {"needs to be started", ErrorKind::kVolumeNotStarted},
    {"has not been created", ErrorKind::kNoSuchSession},
    {"is not set up", ErrorKind::kNotStarted},
    {"is not setup", ErrorKind::kNotStarted},
}};

}  // namespace

ErrorKind classifyRefusal(int opErrno, std::string_view message) {
  if (opErrno == kEgAnotherTransaction) return ErrorKind::kTransactionInProgress;
  if (opErrno == kEgNoVolume) return ErrorKind::kNoSuchVolume;
  if (opErrno == kEgGeoRepRunning) return ErrorKind::kStillActive;

  std::string lower(message.substr(0, 4096));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
  const std::string_view text(lower);

  for (const auto& [phrase, kind] : kPhrases) {
    if (has(text, phrase)) return kind;
  }
  // "Geo-replication session between M and S does not exist." vs "Volume X does not exist" /
  // "Volume name X does not exist" / "Volume does not exist".
  if (has(text, " does not exist")) {
    if (has(text, "session between")) return ErrorKind::kNoSuchSession;
    if (startsWith(text, "volume ")) return ErrorKind::kNoSuchVolume;
  }
  // "Volume X is not started" (volume status/heal on a stopped volume).
  if (startsWith(text, "volume ") && has(text, " is not started")) return ErrorKind::kVolumeNotStarted;
  // "geo-replication session b/w M & S is not running on this node.", "... not started".
  if (has(text, "not running") || has(text, "not started")) return ErrorKind::kNotStarted;
  return ErrorKind::kRefused;
}

}  // namespace georep::gluster
