// The engine's HttpServer on an ephemeral loopback port, with the real command bus, audit log (real
// PostgreSQL) and inventory commands: routes, typed-error status mapping, bad requests of every kind
// (each answered, none fatal), limits, concurrency, and an orderly stop; identity: every route but health
// and login needs a bearer token, roles are enforced per command (401/403/200 matrix), login with backoff.
// Requests go out with an admin token unless a test says otherwise.
#include "engine/src/http/http_server.h"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/api/command_bus.h"
#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/engine_authenticator.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/pg_inventory.h"
#include "http_server_fixture.h"
#include "http_test_client.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using nlohmann::json;
using testing::HttpTestReply;
using testing::HttpTestRequest;
using testing::RawConnection;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

api::ErrorCode codeFromName(const std::string& name) {
  for (auto code : {api::ErrorCode::kInvalidArgument, api::ErrorCode::kNotFound, api::ErrorCode::kConflict,
                    api::ErrorCode::kUnavailable, api::ErrorCode::kGlusterError, api::ErrorCode::kInternal,
                    api::ErrorCode::kUnauthenticated, api::ErrorCode::kForbidden, api::ErrorCode::kRateLimited})
    if (api::errorCodeName(code) == name) return code;
  throw std::logic_error("bad code " + name);
}

// The shared HTTP server fixture plus the engine's inventory and auth commands and two commands that fail
// on request (test.fail with a given code, test.throw).
class HttpServerTest : public HttpServerFixture {
 protected:
  void SetUp() override {
    HttpServerFixture::SetUp();
    api::ParamSpec code;
    code.name = "code";
    code.required = true;
    code.enumValues = {"invalid_argument", "not_found",       "conflict",  "unavailable",
                       "gluster_error",    "internal",        "unauthenticated", "forbidden", "rate_limited"};
    registrations_.push_back(bus_.registerHandler(
        api::CommandSpec{"test.fail", "fails with the given code", {code}}, [](const json& p, const auto&) -> json {
          const std::string name = p["code"];
          throw api::CommandError(codeFromName(name), "failed as asked: " + name,
                                  name == "invalid_argument" ? "code" : "", {{"asked", name}});
        }));
    registrations_.push_back(bus_.registerHandler(api::CommandSpec{"test.throw", "throws", {}},
                                                  [](const json&, const auto&) -> json {
                                                    throw std::runtime_error("boom");
                                                  }));
  }

  // A user with that role and an API token of its own ("Bearer grt_...").
  std::string userWithToken(const std::string& name, api::Role role) {
    static const std::string hash = auth::hashPassword(kPassword);
    const auth::User user = users_.create(name, role, hash);
    return "Bearer " + tokens_.issue(user.id, auth::TokenKind::kApi, "test", role, std::nullopt).secret;
  }

  // Requests carry the admin's token unless they name their own.
  HttpTestReply httpPost(std::uint16_t port, const std::string& command, const json& params,
                         std::optional<std::string> authorization = std::nullopt) {
    HttpTestRequest r;
    r.method = "POST";
    r.target = "/api/commands/" + command;
    r.body = params.dump();
    r.authorization = authorization ? *authorization : adminToken_;
    return testing::httpRequest(port, r);
  }
  HttpTestReply httpGet(std::uint16_t port, const std::string& target,
                        std::optional<std::string> authorization = std::nullopt) {
    HttpTestRequest r;
    r.target = target;
    r.authorization = authorization ? *authorization : adminToken_;
    return testing::httpRequest(port, r);
  }
  HttpTestReply login(const json& body) {
    HttpTestRequest r;
    r.method = "POST";
    r.target = "/api/auth/login";
    r.body = body.dump();
    r.authorization = "";
    return testing::httpRequest(port_, r);
  }

  PgInventory inventory_{db_.database()};
  AllowList allow_;  // built-ins only: gluster command "gluster"
  std::vector<api::Registration> inventoryRegistrations_ = registerInventoryCommands(bus_, inventory_, allow_);
  std::vector<api::Registration> authRegistrations_ = auth::registerAuthCommands(bus_, {users_, tokens_, events_});
};

