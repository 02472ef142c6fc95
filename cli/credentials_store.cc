#include "cli/credentials_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

#include "cli/secure_file.h"

namespace georep::cli {
namespace {

constexpr std::size_t kMaxFileBytes = 64 * 1024;

std::string field(const nlohmann::json& doc, const char* key, const std::filesystem::path& file) {
  if (!doc.contains(key) || !doc[key].is_string() || doc[key].get<std::string>().empty())
    throw CredentialsError(file.string() + " has no \"" + std::string(key) + "\": delete it and log in again");
  return doc[key].get<std::string>();
}

void makePrivateDirectory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw CredentialsError("cannot create " + dir.string() + ": " + std::strerror(errno));
  checkPrivateDirectory(dir);
  // A directory of ours that others can read lets them list it; tighten it rather than refuse.
  if (::chmod(dir.c_str(), 0700) != 0)
    throw CredentialsError("cannot chmod 700 " + dir.string() + ": " + std::strerror(errno));
}

}  // namespace

CredentialsStore::CredentialsStore(std::filesystem::path file) : file_(std::move(file)) {}

CredentialsStore CredentialsStore::atDefaultLocation() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg == '/') return CredentialsStore(std::filesystem::path(xdg) / "georep" / "credentials.json");
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home != '/')
    throw CredentialsError("neither XDG_CONFIG_HOME nor HOME is set: cannot locate georep's credentials file");
  return CredentialsStore(std::filesystem::path(home) / ".config" / "georep" / "credentials.json");
}

std::optional<Credentials> CredentialsStore::load() const {
  checkPrivateDirectory(file_.parent_path());
  const auto text = readPrivateFile(file_, kMaxFileBytes);
  if (!text) return std::nullopt;
  const auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    throw CredentialsError(file_.string() + " is not a JSON object: delete it and log in again");
  Credentials c;
  c.url = field(doc, "url", file_);
  c.user = field(doc, "user", file_);
  c.token = field(doc, "token", file_);
  c.expiresAt = doc.value("expires_at", "");
  return c;
}

void CredentialsStore::save(const Credentials& credentials) const {
  const auto dir = file_.parent_path();
  if (dir.has_parent_path() && !std::filesystem::exists(dir.parent_path())) {
    std::error_code ec;
    std::filesystem::create_directories(dir.parent_path(), ec);
    if (ec) throw CredentialsError("cannot create " + dir.parent_path().string() + ": " + ec.message());
  }
  makePrivateDirectory(dir);

  const nlohmann::json doc{{"url", credentials.url},
                           {"user", credentials.user},
                           {"token", credentials.token},
                           {"expires_at", credentials.expiresAt}};
  const std::string text = doc.dump(2) + "\n";
  std::string temp = (dir / ".credentials.json.XXXXXX").string();
  const mode_t oldMask = ::umask(077);
  const int fd = ::mkstemp(temp.data());  // created 0600
  ::umask(oldMask);
  if (fd < 0) throw CredentialsError("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw CredentialsError(what + " " + temp + ": " + std::strerror(saved));
  };
  if (::fchmod(fd, 0600) != 0) fail("cannot chmod");
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write");
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("cannot fsync");
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    throw CredentialsError("cannot close " + temp + ": " + std::strerror(saved));
  }
  if (::rename(temp.c_str(), file_.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    throw CredentialsError("cannot replace " + file_.string() + ": " + std::strerror(saved));
  }
}

bool CredentialsStore::remove() const {
  if (::unlink(file_.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  throw CredentialsError("cannot delete " + file_.string() + ": " + std::strerror(errno));
}

}  // namespace georep::cli
