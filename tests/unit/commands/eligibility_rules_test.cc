// The eligibility rules (commands/eligibility_rules.h) on facts built by hand: each reason alone, the
// blocking flag of each code, what an unregistered secondary host leaves unverifiable, the same-cluster
// rule by peer UUID (not by name), and the contract's JSON shape.
#include <gtest/gtest.h>

#include <algorithm>

#include "commands/eligibility_rules.h"

namespace georep::commands {
namespace {

constexpr const char* kMasterPeer = "e2a3c6ce-a7d1-4cfc-af0b-fcdb9b8d4132";
constexpr const char* kOtherPeer = "11111111-2222-3333-4444-555555555555";

MasterFacts master() {
  MasterFacts m;
  m.volume = "labprimary";
  m.clusterId = 1;
  m.usableBytes.value = 1000;
  m.opVersion.value = 100000;
  m.peers.value = std::vector<gluster::Peer>{{kMasterPeer, "localhost", true}, {"aaaa", "node2", true}};
  return m;
}

// A candidate in another registered cluster that passes every rule.
CandidateFacts eligible() {
  CandidateFacts c;
  c.volume = "drvol";
  c.secondaryHost = "dr1.example.org";
  c.clusterId = 2;
  c.state = gluster::VolumeState::kStarted;
  c.brickHostUuids = {kOtherPeer};
  c.usableBytes.value = 1000;
  c.opVersion.value = 100000;
  c.firstEntry.value = std::string();
  return c;
}

std::vector<std::string> codes(const std::vector<EligibilityReason>& reasons) {
  std::vector<std::string> out;
  for (const auto& r : reasons) out.emplace_back(reasonCodeName(r.code));
  return out;
}

TEST(EligibilityRules, AnEligibleCandidateHasNoReason) { EXPECT_TRUE(judgeCandidate(master(), eligible()).empty()); }

TEST(EligibilityRules, EachFailedRuleGivesItsOwnBlockingReason) {
  auto c = eligible();
  c.state = gluster::VolumeState::kStopped;
  EXPECT_EQ(codes(judgeCandidate(master(), c)), std::vector<std::string>{"not_started"});
  c = eligible();
  c.usableBytes.value = 999;
  auto r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), std::vector<std::string>{"too_small"});
  EXPECT_NE(r[0].message.find("999 bytes"), std::string::npos) << r[0].message;
  c = eligible();
  c.firstEntry.value = "vm:/bricks/s1/photos";
  r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), std::vector<std::string>{"not_empty"});
  EXPECT_NE(r[0].message.find("/bricks/s1/photos"), std::string::npos);
  c = eligible();
  c.opVersion.value = 90000;
  r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), std::vector<std::string>{"version_mismatch"});
  EXPECT_NE(r[0].message.find("master cluster 10"), std::string::npos) << r[0].message;
  c = eligible();
  c.opVersion.value = 100300;  // 10.3 against 10.0: same major
  EXPECT_TRUE(judgeCandidate(master(), c).empty());
  c = eligible();
  c.offlineBricks = {"dr2:/bricks/b1"};
  EXPECT_EQ(codes(judgeCandidate(master(), c)), std::vector<std::string>{"unreachable"});
  c = eligible();
  c.usedBy = {{7, "prod", "vol9", "root@dr1.example.org::drvol"}};
  r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), std::vector<std::string>{"already_secondary"});
  EXPECT_NE(r[0].message.find("session 7 (prod/vol9"), std::string::npos) << r[0].message;
  for (const auto& reason : r) EXPECT_TRUE(reason.blocking());
}

TEST(EligibilityRules, EveryReasonIsListedNotJustTheFirst) {
  auto c = eligible();
  c.state = gluster::VolumeState::kStopped;
  c.usableBytes.value = 10;
  c.firstEntry.value = "vm:/b/x";
  c.opVersion.value = 70000;
  c.usedBy = {{3, "c1", "m", "root@h::drvol"}};
  EXPECT_EQ(codes(judgeCandidate(master(), c)),
            (std::vector<std::string>{"already_secondary", "not_started", "too_small", "not_empty", "version_mismatch"}));
}