TEST_F(HttpServerTest, HealthAnswersOkAsJson) {
  start();
  const auto reply = httpGet(port_, "/api/health");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body, json({{"status", "ok"}}));
  EXPECT_EQ(reply.headers.at("Content-Type"), "application/json");
}

TEST_F(HttpServerTest, ACommandRunsAndItsResultComesBackWithACorrelationId) {
  start();
  const auto reply = httpPost(port_, "cluster.add", {{"name", "prod"}});
  ASSERT_EQ(reply.status, 200u) << reply.rawBody;
  EXPECT_EQ(reply.body["ok"], true);
  EXPECT_TRUE(reply.body["correlation_id"].is_string());
  EXPECT_FALSE(reply.body["correlation_id"].get<std::string>().empty());
  EXPECT_EQ(reply.body["result"]["cluster"]["name"], "prod");
  EXPECT_EQ(reply.body["result"]["cluster"]["transport"], "ssh");
  ASSERT_TRUE(inventory_.clusterByName("prod"));

  const auto echo = httpPost(port_, "test.echo", json::object());
  EXPECT_EQ(echo.body["result"]["correlation"], echo.body["correlation_id"]);
  EXPECT_NE(echo.body["correlation_id"], reply.body["correlation_id"]);
}

TEST_F(HttpServerTest, TypedErrorsMapToTheirHttpStatus) {
  start();
  const std::vector<std::pair<std::string, unsigned>> expected = {
      {"invalid_argument", 400}, {"not_found", 404}, {"conflict", 409},
      {"unavailable", 503},      {"gluster_error", 502}, {"internal", 500},
      {"unauthenticated", 401},  {"forbidden", 403},     {"rate_limited", 429}};
  for (const auto& [code, status] : expected) {
    const auto reply = httpPost(port_, "test.fail", {{"code", code}});
    EXPECT_EQ(reply.status, status) << code;
    EXPECT_EQ(reply.body["ok"], false);
    EXPECT_TRUE(reply.body["correlation_id"].is_string());
    EXPECT_EQ(reply.body["error"]["code"], code);
    EXPECT_EQ(reply.body["error"]["message"], "failed as asked: " + code);
    EXPECT_EQ(reply.body["error"]["details"]["asked"], code);
    EXPECT_EQ(reply.body["error"].contains("field"), code == "invalid_argument") << code;
    // "Try again later" says when: every 503 (busy, database or gluster unreachable) and 429.
    EXPECT_EQ(reply.headers.count("Retry-After"), status == 503 || status == 429 ? 1u : 0u) << code;
  }
}

TEST_F(HttpServerTest, BusValidationAndInventoryErrorsReachTheClientNamingTheField) {
  start();
  ASSERT_EQ(httpPost(port_, "cluster.add", {{"name", "prod"}}).status, 200u);
  auto reply = httpPost(port_, "host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_port", 70000},
                                            {"host_key_fingerprint", kFingerprint}});
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.body["error"]["code"], "invalid_argument");
  EXPECT_EQ(reply.body["error"]["field"], "ssh_port");

  reply = httpPost(port_, "host.add", {{"cluster", "prod"}, {"address", "gl1;reboot"}, {"host_key_fingerprint", kFingerprint}});
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.body["error"]["field"], "address");

  reply = httpPost(port_, "cluster.add", {{"name", "prod"}});
  EXPECT_EQ(reply.status, 409u);
  EXPECT_EQ(reply.body["error"]["code"], "conflict");

  reply = httpPost(port_, "host.remove", {{"cluster", "prod"}, {"address", "nope"}});
  EXPECT_EQ(reply.status, 404u);
  EXPECT_EQ(reply.body["error"]["code"], "not_found");
}

