// Test fixture for the HTTP server tests: a real command bus with a few test commands (echo: its params and
// correlation id; a sleeper that counts how many are running), the audit log, users and tokens on a fresh
// PostgreSQL database, and an HttpServer with the engine's authenticator (its login throttle on a clock the
// test advances, now_) on an ephemeral loopback port started with the options the test chooses. httpRequest/httpPost/httpGet (members, so they hide testing::'s) carry an admin's token;
// raw requests add authorizationLine().
// Thread-safety: one fixture per test; the counters are atomics the server's workers update.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/api/command_bus.h"
#include "engine/src/auth/engine_authenticator.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/http/http_server.h"
#include "http_test_client.h"
#include "support/test_database.h"

namespace georep::engine {

class HttpServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    api::ParamSpec x;
    x.name = "x";
    x.type = api::ParamType::kArray;
    registrations_.push_back(bus_.registerHandler(
        api::CommandSpec{"test.echo", "echoes its optional array x", {x}},
        [](const nlohmann::json& p, const api::CommandContext& ctx) {
          return nlohmann::json{{"params", p}, {"correlation", ctx.correlationId}};
        }));
    api::ParamSpec ms;
    ms.name = "ms";
    ms.type = api::ParamType::kInteger;
    ms.required = true;
    registrations_.push_back(bus_.registerHandler(
        api::CommandSpec{"test.sleep", "sleeps", {ms}}, [this](const nlohmann::json& p, const auto&) {
          ++sleepersEntered_;
          std::this_thread::sleep_for(std::chrono::milliseconds(p["ms"].get<int>()));
          return nlohmann::json{{"slept", p["ms"]}};
        }));
  }

  void TearDown() override {
    if (server_) server_->stop();
  }

  void start(HttpOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(bus_, audit_, options, &authenticator_);
    server_->start();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  void waitForSleepers(int n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (sleepersEntered_ < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_GE(sleepersEntered_, n);
  }

  // "Authorization: Bearer ...\r\n" with the admin's token, for requests the test writes by hand.
  std::string authorizationLine() const { return "Authorization: " + adminToken_ + "\r\n"; }

  testing::HttpTestReply httpRequest(std::uint16_t port, testing::HttpTestRequest r) const {
    if (!r.authorization) r.authorization = adminToken_;
    return testing::httpRequest(port, r);
  }
  testing::HttpTestReply httpPost(std::uint16_t port, const std::string& command, const nlohmann::json& params) const {
    testing::HttpTestRequest r;
    r.method = "POST";
    r.target = "/api/commands/" + command;
    r.body = params.dump();
    return httpRequest(port, r);
  }
  testing::HttpTestReply httpGet(std::uint16_t port, const std::string& target) const {
    testing::HttpTestRequest r;
    r.target = target;
    return httpRequest(port, r);
  }

  std::string adminBearer() {
    const auth::User user = users_.create("ada", api::Role::kAdmin, auth::hashPassword("correct horse battery"));
    return "Bearer " + tokens_.issue(user.id, auth::TokenKind::kApi, "test", api::Role::kAdmin, std::nullopt).secret;
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineEventBus events_{&audit_};
  auth::UserStore users_{db_.database()};
  auth::TokenStore tokens_{db_.database()};
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};  // the login throttle's clock
  auth::LoginThrottle throttle_{[this] { return now_; }};
  auth::EngineAuthenticator authenticator_{users_, tokens_, throttle_, events_};
  std::string adminToken_ = adminBearer();
  EngineCommandBus bus_;
  std::vector<api::Registration> registrations_;
  std::atomic<int> sleepersEntered_{0};
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace georep::engine
