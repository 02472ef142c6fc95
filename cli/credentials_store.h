// CredentialsStore: where `georepctl login` keeps its token: $XDG_CONFIG_HOME/georep/credentials.json,
// else ~/.config/georep/credentials.json, as {"url","user","token","expires_at"}. The directory is made
// 0700 and the file 0600; a save writes a temporary file in the same directory, fsyncs it and renames it
// over the old one (a reader sees the old file or the new one, never half of one). A file (or directory)
// that is not owned by the caller, is group/world-accessible or is a symbolic link is refused, never
// read: another local user could have planted or read it.
// Thread-safety: no shared state; concurrent saves from two processes each replace the file whole.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace georep::cli {

// The file (or its directory) cannot be used safely or at all; the message names the path and the fix.
class CredentialsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Credentials {
  std::string url;        // the normalized server URL the token belongs to (ServerUrl::toString())
  std::string user;
  std::string token;
  std::string expiresAt;  // as the engine sent it (RFC 3339)
};

class CredentialsStore {
 public:
  explicit CredentialsStore(std::filesystem::path file);
  // The default location (see above). Throws CredentialsError when neither XDG_CONFIG_HOME nor HOME is set.
  static CredentialsStore atDefaultLocation();

  const std::filesystem::path& file() const { return file_; }

  // Nothing when there is no file. Throws CredentialsError when it is unsafe or malformed.
  std::optional<Credentials> load() const;
  // Creates the directory (0700) when missing and replaces the file atomically (0600).
  void save(const Credentials& credentials) const;
  // Deletes the file; false when there was none.
  bool remove() const;

 private:
  std::filesystem::path file_;
};

}  // namespace georep::cli