TEST_F(HttpServerTest, UnknownCommandsAndThrowingHandlersAreTypedErrorsAndTheServerLivesOn) {
  start();
  auto reply = httpPost(port_, "no.such.command", json::object());
  EXPECT_EQ(reply.status, 404u);
  EXPECT_EQ(reply.body["error"]["code"], "not_found");

  reply = httpPost(port_, "test.throw", json::object());
  EXPECT_EQ(reply.status, 500u);
  EXPECT_EQ(reply.body["error"]["code"], "internal");
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpServerTest, MalformedBodiesAreInvalidArgumentsAndNothingRuns) {
  start();
  for (const std::string& body : std::vector<std::string>{"{not json", "[1,2]", "\"name\"", "42", "{\"name\":\"prod\"} trailing"}) {
    HttpTestRequest r;
    r.method = "POST";
    r.target = "/api/commands/cluster.add";
    r.body = body;
    const auto reply = httpRequest(port_, r);
    EXPECT_EQ(reply.status, 400u) << body;
    EXPECT_EQ(reply.body["ok"], false) << body;
    EXPECT_EQ(reply.body["error"]["code"], "invalid_argument") << body;
    EXPECT_EQ(reply.body["error"]["field"], "body") << body;
  }
  EXPECT_TRUE(inventory_.clusters().empty());

  HttpTestRequest empty;
  empty.method = "POST";
  empty.target = "/api/commands/cluster.list";
  empty.body = "";
  const auto reply = httpRequest(port_, empty);
  EXPECT_EQ(reply.status, 200u) << "an empty body is an empty parameter object";
  EXPECT_EQ(reply.body["result"]["clusters"], json::array());
}

TEST_F(HttpServerTest, PostsMustBeJsonSoBrowsersCannotForgeThem) {
  start();
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/commands/cluster.add";
  r.body = R"({"name":"prod"})";
  r.contentType = "text/plain";
  auto reply = httpRequest(port_, r);
  EXPECT_EQ(reply.status, 415u);
  EXPECT_EQ(reply.body["error"]["field"], "content-type");
  r.contentType = "application/x-www-form-urlencoded";
  EXPECT_EQ(httpRequest(port_, r).status, 415u);
  EXPECT_TRUE(inventory_.clusters().empty());
  r.contentType = "application/json; charset=utf-8";
  EXPECT_EQ(httpRequest(port_, r).status, 200u);
}

TEST_F(HttpServerTest, RequestsForAForeignHostNameAreRefused) {
  start();
  HttpTestRequest r;
  r.target = "/api/events";
  r.host = "attacker.example:8470";
  auto reply = httpRequest(port_, r);
  EXPECT_EQ(reply.status, 421u);
  EXPECT_EQ(reply.body["error"]["field"], "host");
  for (const std::string& host : std::vector<std::string>{"localhost:8470", "127.0.0.1", "[::1]:8470", "LOCALHOST"}) {
    r.host = host;
    EXPECT_EQ(httpRequest(port_, r).status, 200u) << host;
  }
}

