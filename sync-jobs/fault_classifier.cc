// Classifying a Faulty worker's last gsyncd error (sync-jobs/fault_classifier.h).
#include "sync-jobs/fault_classifier.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace georep::sync {
namespace {

// One log entry: a "[time] L [where] message" line and the lines that continue it (a traceback).
struct Entry {
  std::string_view header;
  std::string text;  // header and continuation lines, '\n'-joined
  char level = 0;    // 'E', 'W', 'I', 'D', 'C'; 0 for text before the first header
  bool ours = false;
};

bool isHeader(std::string_view line) {
  // "[2026-12-01 05:56:01.734562] E [..." : '[' then a date, "] ", a level letter and a space.
  return line.size() > 32 && line[0] == '[' && std::isdigit(static_cast<unsigned char>(line[1])) &&
         line.find("] ") != std::string_view::npos;
}

char levelOf(std::string_view header) {
  const auto close = header.find("] ");
  if (close == std::string_view::npos || close + 3 >= header.size() || header[close + 3] != ' ') return 0;
  return header[close + 2];
}

std::string_view timeOf(std::string_view header) {
  const auto close = header.find(']');
  return header.substr(1, close - 1);
}

// Whole-second part, "2026-12-01 05:56:01", for grouping the lines of one failure.
std::string_view secondOf(std::string_view header) { return timeOf(header).substr(0, 19); }

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

bool containsAny(std::string_view text, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return contains(text, n); });
}

std::string lowered(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<Entry> parseEntries(std::string_view log, std::string_view brickPath) {
  const std::string worker = "(worker " + std::string(brickPath) + ")";
  const std::string monitorBrick = "{brick=" + std::string(brickPath) + "}";
  std::vector<Entry> entries;
  std::size_t pos = 0;
  bool first = true;
  while (pos < log.size()) {
    std::size_t end = log.find('\n', pos);
    if (end == std::string_view::npos) end = log.size();
    std::string_view line = log.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (isHeader(line)) {
      Entry e;
      e.header = line;
      e.text = std::string(line);
      e.level = levelOf(line);
      // The brick's worker, or the session's monitor on this node (its errors stop every worker of the
      // node, e.g. its ssh check of the secondary) unless it names another brick.
      const bool monitor = contains(line, "(monitor)") && (!contains(line, "{brick=") || contains(line, monitorBrick));
      e.ours = contains(line, worker) || monitor;
      entries.push_back(std::move(e));
    } else if (!entries.empty()) {
      if (!line.empty()) entries.back().text += "\n" + std::string(line);
    } else if (!first && !line.empty()) {
      entries.push_back(Entry{{}, std::string(line), 0, false});  // orphan text: never ours
    }
    first = false;  // a first line without a header is the tail's cut-off partial line
  }
  return entries;
}

// Printable ASCII, newlines and tabs kept; anything else (control bytes, a UTF-8 sequence cut by the tail)
// becomes '?', so that the excerpt is always valid text for the database, JSON and a terminal.
std::string printable(std::string text) {
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!(u == '\n' || u == '\t' || (u >= 0x20 && u < 0x7f))) c = '?';
  }
  return text;
}

// The most recent whole lines of `text` that fit in `max` bytes.
std::string lastBytes(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = text.size() - max;
  const auto nl = text.find('\n', cut);
  cut = nl == std::string::npos ? cut : nl + 1;
  return text.substr(cut);
}

std::string joinEntries(const std::vector<const Entry*>& entries) {
  std::string out;
  for (const Entry* e : entries) out += (out.empty() ? "" : "\n") + e->text;
  return out;
}

FaultClass classOf(std::string_view excerpt) {
  const std::string lower = lowered(excerpt);
  if (containsAny(excerpt, {"Permission denied (publickey", "Host key verification failed",
                            "REMOTE HOST IDENTIFICATION HAS CHANGED", "Passwordless ssh login",
                            "Too many authentication failures"})) {
    return FaultClass::kSshAuth;
  }
  if (contains(lower, "version mismatch") || contains(lower, "incompatible version")) return FaultClass::kVersionMismatch;
  if (containsAny(excerpt, {"History Crawl failed", "ChangelogHistoryNotAvailable", "ChangelogException",
                            "history_changelog", "Changelog History Crawl"})) {
    return FaultClass::kHistoryCrawl;
  }
  const bool noSpace = containsAny(excerpt, {"No space left on device", "[Errno 28]", "ENOSPC"});
  // ENOSPC from gsyncd's own lsetxattr of a sync time on the primary brick (set_stime and friends run
  // there, not on the secondary): the directory's xattr space is full, not a disk.
  if (noSpace && contains(excerpt, "lsetxattr") &&
      containsAny(excerpt, {"in set_stime", "in set_entry_stime", "in set_xtime", "in set_secondary_xtime"})) {
    return FaultClass::kXattrSpaceExhausted;
  }
  if (noSpace || containsAny(excerpt, {"Disk quota exceeded", "[Errno 122]", "EDQUOT"})) {
    return FaultClass::kSecondaryFull;
  }
  if (containsAny(excerpt, {"Permission denied", "[Errno 13]", "EACCES", "Operation not permitted", "[Errno 1]",
                            "EPERM", "Read-only file system", "[Errno 30]", "EROFS"}) ||
      contains(lower, "mountbroker")) {
    return FaultClass::kPermissionDenied;
  }
  if (containsAny(excerpt, {"No such file or directory: 'rsync'", "rsync error", "rsync: ", "rsync> ",
                            "--files-from=-"}) ||
      (contains(excerpt, "FileNotFoundError") && contains(excerpt, "rsync"))) {
    return FaultClass::kRsync;
  }
  if (containsAny(excerpt, {"Connection refused", "No route to host", "Could not resolve hostname",
                            "Connection timed out", "Network is unreachable", "connection to peer is broken",
                            "ssh: connect to host", "Connection closed by", "Connection reset by"})) {
    return FaultClass::kSecondaryUnreachable;
  }
  return FaultClass::kUnknown;
}

}  // namespace

