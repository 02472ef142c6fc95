#include "engine/src/auth/login_throttle.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace georep::engine::auth {

bool LoginThrottle::stale(const Entry& entry, std::chrono::steady_clock::time_point now) {
  return now - std::max(entry.lastFailure, entry.blockedUntil) >= kForgetAfter;
}

LoginThrottle::LoginThrottle(Clock clock) : clock_(std::move(clock)) {}

std::optional<std::chrono::seconds> LoginThrottle::waitFor(const Table& table, std::string_view key,
                                                           std::chrono::steady_clock::time_point now) const {
  auto it = table.find(std::string(key));
  if (it == table.end() || it->second.blockedUntil <= now) return std::nullopt;
  // Round up: "retry after 0 s" while still blocked would invite a busy loop.
  const auto left = std::chrono::ceil<std::chrono::seconds>(it->second.blockedUntil - now);
  return std::max(left, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> LoginThrottle::retryAfter(std::string_view user, std::string_view address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  const auto byUser = waitFor(users_, user, now);
  const auto byAddress = waitFor(addresses_, address, now);
  if (byUser && byAddress) return std::max(*byUser, *byAddress);
  return byUser ? byUser : byAddress;
}

void LoginThrottle::prune(Table& table, std::chrono::steady_clock::time_point now) {
  std::erase_if(table, [&](const auto& item) { return stale(item.second, now); });
}

void LoginThrottle::fail(Table& table, std::string_view key, std::chrono::steady_clock::time_point now) {
  auto it = table.find(std::string(key));
  if (it == table.end()) {
    if (table.size() >= kMaxKeys) prune(table, now);
    if (table.size() >= kMaxKeys) {
      spdlog::warn("login throttle: {} keys tracked, not tracking more", table.size());
      return;
    }
    it = table.emplace(std::string(key), Entry{}).first;
  }
  Entry& entry = it->second;
  if (stale(entry, now)) entry = Entry{};
  ++entry.failures;
  entry.lastFailure = now;
  if (entry.failures <= kFreeFailures) return;
  const int doublings = std::min(entry.failures - kFreeFailures - 1, 20);
  const auto delay = std::min<std::chrono::seconds>(kFirstDelay * (1LL << doublings), kMaxDelay);
  entry.blockedUntil = now + delay;
}

void LoginThrottle::recordFailure(std::string_view user, std::string_view address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  fail(users_, user, now);
  fail(addresses_, address, now);
}

void LoginThrottle::recordSuccess(std::string_view user) {
  std::lock_guard lock(mutex_);
  users_.erase(std::string(user));
}

}  // namespace georep::engine::auth