TEST_F(HttpServerTest, TheCommandListCarriesParameterSchemas) {
  start();
  const auto reply = httpGet(port_, "/api/commands");
  ASSERT_EQ(reply.status, 200u);
  std::vector<std::string> names;
  json hostAdd;
  for (const auto& c : reply.body["commands"]) {
    names.push_back(c["name"]);
    if (c["name"] == "host.add") hostAdd = c;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* name : {"cluster.add", "cluster.list", "cluster.remove", "host.add", "host.list", "host.remove"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  ASSERT_TRUE(hostAdd.is_object());
  json port;
  for (const auto& p : hostAdd["params"])
    if (p["name"] == "ssh_port") port = p;
  EXPECT_EQ(port["type"], "integer");
  EXPECT_EQ(port["required"], false);
  EXPECT_EQ(port["minimum"], 1);
  EXPECT_EQ(port["maximum"], 65535);
  EXPECT_EQ(port["default"], 22);
}

TEST_F(HttpServerTest, EventsArePagedAfterAnId) {
  start();
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    api::Event e;
    e.name = "georep.test.happened";
    e.severity = i == 4 ? api::Severity::kAlert : api::Severity::kInfo;
    e.time = std::chrono::system_clock::now();
    e.correlationId = "corr-" + std::to_string(i);
    e.body = {{"n", i}};
    ids.push_back(audit_.append(e));
  }
  auto reply = httpGet(port_, "/api/events?since=0&limit=2");
  ASSERT_EQ(reply.status, 200u) << reply.rawBody;
  ASSERT_EQ(reply.body["events"].size(), 2u);
  EXPECT_EQ(reply.body["events"][0]["id"], ids[0]);
  EXPECT_EQ(reply.body["events"][0]["name"], "georep.test.happened");
  EXPECT_EQ(reply.body["events"][0]["severity"], "info");
  EXPECT_EQ(reply.body["events"][0]["correlation_id"], "corr-0");
  EXPECT_EQ(reply.body["events"][0]["body"], json({{"n", 0}}));
  EXPECT_TRUE(reply.body["events"][0]["time"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(reply.body["last_id"], ids[1]);

  reply = httpGet(port_, "/api/events?since=" + std::to_string(ids[1]));
  ASSERT_EQ(reply.body["events"].size(), 3u);
  EXPECT_EQ(reply.body["events"][2]["severity"], "alert");
  EXPECT_EQ(reply.body["last_id"], ids[4]);

  reply = httpGet(port_, "/api/events?since=" + std::to_string(ids[4]));
  EXPECT_EQ(reply.body["events"], json::array());
  EXPECT_EQ(reply.body["last_id"], ids[4]);
}

TEST_F(HttpServerTest, BadEventQueriesNameTheParameter) {
  start();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"since=-1", "since"}, {"since=abc", "since"},  {"since=", "since"},    {"limit=0", "limit"},
      {"limit=1001", "limit"}, {"limit=1x", "limit"}, {"color=red", "color"}, {"since=1&since=2", "since"},
      {"since=%zz", "query"}};
  for (const auto& [query, field] : cases) {
    const auto reply = httpGet(port_, "/api/events?" + query);
    EXPECT_EQ(reply.status, 400u) << query;
    EXPECT_EQ(reply.body["error"]["code"], "invalid_argument") << query;
    EXPECT_EQ(reply.body["error"]["field"], field) << query;
  }
}

TEST_F(HttpServerTest, UnknownRoutesAndWrongMethods) {
  start();
  EXPECT_EQ(httpGet(port_, "/").status, 404u);
  EXPECT_EQ(httpGet(port_, "/api/nothing").body["error"]["code"], "not_found");
  auto reply = httpGet(port_, "/api/commands/cluster.list");
  EXPECT_EQ(reply.status, 405u);
  EXPECT_EQ(reply.headers.at("Allow"), "POST");
  HttpTestRequest r;
  r.method = "DELETE";
  r.target = "/api/health";
  reply = httpRequest(port_, r);
  EXPECT_EQ(reply.status, 405u);
  EXPECT_EQ(reply.headers.at("Allow"), "GET");
  r.method = "POST";
  r.target = "/api/commands/";
  r.body = "{}";
  EXPECT_EQ(httpRequest(port_, r).status, 400u);
}

TEST_F(HttpServerTest, GarbageIsAnsweredWith400AndTheServerKeepsServing) {
  start();
  for (const std::string& garbage : {std::string("NOT HTTP AT ALL\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
                                    std::string("GET /api/health HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
                                    std::string("\x00\x01\x02\xff\r\n\r\n", 8)}) {
    RawConnection conn(port_);
    ASSERT_TRUE(conn.connected());
    conn.send(garbage);
    const std::string answer = conn.readAll();
    EXPECT_FALSE(conn.timedOut());
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  }
  {
    RawConnection conn(port_);
    conn.send("GET /api/he");  // a client that gives up half-way
  }
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpServerTest, OversizedBodiesAre413AndNothingRuns) {
  HttpOptions options;
  options.maxBodyBytes = 1024;
  start(options);
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/commands/cluster.add";
  r.body = json{{"name", "prod"}, {"pad", std::string(2000, 'x')}}.dump();
  RawConnection conn(port_);
  conn.send("POST /api/commands/cluster.add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: " + std::to_string(r.body->size()) + "\r\n\r\n" + *r.body);
  const std::string answer = conn.readAll();
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_TRUE(inventory_.clusters().empty());
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  RawConnection conn(port_);
  const std::string get = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  conn.send(get + get + "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const std::string answer = conn.readAll();
  EXPECT_FALSE(conn.timedOut());
  std::size_t count = 0;
  for (auto pos = answer.find("HTTP/1.1 200"); pos != std::string::npos; pos = answer.find("HTTP/1.1 200", pos + 1))
    ++count;
  EXPECT_EQ(count, 3u) << answer;
}

TEST_F(HttpServerTest, ALongCommandDoesNotHoldUpOtherClients) {
  start();
  auto slow = std::async(std::launch::async, [&] { return httpPost(port_, "test.sleep", {{"ms", 1500}}); });
  waitForSleepers(1);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
  EXPECT_EQ(httpPost(port_, "cluster.list", json::object()).status, 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1000));
  EXPECT_EQ(slow.get().body["result"]["slept"], 1500);
}

TEST_F(HttpServerTest, IdleConnectionsAreClosedAfterTheReadTimeout) {
  HttpOptions options;
  options.readTimeoutSeconds = 1;
  start(options);
  RawConnection conn(port_, std::chrono::seconds(5));
  const auto started = std::chrono::steady_clock::now();
  const std::string answer = conn.readAll();
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(conn.timedOut()) << "the server should have closed the idle connection";
  EXPECT_TRUE(answer.empty());
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::milliseconds(3000));
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitGet503) {
  HttpOptions options;
  options.maxConnections = 2;
  start(options);
  RawConnection a(port_), b(port_);
  // Let the server admit both before the third arrives.
  a.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  b.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection c(port_);
  const std::string answer = c.readAll();
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("unavailable"), std::string::npos);
}

TEST_F(HttpServerTest, StopAnswersTheCommandInFlightThenRefusesConnections) {
  start();
  auto slow = std::async(std::launch::async, [&] { return httpPost(port_, "test.sleep", {{"ms", 700}}); });
  waitForSleepers(1);
  RawConnection idle(port_);  // an idle keep-alive client must not hold stop() up
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  const auto stopping = std::chrono::steady_clock::now() - started;
  const auto reply = slow.get();
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body["result"]["slept"], 700);
  EXPECT_LT(stopping, std::chrono::seconds(5));
  EXPECT_THROW(httpGet(port_, "/api/health"), std::exception);
  server_->stop();  // idempotent
}

