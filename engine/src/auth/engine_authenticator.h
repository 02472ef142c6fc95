// EngineAuthenticator: the engine's Authenticator over its database. Bearer tokens are looked up by
// hash (TokenStore); a login is checked against the LoginThrottle BEFORE any hashing, then against the
// user's Argon2id hash (an unknown or disabled user costs one dummy verification, so its answer takes as
// long and reads the same as a wrong password). A failed login raises engine.auth.login_failed
// (warning: user name, address, never the password); a successful one engine.auth.login and opens a
// session token that expires after AuthOptions::sessionTtl.
// A database failure is `unavailable`, never `internal`.
// Actors: "user:<name>" for session tokens, "token:<token name>@<user>" for API tokens.
// Thread-safety: every method may be called concurrently; the stores, throttle and event bus must
// outlive it.
#pragma once

#include <chrono>

#include "engine/api/event_bus.h"
#include "engine/src/auth/authenticator.h"
#include "engine/src/auth/login_throttle.h"
#include "engine/src/auth/token_store.h"
#include "engine/src/auth/user_store.h"

namespace georep::engine::auth {

struct AuthOptions {
  std::chrono::seconds sessionTtl{12 * 3600};
};

class EngineAuthenticator : public Authenticator {
 public:
  EngineAuthenticator(UserStore& users, TokenStore& tokens, LoginThrottle& throttle, api::EventBus& events,
                      AuthOptions options = {});

  api::Caller authenticate(std::string_view bearerToken) override;
  nlohmann::json login(std::string_view user, std::string_view password, std::string_view remoteAddress) override;

 private:
  nlohmann::json checkLogin(std::string_view user, std::string_view password, std::string_view remoteAddress);
  [[noreturn]] void refuseLogin(const std::string& user, std::string_view remoteAddress, const char* reason);

  UserStore& users_;
  TokenStore& tokens_;
  LoginThrottle& throttle_;
  api::EventBus& events_;
  AuthOptions options_;
};

// The actor name of a token: "user:alice" (session) or "token:ci-bot@alice" (api).
std::string actorFor(const ActiveToken& token);

}  // namespace georep::engine::auth
