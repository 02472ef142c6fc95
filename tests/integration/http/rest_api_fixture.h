// The REST API test fixture (issue 9): one process with the real georep plugin loaded through the plugin
// loader, the engine's inventory commands and routes, the jobs resource, the HTTP server with the engine's
// authenticator, and a real PostgreSQL (GEOREP_TEST_DB) seeded with two clusters, three volumes, five
// sessions and config rows. Gluster is unreachable (the hosts' SSH port refuses), so actions that need it
// fail with typed errors (503). Users: ada (admin), oscar (operator), vera (viewer), with API tokens.
// Thread-safety: a gtest fixture (one thread; the server runs its own).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/auth/engine_authenticator.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/http/http_server.h"
#include "engine/src/http/job_resources.h"
#include "engine/src/http/job_store.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/inventory_routes.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "http_test_client.h"
#include "support/free_port.h"
#include "support/test_database.h"

namespace georep::engine::rest_test {

using georep::testing::HttpTestReply;
using georep::testing::HttpTestRequest;
using georep::testing::TestDatabase;
using nlohmann::json;
using namespace std::chrono_literals;

const std::string kMasterSessions = "/api/clusters/c1/glustervolumes/mastervol/georeplication-sessions";

// Any free loopback port: tests run side by side (ctest -j), and an engine may hold the default 8470.
inline HttpOptions ephemeralPort() {
  HttpOptions options;
  options.port = 0;
  return options;
}

class RestApiTest : public ::testing::Test {
 protected:
  // The server's options (an ephemeral port); a test fixture may narrow its limits.
  virtual HttpOptions serverOptions() const { return ephemeralPort(); }

  void SetUp() override {
    const auto loaded = loader_.load(std::filesystem::path(GEOREP_PLUGIN_DIR) / "libgeorep.so", json::object());
    ASSERT_TRUE(loaded.ok) << loaded.message;
    const auto c1 = addCluster("c1");
    const auto c2 = addCluster("c2");
    const long long mastervol = mastervol_ = addVolume(c1, "mastervol");
    const long long othervol = addVolume(c1, "othervol");
    const long long c2vol = addVolume(c2, "mastervol");  // same name, other cluster
    active_ = addSession(c1, mastervol, "k1", "vm1", "slavevol", "ACTIVE");
    faulty_ = addSession(c1, mastervol, "k2", "vm2", "slavevol", "FAULTY");
    third_ = addSession(c1, mastervol, "k3", "vm3", "othersecondary", "ACTIVE");
    otherVolume_ = addSession(c1, othervol, "k4", "vm1", "slavevol", "FAULTY");
    otherCluster_ = addSession(c2, c2vol, "k5", "vm1", "slavevol", "FAULTY");
    auto lease = db_.database().lease(10s);
    lease.sql() << "INSERT INTO georep_session_config (session_id, key, value, is_default) VALUES "
                   "(:s, 'sync_jobs', '3', true), (:t, 'log_level', 'DEBUG', false)",
        soci::use(active_, "s"), soci::use(active_, "t");
    server_.emplace(commands_, audit_, serverOptions(), &authenticator_, &routes_, &jobs_);
    server_->start();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    if (server_) server_->stop();
    loader_.unloadAll();
  }

  std::int64_t addCluster(const std::string& name) {
    api::Cluster cluster;
    cluster.name = name;
    cluster.transport = "ssh";
    cluster = inventory_.addCluster(cluster);
    api::Host host;
    host.address = "127.0.0.1";
    host.sshPort = georep::testing::freeLoopbackPort();  // refuses: gluster is unreachable
    host.hostKeyFingerprint = "SHA256:" + std::string(43, 'A');
    inventory_.addHost(name, host);
    return cluster.id;
  }

  long long addVolume(std::int64_t clusterId, const std::string& name) {
    long long id = 0;
    auto lease = db_.database().lease(10s);
    lease.sql() << "INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count) "
                   "VALUES (:c, :n, gen_random_uuid(), 'Replicate', 'Started', 0) RETURNING id",
        soci::use(static_cast<long long>(clusterId)), soci::use(name), soci::into(id);
    return id;
  }

  long long addSession(std::int64_t clusterId, long long volumeId, const std::string& key, const std::string& host,
                       const std::string& secondaryVolume, const std::string& status) {
    long long id = 0;
    auto lease = db_.database().lease(10s);
    lease.sql() << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, "
                   "secondary_volume, status) VALUES (:c, :v, :k, :h, :sv, :st) RETURNING id",
        soci::use(static_cast<long long>(clusterId)), soci::use(volumeId), soci::use(key), soci::use(host),
        soci::use(secondaryVolume), soci::use(status), soci::into(id);
    return id;
  }

  std::string bearer(const std::string& name, api::Role role) {
    const auth::User user = users_.create(name, role, auth::hashPassword("correct horse battery"));
    return "Bearer " + tokens_.issue(user.id, auth::TokenKind::kApi, "test", role, std::nullopt).secret;
  }

  HttpTestReply request(const std::string& method, const std::string& target,
                        std::optional<std::string> authorization, std::optional<std::string> body = std::nullopt,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpTestRequest r;
    r.method = method;
    r.target = target;
    r.authorization = std::move(authorization);
    r.body = std::move(body);
    r.headers = std::move(headers);
    return georep::testing::httpRequest(port_, r);
  }
  HttpTestReply get(const std::string& target) { return request("GET", target, admin_); }
  std::string session(long long id) const { return kMasterSessions + "/" + std::to_string(id); }

  TestDatabase db_{TestDatabase::Schema::kEngine, 4};
  AuditLog audit_{db_.database()};
  EngineEventBus events_{&audit_};
  EngineCommandBus commands_;
  EngineScheduler scheduler_{2};
  PgInventory inventory_{db_.database()};
  AllowList allow_;
  std::vector<api::Registration> inventoryCommands_ = registerInventoryCommands(commands_, inventory_, allow_);
  EngineRouteTable routes_;
  std::vector<api::Registration> inventoryRoutes_ = registerInventoryRoutes(routes_);
  PluginLoader loader_{commands_, events_, scheduler_, db_.database(), inventory_, &routes_};
  auth::UserStore users_{db_.database()};
  auth::TokenStore tokens_{db_.database()};
  auth::LoginThrottle throttle_;
  auth::EngineAuthenticator authenticator_{users_, tokens_, throttle_, events_};
  std::string admin_ = bearer("ada", api::Role::kAdmin);
  std::string operator_ = bearer("oscar", api::Role::kOperator);
  std::string viewer_ = bearer("vera", api::Role::kViewer);
  JobStore jobs_{db_.database()};
  std::vector<api::Registration> jobResources_ = registerJobResources(commands_, routes_, jobs_);
  std::optional<HttpServer> server_;
  std::uint16_t port_ = 0;
  long long mastervol_ = 0;
  long long active_ = 0, faulty_ = 0, third_ = 0, otherVolume_ = 0, otherCluster_ = 0;
};

inline std::vector<long long> ids(const json& sessions) {
  std::vector<long long> out;
  for (const auto& s : sessions) out.push_back(s.at("session_id").get<long long>());
  return out;
}

}  // namespace georep::engine::rest_test