TEST_F(HttpServerTest, StartRefusesABusyPortABadAddressAndASecondStart) {
  start();
  EXPECT_THROW(server_->start(), std::logic_error);

  HttpOptions busy;
  busy.port = port_;
  HttpServer clash(bus_, audit_, busy);
  try {
    clash.start();
    ADD_FAILURE() << "binding a busy port should fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(port_)), std::string::npos) << e.what();
  }

  HttpOptions bad;
  bad.address = "not-an-address";
  bad.port = 0;
  HttpServer invalid(bus_, audit_, bad);
  EXPECT_THROW(invalid.start(), std::runtime_error);
}

TEST_F(HttpServerTest, EveryRouteButHealthAndLoginNeedsAValidToken) {
  start();
  const auto revokedUser = userWithToken("gone", api::Role::kAdmin);
  ASSERT_EQ(httpPost(port_, "auth.logout", json::object(), revokedUser).status, 200u);
  const std::vector<std::string> badHeaders = {"", "Bearer", "Bearer ", "Basic YWRhOnB3", "Bearer grt_nope",
                                               "Bearer " + std::string(5000, 'A'), "Bearer" + adminToken_.substr(7),
                                               revokedUser};
  for (const auto& header : badHeaders) {
    const std::string label = header.substr(0, 40);
    for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
             {"POST", "/api/commands/cluster.add"}, {"POST", "/api/commands/auth.whoami"}, {"GET", "/api/commands"},
             {"GET", "/api/events"}, {"GET", "/api/nothing"}, {"DELETE", "/api/commands"}}) {
      HttpTestRequest r;
      r.method = method;
      r.target = target;
      if (method == "POST") r.body = R"({"name":"prod"})";
      r.authorization = header;
      const auto reply = testing::httpRequest(port_, r);
      EXPECT_EQ(reply.status, 401u) << method << " " << target << " with '" << label << "'";
      EXPECT_EQ(reply.body["error"]["code"], "unauthenticated") << target;
      EXPECT_EQ(reply.headers.at("WWW-Authenticate"), "Bearer") << target;
    }
  }
  EXPECT_TRUE(inventory_.clusters().empty());
  EXPECT_EQ(httpGet(port_, "/api/health", "").status, 200u);
  EXPECT_EQ(httpPost(port_, "auth.whoami", json::object(), "bEaReR  " + adminToken_.substr(7) + " ").status, 200u)
      << "the scheme is case-insensitive and blanks around the token do not matter";
}

