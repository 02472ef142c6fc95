// Authenticator: what the HTTP router needs to know about identity, and nothing more (the router knows
// no users, tables or hashes). The engine implements it over its database (engine_authenticator.h);
// tests may implement it in memory.
// Thread-safety: implementations must allow concurrent calls from any thread.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"

namespace georep::engine::auth {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The caller a bearer token stands for. Throws api::CommandError(kUnauthenticated) when the token is
  // missing, malformed, unknown, expired or revoked, or its user disabled; kUnavailable when the
  // database cannot answer.
  virtual api::Caller authenticate(std::string_view bearerToken) = 0;

  // Checks a user name and password from `remoteAddress` and opens a session: returns the login result
  // {"token","token_id","expires_at","user","role"}. Throws api::CommandError: kRateLimited (with
  // details.retry_after_seconds) while that user or address must wait, kUnauthenticated for wrong
  // credentials (one message for an unknown user and a wrong password), kUnavailable.
  virtual nlohmann::json login(std::string_view user, std::string_view password, std::string_view remoteAddress) = 0;
};

}  // namespace georep::engine::auth
