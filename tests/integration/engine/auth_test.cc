// Identity on a real PostgreSQL: users and hashed tokens (expiry, revocation, demotion, disabling,
// last_used_at), the last admin, logins through the EngineAuthenticator (events, one message for every
// wrong credential, backoff with an injected clock), the auth.* commands with roles and secrets, and
// georep-engine --bootstrap-admin / --issue-token as a process.
#include <cstdio>
#include <functional>
#include <future>
#include <thread>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/engine_authenticator.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/auth/token_secret.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "support/log_capture.h"
#include "support/test_database.h"

namespace georep::engine::auth {
namespace {

using api::Caller;
using api::ErrorCode;
using api::Role;
using georep::testing::TestDatabase;
using nlohmann::json;

constexpr const char* kPassword = "correct horse battery";

const std::string& sharedHash() {
  static const std::string hash = hashPassword(kPassword);
  return hash;
}

class AuthTest : public ::testing::Test {
 protected:
  User addUser(const std::string& name, Role role) { return users_.create(name, role, sharedHash()); }

  long long count(const std::string& query) {
    api::DbLease lease = db_.database().lease(std::chrono::seconds(5));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << query, soci::into(n);
    return n;
  }
  void exec(const std::string& statement) {
    api::DbLease lease = db_.database().lease(std::chrono::seconds(5));
    soci::session& sql = lease.sql();
    sql << statement;
  }
  std::vector<api::Event> events(const std::string& name) {
    std::vector<api::Event> out;
    for (auto& e : audit_.since(0, 1000))
      if (e.name == name) out.push_back(e);
    return out;
  }
  std::string auditText() {
    std::string all;
    for (auto& e : audit_.since(0, 1000)) all += e.name + " " + e.actor + " " + e.body.dump() + "\n";
    return all;
  }

  TestDatabase db_{TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineEventBus events_{&audit_};
  UserStore users_{db_.database()};
  TokenStore tokens_{db_.database()};
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
  LoginThrottle throttle_{[this] { return now_; }};
  EngineAuthenticator authenticator_{users_, tokens_, throttle_, events_};
};

TEST_F(AuthTest, TokensAreStoredHashedAndStopWorkingWhenRevokedExpiredOrTheirUserDisabled) {
  const User alice = addUser("alice", Role::kOperator);
  const auto session = tokens_.issue(alice.id, TokenKind::kSession, "login", Role::kOperator, std::chrono::hours(1));
  const auto api = tokens_.issue(alice.id, TokenKind::kApi, "ci-bot", Role::kViewer, std::nullopt);
  EXPECT_TRUE(looksLikeToken(session.secret));
  ASSERT_TRUE(session.expiresAt);
  EXPECT_FALSE(api.expiresAt);
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE token_hash = '" + tokenHash(session.secret) + "'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens t WHERE strpos(t::text, '" + session.secret.substr(4) + "') > 0"
                  " OR strpos(t::text, '" + api.secret.substr(4) + "') > 0"),
            0)
      << "no secret is stored in clear";

  const Caller s = authenticator_.authenticate(session.secret);
  EXPECT_EQ(s.actor, "user:alice");
  EXPECT_EQ(s.role, Role::kOperator);
  EXPECT_EQ(s.user, "alice");
  EXPECT_EQ(s.tokenId, session.id);
  const Caller a = authenticator_.authenticate(api.secret);
  EXPECT_EQ(a.actor, "token:ci-bot@alice");
  EXPECT_EQ(a.role, Role::kViewer);

  for (const std::string& bad : {std::string(), std::string("grt_nope"), newTokenSecret(), session.secret + "x"}) {
    try {
      authenticator_.authenticate(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const api::CommandError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnauthenticated);
    }
  }

  exec("UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE id = " + std::to_string(session.id));
  EXPECT_FALSE(tokens_.lookup(session.secret)) << "expired";
  EXPECT_TRUE(tokens_.revoke(api.id, std::string("alice")));
  EXPECT_FALSE(tokens_.lookup(api.secret)) << "revoked";
  EXPECT_FALSE(tokens_.revoke(api.id, std::string("alice"))) << "revoking twice finds nothing to revoke";

