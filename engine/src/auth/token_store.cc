#include "engine/src/auth/token_store.h"

#include <soci/soci.h>

#include "engine/src/auth/token_secret.h"
#include "engine/src/db/with_lease.h"

namespace georep::engine::auth {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

constexpr long long kNoTime = -1;  // what COALESCE gives for a NULL timestamp below

std::optional<TimePoint> optionalTime(long long micros) {
  if (micros == kNoTime) return std::nullopt;
  return TimePoint(std::chrono::microseconds(micros));
}

TokenKind parseKind(const std::string& text) { return text == "api" ? TokenKind::kApi : TokenKind::kSession; }

// The lower of two roles.
api::Role lowerRole(api::Role a, api::Role b) { return api::roleAllows(a, b) ? b : a; }

}  // namespace

std::string_view tokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kSession: return "session";
    case TokenKind::kApi: return "api";
  }
  return "session";
}

TokenStore::TokenStore(api::Database& db, std::chrono::milliseconds leaseTimeout)
    : db_(db), leaseTimeout_(leaseTimeout) {}

IssuedToken TokenStore::issue(std::int64_t userId, TokenKind kind, const std::string& name, api::Role role,
                              std::optional<std::chrono::seconds> ttl) {
  if (kind == TokenKind::kSession && !ttl) throw std::invalid_argument("a session token must expire");
  IssuedToken issued;
  issued.secret = newTokenSecret();
  const std::string hash = tokenHash(issued.secret);
  const std::string kindText(tokenKindName(kind));
  const std::string roleText(api::roleName(role));
  const long long user = userId;
  const long long ttlSeconds = ttl ? ttl->count() : kNoTime;
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    long long id = 0;
    long long expires = kNoTime;
    sql << "INSERT INTO auth_tokens (user_id, kind, name, role, token_hash, expires_at) "
           "VALUES (:u, :k, :n, :r, :h, CASE WHEN :t < 0 THEN NULL ELSE now() + make_interval(secs => :t) END) "
           "RETURNING id, COALESCE((extract(epoch FROM expires_at) * 1000000)::bigint, -1)",
        soci::use(user), soci::use(kindText), soci::use(name), soci::use(roleText), soci::use(hash),
        soci::use(ttlSeconds), soci::use(ttlSeconds), soci::into(id), soci::into(expires);
    IssuedToken out = issued;
    out.id = id;
    out.expiresAt = optionalTime(expires);
    return out;
  });
}

std::optional<ActiveToken> TokenStore::lookup(std::string_view secret) {
  if (!looksLikeToken(secret)) return std::nullopt;
  const std::string hash = tokenHash(secret);
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) -> std::optional<ActiveToken> {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT t.id, u.name, t.kind, t.name, t.role, u.role, "
                        "(t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')::int "
                        "FROM auth_tokens t JOIN users u ON u.id = t.user_id "
                        "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND NOT u.disabled "
                        "AND (t.expires_at IS NULL OR t.expires_at > now())",
         soci::use(hash));
    std::optional<ActiveToken> found;
    bool stale = false;
    for (const auto& row : rows) {
      ActiveToken t;
      t.id = row.get<long long>(0);
      t.userName = row.get<std::string>(1);
      t.kind = parseKind(row.get<std::string>(2));
      t.name = row.get<std::string>(3);
      const auto tokenRole = api::parseRole(row.get<std::string>(4)).value_or(api::Role::kViewer);
      const auto userRole = api::parseRole(row.get<std::string>(5)).value_or(api::Role::kViewer);
      t.role = lowerRole(tokenRole, userRole);
      stale = row.get<int>(6) != 0;
      found = std::move(t);
    }
    if (found && stale) {
      const long long id = found->id;
      sql << "UPDATE auth_tokens SET last_used_at = now() WHERE id = :i", soci::use(id);
    }
    return found;
  });
}

std::vector<TokenInfo> TokenStore::list(const std::optional<std::string>& userName) {
  const std::string who = userName.value_or("");
  const int all = userName ? 0 : 1;
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    std::vector<TokenInfo> tokens;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT t.id, u.name, t.kind, t.name, t.role, "
                        "(extract(epoch FROM t.created_at) * 1000000)::bigint, "
                        "COALESCE((extract(epoch FROM t.expires_at) * 1000000)::bigint, -1), "
                        "COALESCE((extract(epoch FROM t.last_used_at) * 1000000)::bigint, -1), "
                        "(t.revoked_at IS NOT NULL)::int "
                        "FROM auth_tokens t JOIN users u ON u.id = t.user_id "
                        "WHERE :a = 1 OR u.name = :w ORDER BY t.id DESC LIMIT 1000",
         soci::use(all), soci::use(who));
    for (const auto& row : rows) {
      TokenInfo t;
      t.id = row.get<long long>(0);
      t.userName = row.get<std::string>(1);
      t.kind = parseKind(row.get<std::string>(2));
      t.name = row.get<std::string>(3);
      t.role = api::parseRole(row.get<std::string>(4)).value_or(api::Role::kViewer);
      t.createdAt = TimePoint(std::chrono::microseconds(row.get<long long>(5)));
      t.expiresAt = optionalTime(row.get<long long>(6));
      t.lastUsedAt = optionalTime(row.get<long long>(7));
      t.revoked = row.get<int>(8) != 0;
      tokens.push_back(std::move(t));
    }
    return tokens;
  });
}

bool TokenStore::revoke(std::int64_t id, const std::optional<std::string>& ownerName) {
  const long long tokenId = id;
  const std::string who = ownerName.value_or("");
  const int any = ownerName ? 0 : 1;
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    long long revoked = 0;
    soci::indicator ind = soci::i_ok;
    sql << "UPDATE auth_tokens t SET revoked_at = now() FROM users u "
           "WHERE t.id = :i AND u.id = t.user_id AND t.revoked_at IS NULL AND (:a = 1 OR u.name = :w) "
           "RETURNING t.id",
        soci::use(tokenId), soci::use(any), soci::use(who), soci::into(revoked, ind);
    return sql.got_data();
  });
}

}  // namespace georep::engine::auth
