// Bearer token secrets: "grt_" followed by 32 random bytes (libsodium randombytes_buf) in unpadded
// base64url (43 characters). Only their SHA-256 (hex) is ever stored; the secret is shown once.
// Thread-safety: pure functions (randombytes_buf is thread-safe).
#pragma once

#include <string>
#include <string_view>

namespace georep::engine::auth {

inline constexpr std::string_view kTokenPrefix = "grt_";
inline constexpr std::size_t kTokenLength = 4 + 43;

// `bytes` random bytes in unpadded base64url.
std::string randomBase64Url(std::size_t bytes);

// A new random token secret.
std::string newTokenSecret();

// True when `token` has the shape of a token secret (prefix, length, base64url alphabet), so that
// garbage is refused without touching the database.
bool looksLikeToken(std::string_view token);

// The lowercase hex SHA-256 of the token: what the database stores and looks up.
std::string tokenHash(std::string_view token);

}  // namespace georep::engine::auth
