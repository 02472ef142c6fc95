// georepctl's identity subcommands, against the engine's auth API:
//   login [--user U] [--password-stdin]   POST /api/auth/login; the token goes to the credentials file
//   logout                                auth.logout (revokes the token), then deletes the file
//   whoami                                auth.whoami
//   token create NAME [--role R] [--expires-in-days N] | token list | token revoke ID
// The password is read from the terminal without echo (or one line of stdin) and sent only to a
// loopback engine; neither it nor a token is ever printed, except the new token of `token create`,
// shown once.
// Thread-safety: the object holds CLI11's option targets; use it from one thread, and do not move it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/cli_settings.h"
#include "cli/credentials_store.h"

namespace CLI {
class App;
}

namespace georep::cli {

class AuthCommands {
 public:
  // Adds the subcommands to `app`.
  explicit AuthCommands(CLI::App& app);
  AuthCommands(const AuthCommands&) = delete;
  AuthCommands& operator=(const AuthCommands&) = delete;

  // Runs the subcommand the command line chose and returns its exit status; nothing when it chose none
  // of these. Throws UrlError, TransportError, CredentialsError (runGeorepctl reports them).
  std::optional<int> run(const Settings& settings, const CredentialsStore& store, std::istream& in,
                         std::ostream& out, std::ostream& err) const;

 private:
  int login(const Settings& s, const CredentialsStore& store, std::istream& in, std::ostream& out,
            std::ostream& err) const;
  int logout(const Settings& s, const CredentialsStore& store, std::ostream& out, std::ostream& err) const;
  int show(const Settings& s, const CredentialsStore& store, const std::string& command,
           const std::string& params, std::ostream& out, std::ostream& err) const;
  int tokenCreate(const Settings& s, const CredentialsStore& store, std::ostream& out, std::ostream& err) const;

  CLI::App* login_ = nullptr;
  CLI::App* logout_ = nullptr;
  CLI::App* whoami_ = nullptr;
  CLI::App* tokenCreate_ = nullptr;
  CLI::App* tokenList_ = nullptr;
  CLI::App* tokenRevoke_ = nullptr;

  std::string user_;
  bool passwordStdin_ = false;
  std::string tokenName_;
  std::string tokenRole_;
  int expiresInDays_ = 0;
  std::int64_t revokeId_ = 0;
};

}  // namespace georep::cli
