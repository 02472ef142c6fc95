// Unit tests of the pure status reconciler (sync-jobs/status_planner.h) on the real captures and on
// variants built from them, over several cycles with an in-memory store.
#include "sync-jobs/status_planner.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "memory_store.h"

namespace georep::sync {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

const std::string kKey =
    "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300";
const ClusterRef kCluster{7, "east"};

std::string capture(const std::string& name) { return testing::readFixture(name); }

// Replaces every occurrence of `from` in `text`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Replaces only the n-th (0-based) occurrence.
std::string replacedNth(std::string text, const std::string& from, const std::string& to, int n) {
  auto pos = text.find(from);
  for (int i = 0; i < n && pos != std::string::npos; ++i) pos = text.find(from, pos + from.size());
  if (pos == std::string::npos) throw std::runtime_error("occurrence not found: " + from);
  return text.replace(pos, from.size(), to);
}

FetchedStatus fetched(const std::string& statusXml, const std::string& volinfoXml = capture("volinfo.xml")) {
  FetchedStatus f;
  f.volumes = gluster::parseVolumeInfo(volinfoXml);
  f.report = gluster::parseStatus(statusXml);
  return f;
}

// "No active geo-replication sessions", answered by vm (the node of every brick of the captures).
FetchedStatus noSessions(const std::string& answeredBy = "vm") {
  FetchedStatus f;
  f.volumes = gluster::parseVolumeInfo(capture("volinfo.xml"));
  f.answeredBy = answeredBy;
  return f;
}

std::vector<std::string> eventNames(const StatusPlan& plan) {
  std::vector<std::string> names;
  for (const auto& events : plan.events) {
    for (const auto& e : events) names.push_back(e.name);
  }
  return names;
}

const api::Event& onlyEvent(const StatusPlan& plan) {
  std::vector<const api::Event*> all;
  for (const auto& events : plan.events) {
    for (const auto& e : events) all.push_back(&e);
  }
  if (all.size() != 1) throw std::runtime_error("expected exactly one event, got " + std::to_string(all.size()));
  return *all.front();
}

// Runs one cycle: plan against the store, apply, return the plan.
StatusPlan cycle(testing::MemoryStore& store, const FetchedStatus& f) {
  StatusPlan plan = planStatus(kCluster, store.snapshot(), f);
  store.apply(plan.write);
  return plan;
}

TEST(StatusPlanner, DiscoversSessionWithBricksAndVolumes) {
  testing::MemoryStore store(kCluster.id);
  StatusPlan plan = planStatus(kCluster, store.snapshot(), fetched(capture("status_detail_active.xml")));
  EXPECT_TRUE(plan.listingComplete);
  EXPECT_EQ(plan.sessionsListed, 1u);
  ASSERT_EQ(plan.write.volumeUpserts.size(), 3u);  // mastervol, slavevol, slavevol2
  ASSERT_EQ(plan.write.sessions.size(), 1u);
  const auto& w = plan.write.sessions[0];
  EXPECT_EQ(w.kind, dao::SessionWrite::Kind::kInsert);
  EXPECT_EQ(w.masterVolume, "mastervol");
  EXPECT_EQ(w.insert.sessionKey, kKey);
  EXPECT_EQ(w.insert.secondaryHost, "vm");
  EXPECT_EQ(w.insert.secondaryUser, "root");
  EXPECT_EQ(w.insert.secondaryVolume, "slavevol");
  EXPECT_EQ(w.insert.secondaryVolumeUuid, std::optional<std::string>("40f418a6-f1fd-4f38-b70f-001c1121d300"));
  EXPECT_EQ(w.insert.status, AggregateStatus::kActive);
  ASSERT_EQ(w.bricks.size(), 2u);
  EXPECT_EQ(w.bricks[0].path, "/bricks/m1");
  EXPECT_EQ(w.bricks[0].workerStatus, WorkerStatus::kActive);
  EXPECT_EQ(w.bricks[0].crawlStatus, std::optional<std::string>("Changelog Crawl"));
  EXPECT_EQ(w.bricks[1].workerStatus, WorkerStatus::kFaulty);
  const api::Event& e = onlyEvent(plan);
  EXPECT_EQ(e.name, "georep.session.discovered");
  EXPECT_EQ(e.severity, api::Severity::kInfo);
  EXPECT_EQ(e.body["cluster"], "east");
  EXPECT_EQ(e.body["cluster_id"], 7);
  EXPECT_EQ(e.body["master_volume"], "mastervol");
  EXPECT_EQ(e.body["secondary_host"], "vm");
  EXPECT_EQ(e.body["secondary_volume"], "slavevol");
  EXPECT_EQ(e.body["session_key"], kKey);
  EXPECT_EQ(e.body["status"], "ACTIVE");
}

TEST(StatusPlanner, SecondCycleWithoutChangeWritesNothing) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  StatusPlan plan = cycle(store, fetched(capture("status_detail_active.xml")));
  EXPECT_TRUE(plan.write.empty());
  EXPECT_TRUE(plan.events.empty());
}

