#include "cli/secure_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/credentials_store.h"

namespace georep::cli {
namespace {

// Closes the descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03o", static_cast<unsigned>(mode & 0777));
  return buf;
}

}  // namespace

std::optional<std::string> readPrivateFile(const std::filesystem::path& file, std::size_t maxBytes) {
  const Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    if (errno == ELOOP)
      throw CredentialsError(file.string() + " is a symbolic link: refused (it must be a plain file of yours)");
    throw CredentialsError("cannot open " + file.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw CredentialsError("cannot stat " + file.string() + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw CredentialsError(file.string() + " is not a regular file: refused");
  if (st.st_uid != ::geteuid())
    throw CredentialsError(file.string() + " is owned by uid " + std::to_string(st.st_uid) + ", not by you (uid " +
                           std::to_string(::geteuid()) + "): refused; delete it and log in again");
  if ((st.st_mode & 077) != 0)
    throw CredentialsError(file.string() + " has mode " + octal(st.st_mode) +
                           ": other users may read it, so it is refused; run `chmod 600 " + file.string() +
                           "` (and consider the token leaked: revoke it)");
  if (static_cast<std::size_t>(st.st_size) > maxBytes)
    throw CredentialsError(file.string() + " is larger than " + std::to_string(maxBytes) + " bytes: refused");
  std::string content(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw CredentialsError("cannot read " + file.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  content.resize(got);
  return content;
}

void checkPrivateDirectory(const std::filesystem::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw CredentialsError("cannot stat " + dir.string() + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) throw CredentialsError(dir.string() + " is not a directory: refused");
  if (st.st_uid != ::geteuid())
    throw CredentialsError(dir.string() + " is owned by uid " + std::to_string(st.st_uid) + ", not by you: refused");
  if ((st.st_mode & 022) != 0)
    throw CredentialsError(dir.string() + " has mode " + octal(st.st_mode) +
                           ": other users may replace files in it; run `chmod 700 " + dir.string() + "`");
}

}  // namespace georep::cli
