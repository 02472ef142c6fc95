// georep-engine as a process, the way an operator runs it: it migrates a fresh database, loads the
// good fixture plugin and refuses a broken one, serves HTTP only to callers with a token (an admin
// bootstrapped and a token issued with the engine binary itself), and shuts down in order on SIGTERM with
// exit status 0. Its log never shows the database password, the admin's password or the token.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using namespace std::chrono_literals;
using georep::testing::TestDatabase;

std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One HTTP/1.1 request on a fresh connection; returns the whole response.
std::string http(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "connect failed";
  }
  ::send(fd, request.data(), request.size(), 0);
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

TEST(EngineProcess, StartsServesAndShutsDownInOrder) {
  TestDatabase db(TestDatabase::Schema::kEmpty);
  const auto log = std::filesystem::temp_directory_path() / ("georep_engine_process_" + std::to_string(::getpid()) + ".log");
  const std::string plugins = std::string(GEOREP_FIXTURE_PLUGINS_DIR) + "/good/libfixture.so:" +
                              GEOREP_FIXTURE_PLUGINS_DIR + "/wrong_abi_manifest/libfixture.so";
  const std::string connect = db.connectString() + " password=not-for-logs";

  std::unique_ptr<georep::testing::EngineChild> engine;
  try {
    engine = std::make_unique<georep::testing::EngineChild>(
        GEOREP_ENGINE_BINARY,
        std::map<std::string, std::string>{{"GEOREP_DB", connect},
                                           {"GEOREP_HTTP_PORT", "0"},
                                           {"GEOREP_PLUGINS", plugins},
                                           {"GEOREP_LOG_LEVEL", "info"}},
        log);
  } catch (const std::exception& e) {
    FAIL() << "the engine did not start: " << e.what();
  }
  const std::uint16_t port = engine->port();

  std::string token;
  try {
    token = georep::testing::bootstrapAdminAndIssueToken(
        {GEOREP_ENGINE_BINARY, {}, {{"GEOREP_DB", connect}, {"GEOREP_LOG_LEVEL", "info"}}});
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  const std::string body = R"({"text":"over http"})";
  const auto echo = [&](const std::string& authorization) {
    return http(port, "POST /api/commands/fixture_good.echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                          authorization + "Content-Length: " + std::to_string(body.size()) +
                          "\r\nConnection: close\r\n\r\n" + body);
  };
  const std::string response = echo("Authorization: Bearer " + token + "\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find("over http"), std::string::npos) << response;
  const std::string anonymous = echo("");
  EXPECT_EQ(anonymous.rfind("HTTP/1.1 401", 0), 0u) << anonymous;
  EXPECT_NE(anonymous.find("WWW-Authenticate: Bearer"), std::string::npos) << anonymous;
  EXPECT_EQ(anonymous.find("over http"), std::string::npos) << anonymous;

  const int status = engine->stop();
  if (status == -1) FAIL() << "the engine did not stop on SIGTERM:\n" << readAll(log);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "\n" << readAll(log);

  const std::string text = readAll(log);
  std::filesystem::remove(log);
  EXPECT_NE(text.find("plugin 'fixture_good' 1.0.0 loaded"), std::string::npos) << text;
  EXPECT_NE(text.find("plugin 'fixture_wrong_abi_manifest'"), std::string::npos) << text;
  EXPECT_NE(text.find("ABI version"), std::string::npos) << text;
  EXPECT_NE(text.find("plugin 'fixture_good' unloaded"), std::string::npos) << text;
  EXPECT_NE(text.find("] stopped"), std::string::npos) << text;
  EXPECT_EQ(text.find("not-for-logs"), std::string::npos) << "the password was logged:\n" << text;
  EXPECT_EQ(text.find(georep::testing::kTestAdminPassword), std::string::npos) << "the admin password was logged";
  EXPECT_EQ(text.find(token), std::string::npos) << "the token was logged";
  // Orderly: HTTP stops before plugins are unloaded.
  EXPECT_LT(text.find("shutting down"), text.find("plugin 'fixture_good' unloaded"));

  auto lease = db.database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  long long started = 0, stopping = 0;
  sql << "SELECT count(*) FROM audit_log WHERE name = 'engine.started'", soci::into(started);
  sql << "SELECT count(*) FROM audit_log WHERE name = 'engine.stopping'", soci::into(stopping);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(stopping, 1);
}

}  // namespace
}  // namespace georep::engine