std::string_view faultClassName(FaultClass c) {
  switch (c) {
    case FaultClass::kSshAuth: return "ssh_auth";
    case FaultClass::kRsync: return "rsync";
    case FaultClass::kSecondaryFull: return "secondary_full";
    case FaultClass::kPermissionDenied: return "permission_denied";
    case FaultClass::kHistoryCrawl: return "history_crawl";
    case FaultClass::kVersionMismatch: return "version_mismatch";
    case FaultClass::kSecondaryUnreachable: return "secondary_unreachable";
    case FaultClass::kXattrSpaceExhausted: return "xattr_space_exhausted";
    case FaultClass::kUnknown: return "unknown";
    case FaultClass::kLogUnreadable: return "log_unreadable";
  }
  return "unknown";
}

std::string_view faultHint(FaultClass c) {
  switch (c) {
    case FaultClass::kSshAuth:
      return "The secondary refused gsyncd's SSH login: re-create the geo-rep keys (gluster system:: execute "
             "gsec_create, then create push-pem force) and check root's authorized_keys and host key there.";
    case FaultClass::kRsync:
      return "rsync is missing or failing: install rsync on every primary and secondary node, check the session's "
             "rsync_command and rsync_options, then restart the session.";
    case FaultClass::kSecondaryFull:
      return "The secondary volume is out of space or quota: grow it or free space; the worker then recovers by "
             "itself.";
    case FaultClass::kPermissionDenied:
      return "The secondary refused a write (permission denied or read-only): check its bricks' permissions and "
             "immutable flags, features.read-only, and gluster-mountbroker for a non-root secondary user.";
    case FaultClass::kHistoryCrawl:
      return "The changelog history needed to resume is unavailable: check changelog.changelog on the primary "
             "volume; deleting with reset-sync-time and re-creating the session forces a full crawl.";
    case FaultClass::kVersionMismatch:
      return "Primary and secondary run incompatible GlusterFS/gsyncd versions: upgrade both sides to the same "
             "version.";
    case FaultClass::kSecondaryUnreachable:
      return "gsyncd's SSH connection to the secondary failed or broke: check that the secondary resolves, sshd "
             "answers on the session's ssh_port and remote gsyncd runs there.";
    case FaultClass::kXattrSpaceExhausted:
      return "A primary brick directory has no xattr space left for gsyncd's sync time (ENOSPC on lsetxattr, the "
             "disk is not full): each deleted or re-created secondary leaves a "
             "trusted.glusterfs.<primary-id>.<secondary-id>.stime xattr there (delete reset-sync-time only zeroes "
             "it); list them with getfattr -d -m stime on the brick root, remove with setfattr -x those whose "
             "secondary id is no volume any more, then restart the session.";
    case FaultClass::kUnknown:
      return "No known cause in the log tail: read the gsyncd log on the node (log_path) around logged_at.";
    case FaultClass::kLogUnreadable:
      return "The gsyncd log could not be read from the node: check the engine's SSH access to that node and the "
             "session's log_file.";
  }
  return "";
}

std::optional<LastError> extractLastError(std::string_view logTail, std::string_view brickPath) {
  const std::vector<Entry> entries = parseEntries(logTail, brickPath);
  auto last = std::find_if(entries.rbegin(), entries.rend(),
                           [](const Entry& e) { return e.ours && (e.level == 'E' || e.level == 'C'); });
  if (last == entries.rend()) return std::nullopt;
  // The failure's other E/W lines: ours, logged in the same or the previous second (gsyncd logs an
  // exception and the command that failed a few microseconds apart).
  constexpr std::size_t kMaxEntries = 8;
  std::vector<const Entry*> picked{&*last};
  const std::string_view second = secondOf(last->header);
  for (auto it = std::next(last); it != entries.rend() && picked.size() < kMaxEntries; ++it) {
    if (!it->ours || it->header.empty()) continue;
    if (secondOf(it->header) != second) break;
    if (it->level == 'E' || it->level == 'W' || it->level == 'C') picked.push_back(&*it);
  }
  std::reverse(picked.begin(), picked.end());
  return LastError{printable(lastBytes(joinEntries(picked), kMaxFaultExcerptBytes)), std::string(timeOf(last->header))};
}

FaultDiagnosis classifyFault(std::string_view logTail, std::string_view brickPath) {
  FaultDiagnosis d;
  if (auto error = extractLastError(logTail, brickPath)) {
    d.reasonClass = classOf(error->excerpt);
    d.excerpt = std::move(error->excerpt);
    d.loggedAt = std::move(error->loggedAt);
  } else {
    d.reasonClass = FaultClass::kUnknown;
    d.excerpt = printable(lastBytes(std::string(logTail), 1024));  // what the log said last, for the operator
  }
  d.hint = std::string(faultHint(d.reasonClass));
  return d;
}

}  // namespace georep::sync