  const auto other = tokens_.issue(alice.id, TokenKind::kApi, "other", Role::kOperator, std::nullopt);
  EXPECT_FALSE(tokens_.revoke(other.id, std::string("bob"))) << "not bob's token";
  ASSERT_TRUE(tokens_.lookup(other.secret));
  users_.setRole("alice", Role::kViewer);
  EXPECT_EQ(tokens_.lookup(other.secret)->role, Role::kViewer) << "a token never exceeds its user's role";
  addUser("root", Role::kAdmin);
  users_.setDisabled("alice", true);
  EXPECT_FALSE(tokens_.lookup(other.secret)) << "disabled user";
  users_.setDisabled("alice", false);
  EXPECT_FALSE(tokens_.lookup(other.secret)) << "disabling revoked the tokens for good";
}

TEST_F(AuthTest, LastUsedIsWrittenAtMostOnceAMinute) {
  const User alice = addUser("alice", Role::kViewer);
  const auto t = tokens_.issue(alice.id, TokenKind::kApi, "bot", Role::kViewer, std::nullopt);
  const std::string id = std::to_string(t.id);
  ASSERT_TRUE(tokens_.lookup(t.secret));
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE last_used_at IS NOT NULL AND id = " + id), 1);
  exec("UPDATE auth_tokens SET last_used_at = now() - interval '30 seconds' WHERE id = " + id);
  ASSERT_TRUE(tokens_.lookup(t.secret));
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE last_used_at < now() - interval '29 seconds' AND id = " + id), 1);
  exec("UPDATE auth_tokens SET last_used_at = now() - interval '2 minutes' WHERE id = " + id);
  ASSERT_TRUE(tokens_.lookup(t.secret));
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE last_used_at > now() - interval '5 seconds' AND id = " + id), 1);
}

TEST_F(AuthTest, TheLastEnabledAdminCannotBeRemovedDemotedOrDisabled) {
  addUser("ada", Role::kAdmin);
  addUser("vera", Role::kViewer);
  auto expectConflict = [](auto&& action, const char* what) {
    try {
      action();
      ADD_FAILURE() << what << " was allowed";
    } catch (const api::CommandError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kConflict) << what;
      EXPECT_NE(std::string(e.what()).find("last enabled admin"), std::string::npos) << e.what();
    }
  };
  expectConflict([&] { users_.remove("ada"); }, "remove");
  expectConflict([&] { users_.setRole("ada", Role::kOperator); }, "demote");
  expectConflict([&] { users_.setDisabled("ada", true); }, "disable");
  users_.remove("vera");
  EXPECT_THROW(users_.remove("vera"), api::CommandError);
  EXPECT_THROW(users_.create("ada", Role::kViewer, sharedHash()), api::CommandError) << "name taken";
  addUser("bob", Role::kAdmin);
  users_.setDisabled("bob", true);
  expectConflict([&] { users_.remove("ada"); }, "remove with only a disabled other admin");
  users_.setDisabled("bob", false);
  users_.remove("ada");
  EXPECT_FALSE(users_.find("ada"));
  EXPECT_TRUE(users_.hasEnabledAdmin());
}

TEST_F(AuthTest, LoginGivesASessionTokenAndRecordsWhoAndFromWhere) {
  addUser("alice", Role::kOperator);
  const json result = authenticator_.login("alice", kPassword, "192.0.2.7");
  EXPECT_EQ(result["user"], "alice");
  EXPECT_EQ(result["role"], "operator");
  EXPECT_TRUE(result["expires_at"].get<std::string>().ends_with("Z"));
  const Caller caller = authenticator_.authenticate(result["token"].get<std::string>());
  EXPECT_EQ(caller.tokenId, result["token_id"].get<std::int64_t>());
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE kind = 'session' AND expires_at BETWEEN "
                  "now() + interval '11 hours 59 minutes' AND now() + interval '12 hours 1 minute'"),
            1);
  const auto logins = events("engine.auth.login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].actor, "user:alice");
  EXPECT_EQ(logins[0].body["address"], "192.0.2.7");
  EXPECT_EQ(auditText().find(kPassword), std::string::npos);
}