TEST(StatusPlanner, BrickRecoveryRaisesRecoveredAndWritesOnlyChangedRows) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  // m2 goes from Faulty to Passive; m1 unchanged.
  const std::string next = replaced(capture("status_detail_active.xml"), "<status>Faulty</status>",
                                    "<status>Passive</status>");
  StatusPlan plan = cycle(store, fetched(next));
  ASSERT_EQ(plan.write.sessions.size(), 1u);
  const auto& w = plan.write.sessions[0];
  EXPECT_EQ(w.kind, dao::SessionWrite::Kind::kUpdate);
  EXPECT_FALSE(w.status.has_value());  // still ACTIVE
  ASSERT_EQ(w.bricks.size(), 1u);
  EXPECT_EQ(w.bricks[0].path, "/bricks/m2");
  EXPECT_EQ(w.bricks[0].workerStatus, WorkerStatus::kPassive);
  const api::Event& e = onlyEvent(plan);
  EXPECT_EQ(e.name, "georep.brick.recovered");
  EXPECT_EQ(e.body["brick"], "vm:/bricks/m2");
  EXPECT_EQ(e.body["old"], "Faulty");
  EXPECT_EQ(e.body["new"], "Passive");
  EXPECT_EQ(e.body["position"], 1);
  EXPECT_EQ(e.body["replica_set"], 0);
  EXPECT_EQ(e.body["session_id"], store.find("mastervol", kKey)->session.id);
}

TEST(StatusPlanner, AllFaultyChangesStatusOnceAndRaisesBrickFaulty) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  const std::string faulty = replaced(capture("status_detail_active.xml"), "<status>Active</status>",
                                      "<status>Faulty</status>");
  StatusPlan plan = cycle(store, fetched(faulty));
  EXPECT_EQ(eventNames(plan), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.faulty"}));
  const api::Event& changed = plan.events[0][0];
  EXPECT_EQ(changed.body["old"], "ACTIVE");
  EXPECT_EQ(changed.body["new"], "FAULTY");
  EXPECT_EQ(changed.severity, api::Severity::kError);
  EXPECT_EQ(plan.events[0][1].body["brick"], "vm:/bricks/m1");
  EXPECT_EQ(store.find("mastervol", kKey)->session.status, AggregateStatus::kFaulty);
  // Same answer again: no event, no write.
  StatusPlan again = cycle(store, fetched(faulty));
  EXPECT_TRUE(again.write.empty());
  EXPECT_TRUE(again.events.empty());
}

TEST(StatusPlanner, CheckpointCompletionRaisedOnce) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_checkpoint.xml")));
  StatusPlan done = cycle(store, fetched(capture("status_detail_checkpoint_done.xml")));
  const api::Event& e = onlyEvent(done);
  EXPECT_EQ(e.name, "georep.checkpoint.completed");
  EXPECT_EQ(e.body["checkpoint_time"], "2026-11-21T11:59:56Z");
  EXPECT_EQ(e.body["completed_at"], "2026-11-21T12:02:19Z");
  StatusPlan again = cycle(store, fetched(capture("status_detail_checkpoint_done.xml")));
  EXPECT_TRUE(again.events.empty());
}

TEST(StatusPlanner, CheckpointNotCompletedWhileOneActiveWorkerIsNot) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_checkpoint.xml")));
  const std::string half = replacedNth(capture("status_detail_checkpoint_done.xml"),
                                       "<checkpoint_completed>Yes</checkpoint_completed>",
                                       "<checkpoint_completed>No</checkpoint_completed>", 1);
  StatusPlan plan = cycle(store, fetched(half));
  EXPECT_TRUE(eventNames(plan).empty());
  EXPECT_FALSE(plan.write.empty());  // brick rows did change
}

