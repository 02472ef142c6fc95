// Unit tests of gluster/session_health: pairs mapped onto the primary volume's bricks, missing bricks
// filled as Offline, and DESIGN.md's six aggregate-status rules on replica 2 and 3, distributed-replicate,
// disperse and arbiter volumes.
#include "gluster/session_health.h"

#include <stdexcept>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"

namespace georep::gluster {
namespace {

using WS = WorkerStatus;
using AS = AggregateStatus;

const char* kUuidA = "6661d41d-619e-467f-8b44-0f4066203ac7";
const char* kUuidB = "7772e52e-720f-478a-9c55-1a5177314bd8";
const char* kUuidC = "8883f63f-831a-489b-ad66-2b6288425ce9";

std::string uuidFor(int host) {
  switch (host % 3) {
    case 0: return kUuidA;
    case 1: return kUuidB;
    default: return kUuidC;
  }
}

// A volume of `count` bricks spread over hosts n0, n1, n2 (brick i on host i % 3), path /bricks/b<i>.
VolumeInfo makeVolume(const std::string& type, int count, int replica, int disperse = 0, int arbiter = 0) {
  VolumeInfo v;
  v.name = "mastervol";
  v.id = "28731639-9bfa-453f-9f57-5525d32a9d86";
  v.state = VolumeState::kStarted;
  v.typeName = type;
  v.brickCount = count;
  v.replicaCount = replica;
  v.disperseCount = disperse;
  v.arbiterCount = arbiter;
  v.distCount = count / v.replicaSetWidth();
  for (int i = 0; i < count; ++i) {
    Brick b;
    b.host = "n" + std::to_string(i % 3);
    b.hostUuid = uuidFor(i % 3);
    b.path = "/bricks/b" + std::to_string(i);
    // With an arbiter, the last brick of every replica set is the arbiter.
    b.isArbiter = arbiter > 0 && (i % replica) == replica - 1;
    v.bricks.push_back(b);
  }
  return v;
}

std::string rawName(WS s) {
  switch (s) {
    case WS::kCreated: return "Created";
    case WS::kInitializing: return "Initializing...";
    case WS::kActive: return "Active";
    case WS::kPassive: return "Passive";
    case WS::kFaulty: return "Faulty";
    case WS::kPaused: return "Paused";
    case WS::kStopped: return "Stopped";
    case WS::kConfigCorrupted: return "Config Corrupted";
    default: return "N/A";
  }
}

BrickStatus pairFor(const Brick& b, WS status) {
  BrickStatus p;
  p.primaryNode = b.host;
  p.primaryBrick = b.path;
  p.primaryNodeUuid = b.hostUuid;
  p.secondaryUser = "root";
  p.secondary = "vm::slavevol";
  p.status = status;
  p.rawStatus = rawName(status);
  if (status == WS::kActive) {
    p.crawlStatus = "Changelog Crawl";
    p.entry = 0;
    p.data = 3;
    p.meta = 0;
    p.failures = 1;
  }
  return p;
}

// A session whose pair i reports `states[i]` for brick i; WS::kOffline means "no pair for that brick".
SessionStatus makeSession(const VolumeInfo& v, const std::vector<WS>& states) {
  SessionStatus s;
  s.primaryVolume = v.name;
  s.key.raw = std::string(kUuidA) + ":ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300";
  for (std::size_t i = 0; i < states.size() && i < v.bricks.size(); ++i) {
    if (states[i] != WS::kOffline) s.bricks.push_back(pairFor(v.bricks[i], states[i]));
  }
  return s;
}

AS statusOf(const VolumeInfo& v, const std::vector<WS>& states) { return assessSession(v, makeSession(v, states)).status; }

// ---------------------------------------------------------------- names

TEST(AggregateStatusName, EveryStatusRoundTrips) {
  const std::vector<std::pair<AS, std::string>> all = {
      {AS::kCreated, "CREATED"},   {AS::kPaused, "PAUSED"},   {AS::kStopped, "STOPPED"},
      {AS::kActive, "ACTIVE"},     {AS::kInitializing, "INITIALIZING"}, {AS::kFaulty, "FAULTY"},
      {AS::kPartialFaulty, "PARTIAL_FAULTY"}, {AS::kUnknown, "UNKNOWN"}};
  for (const auto& [status, name] : all) {
    EXPECT_EQ(aggregateStatusName(status), name);
    EXPECT_EQ(parseAggregateStatus(name), status) << name;
  }
}

TEST(AggregateStatusName, UnknownTextParsesAsUnknown) {
  EXPECT_EQ(parseAggregateStatus(""), AS::kUnknown);
  EXPECT_EQ(parseAggregateStatus("active"), AS::kUnknown);  // case matters: stored names are upper case
  EXPECT_EQ(parseAggregateStatus("Active"), AS::kUnknown);
  EXPECT_EQ(parseAggregateStatus("PARTIAL FAULTY"), AS::kUnknown);
}

// ---------------------------------------------------------------- rule 1: one lifecycle state

TEST(AggregateRule1, AllCreatedIsCreated) {
  auto v = makeVolume("Replicate", 2, 2);
  EXPECT_EQ(statusOf(v, {WS::kCreated, WS::kCreated}), AS::kCreated);
}

TEST(AggregateRule1, AllPausedIsPausedOnReplica3) {
  auto v = makeVolume("Replicate", 3, 3);
  EXPECT_EQ(statusOf(v, {WS::kPaused, WS::kPaused, WS::kPaused}), AS::kPaused);
}

TEST(AggregateRule1, AllStoppedIsStoppedOnDistributedReplicate) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kStopped, WS::kStopped, WS::kStopped, WS::kStopped}), AS::kStopped);
}

