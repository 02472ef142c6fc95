// Shared fixture of the command tests: a migrated TestDatabase, the engine's PgInventory with cluster
// "c1" (hosts "vm" and "vm2"), the real ClusterGateway/GlusterGateway over one FakeTransport per host,
// a recording event bus, the engine's command bus with every georep command registered, and builders of
// GlusterFS answers from the real 10.3 captures (status with chosen worker states, config with a changed
// key, refusals in the cliOutput envelope).
// Thread-safety: one fixture per test; the recording bus and FakeTransport are thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "commands/command_deps.h"
#include "commands/register_commands.h"
#include "dao/records.h"
#include "engine/api/event_bus.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/session_health.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "support/fake_transport_factory.h"
#include "support/recording_event_bus.h"
#include "support/test_database.h"

namespace georep::testing {

inline constexpr const char* kSlavevolKey =
    "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300";

// The status capture (two Active workers, slavevol) with the workers' states replaced, for a session
// to `secondaryVolume` ("slavevol" keeps the capture's key; "slavevol2" gets slavevol2's uuid).
inline std::string statusXml(const std::string& first, const std::string& second,
                             const std::string& secondaryVolume = "slavevol") {
  std::string xml = readFixture("status_detail_checkpoint.xml");
  const std::string marker = "<status>Active</status>";
  auto a = xml.find(marker);
  xml.replace(a, marker.size(), "<status>" + first + "</status>");
  auto b = xml.find(marker, a + 1);
  xml.replace(b, marker.size(), "<status>" + second + "</status>");
  if (secondaryVolume != "slavevol") {
    xml = std::regex_replace(xml, std::regex("40f418a6-f1fd-4f38-b70f-001c1121d300"),
                             "ab65290b-0fe3-4bf4-9f55-fe4b882eec2a");
    xml = std::regex_replace(xml, std::regex("vm::slavevol"), "vm::" + secondaryVolume);
  }
  return xml;
}

// A cliOutput envelope with a refusal.
inline std::string refusalXml(int opRet, int opErrno, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cliOutput>\n  <opRet>" +
         std::to_string(opRet) + "</opRet>\n  <opErrno>" + std::to_string(opErrno) + "</opErrno>\n  <opErrstr>" +
         message + "</opErrstr>\n  <geoRep/>\n</cliOutput>\n";
}

// config.xml with one key's value replaced.
inline std::string configXml(const std::string& key, const std::string& value) {
  std::string xml = readFixture("config.xml");
  const std::regex re("<" + key + ">[^<]*</" + key + ">|<" + key + "/>");
  return std::regex_replace(xml, re, "<" + key + ">" + value + "</" + key + ">");
}

// volinfo.xml with mastervol's state replaced ("Started" / "Stopped").
inline std::string volinfoXml(const std::string& masterState) {
  std::string xml = readFixture("volinfo.xml");
  const std::string marker = "<status>1</status>\n        <statusStr>Started</statusStr>";
  if (masterState == "Stopped") {
    xml.replace(xml.find(marker), marker.size(), "<status>2</status>\n        <statusStr>Stopped</statusStr>");
  }
  return xml;
}

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(TestDatabase::Schema::kMigrated, 8);
    inventory_ = std::make_unique<engine::PgInventory>(db_->database());
    api::Cluster c;
    c.name = "c1";
    c.transport = "local";
    cluster_ = inventory_->addCluster(c);
    for (const char* address : {"vm", "vm2"}) {
      api::Host h;
      h.address = address;
      inventory_->addHost("c1", h);
    }
    gateway_ = std::make_unique<gluster::ClusterGateway>(*inventory_, factory_, std::chrono::seconds(5));
    commands::CommandOptions options;
    options.lockWait = std::chrono::seconds(5);
    options.readBackAttempts = 3;
    options.readBackInterval = std::chrono::milliseconds(0);
    options.createHookPoll = std::chrono::milliseconds(0);
    deps_ = std::make_unique<commands::CommandDeps>(
        commands::CommandDeps{db_->database(), events_, *inventory_, *gateway_, options, {}, {}, {}, {}});
    registrations_ = commands::registerCommands(bus_, *deps_);
    fake().onFixture({"volume", "info"}, "volinfo.xml");
  }

  void TearDown() override { registrations_.clear(); }

  FakeTransport& fake(const std::string& host = "vm") { return *factory_.transport(host); }

  api::CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) {
    return bus_.dispatch(name, params);
  }

  // Stores mastervol (from volinfo.xml) and a session to vm::slavevol with the given workers, stored
  // config from config.xml. Returns the session id.
  std::int64_t seedSession(const std::string& first, const std::string& second,
                           gluster::VolumeState volumeState = gluster::VolumeState::kStarted) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    auto volumes = gluster::parseVolumeInfo(readFixture("volinfo.xml"));
    auto master = volumes.at(0);
    master.state = volumeState;
    const auto report = gluster::parseStatus(statusXml(first, second));
    const auto health = gluster::assessSession(master, report.sessions.at(0));
    const auto volumeId = deps_->volumes.upsert(sql, cluster_.id, master);
    dao::NewSession s;
    s.clusterId = cluster_.id;
    s.masterVolumeId = volumeId;
    s.sessionKey = kSlavevolKey;
    s.secondaryHost = "vm";
    s.secondaryVolume = "slavevol";
    s.secondaryVolumeUuid = "40f418a6-f1fd-4f38-b70f-001c1121d300";
    s.status = health.status;
    s.rawWorkerStates = health.rawWorkerStates;
    const auto id = deps_->sessions.insert(sql, s);
    deps_->sessionBricks.replace(sql, id, volumeId, health);
    deps_->config.replaceAll(sql, id, gluster::parseConfig(readFixture("config.xml")));
    return id;
  }

  std::optional<dao::SessionRecord> session(std::int64_t id) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    return deps_->sessions.findById(sql, id);
  }
  std::vector<dao::SessionBrickRecord> sessionBricks(std::int64_t id) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    return deps_->sessionBricks.list(sql, id);
  }
  std::optional<dao::ConfigEntry> configEntry(std::int64_t id, const std::string& key) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    return deps_->config.find(sql, id, key);
  }
  long long count(const std::string& table) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM " + table, soci::into(n);
    return n;
  }
  // A fingerprint of every plugin table, to assert that a failed command wrote nothing.
  std::string snapshotTables() {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    std::string out;
    for (const char* q :
         {"SELECT coalesce(string_agg(concat_ws('|', id, name, status, brick_count, updated_at), ',' ORDER BY id), '') FROM georep_volumes",
          "SELECT coalesce(string_agg(concat_ws('|', id, volume_id, position, host, path), ',' ORDER BY id), '') FROM georep_bricks",
          "SELECT coalesce(string_agg(concat_ws('|', id, status, raw_worker_states, updated_at), ',' ORDER BY id), '') FROM georep_sessions",
          "SELECT coalesce(string_agg(concat_ws('|', session_id, brick_id, worker_status, updated_at), ',' ORDER BY session_id, brick_id), '') FROM georep_session_bricks",
          "SELECT coalesce(string_agg(concat_ws('|', session_id, key, value, is_default, updated_at), ',' ORDER BY session_id, key), '') FROM georep_session_config"}) {
      std::string part;
      sql << q, soci::into(part);
      out += part + "\n";
    }
    return out;
  }

  // The argvs sent, each joined with spaces, without the "gluster --mode=script [--xml] --" prefix.
  std::vector<std::string> sent(const std::string& host = "vm") {
    std::vector<std::string> out;
    for (const auto& argv : fake(host).calls()) {
      std::string s;
      bool started = false;
      for (const auto& a : argv) {
        if (!started) {
          started = a == "--";
          continue;
        }
        s += (s.empty() ? "" : " ") + a;
      }
      out.push_back(s);
    }
    return out;
  }

  api::HostState hostState(const std::string& address) {
    for (const auto& h : inventory_->hosts(cluster_.id)) {
      if (h.address == address) return h.state;
    }
    return api::HostState::kUnknown;
  }

  // The last event raised (fails the test when there is none).
  api::Event lastEvent() {
    auto all = events_.events();
    if (all.empty()) {
      ADD_FAILURE() << "no event was raised";
      return {};
    }
    return all.back();
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<engine::PgInventory> inventory_;
  api::Cluster cluster_;
  FakeTransportFactory factory_;
  std::unique_ptr<gluster::ClusterGateway> gateway_;
  RecordingEventBus events_;
  engine::EngineCommandBus bus_;
  std::unique_ptr<commands::CommandDeps> deps_;
  std::vector<api::Registration> registrations_;
};

// The error code name of a failed outcome ("ok" when it succeeded).
inline std::string codeOf(const api::CommandOutcome& o) {
  if (o.ok) return "ok";
  return std::string(api::errorCodeName(o.error->code()));
}

}  // namespace georep::testing
