#include "engine/src/http/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <spdlog/spdlog.h>

#include "engine/api/command_error.h"
#include "engine/src/http/http_reply_helpers.h"
#include "engine/src/http/static_content_type.h"
#include "engine/src/http/static_path.h"

namespace georep::engine {
namespace {

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssetsDir = "assets";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

bool trustedOwnerAndMode(const struct stat& st, uid_t trustedUid) {
  return (st.st_uid == 0 || st.st_uid == trustedUid) && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

enum class OpenResult { kOpened, kNotFound, kUntrusted };

struct OpenedFile {
  OpenResult result = OpenResult::kNotFound;
  Fd fd;
  struct stat st {};
};

// Opens segments under rootFd one by one, never following a symbolic link, checking each directory and
// the file. Anything missing, a symlink, a directory where a file is wanted, a device: kNotFound.
OpenedFile openBeneath(const std::filesystem::path& root, const std::vector<std::string>& segments,
                       uid_t trustedUid) {
  OpenedFile out;
  Fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!dir.valid()) return out;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    Fd next(::openat(dir.get(), segments[i].c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
    if (!next.valid()) return out;
    struct stat st {};
    if (::fstat(next.get(), &st) != 0) return out;
    if (!trustedOwnerAndMode(st, trustedUid)) {
      out.result = OpenResult::kUntrusted;
      return out;
    }
    dir = std::move(next);
  }
  // O_NONBLOCK: opening a FIFO must not block a worker; it is refused below as not a regular file.
  Fd file(::openat(dir.get(), segments.back().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!file.valid()) return out;
  if (::fstat(file.get(), &out.st) != 0 || !S_ISREG(out.st.st_mode)) return out;
  if (!trustedOwnerAndMode(out.st, trustedUid)) {
    out.result = OpenResult::kUntrusted;
    return out;
  }
  out.fd = std::move(file);
  out.result = OpenResult::kOpened;
  return out;
}

std::string etagOf(const struct stat& st) {
  char buffer[96];
  const long long mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  std::snprintf(buffer, sizeof buffer, "\"%llx-%llx-%llx\"", static_cast<unsigned long long>(st.st_ino),
                static_cast<unsigned long long>(st.st_size), static_cast<unsigned long long>(mtimeNs));
  return buffer;
}

// True when If-None-Match lists etag (or is "*"); weak comparison as RFC 9110 asks for GET.
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
  if (ifNoneMatch.empty()) return false;
  std::size_t start = 0;
  while (start < ifNoneMatch.size()) {
    std::size_t comma = ifNoneMatch.find(',', start);
    if (comma == std::string_view::npos) comma = ifNoneMatch.size();
    std::string_view tag = ifNoneMatch.substr(start, comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
    start = comma + 1;
  }
  return false;
}

std::optional<std::string> readAll(int fd, std::size_t size) {
  std::string content(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, content.data() + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // shrunk under us, or an I/O error
    done += static_cast<std::size_t>(n);
  }
  return content;
}

// The root and every directory above it: trusted, or (above the root only) root-owned and sticky like
// /tmp, where nobody else can rename or remove what root put there.
void checkTrustedDirectory(const std::filesystem::path& dir, uid_t trustedUid, const std::filesystem::path& root,
                           bool isRoot) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error("http.web_root " + root.string() + ": cannot stat " + dir.string());
  const bool stickyRootOwned = !isRoot && st.st_uid == 0 && (st.st_mode & S_ISVTX) != 0;
  if (!trustedOwnerAndMode(st, trustedUid) && !stickyRootOwned)
    throw std::runtime_error("http.web_root " + root.string() + ": " + dir.string() +
                             " could be changed by another user (it must be owned by root or the engine's user "
                             "and not writable by group or others)");
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root, uid_t trustedUid) : trustedUid_(trustedUid) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec || !std::filesystem::is_directory(root_, ec))
    throw std::runtime_error("http.web_root " + root.string() + " is not an existing directory");
  if (!std::filesystem::is_regular_file(root_ / kIndex, ec))
    throw std::runtime_error("http.web_root " + root.string() + " holds no index.html (build the console: scripts/web build)");
  for (std::filesystem::path dir = root_;; dir = dir.parent_path()) {
    checkTrustedDirectory(dir, trustedUid_, root, dir == root_);
    if (dir == dir.root_path()) break;
  }
}

HttpReply StaticFiles::serve(std::string_view method, std::string_view rawPath, std::string_view ifNoneMatch) const {
  if (method != "GET" && method != "HEAD") return methodNotAllowed(method, rawPath, "GET, HEAD");
  const StaticPath path = StaticPath::parse(rawPath);
  if (!path.ok()) {
    const unsigned status = path.refusal == StaticPath::Refusal::kTooLong ? 414 : 400;
    return errorReply(status, api::invalidArgument("path", path.reason()));
  }
  std::vector<std::string> segments = path.segments;
  if (segments.empty()) segments.emplace_back(kIndex);
  OpenedFile file = openBeneath(root_, segments, trustedUid_);
  const bool underAssets = segments.size() > 1 && segments.front() == kAssetsDir;
  if (file.result == OpenResult::kNotFound && !underAssets &&
      segments.back().find('.') == std::string::npos) {
    segments = {std::string(kIndex)};  // a route of the single-page app
    file = openBeneath(root_, segments, trustedUid_);
  }
  if (file.result == OpenResult::kUntrusted) {
    spdlog::warn("http: refused to serve {}: it or a directory above it is writable by another user", rawPath);
    return errorReply(403, api::CommandError(api::ErrorCode::kForbidden,
                                             "this file of the web console could be changed by another user"));
  }
  if (file.result != OpenResult::kOpened || static_cast<std::uintmax_t>(file.st.st_size) > kMaxFileBytes)
    return errorReply(404, api::CommandError(api::ErrorCode::kNotFound, "no such file: " + std::string(rawPath)));

  HttpReply reply;
  reply.contentType = std::string(staticContentType(segments.back()));
  const std::string etag = etagOf(file.st);
  reply.headers.emplace_back("ETag", etag);
  reply.headers.emplace_back("Cache-Control", std::string(underAssets ? kImmutable : kRevalidate));
  if (etagMatches(ifNoneMatch, etag)) {
    reply.status = 304;
    reply.noBody = true;
    return reply;
  }
  auto content = readAll(file.fd.get(), static_cast<std::size_t>(file.st.st_size));
  if (!content)
    return errorReply(500, api::CommandError(api::ErrorCode::kInternal, "could not read " + std::string(rawPath)));
  reply.text = std::move(*content);
  reply.headOnly = method == "HEAD";
  return reply;
}

}  // namespace georep::engine
