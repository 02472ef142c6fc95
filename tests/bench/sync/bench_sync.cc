// Benchmarks of the sync job's per-cluster cycle (sync::ClusterSync::runStatus) at scale: one cluster
// with 250 primary volumes (2 x 2 distributed-replicate, 4 bricks on 4 nodes) and 4 sessions on each:
// 1,000 sessions x 4 bricks. The GlusterFS answers are generated from the real 10.3 captures' shape
// (envelope, element names, value spellings) and replayed by the FakeTransport; the database is a fresh
// PostgreSQL database on GEOREP_TEST_DB (tests/support TestDatabase).
//  - BM_CycleNoChange: process CPU time per cycle (MeasureProcessCPUTime: every thread of the process),
//    target < 50 ms, and NO write: counters cycles_with_writes and rows_changed (a fingerprint of every
//    plugin row's xmin before and after) must be 0;
//  - BM_CycleEveryBrickChanged: every worker flips Active <-> Passive and its last_synced moves, each
//    cycle; wall time with the database writes, target < 1 s;
//  - gateway_calls_per_cycle: calls recorded by the FakeTransport / cycles (target: 2).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "engine/api/event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "gluster/cluster_gateway.h"
#include "sync-jobs/cluster_sync.h"
#include "support/capture_edit.h"
#include "support/fake_transport.h"
#include "support/fake_transport_factory.h"
#include "support/plugin_rows.h"
#include "support/test_database.h"

namespace {

using georep::testing::between;
using georep::testing::replaceAll;
using georep::testing::FakeTransport;
using georep::testing::readFixture;

constexpr int kVolumes = 250;
constexpr int kSessionsPerVolume = 4;
constexpr int kBricks = 4;

std::string uuid(unsigned n, const char* tail) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%08x-%s", n, tail);
  return buf;
}
std::string nodeUuid(int b) { return uuid(static_cast<unsigned>(0x6661d400 + b), "619e-467f-8b44-0f4066203ac7"); }
std::string volumeUuid(int v) { return uuid(static_cast<unsigned>(0x28731600 + v), "9bfa-453f-9f57-5525d32a9d86"); }
std::string secondaryUuid(int n) { return uuid(static_cast<unsigned>(0x40f41800 + n), "f1fd-4f38-b70f-001c1121d300"); }
std::string brickPath(int v, int b) { return "/bricks/pvol" + std::to_string(v) + "/b" + std::to_string(b); }

// volume info: kVolumes volumes of 4 bricks, cut from volinfo.xml.
std::string volumeInfoDocument() {
  const std::string capture = readFixture("volinfo.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string brick = between(volume, "<brick ", "</brick>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("<count>"));
  std::string doc = head;
  for (int v = 0; v < kVolumes; ++v) {
    std::string bricks;
    for (int b = 0; b < kBricks; ++b) {
      std::string x = replaceAll(brick, "vm:/bricks/m1", "n" + std::to_string(b) + ":" + brickPath(v, b));
      bricks += replaceAll(x, "6661d41d-619e-467f-8b44-0f4066203ac7", nodeUuid(b));
    }
    std::string vol = replaceAll(volume, "<name>mastervol</name>", "<name>pvol" + std::to_string(v) + "</name>");
    vol = replaceAll(vol, "28731639-9bfa-453f-9f57-5525d32a9d86", volumeUuid(v));
    vol = replaceAll(vol, "<brickCount>2</brickCount>", "<brickCount>4</brickCount>");
    vol = replaceAll(vol, "<distCount>1</distCount>", "<distCount>2</distCount>");
    vol = replaceAll(vol, "<typeStr>Replicate</typeStr>", "<typeStr>Distributed-Replicate</typeStr>");
    const auto a = vol.find("<bricks>") + 8;
    const auto z = vol.find("</bricks>");
    vol.replace(a, z - a, bricks);
    doc += vol;
  }
  return replaceAll(doc + tail, "<count>3</count>", "<count>" + std::to_string(kVolumes) + "</count>");
}

// status of every session; `flip` swaps Active/Passive of every worker and moves last_synced.
std::string statusDocument(bool flip) {
  const std::string capture = readFixture("status_detail_checkpoint.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string pairTemplate = between(volume, "<pair>", "</pair>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("</volume>") + 9);
  std::string doc = head;
  for (int v = 0; v < kVolumes; ++v) {
    doc += "<volume>\n      <name>pvol" + std::to_string(v) + "</name>\n      <sessions>\n";
    for (int s = 0; s < kSessionsPerVolume; ++s) {
      const int n = v * kSessionsPerVolume + s;
      const std::string sec = "secvol" + std::to_string(n);
      doc += "        <session>\n          <session_secondary>" + nodeUuid(0) + ":ssh://sec::" + sec + ":" +
             secondaryUuid(n) + "</session_secondary>\n";
      for (int b = 0; b < kBricks; ++b) {
        std::string pair = replaceAll(pairTemplate, "<primary_node>vm</primary_node>",
                                      "<primary_node>n" + std::to_string(b) + "</primary_node>");
        pair = replaceAll(pair, "/bricks/m1", brickPath(v, b));
        pair = replaceAll(pair, "6661d41d-619e-467f-8b44-0f4066203ac7", nodeUuid(b));
        pair = replaceAll(pair, "vm::slavevol", "sec::" + sec);
        const bool active = (b % 2 == 0) != flip;
        pair = replaceAll(pair, "<status>Active</status>", active ? "<status>Active</status>" : "<status>Passive</status>");
        pair = replaceAll(pair, "2026-11-21 11:58:27", flip ? "2026-11-21 12:30:00" : "2026-11-21 12:00:00");
        doc += "          " + pair + "\n";
      }
      doc += "        </session>\n";
    }
    doc += "      </sessions>\n    </volume>";
  }
  return doc + tail;
}