TEST(AggregateRule1, MixedLifecycleStatesAreUnknownWithRawStates) {
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kPaused, WS::kStopped}));
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_EQ(h.rawWorkerStates, "0:Paused,1:Stopped");
}

TEST(AggregateRule1, OfflineBricksDoNotChangeALifecycleState) {
  // A node that does not answer leaves its brick Offline: that says nothing about the session, which
  // stays in the lifecycle state of every worker that reports (it used to read FAULTY and could not be
  // deleted). The Offline brick is still shown per brick.
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kStopped, WS::kOffline}));
  EXPECT_EQ(h.status, AS::kStopped);
  EXPECT_EQ(h.workers.at(1).status.status, WS::kOffline);
  EXPECT_EQ(statusOf(v, {WS::kOffline, WS::kCreated}), AS::kCreated);
  auto d = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(d, {WS::kPaused, WS::kOffline, WS::kOffline, WS::kPaused}), AS::kPaused);
  // A Faulty worker among them still counts.
  EXPECT_EQ(statusOf(d, {WS::kStopped, WS::kOffline, WS::kFaulty, WS::kStopped}), AS::kFaulty);
}

// ---------------------------------------------------------------- rule 2: every set Active

TEST(AggregateRule2, Replica2ActivePassiveIsActive) {
  auto v = makeVolume("Replicate", 2, 2);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive}), AS::kActive);
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kActive}), AS::kActive);
}

TEST(AggregateRule2, ReplicaPartnerFaultyStillActive) {
  // One Active worker is enough for its set: a Faulty partner does not make the session faulty.
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kActive, WS::kFaulty}));
  EXPECT_EQ(h.status, AS::kActive);
  EXPECT_EQ(h.rawWorkerStates, "");  // kept only for UNKNOWN
}

TEST(AggregateRule2, Replica3OneActiveTwoPassiveIsActive) {
  auto v = makeVolume("Replicate", 3, 3);
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kActive, WS::kPassive}), AS::kActive);
}

TEST(AggregateRule2, Replica3ActiveWithOfflinePartnersIsActive) {
  auto v = makeVolume("Replicate", 3, 3);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kOffline, WS::kOffline}), AS::kActive);
}

TEST(AggregateRule2, DistributedReplicateNeedsAnActivePerSet) {
  auto v = makeVolume("Distributed-Replicate", 6, 3);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive, WS::kPassive, WS::kPassive, WS::kActive}),
            AS::kActive);
}

TEST(AggregateRule2, TwoActiveInOneSetButNoneInTheOtherIsNotActive) {
  // Both Active workers count for set 0 only (same node, no meta-volume: GLUSTER.md point 7).
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kActive, WS::kFaulty, WS::kFaulty}), AS::kPartialFaulty);
}