TEST_F(AuthTest, WrongCredentialsReadTheSameAreEventsAndBackOffBeforeAnyHashing) {
  addUser("alice", Role::kAdmin);
  georep::testing::LogCapture log;
  std::vector<std::string> messages;
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"alice", "wrong password 1"}, {"mallory", kPassword}, {"alice", std::string(5000, 'x')},
      {"alice\n", kPassword},        {"alice", "wrong password 2"}, {"alice", "wrong password 3"}};
  for (const auto& [user, password] : attempts) {
    try {
      authenticator_.login(user, password, "198.51.100.1");
      ADD_FAILURE() << user;
    } catch (const api::CommandError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnauthenticated) << user;
      messages.push_back(e.what());
    }
  }
  for (const auto& m : messages) EXPECT_EQ(m, "wrong user name or password");
  const auto failed = events("engine.auth.login_failed");
  ASSERT_EQ(failed.size(), 6u);
  EXPECT_EQ(failed[0].severity, api::Severity::kWarning);
  EXPECT_EQ(failed[0].body["user"], "alice");
  EXPECT_EQ(failed[0].body["address"], "198.51.100.1");
  EXPECT_EQ(failed[1].body["user"], "mallory");
  const std::string audit = auditText();
  for (const char* secret : {"wrong password 1", "wrong password 2", kPassword, "xxxxxxxx"}) {
    EXPECT_EQ(audit.find(secret), std::string::npos) << secret;
    EXPECT_EQ(log.text().find(secret), std::string::npos) << secret;
  }

  // Five failures are free, the sixth blocks this address: the next attempt waits, even with the right
  // password, and is refused without being checked.
  try {
    authenticator_.login("alice", kPassword, "198.51.100.1");
    ADD_FAILURE() << "not rate limited";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kRateLimited);
    EXPECT_EQ(e.details()["retry_after_seconds"], 1);
  }
  EXPECT_EQ(events("engine.auth.login_failed").size(), 6u) << "a refused attempt is not even checked";
  now_ += std::chrono::seconds(1);
  EXPECT_EQ(authenticator_.login("alice", kPassword, "198.51.100.2")["user"], "alice");
}