class CountingEventBus : public georep::api::EventBus {
 public:
  void raise(georep::api::Event) override { ++raised; }
  boost::signals2::connection subscribe(std::function<void(const georep::api::Event&)>) override { return {}; }
  std::size_t raised = 0;
};

// The database, inventory and gateway of the benchmark, built once.
struct Env {
  std::unique_ptr<georep::testing::TestDatabase> db;
  std::unique_ptr<georep::engine::PgInventory> inventory;
  georep::api::Cluster cluster;
  georep::testing::FakeTransportFactory factory;
  std::shared_ptr<FakeTransport> transport = factory.transport("n0");  // the cluster's only host
  std::unique_ptr<georep::gluster::ClusterGateway> gateway;
  CountingEventBus events;
  std::unique_ptr<georep::sync::ClusterSync> sync;
  std::string volinfo = volumeInfoDocument();
  std::string statusA = statusDocument(false);
  std::string statusB = statusDocument(true);

  Env() {
    db = std::make_unique<georep::testing::TestDatabase>(georep::testing::TestDatabase::Schema::kMigrated, 4);
    inventory = std::make_unique<georep::engine::PgInventory>(db->database());
    georep::api::Cluster c;
    c.name = "bench";
    c.transport = "local";
    cluster = inventory->addCluster(c);
    georep::api::Host h;
    h.address = "n0";
    inventory->addHost("bench", h);
    gateway = std::make_unique<georep::gluster::ClusterGateway>(*inventory, factory, std::chrono::seconds(60));
    sync = std::make_unique<georep::sync::ClusterSync>(db->database(), events, *gateway);
  }

  void answer(const std::string& status) {
    transport->clearRules();
    transport->on({"--xml", "volume", "info"}, georep::gluster::ExecResult{0, volinfo, ""});
    transport->on({"--xml", "geo-replication", "status"}, georep::gluster::ExecResult{0, status, ""});
  }

  long long count(const char* table) {
    auto lease = db->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << std::string("SELECT count(*) FROM ") + table, soci::into(n);
    return n;
  }

  std::string fingerprint() { return georep::testing::pluginRowVersions(db->database()); }
};

Env& env() {
  static Env e;
  return e;
}

// Brings the database to the state `status` describes (untimed).
bool converge(benchmark::State& state, const std::string& status) {
  Env& e = env();
  e.answer(status);
  auto first = e.sync->runStatus(e.cluster, "bench");
  auto second = e.sync->runStatus(e.cluster, "bench");
  if (first.outcome != georep::sync::CycleReport::Outcome::kOk || second.changed()) {
    state.SkipWithError(("setup cycle failed: " + first.error).c_str());
    return false;
  }
  if (e.count("georep_sessions") != kVolumes * kSessionsPerVolume ||
      e.count("georep_session_bricks") != kVolumes * kSessionsPerVolume * kBricks) {
    state.SkipWithError("setup did not store 1000 sessions x 4 bricks");
    return false;
  }
  return true;
}

void BM_CycleNoChange(benchmark::State& state) {
  Env& e = env();
  if (!converge(state, e.statusA)) return;
  const std::string before = e.fingerprint();
  const std::size_t callsBefore = e.transport->callCount();
  const std::size_t eventsBefore = e.events.raised;
  std::size_t withWrites = 0;
  for (auto _ : state) {
    auto report = e.sync->runStatus(e.cluster, "bench");
    if (report.outcome != georep::sync::CycleReport::Outcome::kOk) {
      state.SkipWithError(("cycle failed: " + report.error).c_str());
      return;
    }
    if (report.wrote) ++withWrites;
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["gateway_calls_per_cycle"] = static_cast<double>(e.transport->callCount() - callsBefore) / cycles;
  state.counters["cycles_with_writes"] = static_cast<double>(withWrites);
  state.counters["rows_changed"] = e.fingerprint() == before ? 0 : 1;
  state.counters["events"] = static_cast<double>(e.events.raised - eventsBefore);
  state.counters["sessions"] = static_cast<double>(kVolumes * kSessionsPerVolume);
  state.counters["status_MB"] = static_cast<double>(e.statusA.size()) / 1e6;
}
BENCHMARK(BM_CycleNoChange)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->MinTime(3.0);

void BM_CycleEveryBrickChanged(benchmark::State& state) {
  Env& e = env();
  if (!converge(state, e.statusA)) return;
  bool flip = false;
  std::size_t bricksWritten = 0;
  const std::size_t callsBefore = e.transport->callCount();
  for (auto _ : state) {
    state.PauseTiming();
    flip = !flip;
    e.answer(flip ? e.statusB : e.statusA);
    state.ResumeTiming();
    auto report = e.sync->runStatus(e.cluster, "bench");
    if (report.outcome != georep::sync::CycleReport::Outcome::kOk || !report.wrote) {
      state.SkipWithError(("cycle failed or wrote nothing: " + report.error).c_str());
      return;
    }
    bricksWritten += report.bricksWritten;
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["bricks_written_per_cycle"] = static_cast<double>(bricksWritten) / cycles;
  state.counters["gateway_calls_per_cycle"] = static_cast<double>(e.transport->callCount() - callsBefore) / cycles;
}
BENCHMARK(BM_CycleEveryBrickChanged)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->MinTime(5.0);

}  // namespace

BENCHMARK_MAIN();
