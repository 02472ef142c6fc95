#include "engine/src/auth/user_store.h"

#include <algorithm>
#include <cctype>

#include <soci/soci.h>

#include "engine/src/db/with_lease.h"

namespace georep::engine::auth {
namespace {

using api::CommandError;
using api::ErrorCode;

// Serialises every change to who is an enabled admin (one key for the whole users table).
constexpr const char* kLockUsers = "SELECT pg_advisory_xact_lock(hashtext('georep.engine.users'))";

constexpr const char* kUserColumns =
    "id, name, role, password_hash, disabled::int, (extract(epoch FROM created_at) * 1000000)::bigint";

User userFromRow(const soci::row& row) {
  User u;
  u.id = row.get<long long>(0);
  u.name = row.get<std::string>(1);
  u.role = api::parseRole(row.get<std::string>(2)).value_or(api::Role::kViewer);
  u.passwordHash = row.get<std::string>(3);
  u.disabled = row.get<int>(4) != 0;
  u.createdAt = std::chrono::system_clock::time_point(std::chrono::microseconds(row.get<long long>(5)));
  return u;
}

std::optional<User> findIn(soci::session& sql, const std::string& name, bool forUpdate) {
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kUserColumns << " FROM users WHERE name = :n"
                                              << (forUpdate ? " FOR UPDATE" : ""),
                                  soci::use(name));
  for (const auto& row : rows) return userFromRow(row);
  return std::nullopt;
}

User requireIn(soci::session& sql, const std::string& name) {
  auto user = findIn(sql, name, true);
  if (!user) throw CommandError(ErrorCode::kNotFound, "no such user: " + name);
  return *user;
}

int otherEnabledAdmins(soci::session& sql, std::int64_t userId) {
  int count = 0;
  const long long id = userId;
  sql << "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled AND id <> :i", soci::use(id),
      soci::into(count);
  return count;
}

// Throws conflict when `user` is the last enabled admin and the change would take that away.
void refuseLosingLastAdmin(soci::session& sql, const User& user, const std::string& what) {
  if (user.role != api::Role::kAdmin || user.disabled) return;
  if (otherEnabledAdmins(sql, user.id) == 0) {
    throw CommandError(ErrorCode::kConflict, "refused to " + what + ": " + user.name +
                                                 " is the last enabled admin (create another admin first)");
  }
}

}  // namespace

bool isValidAccountName(std::string_view name) {
  if (name.empty() || name.size() > kMaxAccountNameLength) return false;
  if (std::isalnum(static_cast<unsigned char>(name.front())) == 0) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-';
  });
}

UserStore::UserStore(api::Database& db, std::chrono::milliseconds leaseTimeout)
    : db_(db), leaseTimeout_(leaseTimeout) {}

std::optional<User> UserStore::find(const std::string& name) {
  if (!isValidAccountName(name)) return std::nullopt;
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) { return findIn(sql, name, false); });
}

std::vector<User> UserStore::list() {
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    std::vector<User> users;
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kUserColumns << " FROM users ORDER BY name");
    for (const auto& row : rows) users.push_back(userFromRow(row));
    return users;
  });
}

User UserStore::create(const std::string& name, api::Role role, const std::string& passwordHash) {
  if (!isValidAccountName(name)) {
    throw api::invalidArgument("name", "a user name is 1 to 64 letters, digits, '.', '_' or '-', starting with "
                                       "a letter or digit");
  }
  const std::string roleText(api::roleName(role));
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::indicator ind = soci::i_ok;
    long long id = 0;
    sql << "INSERT INTO users (name, role, password_hash) VALUES (:n, :r, :h) ON CONFLICT (name) DO NOTHING "
           "RETURNING id",
        soci::use(name), soci::use(roleText), soci::use(passwordHash), soci::into(id, ind);
    if (!sql.got_data()) throw CommandError(ErrorCode::kConflict, "user " + name + " already exists", "name");
    auto user = findIn(sql, name, false);
    if (!user) throw std::runtime_error("user " + name + " vanished right after being created");
    return *user;
  });
}

void UserStore::remove(const std::string& name) {
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tr(sql);
    sql << kLockUsers;
    const User user = requireIn(sql, name);
    refuseLosingLastAdmin(sql, user, "remove " + name);
    const long long id = user.id;
    sql << "DELETE FROM users WHERE id = :i", soci::use(id);  // its tokens go with it (ON DELETE CASCADE)
    tr.commit();
  });
}

void UserStore::setRole(const std::string& name, api::Role role) {
  const std::string roleText(api::roleName(role));
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tr(sql);
    sql << kLockUsers;
    const User user = requireIn(sql, name);
    if (role != api::Role::kAdmin) refuseLosingLastAdmin(sql, user, "take the admin role from " + name);
    const long long id = user.id;
    sql << "UPDATE users SET role = :r WHERE id = :i", soci::use(roleText), soci::use(id);
    tr.commit();
  });
}

void UserStore::setDisabled(const std::string& name, bool disabled) {
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tr(sql);
    sql << kLockUsers;
    const User user = requireIn(sql, name);
    if (disabled) refuseLosingLastAdmin(sql, user, "disable " + name);
    const long long id = user.id;
    const int flag = disabled ? 1 : 0;
    sql << "UPDATE users SET disabled = (:d = 1) WHERE id = :i", soci::use(flag), soci::use(id);
    if (disabled) {
      sql << "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = :i AND revoked_at IS NULL", soci::use(id);
    }
    tr.commit();
  });
}

void UserStore::setPassword(const std::string& name, const std::string& passwordHash, std::int64_t keepTokenId) {
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tr(sql);
    const User user = requireIn(sql, name);
    const long long id = user.id;
    const long long keep = keepTokenId;
    sql << "UPDATE users SET password_hash = :h WHERE id = :i", soci::use(passwordHash), soci::use(id);
    sql << "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = :i AND kind = 'session' "
           "AND revoked_at IS NULL AND id <> :k",
        soci::use(id), soci::use(keep);
    tr.commit();
  });
}

bool UserStore::hasEnabledAdmin() {
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    int count = 0;
    sql << "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled", soci::into(count);
    return count > 0;
  });
}

bool UserStore::ensureAdmin(const std::string& name, const std::string& passwordHash) {
  if (!isValidAccountName(name)) {
    throw api::invalidArgument("name", "a user name is 1 to 64 letters, digits, '.', '_' or '-', starting with "
                                       "a letter or digit");
  }
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tr(sql);
    sql << kLockUsers;
    int admins = 0;
    sql << "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled", soci::into(admins);
    if (admins > 0) return false;
    sql << "INSERT INTO users (name, role, password_hash) VALUES (:n, 'admin', :h) "
           "ON CONFLICT (name) DO UPDATE SET role = 'admin', disabled = false, password_hash = EXCLUDED.password_hash",
        soci::use(name), soci::use(passwordHash);
    sql << "UPDATE auth_tokens SET revoked_at = now() WHERE revoked_at IS NULL "
           "AND user_id = (SELECT id FROM users WHERE name = :n)",
        soci::use(name);
    tr.commit();
    return true;
  });
}

}  // namespace georep::engine::auth
