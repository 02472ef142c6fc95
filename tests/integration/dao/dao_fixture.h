// Shared fixture of the DAO tests: a fresh migrated TestDatabase with one cluster row, and builders of
// the gluster model shaped like the real 10.3 captures (mastervol: replica 2 on vm:/bricks/m1, m2).
// Thread-safety: one fixture per test.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "gluster/model.h"
#include "gluster/session_health.h"
#include "support/test_database.h"

namespace georep::testing {

inline constexpr const char* kNodeUuid = "6661d41d-619e-467f-8b44-0f4066203ac7";
inline constexpr const char* kMasterUuid = "28731639-9bfa-453f-9f57-5525d32a9d86";
inline constexpr const char* kSecondaryUuid = "40f418a6-f1fd-4f38-b70f-001c1121d300";
inline constexpr const char* kSessionKey =
    "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300";

inline gluster::VolumeInfo masterVolume() {
  gluster::VolumeInfo v;
  v.name = "mastervol";
  v.id = kMasterUuid;
  v.state = gluster::VolumeState::kStarted;
  v.typeName = "Replicate";
  v.brickCount = 2;
  v.distCount = 1;
  v.replicaCount = 2;
  v.bricks = {{"vm", "/bricks/m1", kNodeUuid, false}, {"vm", "/bricks/m2", kNodeUuid, false}};
  return v;
}

class DaoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>();
    clusterId_ = addCluster("c1");
  }

  std::int64_t addCluster(const std::string& name) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long id = 0;
    sql << "INSERT INTO clusters (name) VALUES (:n) RETURNING id", soci::use(name, "n"), soci::into(id);
    return id;
  }

  long long count(const std::string& table) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM " + table, soci::into(n);
    return n;
  }

  api::Database& database() { return db_->database(); }

  std::unique_ptr<TestDatabase> db_;
  std::int64_t clusterId_ = 0;
};

}  // namespace georep::testing
