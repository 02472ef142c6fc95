// LoginThrottle: slows password guessing. Failed logins are counted per user name and per client
// address; after kFreeFailures failures of one key, each further failure blocks that key for a delay
// that doubles from kFirstDelay up to kMaxDelay. A key forgets its failures kForgetAfter after the last
// one or the end of its block, whichever is later; a successful login clears its user name (not its address). Callers ask retryAfter() BEFORE
// hashing anything, and refuse with `rate_limited` while it says so.
// Memory is bounded: at most kMaxKeys keys per kind; beyond that stale keys are pruned and new ones
// are not tracked (the other kind still counts).
// Time comes from an injected clock, so tests need no sleeps.
// Thread-safety: every method may be called concurrently from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace georep::engine::auth {

class LoginThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  static constexpr int kFreeFailures = 5;
  static constexpr std::chrono::seconds kFirstDelay{1};
  static constexpr std::chrono::seconds kMaxDelay{15 * 60};
  static constexpr std::chrono::seconds kForgetAfter{15 * 60};
  static constexpr std::size_t kMaxKeys = 100000;

  explicit LoginThrottle(Clock clock = [] { return std::chrono::steady_clock::now(); });

  // How long the caller must wait before this user name or address may try again; nullopt = now.
  std::optional<std::chrono::seconds> retryAfter(std::string_view user, std::string_view address);

  void recordFailure(std::string_view user, std::string_view address);
  void recordSuccess(std::string_view user);

 private:
  struct Entry {
    int failures = 0;
    std::chrono::steady_clock::time_point lastFailure{};
    std::chrono::steady_clock::time_point blockedUntil{};
  };
  using Table = std::unordered_map<std::string, Entry>;

  std::optional<std::chrono::seconds> waitFor(const Table& table, std::string_view key,
                                              std::chrono::steady_clock::time_point now) const;
  void fail(Table& table, std::string_view key, std::chrono::steady_clock::time_point now);
  static bool stale(const Entry& entry, std::chrono::steady_clock::time_point now);
  void prune(Table& table, std::chrono::steady_clock::time_point now);

  Clock clock_;
  std::mutex mutex_;
  Table users_;
  Table addresses_;
};

}  // namespace georep::engine::auth
