// Password hashing with Argon2id (libsodium crypto_pwhash_str): the stored string carries the salt and
// the cost, so verification needs nothing else. Cost: libsodium's "interactive" limits (2 passes,
// 64 MiB), and at most kMaxConcurrentHashes hashes at once so that a flood of logins cannot make the
// engine allocate gigabytes; a caller that waits longer than kHashSlotWait gets `unavailable`.
// Passwords longer than kMaxPasswordBytes are refused before any hashing.
// Thread-safety: every function may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace georep::engine::auth {

inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr int kMaxConcurrentHashes = 2;
inline constexpr std::chrono::seconds kHashSlotWait{10};

// Initialises libsodium once (idempotent). Throws std::runtime_error when it cannot.
void ensureSodium();

// The Argon2id hash string of `password` ("$argon2id$v=19$m=...").
// Throws api::CommandError: invalid_argument (field "password") when it is shorter than
// kMinPasswordBytes or longer than kMaxPasswordBytes; unavailable when no hashing slot frees in time.
std::string hashPassword(std::string_view password);

// True when `password` matches `hash`. A password longer than kMaxPasswordBytes, or a malformed hash,
// is false. Throws api::CommandError(unavailable) when no hashing slot frees in time.
bool verifyPassword(const std::string& hash, std::string_view password);

// Spends the time of one verification against a fixed hash, so that an unknown user name takes as
// long to refuse as a wrong password.
void verifyDummy(std::string_view password);

// Computes the fixed hash verifyDummy() uses now, so that the first unknown user is not slower than
// the next ones. Call once at start-up.
void prepareDummyHash();

}  // namespace georep::engine::auth