TEST(StatusPlanner, CheckpointCompletedByBricksInDifferentCyclesIsRaisedWhenTheLastCompletes) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_checkpoint.xml")));
  const std::string half = replacedNth(capture("status_detail_checkpoint_done.xml"),
                                       "<checkpoint_completed>Yes</checkpoint_completed>",
                                       "<checkpoint_completed>No</checkpoint_completed>", 1);
  EXPECT_TRUE(eventNames(cycle(store, fetched(half))).empty());
  StatusPlan done = cycle(store, fetched(capture("status_detail_checkpoint_done.xml")));
  EXPECT_EQ(onlyEvent(done).name, "georep.checkpoint.completed");
  EXPECT_TRUE(cycle(store, fetched(capture("status_detail_checkpoint_done.xml"))).events.empty());
}

TEST(StatusPlanner, SessionMissingTwiceIsRemovedOnce) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  // First complete listing without it (no session at all): counted, nothing removed, no event.
  StatusPlan first = cycle(store, noSessions());
  ASSERT_EQ(first.write.sessions.size(), 1u);
  EXPECT_EQ(first.write.sessions[0].kind, dao::SessionWrite::Kind::kUpdate);
  EXPECT_EQ(first.write.sessions[0].missedListings, std::optional<int>(1));
  EXPECT_TRUE(eventNames(first).empty());
  ASSERT_NE(store.find("mastervol", kKey), nullptr);
  // Second: removed, vanished raised.
  StatusPlan second = cycle(store, noSessions());
  ASSERT_EQ(second.write.sessions.size(), 1u);
  EXPECT_EQ(second.write.sessions[0].kind, dao::SessionWrite::Kind::kRemove);
  const api::Event& e = onlyEvent(second);
  EXPECT_EQ(e.name, "georep.session.vanished");
  EXPECT_EQ(e.body["last_status"], "ACTIVE");
  EXPECT_EQ(store.find("mastervol", kKey), nullptr);
  // Third: nothing left to do.
  EXPECT_TRUE(cycle(store, noSessions()).write.empty());
}

TEST(StatusPlanner, SessionWhoseNodesAreAllSilentIsUnknownAndNeverRemoved) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  // vm (every brick of mastervol) is down; node2, which holds none of them, answers: no session listed.
  for (int i = 0; i < 3; ++i) {
    StatusPlan plan = cycle(store, noSessions("node2"));
    for (const auto& w : plan.write.sessions) EXPECT_NE(w.kind, dao::SessionWrite::Kind::kRemove) << "cycle " << i;
    const auto names = eventNames(plan);
    EXPECT_EQ(std::count(names.begin(), names.end(), "georep.session.vanished"), 0);
    const auto* s = store.find("mastervol", kKey);
    ASSERT_NE(s, nullptr) << "removed at cycle " << i << " because its nodes are down";
    EXPECT_EQ(s->session.status, AggregateStatus::kUnknown);
    EXPECT_EQ(s->session.missedListings, 0);
    for (const auto& b : s->bricks) EXPECT_EQ(b.workerStatus, WorkerStatus::kOffline);
    if (i == 0) {
      EXPECT_EQ(plan.events.at(0).at(0).name, "georep.session.status_changed");
      EXPECT_EQ(plan.events.at(0).at(0).body["new"], "UNKNOWN");
    }
  }
  // vm answers again and lists it: back to ACTIVE.
  cycle(store, fetched(capture("status_detail_active.xml")));
  EXPECT_EQ(store.find("mastervol", kKey)->session.status, AggregateStatus::kActive);
  // vm answers and does not list it: now it is missing, and goes at the second miss.
  cycle(store, noSessions("vm"));
  cycle(store, noSessions("vm"));
  EXPECT_EQ(store.find("mastervol", kKey), nullptr);
}

TEST(StatusPlanner, SessionBackAfterOneMissResetsTheCount) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  cycle(store, noSessions());
  StatusPlan back = cycle(store, fetched(capture("status_detail_active.xml")));
  ASSERT_EQ(back.write.sessions.size(), 1u);
  EXPECT_EQ(back.write.sessions[0].missedListings, std::optional<int>(0));
  EXPECT_TRUE(eventNames(back).empty());
  cycle(store, noSessions());  // a single miss again: still there
  EXPECT_NE(store.find("mastervol", kKey), nullptr);
}

TEST(StatusPlanner, IncompleteListingCountsNoMiss) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  FetchedStatus partial = noSessions();
  partial.report.opErrstr = "Staging failed on node2. Please check the log file for more details.";
  for (int i = 0; i < 3; ++i) {
    StatusPlan plan = cycle(store, partial);
    EXPECT_FALSE(plan.listingComplete);
    EXPECT_TRUE(plan.write.sessions.empty());
  }
  EXPECT_NE(store.find("mastervol", kKey), nullptr);
}