TEST(AggregateRule2, DisperseOneActivePerSubvolume) {
  // 2 x (4+2): sets are disperseCount (6) wide, not replicaCount (1).
  auto v = makeVolume("Distributed-Disperse", 12, 1, 6);
  std::vector<WS> states(12, WS::kPassive);
  states[2] = WS::kActive;
  states[7] = WS::kActive;
  EXPECT_EQ(statusOf(v, states), AS::kActive);
}

TEST(AggregateRule2, ArbiterPassiveWithActiveDataBrick) {
  auto v = makeVolume("Replicate", 3, 3, 0, 1);
  ASSERT_TRUE(v.bricks[2].isArbiter);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive}), AS::kActive);
  // The arbiter's own worker failing does not matter while a data brick is Active.
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kActive, WS::kFaulty}), AS::kActive);
}

// ---------------------------------------------------------------- rule 3: sets without Active are waiting

TEST(AggregateRule3, AllInitializingIsInitializing) {
  auto v = makeVolume("Replicate", 2, 2);
  EXPECT_EQ(statusOf(v, {WS::kInitializing, WS::kInitializing}), AS::kInitializing);
}

TEST(AggregateRule3, PassiveAndInitializingIsInitializing) {
  auto v = makeVolume("Replicate", 3, 3);
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kInitializing, WS::kPassive}), AS::kInitializing);
}

TEST(AggregateRule3, OneSetActiveOtherSetStillPassiveIsInitializing) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive, WS::kInitializing}), AS::kInitializing);
}

TEST(AggregateRule3, DisperseSetWithoutActiveAllPassive) {
  auto v = makeVolume("Disperse", 6, 1, 6);
  EXPECT_EQ(statusOf(v, std::vector<WS>(6, WS::kPassive)), AS::kInitializing);
}

// ---------------------------------------------------------------- rule 4: no Active, something failed

TEST(AggregateRule4, AllFaultyIsFaulty) {
  auto v = makeVolume("Replicate", 2, 2);
  EXPECT_EQ(statusOf(v, {WS::kFaulty, WS::kFaulty}), AS::kFaulty);
}

TEST(AggregateRule4, PassiveWithFaultyPartnerIsFaulty) {
  auto v = makeVolume("Replicate", 3, 3);
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kFaulty, WS::kInitializing}), AS::kFaulty);
}

TEST(AggregateRule0, NoPairAtAllIsUnknownEveryBrickOffline) {
  // No node answered for the session: nothing can be said of it (not FAULTY, not gone).
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  auto h = assessSession(v, makeSession(v, {WS::kOffline, WS::kOffline, WS::kOffline, WS::kOffline}));
  EXPECT_EQ(h.status, AS::kUnknown);
  ASSERT_EQ(h.workers.size(), 4u);
  for (const auto& w : h.workers) EXPECT_EQ(w.status.status, WS::kOffline);
}

TEST(AggregateRule4, ArbiterDataBricksFaulty) {
  auto v = makeVolume("Replicate", 3, 3, 0, 1);
  EXPECT_EQ(statusOf(v, {WS::kFaulty, WS::kFaulty, WS::kPassive}), AS::kFaulty);
}

TEST(AggregateRule4, FaultyDominatesOtherStatesWhenNothingIsActive) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kStopped, WS::kStopped, WS::kFaulty, WS::kConfigCorrupted}), AS::kFaulty);
}

// ---------------------------------------------------------------- rule 5: some sets Active, some failed

TEST(AggregateRule5, DistributedReplicateOneSetFaulty) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kFaulty, WS::kFaulty}), AS::kPartialFaulty);
}

TEST(AggregateRule5, DistributedReplicateOneSetOffline) {
  auto v = makeVolume("Distributed-Replicate", 6, 3);
  EXPECT_EQ(statusOf(v, {WS::kPassive, WS::kPassive, WS::kActive, WS::kOffline, WS::kOffline, WS::kOffline}),
            AS::kPartialFaulty);
}

TEST(AggregateRule5, SetWithPassiveAndFaultyButNoActive) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive, WS::kFaulty}), AS::kPartialFaulty);
}