TEST_F(HttpServerTest, EachTokenRunsWhatItsRoleAllows) {
  start();
  const std::string viewer = userWithToken("vera", api::Role::kViewer);
  const std::string op = userWithToken("otto", api::Role::kOperator);
  ASSERT_EQ(httpPost(port_, "cluster.add", {{"name", "prod"}}).status, 200u);
  struct Case {
    std::string command;
    json params;
    unsigned viewer, op, admin;
  };
  const std::vector<Case> cases = {
      {"cluster.list", json::object(), 200, 200, 200},
      {"host.list", json::object(), 200, 200, 200},
      {"auth.whoami", json::object(), 200, 200, 200},
      {"cluster.add", {{"name", "x"}, {"transport", "local"}, {"gluster_command", "/tmp/x.sh"}}, 403, 403, 400},
      {"cluster.add", {{"name", "x"}, {"transport", "local"}}, 403, 403, 200},
      {"host.add", {{"cluster", "x"}, {"address", "localhost"}}, 403, 403, 200},
      {"auth.user.list", json::object(), 403, 403, 200},
      {"test.echo", json::object(), 403, 403, 200},
  };
  for (const auto& c : cases) {
    for (const auto& [token, expected] :
         std::vector<std::pair<std::string, unsigned>>{{viewer, c.viewer}, {op, c.op}, {adminToken_, c.admin}}) {
      const auto reply = httpPost(port_, c.command, c.params, token);
      EXPECT_EQ(reply.status, expected) << c.command << " " << reply.rawBody;
      if (expected == 403) {
        EXPECT_EQ(reply.body["error"]["code"], "forbidden") << c.command;
      }
    }
  }
  for (const auto& token : {viewer, op}) {
    EXPECT_EQ(httpGet(port_, "/api/commands", token).status, 200u);
    EXPECT_EQ(httpGet(port_, "/api/events", token).status, 200u);
  }
  const auto who = httpPost(port_, "auth.whoami", json::object(), viewer);
  EXPECT_EQ(who.body["result"]["actor"], "token:test@vera");
  EXPECT_EQ(who.body["result"]["role"], "viewer");
}

TEST_F(HttpServerTest, AForbiddenCallerLearnsNothingAboutTheParameters) {
  start();
  const std::string viewer = userWithToken("vera", api::Role::kViewer);
  for (const json& params : {json::object(), json{{"name", 42}}, json{{"name", "ok"}, {"no_such", 1}}}) {
    const auto reply = httpPost(port_, "cluster.add", params, viewer);
    EXPECT_EQ(reply.status, 403u) << params.dump();
    EXPECT_EQ(reply.body["error"]["code"], "forbidden");
    EXPECT_FALSE(reply.body["error"].contains("field"));
  }
  EXPECT_EQ(httpPost(port_, "cluster.add", json::object()).status, 400u) << "the admin gets the validation error";
  EXPECT_TRUE(inventory_.clusters().empty());
}

TEST_F(HttpServerTest, LoginGivesATokenThatWorksUntilLogout) {
  start();
  userWithToken("alice", api::Role::kOperator);
  const auto reply = login({{"user", "alice"}, {"password", kPassword}});
  ASSERT_EQ(reply.status, 200u) << reply.rawBody;
  EXPECT_EQ(reply.body["ok"], true);
  EXPECT_TRUE(reply.body["correlation_id"].is_string());
  const json& result = reply.body["result"];
  EXPECT_EQ(result["user"], "alice");
  EXPECT_EQ(result["role"], "operator");
  EXPECT_TRUE(result["token_id"].is_number_integer());
  EXPECT_TRUE(result["expires_at"].get<std::string>().ends_with("Z"));
  const std::string bearer = "Bearer " + result["token"].get<std::string>();
  ASSERT_EQ(bearer.rfind("Bearer grt_", 0), 0u);
  const auto who = httpPost(port_, "auth.whoami", json::object(), bearer);
  EXPECT_EQ(who.body["result"]["actor"], "user:alice");
  EXPECT_EQ(who.body["result"]["token_id"], result["token_id"]);
  EXPECT_EQ(httpPost(port_, "auth.logout", json::object(), bearer).status, 200u);
  EXPECT_EQ(httpPost(port_, "auth.whoami", json::object(), bearer).status, 401u);

  // Malformed login requests are 400/415 and name nothing secret.
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/auth/login";
  r.body = json{{"user", "alice"}, {"password", kPassword}}.dump();
  r.contentType = "text/plain";
  EXPECT_EQ(testing::httpRequest(port_, r).status, 415u);
  EXPECT_EQ(login({{"user", "alice"}}).status, 400u);
  EXPECT_EQ(login({{"user", "alice"}, {"password", 12345678}}).status, 400u);
  EXPECT_EQ(login({{"user", "alice"}, {"password", kPassword}, {"role", "admin"}}).status, 400u);
  r.method = "GET";
  EXPECT_EQ(testing::httpRequest(port_, r).status, 405u);
}

