// StaticFiles: serves the built web console (web/dist) at "/", for every path outside /api. The root
// directory comes from the root-owned engine config (http.web_root) or the build-time default, never from
// a request. No token is needed: the files hold no data; every /api call does.
//   - GET and HEAD only (405 otherwise). The path is checked by StaticPath before the file system is
//     touched ('..', hidden segments, encoded slashes, NUL, control characters, more than 1 KiB: 400/414).
//   - The file is opened segment by segment from the root's descriptor with O_NOFOLLOW (openat): no
//     symbolic link is ever followed, so nothing outside the root can be reached. Directories on the way and
//     the file must be owned by root or the engine's user and not writable by group or others (a local user
//     who could change a script could steal an admin's token); a regular file of at most kMaxFileBytes.
//   - Content-Type from the extension; a strong ETag (inode, size, mtime) with If-None-Match -> 304; files
//     under /assets/ (Vite's content-hashed names) are cached for a year as immutable, others revalidated
//     (no-cache).
//   - An unknown path whose last segment has no extension and is not under /assets/ gets index.html (the
//     single-page app routes it); any other unknown file is 404.
// The security headers (security_headers.h) are added to every reply by the HTTP session.
// Thread-safety: immutable after construction; serve() may be called concurrently.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "engine/src/http/http_router.h"

namespace georep::engine {

class StaticFiles {
 public:
  static constexpr std::uintmax_t kMaxFileBytes = 32u << 20;

  // Throws std::runtime_error naming the directory when it is not an existing directory holding
  // index.html, or when it or a directory above it could be changed by someone other than root or
  // trustedUid.
  explicit StaticFiles(const std::filesystem::path& root, uid_t trustedUid);

  HttpReply serve(std::string_view method, std::string_view rawPath, std::string_view ifNoneMatch) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;  // canonical
  uid_t trustedUid_;
};

}  // namespace georep::engine