TEST(AggregateRule5, DisperseOneSubvolumeFaulty) {
  auto v = makeVolume("Distributed-Disperse", 6, 1, 3);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive, WS::kFaulty, WS::kFaulty, WS::kFaulty}),
            AS::kPartialFaulty);
}

TEST(AggregateRule5, ArbiterSecondSetDataBricksDown) {
  auto v = makeVolume("Distributed-Replicate", 6, 3, 0, 1);
  EXPECT_EQ(statusOf(v, {WS::kActive, WS::kPassive, WS::kPassive, WS::kOffline, WS::kFaulty, WS::kPassive}),
            AS::kPartialFaulty);
}

// ---------------------------------------------------------------- rule 6: anything else

TEST(AggregateRule6, ConfigCorruptedIsUnknownWithRawStates) {
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kConfigCorrupted, WS::kConfigCorrupted}));
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_EQ(h.rawWorkerStates, "0:Config Corrupted,1:Config Corrupted");
}

TEST(AggregateRule6, NotAvailableWorkersAreUnknown) {
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kUnknown, WS::kPassive}));
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_EQ(h.rawWorkerStates, "0:N/A,1:Passive");
}

TEST(AggregateRule6, ActiveSetBesideStoppedSetIsUnknown) {
  auto v = makeVolume("Distributed-Replicate", 4, 2);
  auto h = assessSession(v, makeSession(v, {WS::kActive, WS::kPassive, WS::kStopped, WS::kStopped}));
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_EQ(h.rawWorkerStates, "0:Active,1:Passive,2:Stopped,3:Stopped");
}

TEST(AggregateRule6, MixedCreatedAndPausedIsUnknownUnlessSomethingFailed) {
  // Created + Paused: no rule but 6 applies. With a brick missing instead, nothing is Active and one
  // worker is Offline: rule 4 (FAULTY).
  auto v = makeVolume("Replicate", 3, 3);
  auto h = assessSession(v, makeSession(v, {WS::kCreated, WS::kPaused, WS::kCreated}));
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_EQ(h.rawWorkerStates, "0:Created,1:Paused,2:Created");
  EXPECT_EQ(statusOf(v, {WS::kCreated, WS::kPaused, WS::kOffline}), AS::kFaulty);
}

TEST(AggregateRule6, RawStatesUseGlusterSpellingAndOfflineName) {
  auto v = makeVolume("Replicate", 3, 3);
  auto s = makeSession(v, {WS::kInitializing, WS::kStopped, WS::kOffline});
  auto h = assessSession(v, s);
  // Initializing + Stopped + Offline: nothing Active, one Offline -> FAULTY (rule 4).
  EXPECT_EQ(h.status, AS::kFaulty);
  auto v2 = makeVolume("Replicate", 2, 2);
  auto h2 = assessSession(v2, makeSession(v2, {WS::kInitializing, WS::kStopped}));
  EXPECT_EQ(h2.status, AS::kUnknown);
  EXPECT_EQ(h2.rawWorkerStates, "0:Initializing...,1:Stopped");
}

TEST(AggregateRule6, VolumeWithoutBricksIsUnknown) {
  VolumeInfo v;
  v.name = "empty";
  SessionStatus s;
  s.primaryVolume = "empty";
  auto h = assessSession(v, s);
  EXPECT_EQ(h.status, AS::kUnknown);
  EXPECT_TRUE(h.workers.empty());
}

// ---------------------------------------------------------------- mapping pairs to bricks

TEST(BrickMapping, OneWorkerPerBrickInVolumeOrderWithPositionsAndSets) {
  auto v = makeVolume("Distributed-Replicate", 6, 3);
  auto s = makeSession(v, std::vector<WS>(6, WS::kPassive));
  std::reverse(s.bricks.begin(), s.bricks.end());  // status order is not volume order
  auto h = assessSession(v, s);
  ASSERT_EQ(h.workers.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(h.workers[i].position, i);
    EXPECT_EQ(h.workers[i].replicaSet, i / 3);
    EXPECT_EQ(h.workers[i].brick.path, "/bricks/b" + std::to_string(i));
    EXPECT_EQ(h.workers[i].status.primaryBrick, "/bricks/b" + std::to_string(i));
  }
}