TEST(StatusPlanner, PrimaryNotFoundOnASuccessfulStatusStillCountsMisses) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  FetchedStatus listing = noSessions();
  listing.report.opErrstr = "primary not found";  // what 10.3 says on a complete, successful status
  EXPECT_TRUE(cycle(store, listing).listingComplete);
  EXPECT_NE(store.find("mastervol", kKey), nullptr);  // one miss: kept
  StatusPlan second = cycle(store, listing);
  EXPECT_EQ(eventNames(second), std::vector<std::string>{"georep.session.vanished"});
  EXPECT_EQ(store.find("mastervol", kKey), nullptr);
}

TEST(StatusPlanner, SessionOnVolumeMissingFromVolumeInfoMakesTheListingIncomplete) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  // Another session on a volume volume info does not list; ours is gone from the listing.
  std::string other = replaced(capture("status_detail_active.xml"), "<name>mastervol</name>", "<name>ghostvol</name>");
  StatusPlan plan = cycle(store, fetched(other));
  EXPECT_FALSE(plan.listingComplete);
  EXPECT_EQ(plan.sessionsUnmapped, 1u);
  EXPECT_TRUE(plan.write.sessions.empty());
  cycle(store, fetched(other));
  EXPECT_NE(store.find("mastervol", kKey), nullptr);
}

TEST(StatusPlanner, BricksOfANodeThatDidNotAnswerBecomeOffline) {
  testing::MemoryStore store(kCluster.id);
  // Volume with m2 on a second node vm2; status from vm only lists m1... then vm2 answers.
  const std::string volinfo =
      replaced(capture("volinfo.xml"), "vm:/bricks/m2<name>vm:/bricks/m2</name><hostUuid>6661d41d-619e-467f-8b44-0f4066203ac7",
               "vm2:/bricks/m2<name>vm2:/bricks/m2</name><hostUuid>7772e52e-720f-478a-9c55-1a5177314bd8");
  const std::string both = replaced(
      replacedNth(capture("status_detail_active.xml"), "<primary_node>vm</primary_node>",
                  "<primary_node>vm2</primary_node>", 1),
      "<primary_node_uuid>6661d41d-619e-467f-8b44-0f4066203ac7</primary_node_uuid>\n            <last_synced>N/A",
      "<primary_node_uuid>7772e52e-720f-478a-9c55-1a5177314bd8</primary_node_uuid>\n            <last_synced>N/A");
  cycle(store, fetched(both, volinfo));
  const auto* s = store.find("mastervol", kKey);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->bricks.size(), 2u);
  EXPECT_EQ(s->bricks[1].host, "vm2");
  EXPECT_EQ(s->bricks[1].workerStatus, WorkerStatus::kFaulty);

  // vm answers, vm2 does not: m1's pair only. vm's brick Active -> ACTIVE, vm2's Faulty -> Offline (still down).
  const auto pairStart = both.find("<pair>", both.find("<pair>") + 1);
  const auto pairEnd = both.find("</pair>", pairStart) + std::string("</pair>").size();
  std::string onlyVm = both;
  onlyVm.erase(pairStart, pairEnd - pairStart);
  StatusPlan plan = cycle(store, fetched(onlyVm, volinfo));
  ASSERT_EQ(plan.write.sessions.size(), 1u);
  ASSERT_EQ(plan.write.sessions[0].bricks.size(), 1u);
  EXPECT_EQ(plan.write.sessions[0].bricks[0].workerStatus, WorkerStatus::kOffline);
  EXPECT_FALSE(plan.write.sessions[0].bricks[0].crawlStatus.has_value());
  EXPECT_TRUE(eventNames(plan).empty());  // Faulty -> Offline: was down, still down

  // Now the Active one's node goes away too and m2's comes back Passive.
  std::string onlyVm2 = both;
  const auto firstStart = onlyVm2.find("<pair>");
  onlyVm2.erase(firstStart, onlyVm2.find("</pair>", firstStart) + 7 - firstStart);
  onlyVm2 = replaced(onlyVm2, "<status>Faulty</status>", "<status>Passive</status>");
  StatusPlan plan2 = cycle(store, fetched(onlyVm2, volinfo));
  EXPECT_EQ(eventNames(plan2), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.faulty",
                                                         "georep.brick.recovered"}));
  EXPECT_EQ(plan2.events[0][0].body["new"], "FAULTY");  // no Active, one Offline
  EXPECT_EQ(plan2.events[0][1].body["new"], "Offline");
  EXPECT_EQ(plan2.events[0][2].body["old"], "Offline");
  EXPECT_EQ(plan2.events[0][2].body["new"], "Passive");
}

