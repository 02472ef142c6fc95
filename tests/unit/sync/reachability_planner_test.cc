// Unit tests of cluster reachability transitions (sync-jobs/reachability_planner.h).
#include "sync-jobs/reachability_planner.h"

#include <gtest/gtest.h>

namespace georep::sync {
namespace {

const ClusterRef kCluster{3, "west"};

dao::ClusterSyncRecord stored(bool reachable, std::string lastError = "") {
  return dao::ClusterSyncRecord{true, reachable, std::move(lastError)};
}

TEST(Reachability, FirstAnswerCreatesTheRowSilently) {
  auto p = planReachability(kCluster, dao::ClusterSyncRecord{}, FetchOutcome::kAnswered, "");
  ASSERT_TRUE(p.write.has_value());
  EXPECT_TRUE(p.write->reachable);
  EXPECT_TRUE(p.write->success);
  EXPECT_FALSE(p.event.has_value());
}

TEST(Reachability, SteadyAnswerWritesNothing) {
  auto p = planReachability(kCluster, stored(true), FetchOutcome::kAnswered, "");
  EXPECT_FALSE(p.write.has_value());
  EXPECT_FALSE(p.event.has_value());
}

TEST(Reachability, UnreachableOnceThenQuiet) {
  auto p = planReachability(kCluster, stored(true), FetchOutcome::kUnreachable, "no host of cluster west answered");
  ASSERT_TRUE(p.write.has_value());
  EXPECT_FALSE(p.write->reachable);
  EXPECT_EQ(p.write->lastError, "no host of cluster west answered");
  ASSERT_TRUE(p.event.has_value());
  EXPECT_EQ(p.event->name, "georep.cluster.unreachable");
  EXPECT_EQ(p.event->severity, api::Severity::kError);
  EXPECT_EQ(p.event->body["cluster"], "west");
  EXPECT_EQ(p.event->body["cluster_id"], 3);
  EXPECT_EQ(p.event->body["error"], "no host of cluster west answered");

  auto again = planReachability(kCluster, stored(false, "x"), FetchOutcome::kUnreachable, "other text");
  EXPECT_FALSE(again.write.has_value());
  EXPECT_FALSE(again.event.has_value());
}

TEST(Reachability, NeverSeenClusterUnreachableRaisesTheEvent) {
  auto p = planReachability(kCluster, dao::ClusterSyncRecord{}, FetchOutcome::kUnreachable, "down");
  ASSERT_TRUE(p.event.has_value());
  EXPECT_EQ(p.event->name, "georep.cluster.unreachable");
}

TEST(Reachability, BackAfterUnreachableRaisesReachable) {
  auto p = planReachability(kCluster, stored(false, "down"), FetchOutcome::kAnswered, "");
  ASSERT_TRUE(p.write.has_value());
  EXPECT_TRUE(p.write->reachable);
  EXPECT_EQ(p.write->lastError, "");
  ASSERT_TRUE(p.event.has_value());
  EXPECT_EQ(p.event->name, "georep.cluster.reachable");
  EXPECT_EQ(p.event->severity, api::Severity::kInfo);
}

TEST(Reachability, FailedAnswerRecordsTheErrorOnceAndCountsAsReachable) {
  auto p = planReachability(kCluster, stored(true), FetchOutcome::kFailed, "not_xml: garbage");
  ASSERT_TRUE(p.write.has_value());
  EXPECT_TRUE(p.write->reachable);
  EXPECT_FALSE(p.write->success);
  EXPECT_EQ(p.write->lastError, "not_xml: garbage");
  EXPECT_FALSE(p.event.has_value());
  EXPECT_FALSE(planReachability(kCluster, stored(true, "not_xml: garbage"), FetchOutcome::kFailed, "not_xml: garbage")
                   .write.has_value());
  auto back = planReachability(kCluster, stored(false, "down"), FetchOutcome::kFailed, "not_xml: garbage");
  ASSERT_TRUE(back.event.has_value());
  EXPECT_EQ(back.event->name, "georep.cluster.reachable");
}

TEST(Reachability, AnswerClearsAStoredError) {
  auto p = planReachability(kCluster, stored(true, "not_xml: garbage"), FetchOutcome::kAnswered, "");
  ASSERT_TRUE(p.write.has_value());
  EXPECT_EQ(p.write->lastError, "");
  EXPECT_FALSE(p.event.has_value());
}

}  // namespace
}  // namespace georep::sync