TEST(BrickMapping, DisperseSetsAreDisperseCountWide) {
  auto v = makeVolume("Distributed-Disperse", 12, 1, 6);
  auto h = assessSession(v, makeSession(v, std::vector<WS>(12, WS::kPassive)));
  ASSERT_EQ(h.workers.size(), 12u);
  EXPECT_EQ(h.workers[5].replicaSet, 0);
  EXPECT_EQ(h.workers[6].replicaSet, 1);
  EXPECT_EQ(h.workers[11].replicaSet, 1);
}

TEST(BrickMapping, PairDetailsAreCopied) {
  auto v = makeVolume("Replicate", 2, 2);
  auto h = assessSession(v, makeSession(v, {WS::kActive, WS::kPassive}));
  ASSERT_EQ(h.workers.size(), 2u);
  const BrickStatus& s = h.workers[0].status;
  EXPECT_EQ(s.status, WS::kActive);
  EXPECT_EQ(s.rawStatus, "Active");
  EXPECT_EQ(s.crawlStatus, std::optional<std::string>("Changelog Crawl"));
  EXPECT_EQ(s.data, std::optional<std::int64_t>(3));
  EXPECT_EQ(s.failures, std::optional<std::int64_t>(1));
  EXPECT_EQ(h.workers[0].brick.hostUuid, kUuidA);
}

TEST(BrickMapping, MissingBricksAreOfflineWithEmptyDetails) {
  auto v = makeVolume("Replicate", 3, 3);
  auto h = assessSession(v, makeSession(v, {WS::kActive, WS::kOffline, WS::kPassive}));
  ASSERT_EQ(h.workers.size(), 3u);
  const BrickWorker& missing = h.workers[1];
  EXPECT_EQ(missing.position, 1);
  EXPECT_EQ(missing.brick.host, "n1");
  EXPECT_EQ(missing.brick.path, "/bricks/b1");
  EXPECT_EQ(missing.status.status, WS::kOffline);
  EXPECT_FALSE(missing.status.crawlStatus.has_value());
  EXPECT_FALSE(missing.status.entry.has_value());
  EXPECT_FALSE(missing.status.lastSynced.has_value());
  EXPECT_FALSE(missing.status.checkpointCompleted.has_value());
  EXPECT_EQ(h.status, AS::kActive);
}

TEST(BrickMapping, PairsMatchingNoBrickAreIgnored) {
  auto v = makeVolume("Replicate", 2, 2);
  auto s = makeSession(v, {WS::kPassive, WS::kPassive});
  BrickStatus stray = pairFor(v.bricks[0], WS::kActive);
  stray.primaryBrick = "/bricks/other";  // a brick of no volume we know
  s.bricks.push_back(stray);
  BrickStatus strayHost = pairFor(v.bricks[1], WS::kActive);
  strayHost.primaryNode = "elsewhere";
  strayHost.primaryNodeUuid = "00000000-0000-0000-0000-000000000000";
  s.bricks.push_back(strayHost);
  auto h = assessSession(v, s);
  ASSERT_EQ(h.workers.size(), 2u);
  EXPECT_EQ(h.workers[0].status.status, WS::kPassive);
  EXPECT_EQ(h.workers[1].status.status, WS::kPassive);
  EXPECT_EQ(h.status, AS::kInitializing);  // the stray Active pairs did not count
}

TEST(BrickMapping, MatchesByNodeUuidWhenNodeNameDiffers) {
  // Status may name the node by another address than volume info; the uuid decides.
  auto v = makeVolume("Replicate", 2, 2);
  auto s = makeSession(v, {WS::kActive, WS::kPassive});
  s.bricks[0].primaryNode = "10.0.0.1";
  s.bricks[1].primaryNode = "10.0.0.2";
  auto h = assessSession(v, s);
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
  EXPECT_EQ(h.workers[1].status.status, WS::kPassive);
}

TEST(BrickMapping, FallsBackToNodeNameWithoutUsableUuid) {
  auto v = makeVolume("Replicate", 2, 2);
  auto s = makeSession(v, {WS::kActive, WS::kPassive});
  s.bricks[0].primaryNodeUuid.clear();
  s.bricks[1].primaryNodeUuid = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  auto h = assessSession(v, s);
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
  EXPECT_EQ(h.workers[1].status.status, WS::kPassive);
}