TEST(EligibilityRules, SameClusterIsToldByPeerUuidsNotByClusterNames) {
  // Registered as another cluster, but its brick is on a peer of the master's pool: the same cluster.
  auto c = eligible();
  c.brickHostUuids = {kMasterPeer};
  EXPECT_EQ(codes(judgeCandidate(master(), c)), std::vector<std::string>{"same_cluster"});
  // The secondary host is registered in the master's own cluster.
  c = eligible();
  c.clusterId = 1;
  EXPECT_EQ(codes(judgeCandidate(master(), c)), std::vector<std::string>{"same_cluster"});
  // The master's pool unknown: not decided, left unverifiable (not blocking).
  auto m = master();
  m.peers.value.reset();
  m.peers.whyUnknown = "unreachable: no host answered";
  auto r = judgeCandidate(m, eligible());
  EXPECT_EQ(codes(r), std::vector<std::string>{"unverifiable"});
  EXPECT_FALSE(r[0].blocking());
}

TEST(EligibilityRules, UnregisteredSecondaryHostLeavesGlusterdChecksUnverifiable) {
  CandidateFacts c;
  c.volume = "drvol";
  c.secondaryHost = "dr9.example.org";
  auto r = judgeCandidate(master(), c);
  ASSERT_EQ(codes(r), std::vector<std::string>{"unverifiable"});
  EXPECT_FALSE(r[0].blocking());
  EXPECT_NE(r[0].message.find("gverify"), std::string::npos) << r[0].message;
  // The database still tells a volume already used, and the master's pool still names its own peers.
  c.usedBy = {{4, "c1", "m", "root@dr9.example.org::drvol"}};
  EXPECT_EQ(codes(judgeCandidate(master(), c)), (std::vector<std::string>{"already_secondary", "unverifiable"}));
  c.usedBy.clear();
  c.secondaryHost = "NODE2";
  EXPECT_EQ(codes(judgeCandidate(master(), c)), (std::vector<std::string>{"same_cluster", "unverifiable"}));
}

TEST(EligibilityRules, UnreachableSecondaryClusterBlocksAndStopsThere) {
  auto c = eligible();
  c.clusterUnreachable = "unreachable: no host of cluster dr answered";
  auto r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), std::vector<std::string>{"unreachable"});
  EXPECT_TRUE(r[0].blocking());
}

TEST(EligibilityRules, MissingFactsAreUnverifiableNeverBlocking) {
  auto c = eligible();
  c.usableBytes.value.reset();
  c.usableBytes.whyUnknown = "no size for brick(s) dr1:/b";
  c.firstEntry.value.reset();
  c.firstEntry.whyUnknown = "node dr1 is not a host of cluster dr in the inventory";
  c.opVersion.value.reset();
  c.opVersion.whyUnknown = "timeout";
  auto r = judgeCandidate(master(), c);
  EXPECT_EQ(codes(r), (std::vector<std::string>{"unverifiable", "unverifiable", "unverifiable"}));
  for (const auto& reason : r) EXPECT_FALSE(reason.blocking());
  EXPECT_NE(r[0].message.find("no size for brick"), std::string::npos);
}

TEST(EligibilityRules, DirectoryGivenAsSecondaryIsExplained) {
  CandidateFacts c;
  c.volume = "/srv/backup";
  c.givenAsDirectory = true;
  auto r = judgeCandidate(master(), c);
  ASSERT_EQ(codes(r), std::vector<std::string>{"directory_secondary"});
  EXPECT_TRUE(r[0].blocking());
  EXPECT_NE(r[0].message.find("3.5"), std::string::npos);
}

TEST(EligibilityRules, CodesBlockingAndJsonShape) {
  EXPECT_EQ(majorOfOpVersion(100000), 10);
  EXPECT_EQ(majorOfOpVersion(31202), 3);
  for (auto code : {ReasonCode::kNotStarted, ReasonCode::kSameCluster, ReasonCode::kAlreadySecondary,
                    ReasonCode::kTooSmall, ReasonCode::kNotEmpty, ReasonCode::kVersionMismatch,
                    ReasonCode::kUnreachable, ReasonCode::kDirectorySecondary}) {
    EXPECT_TRUE(isBlocking(code)) << reasonCodeName(code);
  }
  EXPECT_FALSE(isBlocking(ReasonCode::kUnverifiable));
  const auto json = reasonsJson({{ReasonCode::kSameCluster, "m"}, {ReasonCode::kUnverifiable, "u"}});
  EXPECT_EQ(json, nlohmann::json::parse(R"([{"code":"same_cluster","message":"m","blocking":true},
                                            {"code":"unverifiable","message":"u","blocking":false}])"));
  EXPECT_EQ(reasonsSummary({{ReasonCode::kSameCluster, "m"}, {ReasonCode::kTooSmall, "t"}}),
            "same_cluster: m; too_small: t");
}

}  // namespace
}  // namespace georep::commands
