// The web console's files through the real HttpServer (session, router, StaticFiles together): the
// security headers on static replies AND on API replies (success, 401, 404, 405), HEAD with the file's
// Content-Length and no body, 304 without a body, /api paths never answered with the console, attacks
// sent byte for byte on a raw socket (a client library would normalise them first), and the web root's
// start-up rules (a configured root that cannot be served stops the server; the build default only warns).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/src/http/security_headers.h"
#include "http_server_fixture.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndex = "<!doctype html><div id=\"root\"></div>";

class StaticFilesHttpTest : public HttpServerFixture {
 protected:
  void SetUp() override {
    HttpServerFixture::SetUp();
    std::string pattern = (fs::temp_directory_path() / "georep-web-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    ::chmod(base_.c_str(), 0755);
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << kIndex;
    std::ofstream(root_ / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(base_ / "engine.json") << "{\"database\": \"secret\"}";
  }
  void TearDown() override {
    HttpServerFixture::TearDown();
    fs::remove_all(base_);
  }
  void startWithConsole() {
    HttpOptions options;
    options.webRoot = root_.string();
    start(options);
  }
  std::string raw(const std::string& request) {
    testing::RawConnection c(port_);
    c.send(request);
    return c.readAll();
  }
  static void expectSecurityHeaders(const testing::HttpTestReply& reply, const std::string& what) {
    for (const auto& [name, value] : securityHeaders()) {
      const auto it = reply.headers.find(std::string(name));
      ASSERT_NE(it, reply.headers.end()) << what << " lacks " << name;
      EXPECT_EQ(it->second, value) << what;
    }
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesHttpTest, ConsoleAndApiRepliesCarryTheSecurityHeaders) {
  startWithConsole();
  const auto index = testing::httpRequest(port_, testing::HttpTestRequest{.target = "/"});
  EXPECT_EQ(index.status, 200u);
  EXPECT_EQ(index.rawBody, kIndex);
  EXPECT_EQ(index.headers.at("Content-Type"), "text/html; charset=utf-8");
  expectSecurityHeaders(index, "GET /");
  EXPECT_EQ(std::string(kContentSecurityPolicy).find("unsafe"), std::string::npos);

  expectSecurityHeaders(httpGet(port_, "/api/health"), "health");
  expectSecurityHeaders(httpPost(port_, "test.echo", {}), "a command");
  testing::HttpTestRequest anonymous;
  anonymous.target = "/api/commands";
  anonymous.authorization = "";
  const auto refused = testing::httpRequest(port_, anonymous);
  EXPECT_EQ(refused.status, 401u);
  expectSecurityHeaders(refused, "401");
  testing::HttpTestRequest post;
  post.method = "POST";
  post.target = "/index.html";
  post.body = "{}";
  const auto notAllowed = testing::httpRequest(port_, post);
  EXPECT_EQ(notAllowed.status, 405u);
  expectSecurityHeaders(notAllowed, "405");
}

TEST_F(StaticFilesHttpTest, ApiPathsAreNeverTheConsole) {
  startWithConsole();
  const auto unknown = httpGet(port_, "/api/no/such/thing");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.body["error"]["code"], "not_found");
  testing::HttpTestRequest anonymous;
  anonymous.target = "/api/no/such/thing";
  anonymous.authorization = "";
  EXPECT_EQ(testing::httpRequest(port_, anonymous).status, 401u);  // no token, no console either
  const auto route = testing::httpRequest(port_, testing::HttpTestRequest{.target = "/sessions/lab/v/3"});
  EXPECT_EQ(route.status, 200u);
  EXPECT_EQ(route.rawBody, kIndex);
}

TEST_F(StaticFilesHttpTest, HeadSendsTheLengthButNotTheBytesAnd304HasNoBody) {
  startWithConsole();
  const std::string head = raw("HEAD /assets/app-1a2b.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: 14\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("immutable"), std::string::npos) << head;
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "") << head;

  const auto first = testing::httpRequest(port_, testing::HttpTestRequest{.target = "/assets/app-1a2b.js"});
  const std::string etag = first.headers.at("ETag");
  const std::string cached = raw("GET /assets/app-1a2b.js HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: " + etag +
                                 "\r\nConnection: close\r\n\r\n");
  EXPECT_NE(cached.find("HTTP/1.1 304"), std::string::npos) << cached;
  EXPECT_EQ(cached.substr(cached.find("\r\n\r\n") + 4), "") << cached;
}

TEST_F(StaticFilesHttpTest, TraversalAsSentByAnAttackerIsRefused) {
  startWithConsole();
  for (const std::string& target : std::vector<std::string>{"/../engine.json", "/%2e%2e/engine.json", "/..%2fengine.json", "/assets/../../engine.json",
                                   "/%2E%2E%5Cengine.json", "/index.html%00", "/" + std::string(8000, 'a')}) {
    const std::string reply = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(reply.rfind("HTTP/1.1 400", 0) == 0 || reply.rfind("HTTP/1.1 414", 0) == 0) << target << ": " << reply.substr(0, 80);
    EXPECT_EQ(reply.find("secret"), std::string::npos) << target;
  }
}

TEST_F(StaticFilesHttpTest, AConfiguredRootThatCannotBeServedStopsTheServerTheDefaultOnlyWarns) {
  HttpOptions options;
  options.webRoot = (base_ / "missing").string();
  EXPECT_THROW(HttpServer(bus_, audit_, options, &authenticator_), std::runtime_error);
  options.webRootOptional = true;
  start(options);
  const auto reply = httpGet(port_, "/");
  EXPECT_EQ(reply.status, 404u);
  expectSecurityHeaders(reply, "no console");
}

}  // namespace
}  // namespace georep::engine