TEST(BrickMapping, SamePathOnTwoNodesIsTwoBricks) {
  auto v = makeVolume("Replicate", 2, 2);
  v.bricks[0].path = "/bricks/data";
  v.bricks[1].path = "/bricks/data";
  auto s = makeSession(v, {WS::kFaulty, WS::kActive});
  auto h = assessSession(v, s);
  EXPECT_EQ(h.workers[0].status.status, WS::kFaulty);
  EXPECT_EQ(h.workers[1].status.status, WS::kActive);
}

TEST(BrickMapping, SameNodeTwoPathsMatchesByPath) {
  // The real lab layout: both bricks of the replica set on one node (volinfo.xml).
  auto v = makeVolume("Replicate", 2, 2);
  v.bricks[1].host = v.bricks[0].host;
  v.bricks[1].hostUuid = v.bricks[0].hostUuid;
  auto s = makeSession(v, {WS::kActive, WS::kFaulty});
  auto h = assessSession(v, s);
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
  EXPECT_EQ(h.workers[1].status.status, WS::kFaulty);
  EXPECT_EQ(h.status, AS::kActive);
}

TEST(BrickMapping, DuplicatePairForOneBrickFirstWins) {
  auto v = makeVolume("Replicate", 2, 2);
  auto s = makeSession(v, {WS::kActive, WS::kPassive});
  s.bricks.push_back(pairFor(v.bricks[0], WS::kFaulty));
  auto h = assessSession(v, s);
  ASSERT_EQ(h.workers.size(), 2u);
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
}

}  // namespace
}  // namespace georep::gluster

// ---------------------------------------------------------------- on the real captures

namespace georep::gluster {
namespace {

VolumeInfo capturedPrimary() {
  for (auto& v : parseVolumeInfo(testing::readFixture("volinfo.xml"))) {
    if (v.name == "mastervol") return v;
  }
  throw std::runtime_error("mastervol not in volinfo.xml");
}

TEST(CapturedSession, ActiveAndFaultyReplicaPairIsActive) {
  const VolumeInfo primary = capturedPrimary();
  const StatusReport report = parseStatus(testing::readFixture("status_detail_active.xml"));
  ASSERT_EQ(report.sessions.size(), 1u);
  auto h = assessSession(primary, report.sessions[0]);
  EXPECT_EQ(h.status, AS::kActive);
  ASSERT_EQ(h.workers.size(), 2u);
  EXPECT_EQ(h.workers[0].brick.path, "/bricks/m1");
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
  EXPECT_EQ(h.workers[0].status.crawlStatus, std::optional<std::string>("Changelog Crawl"));
  EXPECT_EQ(h.workers[1].brick.path, "/bricks/m2");
  EXPECT_EQ(h.workers[1].status.status, WS::kFaulty);
  EXPECT_EQ(h.workers[0].replicaSet, 0);
  EXPECT_EQ(h.workers[1].replicaSet, 0);
}

TEST(CapturedSession, CheckpointCaptureBothActive) {
  const VolumeInfo primary = capturedPrimary();
  const StatusReport report = parseStatus(testing::readFixture("status_detail_checkpoint_done.xml"));
  ASSERT_EQ(report.sessions.size(), 1u);
  auto h = assessSession(primary, report.sessions[0]);
  EXPECT_EQ(h.status, AS::kActive);
  for (const auto& w : h.workers) EXPECT_EQ(w.status.checkpointCompleted, std::optional<bool>(true));
}

TEST(CapturedSession, NodeMissingFromStatusIsOffline) {
  // The capture's volume on a second node whose glusterd did not answer: its bricks are not in status.
  VolumeInfo primary = capturedPrimary();
  primary.bricks[1].host = "vm2";
  primary.bricks[1].hostUuid = "7772e52e-720f-478a-9c55-1a5177314bd8";
  const StatusReport report = parseStatus(testing::readFixture("status_detail_active.xml"));
  auto h = assessSession(primary, report.sessions[0]);
  ASSERT_EQ(h.workers.size(), 2u);
  EXPECT_EQ(h.workers[0].status.status, WS::kActive);
  EXPECT_EQ(h.workers[1].status.status, WS::kOffline);
  EXPECT_EQ(h.status, AS::kActive);
}

}  // namespace
}  // namespace georep::gluster
