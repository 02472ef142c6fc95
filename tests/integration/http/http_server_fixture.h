// Test fixture for the HTTP hardening tests: a real command bus with a few test commands (echo, a sleeper
// that counts how many are running), the audit log on a fresh PostgreSQL database, and an HttpServer on an
// ephemeral loopback port started with the options the test chooses.
// Thread-safety: one fixture per test; the counters are atomics the server's workers update.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/api/command_bus.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/http/http_server.h"
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
        [](const nlohmann::json& p, const api::CommandContext&) { return nlohmann::json{{"params", p}}; }));
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
    server_ = std::make_unique<HttpServer>(bus_, audit_, options);
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

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineCommandBus bus_;
  std::vector<api::Registration> registrations_;
  std::atomic<int> sleepersEntered_{0};
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace georep::engine
