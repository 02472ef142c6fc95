// Bootstrap from the OS: whoever can run georep-engine with its database credentials (root) is already
// trusted, so the engine binary itself creates the first admin and issues API tokens for scripts
// (georep-engine --bootstrap-admin / --issue-token; see main.cc).
// Thread-safety: as the stores; meant for a short-lived process.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/src/auth/token_store.h"
#include "engine/src/auth/user_store.h"

namespace georep::engine::auth {

struct BootstrapOutcome {
  bool created = false;           // false: an enabled admin already existed, nothing changed
  std::string generatedPassword;  // set only when created with a generated password (show it once)
};

// When no enabled admin exists, makes `name` one with `password`, or with a generated password when
// none is given. Throws api::CommandError (bad name or password) or std::exception (database).
BootstrapOutcome bootstrapAdmin(UserStore& users, const std::string& name, const std::optional<std::string>& password);

// A random password: 24 characters of base64url (144 bits).
std::string generatePassword();

// A new API token for the existing, enabled user `user`, with the user's role. Throws
// api::CommandError(not_found) for an unknown or disabled user, invalid_argument for a bad token name.
IssuedToken issueApiToken(UserStore& users, TokenStore& tokens, const std::string& user, const std::string& tokenName,
                          std::optional<std::chrono::seconds> ttl);

}  // namespace georep::engine::auth
