// UserStore: the engine's users in PostgreSQL (table users): name, role, Argon2id password hash,
// disabled flag. Changes that could leave no enabled admin (remove, demote, disable) are serialised by
// one transaction-scoped advisory lock and refused with `conflict` when they would. Removing a user
// deletes its tokens; disabling one revokes them.
// It never hashes: callers pass hashes made by password_hasher.h.
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

struct User {
  std::int64_t id = 0;
  std::string name;
  api::Role role = api::Role::kViewer;
  std::string passwordHash;
  bool disabled = false;
  std::chrono::system_clock::time_point createdAt{};
};

inline constexpr std::size_t kMaxAccountNameLength = 64;

// User and token names: 1..64 of letters, digits, '.', '_', '-', starting with a letter or digit.
bool isValidAccountName(std::string_view name);

class UserStore {
 public:
  explicit UserStore(api::Database& db, std::chrono::milliseconds leaseTimeout = std::chrono::seconds(5));

  std::optional<User> find(const std::string& name);
  std::vector<User> list();

  // Throws CommandError: invalid_argument (name), conflict when the name is taken.
  User create(const std::string& name, api::Role role, const std::string& passwordHash);

  // Throw CommandError not_found, or conflict when the change would leave no enabled admin.
  void remove(const std::string& name);
  void setRole(const std::string& name, api::Role role);
  void setDisabled(const std::string& name, bool disabled);

  // Replaces the hash and revokes the user's session tokens except `keepTokenId` (0 = none kept).
  // Throws CommandError(not_found).
  void setPassword(const std::string& name, const std::string& passwordHash, std::int64_t keepTokenId);

  bool hasEnabledAdmin();

  // For the bootstrap: when no enabled admin exists, makes `name` one (creating it, or re-enabling,
  // promoting and re-keying it and revoking its tokens when it exists) and returns true; false when an
  // enabled admin already exists. Atomic under the same lock as the other changes.
  bool ensureAdmin(const std::string& name, const std::string& passwordHash);

 private:
  api::Database& db_;
  std::chrono::milliseconds leaseTimeout_;
};

}  // namespace georep::engine::auth
