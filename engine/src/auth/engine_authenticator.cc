#include "engine/src/auth/engine_authenticator.h"

#include <spdlog/spdlog.h>

#include "engine/src/auth/password_hasher.h"
#include "engine/src/common/correlation.h"
#include "engine/src/common/iso_time.h"

namespace georep::engine::auth {
namespace {

using api::CommandError;
using api::ErrorCode;

constexpr const char* kWrongCredentials = "wrong user name or password";
constexpr std::size_t kMaxLoggedName = 64;  // what an attacker types as a user name is cut before it is kept

// A user name as it may appear in events and logs: cut, control characters replaced.
std::string printableName(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, kMaxLoggedName)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  return out;
}

// Runs `work`; a failure that is not a typed error (the database is down, a connection broke) becomes
// `unavailable`, never `internal`: the caller should retry, and learns nothing about the SQL.
template <typename Work>
auto typedFailures(const char* what, Work&& work) {
  try {
    return work();
  } catch (const CommandError&) {
    throw;
  } catch (const std::exception& e) {
    spdlog::error("auth: {} failed: {}", what, e.what());
    throw CommandError(ErrorCode::kUnavailable, std::string(what) + " is not possible right now (database unavailable)");
  }
}

}  // namespace

std::string actorFor(const ActiveToken& token) {
  if (token.kind == TokenKind::kApi) return "token:" + token.name + "@" + token.userName;
  return "user:" + token.userName;
}

EngineAuthenticator::EngineAuthenticator(UserStore& users, TokenStore& tokens, LoginThrottle& throttle,
                                         api::EventBus& events, AuthOptions options)
    : users_(users), tokens_(tokens), throttle_(throttle), events_(events), options_(options) {
  prepareDummyHash();
}

api::Caller EngineAuthenticator::authenticate(std::string_view bearerToken) {
  if (bearerToken.empty()) {
    throw CommandError(ErrorCode::kUnauthenticated,
                       "this request needs a token (Authorization: Bearer <token>; georepctl login)");
  }
  const auto token = typedFailures("checking the token", [&] { return tokens_.lookup(bearerToken); });
  if (!token) throw CommandError(ErrorCode::kUnauthenticated, "the token is invalid, expired or revoked");
  return api::Caller{actorFor(*token), token->role, token->userName, token->id};
}

void EngineAuthenticator::refuseLogin(const std::string& user, std::string_view remoteAddress, const char* reason) {
  throttle_.recordFailure(user, remoteAddress);
  api::Event event;
  event.name = "engine.auth.login_failed";
  event.severity = api::Severity::kWarning;
  event.actor = "anonymous";
  event.body = {{"user", user}, {"address", std::string(remoteAddress)}, {"reason", reason}};
  events_.raise(std::move(event));
  throw CommandError(ErrorCode::kUnauthenticated, kWrongCredentials);
}

nlohmann::json EngineAuthenticator::login(std::string_view userName, std::string_view password,
                                          std::string_view remoteAddress) {
  return typedFailures("logging in", [&] { return checkLogin(userName, password, remoteAddress); });
}

nlohmann::json EngineAuthenticator::checkLogin(std::string_view userName, std::string_view password,
                                               std::string_view remoteAddress) {
  const std::string name = printableName(userName);
  if (const auto wait = throttle_.retryAfter(name, remoteAddress)) {
    throw CommandError(ErrorCode::kRateLimited,
                       "too many failed logins; try again in " + std::to_string(wait->count()) + " s", {},
                       {{"retry_after_seconds", wait->count()}});
  }
  if (password.size() > kMaxPasswordBytes) refuseLogin(name, remoteAddress, "password too long");
  const auto user = name == userName ? users_.find(name) : std::nullopt;
  if (!user || user->disabled) {
    verifyDummy(password);
    refuseLogin(name, remoteAddress, user ? "user disabled" : "unknown user");
  }
  if (!verifyPassword(user->passwordHash, password)) refuseLogin(name, remoteAddress, "wrong password");
  throttle_.recordSuccess(name);

  const IssuedToken issued = tokens_.issue(user->id, TokenKind::kSession, "login", user->role, options_.sessionTtl);
  ActorScope actor("user:" + user->name);
  api::Event event;
  event.name = "engine.auth.login";
  event.body = {{"user", user->name}, {"address", std::string(remoteAddress)}, {"token_id", issued.id}};
  events_.raise(std::move(event));
  return {{"token", issued.secret},
          {"token_id", issued.id},
          {"expires_at", isoTime(*issued.expiresAt)},
          {"user", user->name},
          {"role", api::roleName(user->role)}};
}

}  // namespace georep::engine::auth