TEST(StatusPlanner, UnknownStatusKeepsRawWorkerStates) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  std::string odd = replaced(capture("status_detail_active.xml"), "<status>Active</status>", "<status>Stopped</status>");
  odd = replaced(odd, "<status>Faulty</status>", "<status>Paused</status>");
  StatusPlan plan = cycle(store, fetched(odd));
  ASSERT_EQ(plan.write.sessions.size(), 1u);
  EXPECT_EQ(plan.write.sessions[0].status, std::optional<AggregateStatus>(AggregateStatus::kUnknown));
  EXPECT_EQ(plan.write.sessions[0].rawWorkerStates, std::optional<std::string>("0:Stopped,1:Paused"));
  EXPECT_EQ(plan.events[0][0].body["raw_worker_states"], "0:Stopped,1:Paused");
  EXPECT_EQ(plan.events[0][0].severity, api::Severity::kWarning);
  EXPECT_EQ(store.find("mastervol", kKey)->session.rawWorkerStates, "0:Stopped,1:Paused");
}

TEST(StatusPlanner, LifecycleStatusOfAStoppedSession) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  std::string stopped = replaced(capture("status_detail_active.xml"), "<status>Active</status>", "<status>Stopped</status>");
  stopped = replaced(stopped, "<status>Faulty</status>", "<status>Stopped</status>");
  StatusPlan plan = cycle(store, fetched(stopped));
  EXPECT_EQ(eventNames(plan), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.recovered"}));
  EXPECT_EQ(plan.events[0][0].body["new"], "STOPPED");
  EXPECT_EQ(plan.events[0][0].severity, api::Severity::kInfo);
  EXPECT_EQ(plan.events[0][0].body.count("raw_worker_states"), 0u);
}

TEST(StatusPlanner, VolumeChangesAreUpsertedAndUnusedVolumesRemoved) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  // slavevol2 stopped.
  std::string volinfo = capture("volinfo.xml");
  const auto at = volinfo.find("<name>slavevol2</name>");
  volinfo.replace(volinfo.find("<statusStr>Started</statusStr>", at), 30, "<statusStr>Stopped</statusStr>");
  volinfo.replace(volinfo.find("<status>1</status>", at), 18, "<status>2</status>");
  StatusPlan plan = cycle(store, fetched(capture("status_detail_active.xml"), volinfo));
  ASSERT_EQ(plan.write.volumeUpserts.size(), 1u);
  EXPECT_EQ(plan.write.volumeUpserts[0].name, "slavevol2");
  EXPECT_EQ(plan.write.volumeUpserts[0].state, gluster::VolumeState::kStopped);
  EXPECT_FALSE(plan.write.listedVolumes.has_value());
  EXPECT_TRUE(plan.write.sessions.empty());

  // slavevol2 deleted: listed volumes given so that the DAO removes it. mastervol stays (its session).
  FetchedStatus f = fetched(capture("status_detail_active.xml"));
  f.volumes.erase(f.volumes.begin() + 2);
  StatusPlan removal = cycle(store, f);
  ASSERT_TRUE(removal.write.listedVolumes.has_value());
  EXPECT_EQ(*removal.write.listedVolumes, (std::vector<std::string>{"mastervol", "slavevol"}));
  EXPECT_EQ(store.snapshot().volumes.size(), 2u);
}

TEST(StatusPlanner, VolumeWithSessionIsKeptWhileTheSessionIsCounted) {
  testing::MemoryStore store(kCluster.id);
  cycle(store, fetched(capture("status_detail_active.xml")));
  FetchedStatus f = noSessions();
  f.volumes.erase(f.volumes.begin());  // mastervol gone from volume info, its session not listed
  StatusPlan first = cycle(store, f);
  EXPECT_FALSE(first.write.listedVolumes.has_value());  // session missed once: kept, its volume too
  StatusPlan second = cycle(store, f);
  ASSERT_TRUE(second.write.listedVolumes.has_value());  // session removed: its volume can go
  EXPECT_EQ(eventNames(second), (std::vector<std::string>{"georep.session.vanished"}));
}

}  // namespace
}  // namespace georep::sync
