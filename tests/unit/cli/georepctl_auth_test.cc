// georepctl's login, logout, tokens and bearer handling as a program, against a scripted HTTP server:
// what goes on the wire (the Authorization header, the login body), what is stored, what is printed
// (never the password, never the token but once for `token create`), the 401 message, and the usage
// errors caught before any network.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/credentials_store.h"
#include "cli/georepctl_app.h"
#include "georepctl_server_test.h"
#include "scripted_http_server.h"

namespace georep::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::kToken;
using testing::ScriptedHttpServer;
using testing::ScriptedReply;

constexpr const char* kPassword = "correct horse battery staple";

using testing::bodyOf;
using testing::errorReply;
using testing::headOf;
using testing::okReply;

class GeorepctlAuthTest : public testing::GeorepctlServerTest {};

TEST_F(GeorepctlAuthTest, A401SaysToLogInAndExitsWith1) {
  ScriptedHttpServer server({errorReply(401, "unauthenticated", {"WWW-Authenticate: Bearer"})});
  const CliRun r = run({"--url", server.url(), "call", "cluster.list"});
  EXPECT_EQ(r.status, kExitError);
  EXPECT_EQ(r.err.rfind("error: not logged in or token expired: run georepctl login\n", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("unauthenticated"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(GeorepctlAuthTest, The403OfALowRoleIsShownAsTheTypedError) {
  ScriptedHttpServer server({errorReply(403, "forbidden")});
  const CliRun r = run({"--url", server.url(), "call", "cluster.add", "name=x"});
  EXPECT_EQ(r.status, kExitError);
  EXPECT_EQ(r.err.rfind("error: forbidden: ", 0), 0u) << r.err;
}

TEST_F(GeorepctlAuthTest, TheStoredTokenIsSentToItsServerAndToNoOther) {
  ScriptedHttpServer server({okReply({{"clusters", json::array()}}), okReply({{"clusters", json::array()}})});
  storeToken(server.url());
  ASSERT_EQ(run({"--url", server.url(), "call", "cluster.list"}).status, kExitOk);

  ScriptedHttpServer other({okReply({{"clusters", json::array()}})});
  ASSERT_EQ(run({"--url", other.url(), "call", "cluster.list"}).status, kExitOk);

  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_NE(headOf(server.requests()[0]).find(std::string("\r\nAuthorization: Bearer ") + kToken), std::string::npos)
      << server.requests()[0];
  ASSERT_EQ(other.requests().size(), 1u);
  EXPECT_EQ(other.requests()[0].find("Authorization"), std::string::npos) << "the token went to another server";
  EXPECT_EQ(other.requests()[0].find(kToken), std::string::npos);
}

TEST_F(GeorepctlAuthTest, HealthNeverSendsTheToken) {
  ScriptedHttpServer server({{200, R"({"status":"ok"})", {}}});
  storeToken(server.url());
  ASSERT_EQ(run({"--url", server.url(), "health"}).status, kExitOk);
  EXPECT_EQ(server.requests().at(0).find("Authorization"), std::string::npos);
}

TEST_F(GeorepctlAuthTest, GeorepTokenAndTokenFileAreSentWhenGiven) {
  ScriptedHttpServer server({okReply(json::object()), okReply(json::object())});
  ::setenv("GEOREP_TOKEN", "grt_from_env", 1);
  ASSERT_EQ(run({"--url", server.url(), "events"}).status, kExitOk);
  const fs::path file = config_ / "token";
  { std::ofstream(file) << "grt_from_file\n"; }
  ::chmod(file.c_str(), 0600);
  ASSERT_EQ(run({"--url", server.url(), "--token-file", file.string(), "commands"}).status, kExitOk);
  EXPECT_NE(server.requests().at(0).find("Authorization: Bearer grt_from_env\r\n"), std::string::npos);
  EXPECT_NE(server.requests().at(1).find("Authorization: Bearer grt_from_file\r\n"), std::string::npos);
}

TEST_F(GeorepctlAuthTest, AnUnsafeCredentialsFileIsRefusedBeforeAnyRequest) {
  ScriptedHttpServer server({okReply(json::object())});
  storeToken(server.url());
  ::chmod(credentialsFile().c_str(), 0644);
  const CliRun r = run({"--url", server.url(), "call", "cluster.list"});
  EXPECT_EQ(r.status, kExitError);
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
  EXPECT_TRUE(server.requests().empty()) << "nothing may be sent with a token others could read";
}

TEST_F(GeorepctlAuthTest, LoginPostsTheCredentialsStoresTheTokenPrivatelyAndPrintsNeither) {
  ScriptedHttpServer server({okReply({{"token", kToken},
                                      {"token_id", 7},
                                      {"expires_at", "2026-12-01T15:00:00Z"},
                                      {"user", "alice"},
                                      {"role", "admin"}})});
  const CliRun r = run({"--url", server.url(), "login", "--user", "alice", "--password-stdin"},
                       std::string(kPassword) + "\n");
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_NE(r.out.find("logged in to " + server.url() + " as alice (admin)"), std::string::npos) << r.out;
  for (const std::string& printed : {r.out, r.err}) {
    EXPECT_EQ(printed.find(kPassword), std::string::npos) << printed;
    EXPECT_EQ(printed.find(kToken), std::string::npos) << printed;
  }
  const std::string request = server.requests().at(0);
  EXPECT_EQ(request.rfind("POST /api/auth/login HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(headOf(request).find("Content-Type: application/json"), std::string::npos);
  EXPECT_EQ(headOf(request).find("Authorization"), std::string::npos);
  EXPECT_EQ(json::parse(bodyOf(request)), (json{{"user", "alice"}, {"password", kPassword}}));

  struct stat st {};
  ASSERT_EQ(::stat(credentialsFile().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto stored = CredentialsStore(credentialsFile()).load();
  EXPECT_EQ(stored->token, kToken);
  EXPECT_EQ(stored->url, server.url());
  EXPECT_EQ(stored->expiresAt, "2026-12-01T15:00:00Z");
}

TEST_F(GeorepctlAuthTest, AWrongPasswordStoresNothing) {
  ScriptedHttpServer server({errorReply(401, "unauthenticated")});
  const CliRun r = run({"--url", server.url(), "login", "--user", "alice", "--password-stdin"}, "wrong\n");
  EXPECT_EQ(r.status, kExitError);
  EXPECT_NE(r.err.find("wrong user name or password"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(credentialsFile()));
}

TEST_F(GeorepctlAuthTest, AThrottledLoginSaysWhenToRetry) {
  ScriptedHttpServer server({errorReply(429, "rate_limited", {"Retry-After: 30"})});
  const CliRun r = run({"--url", server.url(), "login", "--user", "alice", "--password-stdin"}, "pw\n");
  EXPECT_EQ(r.status, kExitError);
  EXPECT_NE(r.err.find("too many failed logins; try again in 30 s"), std::string::npos) << r.err;
}

TEST_F(GeorepctlAuthTest, LogoutRevokesTheTokenAndDeletesTheFile) {
  ScriptedHttpServer server({okReply(json::object())});
  storeToken(server.url());
  const CliRun r = run({"--url", server.url(), "logout"});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  const std::string request = server.requests().at(0);
  EXPECT_EQ(request.rfind("POST /api/commands/auth.logout HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(request.find(std::string("Authorization: Bearer ") + kToken), std::string::npos);
  EXPECT_FALSE(fs::exists(credentialsFile()));
}

TEST_F(GeorepctlAuthTest, LogoutWithAnExpiredTokenStillDeletesTheFile) {
  ScriptedHttpServer server({errorReply(401, "unauthenticated")});
  storeToken(server.url());
  EXPECT_EQ(run({"--url", server.url(), "logout"}).status, kExitOk);
  EXPECT_FALSE(fs::exists(credentialsFile()));
}

TEST_F(GeorepctlAuthTest, LogoutOfAnotherTokenLeavesTheLoginsFileAlone) {
  ScriptedHttpServer server({okReply(json::object())});
  storeToken(server.url());
  ::setenv("GEOREP_TOKEN", "grt_automation", 1);
  ASSERT_EQ(run({"--url", server.url(), "logout"}).status, kExitOk);
  EXPECT_NE(server.requests().at(0).find("Authorization: Bearer grt_automation\r\n"), std::string::npos);
  EXPECT_TRUE(fs::exists(credentialsFile())) << "revoking GEOREP_TOKEN must not log the user out";
}

TEST_F(GeorepctlAuthTest, TokenCreateSendsItsParametersAndShowsTheNewTokenOnce) {
  ScriptedHttpServer server({okReply({{"token", "grt_new_one"},
                                      {"token_id", 9},
                                      {"name", "backup"},
                                      {"role", "viewer"},
                                      {"expires_at", "2027-01-01T00:00:00Z"}}),
                             okReply({{"tokens", json::array({{{"id", 9}, {"name", "backup"}, {"role", "viewer"}}})}}),
                             okReply(json::object())});
  storeToken(server.url());
  const CliRun created =
      run({"--url", server.url(), "token", "create", "backup", "--role", "viewer", "--expires-in-days", "30"});
  ASSERT_EQ(created.status, kExitOk) << created.err;
  EXPECT_NE(created.out.find("grt_new_one"), std::string::npos) << created.out;
  EXPECT_NE(created.err.find("shown once"), std::string::npos) << created.err;
  EXPECT_EQ(json::parse(bodyOf(server.requests().at(0))),
            (json{{"name", "backup"}, {"role", "viewer"}, {"expires_in_days", 30}}));

  const CliRun list = run({"--url", server.url(), "token", "list"});
  ASSERT_EQ(list.status, kExitOk) << list.err;
  EXPECT_NE(list.out.find("backup"), std::string::npos) << list.out;

  ASSERT_EQ(run({"--url", server.url(), "token", "revoke", "9"}).status, kExitOk);
  EXPECT_EQ(server.requests().at(2).rfind("POST /api/commands/auth.token.revoke ", 0), 0u);
  EXPECT_EQ(json::parse(bodyOf(server.requests().at(2))), (json{{"id", 9}}));
}

TEST_F(GeorepctlAuthTest, BadArgumentsExitWith2BeforeAnyNetwork) {
  ScriptedHttpServer server({});
  const std::string url = server.url();
  EXPECT_EQ(run({"--url", url, "token"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "create"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "create", "x", "--role", "root"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "create", "x", "--expires-in-days", "0"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "revoke"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "revoke", "abc"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "token", "revoke", "0"}).status, kExitUsage);
  EXPECT_EQ(run({"--url", url, "login", "--password-stdin"}, "").status, kExitUsage) << "no password on stdin";
  const CliRun remote = run({"--url", "http://192.0.2.1:8470", "login", "--password-stdin"}, "pw\n");
  EXPECT_EQ(remote.status, kExitUsage);
  EXPECT_NE(remote.err.find("only to an engine on loopback"), std::string::npos) << remote.err;
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(GeorepctlAuthTest, HelpShowsTheIdentityCommands) {
  const CliRun help = run({"--help"});
  for (const char* sub : {"login", "logout", "whoami", "token", "--token-file"})
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  const CliRun login = run({"login", "--help"});
  EXPECT_NE(login.out.find("--password-stdin"), std::string::npos);
}

}  // namespace
}  // namespace georep::cli
