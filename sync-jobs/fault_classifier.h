// Why a geo-replication worker went Faulty, from the tail of its gsyncd log (pure logic, no I/O):
// extractLastError() picks the brick worker's last error from the log text (its last "E" line, the E/W
// lines gsyncd logged with it and a Python traceback that follows), and classifyFault() names its class
// with a one-line runbook hint. The log is shared by the session's workers on that node; lines of other
// bricks' workers are ignored; the session monitor's lines are kept unless they name another brick.
// Classes (stable names, stored and served): ssh_auth, rsync, secondary_full, xattr_space_exhausted (the
// primary brick's directory has no room left for gsyncd's stime xattr), permission_denied, history_crawl,
// version_mismatch, secondary_unreachable, unknown, and log_unreadable (the log could not be read; set by
// the caller, never by classifyFault).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace georep::sync {

enum class FaultClass {
  kSshAuth,
  kRsync,
  kSecondaryFull,
  kPermissionDenied,
  kHistoryCrawl,
  kVersionMismatch,
  kSecondaryUnreachable,
  kXattrSpaceExhausted,
  kUnknown,
  kLogUnreadable,
};

std::string_view faultClassName(FaultClass c);
// The one-line runbook hint of a class.
std::string_view faultHint(FaultClass c);

// At most this many bytes of excerpt are kept (whole lines, the most recent kept).
inline constexpr std::size_t kMaxFaultExcerptBytes = 4096;

struct LastError {
  std::string excerpt;                  // the error lines, oldest first, at most kMaxFaultExcerptBytes
  std::optional<std::string> loggedAt;  // "2026-12-01 05:56:01.734562" of the last error line
};

// The brick worker's last error in `logTail` (brickPath: the brick's path as gsyncd names its worker,
// "/var/lib/georep-lab/bricks/labprimary-1"); nothing when it logged none.
std::optional<LastError> extractLastError(std::string_view logTail, std::string_view brickPath);

struct FaultDiagnosis {
  FaultClass reasonClass = FaultClass::kUnknown;
  std::string hint;
  std::string excerpt;
  std::optional<std::string> loggedAt;
};

// extractLastError + the class of what it found (kUnknown with the log's last lines when no error).
FaultDiagnosis classifyFault(std::string_view logTail, std::string_view brickPath);

}  // namespace georep::sync