TEST_F(AuthTest, TheCommandsEnforceRolesKeepSecretsAndRecordTheActor) {
  EngineCommandBus bus;
  auto regs = registerAuthCommands(bus, {users_, tokens_, events_});
  const User ada = addUser("ada", Role::kAdmin);
  const Caller admin{"user:ada", Role::kAdmin, "ada", 0};

  // The bad password is never echoed, in the error nor in the log.
  const std::string badPassword = "s3cr";  // too short
  georep::testing::LogCapture log;
  auto out = bus.dispatchAs(admin, "auth.user.create", {{"name", "vera"}, {"role", "viewer"}, {"password", badPassword}});
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->field(), "password");
  EXPECT_EQ(out.error->toJson().dump().find(badPassword), std::string::npos) << out.error->toJson().dump();
  const std::string tooLong(2000, 'Q');
  out = bus.dispatchAs(admin, "auth.user.create", {{"name", "vera"}, {"role", "viewer"}, {"password", tooLong}});
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->toJson().dump().find("QQQQQQQQ"), std::string::npos);
  EXPECT_EQ(log.text().find(badPassword), std::string::npos) << log.text();
  EXPECT_EQ(log.text().find("QQQQQQQQ"), std::string::npos);

  out = bus.dispatchAs(admin, "auth.user.create", {{"name", "vera"}, {"role", "viewer"}, {"password", kPassword}});
  ASSERT_TRUE(out.ok) << out.error->what();
  EXPECT_FALSE(out.result["user"].contains("password_hash"));
  const auto created = events("engine.auth.user_created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].actor, "user:ada");
  const auto listed = bus.dispatchAs(admin, "auth.user.list", json::object());
  ASSERT_TRUE(listed.ok);
  EXPECT_EQ(listed.result.dump().find("argon2"), std::string::npos);

  const json login = authenticator_.login("vera", kPassword, "127.0.0.1");
  const Caller vera = authenticator_.authenticate(login["token"].get<std::string>());
  EXPECT_EQ(bus.dispatchAs(vera, "auth.user.list", json::object()).error->code(), ErrorCode::kForbidden);
  EXPECT_EQ(bus.dispatchAs(vera, "auth.user.create", {{"name", "x"}, {"role", "admin"}, {"password", kPassword}})
                .error->code(),
            ErrorCode::kForbidden);
  auto who = bus.dispatchAs(vera, "auth.whoami", json::object());
  EXPECT_EQ(who.result["user"], "vera");
  EXPECT_EQ(who.result["role"], "viewer");

  // API tokens: never above the creator's role; listed and revoked by their owner only (admin: any).
  auto higher = bus.dispatchAs(vera, "auth.token.create", {{"name", "ci"}, {"role", "operator"}});
  EXPECT_EQ(higher.error->code(), ErrorCode::kForbidden);
  auto made = bus.dispatchAs(vera, "auth.token.create", {{"name", "ci"}, {"expires_in_days", 30}});
  ASSERT_TRUE(made.ok) << made.error->what();
  EXPECT_EQ(made.result["role"], "viewer");
  EXPECT_EQ(made.result["name"], "ci");
  EXPECT_TRUE(made.result["expires_at"].is_string());
  const Caller ci = authenticator_.authenticate(made.result["token"].get<std::string>());
  EXPECT_EQ(ci.actor, "token:ci@vera");
  const auto adaToken = tokens_.issue(ada.id, TokenKind::kApi, "ada-bot", Role::kAdmin, std::nullopt);
  auto veraList = bus.dispatchAs(vera, "auth.token.list", json::object());
  for (const auto& t : veraList.result["tokens"]) {
    EXPECT_EQ(t["user"], "vera");
    EXPECT_FALSE(t.contains("token"));
  }
  EXPECT_EQ(veraList.result.dump().find(made.result["token"].get<std::string>()), std::string::npos);
  EXPECT_EQ(bus.dispatchAs(vera, "auth.token.revoke", {{"id", adaToken.id}}).error->code(), ErrorCode::kNotFound);
  EXPECT_TRUE(tokens_.lookup(adaToken.secret));
  EXPECT_TRUE(bus.dispatchAs(admin, "auth.token.revoke", {{"id", made.result["token_id"]}}).ok);
  EXPECT_FALSE(tokens_.lookup(made.result["token"].get<std::string>()));

  // Own password: only with the current one; admin for others.
  EXPECT_EQ(bus.dispatchAs(vera, "auth.user.set_password", {{"name", "vera"}, {"password", "new password 1"}})
                .error->field(),
            "current_password");
  EXPECT_EQ(bus.dispatchAs(vera, "auth.user.set_password",
                           {{"name", "vera"}, {"password", "new password 1"}, {"current_password", "guess guess"}})
                .error->code(),
            ErrorCode::kForbidden);
  EXPECT_EQ(bus.dispatchAs(vera, "auth.user.set_password", {{"name", "ada"}, {"password", "new password 1"}})
                .error->code(),
            ErrorCode::kForbidden);
  ASSERT_TRUE(bus.dispatchAs(vera, "auth.user.set_password",
                             {{"name", "vera"}, {"password", "new password 1"}, {"current_password", kPassword}})
                  .ok);
  EXPECT_TRUE(verifyPassword(users_.find("vera")->passwordHash, "new password 1"));

  // Logout revokes the token used; removing a user removes its tokens.
  EXPECT_TRUE(bus.dispatchAs(vera, "auth.logout", json::object()).ok);
  EXPECT_FALSE(tokens_.lookup(login["token"].get<std::string>()));
  EXPECT_EQ(bus.dispatchAs(admin, "auth.user.remove", {{"name", "ada"}}).error->code(), ErrorCode::kConflict);
  ASSERT_TRUE(bus.dispatchAs(admin, "auth.user.remove", {{"name", "vera"}}).ok);
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE u.name = 'vera'"), 0);
  EXPECT_EQ(auditText().find(kPassword), std::string::npos);
  EXPECT_EQ(auditText().find("new password 1"), std::string::npos);
}