TEST_F(HttpServerTest, WrongLoginsAre401ThenRateLimitedAndRecordedWithoutThePassword) {
  start();
  userWithToken("alice", api::Role::kAdmin);
  for (int i = 0; i < 6; ++i) {
    const json body = i % 2 == 0 ? json{{"user", "alice"}, {"password", "guess number " + std::to_string(i)}}
                                 : json{{"user", "nobody"}, {"password", kPassword}};
    const auto reply = login(body);
    EXPECT_EQ(reply.status, 401u) << i;
    EXPECT_EQ(reply.body["error"]["message"], "wrong user name or password") << i;
    EXPECT_EQ(reply.headers.at("WWW-Authenticate"), "Bearer");
  }
  const auto limited = login({{"user", "alice"}, {"password", kPassword}});
  EXPECT_EQ(limited.status, 429u) << limited.rawBody;
  EXPECT_EQ(limited.body["error"]["code"], "rate_limited");
  EXPECT_EQ(limited.headers.at("Retry-After"), "1");
  now_ += std::chrono::seconds(1);
  EXPECT_EQ(login({{"user", "alice"}, {"password", kPassword}}).status, 200u);

  const auto events = httpGet(port_, "/api/events?limit=1000");
  int failed = 0;
  for (const auto& e : events.body["events"]) {
    if (e["name"] != "engine.auth.login_failed") continue;
    ++failed;
    EXPECT_EQ(e["severity"], "warning");
    EXPECT_EQ(e["body"]["address"], "127.0.0.1");
  }
  EXPECT_EQ(failed, 6);
  EXPECT_EQ(events.rawBody.find("guess number"), std::string::npos);
  EXPECT_EQ(events.rawBody.find(kPassword), std::string::npos);
}

TEST_F(HttpServerTest, TheAuditLogRecordsWhoDidWhat) {
  start();
  ASSERT_EQ(httpPost(port_, "auth.user.create", {{"name", "vera"}, {"role", "viewer"}, {"password", kPassword}}).status,
            200u);
  const auto events = httpGet(port_, "/api/events?limit=1000");
  bool found = false;
  for (const auto& e : events.body["events"]) {
    if (e["name"] != "engine.auth.user_created") continue;
    found = true;
    EXPECT_EQ(e["actor"], "token:test@ada");
    EXPECT_EQ(e["body"]["user"], "vera");
  }
  EXPECT_TRUE(found) << events.rawBody;
  EXPECT_EQ(events.rawBody.find(kPassword), std::string::npos);
}

TEST_F(HttpServerTest, WithoutAnAuthenticatorEverythingButHealthIsRefused) {
  HttpServer bare(bus_, audit_, HttpOptions{"127.0.0.1", 0});
  bare.start();
  EXPECT_EQ(httpGet(bare.port(), "/api/health").status, 200u);
  EXPECT_EQ(httpGet(bare.port(), "/api/commands").status, 401u);
  EXPECT_EQ(httpPost(bare.port(), "cluster.list", json::object()).status, 401u);
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/auth/login";
  r.body = json{{"user", "ada"}, {"password", kPassword}}.dump();
  EXPECT_EQ(testing::httpRequest(bare.port(), r).status, 401u);
}

TEST_F(HttpServerTest, ItListensOnLoopbackByDefault) {
  EXPECT_EQ(HttpOptions{}.address, "127.0.0.1");
  EXPECT_EQ(HttpOptions{}.port, 8470);
}

}  // namespace
}  // namespace georep::engine
