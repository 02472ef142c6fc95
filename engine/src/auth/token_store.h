// TokenStore: bearer tokens in PostgreSQL (table auth_tokens), stored only as the SHA-256 of their
// secret (token_secret.h). A token is `session` (from a login; always expires) or `api` (named, for
// automation; may expire). It is valid while not revoked, not expired and its user is enabled; its
// effective role is the lower of its own and its user's current role (demoting a user demotes its
// tokens). last_used_at is written at most once a minute per token.
// Thread-safety: every method may be called concurrently from any thread (each borrows its own pooled
// session for at most the lease timeout).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/command_bus.h"
#include "engine/api/database.h"

namespace georep::engine::auth {

enum class TokenKind { kSession, kApi };

std::string_view tokenKindName(TokenKind kind);

// A token just made: the secret is here once and nowhere else.
struct IssuedToken {
  std::int64_t id = 0;
  std::string secret;
  std::optional<std::chrono::system_clock::time_point> expiresAt;
};

// A valid token, as a request presents it.
struct ActiveToken {
  std::int64_t id = 0;
  std::string userName;
  TokenKind kind = TokenKind::kSession;
  std::string name;
  api::Role role = api::Role::kViewer;  // effective: the lower of the token's and the user's
};

// A token as listed (never its secret nor its hash).
struct TokenInfo {
  std::int64_t id = 0;
  std::string userName;
  TokenKind kind = TokenKind::kSession;
  std::string name;
  api::Role role = api::Role::kViewer;  // as issued
  std::chrono::system_clock::time_point createdAt{};
  std::optional<std::chrono::system_clock::time_point> expiresAt;
  std::optional<std::chrono::system_clock::time_point> lastUsedAt;
  bool revoked = false;
};

class TokenStore {
 public:
  explicit TokenStore(api::Database& db, std::chrono::milliseconds leaseTimeout = std::chrono::seconds(5));

  // A new token for the user with id `userId`; `ttl` none = never expires (api tokens only).
  IssuedToken issue(std::int64_t userId, TokenKind kind, const std::string& name, api::Role role,
                    std::optional<std::chrono::seconds> ttl);

  // The valid token with this secret, or nullopt (unknown, malformed, expired, revoked, user disabled).
  std::optional<ActiveToken> lookup(std::string_view secret);

  // Tokens of one user (by name), or of every user; newest first; revoked and expired ones included.
  std::vector<TokenInfo> list(const std::optional<std::string>& userName);

  // Revokes the token `id` (of `ownerName` only, when given). False when there is no such unrevoked token.
  bool revoke(std::int64_t id, const std::optional<std::string>& ownerName);

 private:
  api::Database& db_;
  std::chrono::milliseconds leaseTimeout_;
};

}  // namespace georep::engine::auth
