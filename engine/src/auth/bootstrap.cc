#include "engine/src/auth/bootstrap.h"

#include "engine/src/auth/password_hasher.h"
#include "engine/src/auth/token_secret.h"

namespace georep::engine::auth {

std::string generatePassword() { return randomBase64Url(18); }

BootstrapOutcome bootstrapAdmin(UserStore& users, const std::string& name, const std::optional<std::string>& password) {
  if (!isValidAccountName(name)) {
    throw api::invalidArgument("name", "an admin name is 1 to 64 letters, digits, '.', '_' or '-'");
  }
  if (users.hasEnabledAdmin()) return {};
  BootstrapOutcome outcome;
  const std::string secret = password ? *password : generatePassword();
  if (!password) outcome.generatedPassword = secret;
  outcome.created = users.ensureAdmin(name, hashPassword(secret));
  if (!outcome.created) outcome.generatedPassword.clear();  // another bootstrap won the race
  return outcome;
}

IssuedToken issueApiToken(UserStore& users, TokenStore& tokens, const std::string& user, const std::string& tokenName,
                          std::optional<std::chrono::seconds> ttl) {
  if (!isValidAccountName(tokenName)) {
    throw api::invalidArgument("token-name", "a token name is 1 to 64 letters, digits, '.', '_' or '-'");
  }
  const auto found = users.find(user);
  if (!found || found->disabled) throw api::CommandError(api::ErrorCode::kNotFound, "no enabled user named " + user);
  return tokens.issue(found->id, TokenKind::kApi, tokenName, found->role, ttl);
}

}  // namespace georep::engine::auth