TEST(AuthDatabaseDown, ADatabaseThatCannotAnswerIsUnavailableNeverInternal) {
  TestDatabase db{TestDatabase::Schema::kEngine, 1};
  AuditLog audit{db.database()};
  EngineEventBus events{nullptr};
  UserStore users{db.database(), std::chrono::milliseconds(50)};
  TokenStore tokens{db.database(), std::chrono::milliseconds(50)};
  LoginThrottle throttle;
  EngineAuthenticator authenticator{users, tokens, throttle, events};
  // The only connection is held by another thread until the attempts are done: every lease times out.
  std::promise<void> taken, done;
  std::thread holder([&] {
    api::DbLease held = db.database().lease(std::chrono::seconds(5));
    taken.set_value();
    done.get_future().wait();
  });
  taken.get_future().wait();
  for (const auto& attempt : std::vector<std::function<void()>>{
           [&] { authenticator.authenticate(newTokenSecret()); },
           [&] { authenticator.login("alice", kPassword, "127.0.0.1"); }}) {
    try {
      attempt();
      ADD_FAILURE() << "no error";
    } catch (const api::CommandError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnavailable) << e.what();
      EXPECT_EQ(std::string(e.what()).find("SELECT"), std::string::npos);
    }
  }
  done.set_value();
  holder.join();
}

// Runs `command` through the shell; returns its exit status and stdout.
std::pair<int, std::string> run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe.get()) != nullptr) out += buf;
  const int status = ::pclose(pipe.release());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_F(AuthTest, BootstrapCreatesTheFirstAdminOnceAndIssuesTokensForScripts) {
  const std::string env = "GEOREP_DB='" + db_.connectString() + "' GEOREP_PLUGINS= ";
  const std::string engine = GEOREP_ENGINE_BINARY;
  auto [status, out] = run(env + "GEOREP_ADMIN_PASSWORD= " + engine + " --bootstrap-admin root 2>/dev/null");
  ASSERT_EQ(status, 0) << out;
  const auto pos = out.find("password: ");
  ASSERT_NE(pos, std::string::npos) << out;
  const std::string generated = out.substr(pos + 10, out.find('\n', pos) - pos - 10);
  EXPECT_EQ(generated.size(), 24u) << out;
  const auto root = users_.find("root");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->role, Role::kAdmin);
  EXPECT_TRUE(verifyPassword(root->passwordHash, generated));
  EXPECT_EQ(auditText().find(generated), std::string::npos);
  EXPECT_EQ(events("engine.auth.admin_bootstrapped").size(), 1u);

  std::tie(status, out) = run(env + "GEOREP_ADMIN_PASSWORD='another password' " + engine + " --bootstrap-admin 2>/dev/null");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, "an admin already exists\n");
  EXPECT_FALSE(users_.find("admin"));
  EXPECT_TRUE(verifyPassword(users_.find("root")->passwordHash, generated)) << "nothing changed";

  std::tie(status, out) = run(env + engine + " --issue-token root --token-name deploy --ttl-seconds 600 2>/dev/null");
  ASSERT_EQ(status, 0);
  ASSERT_EQ(out.size(), kTokenLength + 1) << "only the token on stdout: " << out;
  const Caller caller = authenticator_.authenticate(out.substr(0, kTokenLength));
  EXPECT_EQ(caller.actor, "token:deploy@root");
  EXPECT_EQ(caller.role, Role::kAdmin);
  EXPECT_EQ(count("SELECT count(*) FROM auth_tokens WHERE name = 'deploy' AND kind = 'api' AND "
                  "expires_at < now() + interval '601 seconds'"),
            1);

  std::tie(status, out) = run(env + engine + " --issue-token nobody 2>/dev/null");
  EXPECT_NE(status, 0);
  EXPECT_EQ(out, "");

  // With the password from the environment, into a fresh database.
  TestDatabase fresh{TestDatabase::Schema::kEmpty};
  std::tie(status, out) = run("GEOREP_DB='" + fresh.connectString() + "' GEOREP_ADMIN_PASSWORD='from the env 123' " +
                              engine + " --bootstrap-admin 2>/dev/null");
  ASSERT_EQ(status, 0) << out;
  EXPECT_EQ(out.find("from the env"), std::string::npos) << out;
  UserStore freshUsers(fresh.database());
  const auto admin = freshUsers.find("admin");
  ASSERT_TRUE(admin);
  EXPECT_TRUE(verifyPassword(admin->passwordHash, "from the env 123"));
}

}  // namespace
}  // namespace georep::engine::auth
