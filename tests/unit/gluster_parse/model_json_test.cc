// JSON of the model (ISO-8601 UTC times, null for absent, statuses by name) and parseForDebug.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gluster/errors.h"
#include "gluster/model.h"
#include "gluster/model_json.h"
#include "gluster/parse_debug.h"
#include "support/fake_transport.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

TEST(ModelNames, WorkerStatusRoundTrip) {
  for (int s = static_cast<int>(WorkerStatus::kCreated); s <= static_cast<int>(WorkerStatus::kUnknown); ++s) {
    const auto status = static_cast<WorkerStatus>(s);
    EXPECT_EQ(parseWorkerStatus(workerStatusName(status)), status) << workerStatusName(status);
  }
  EXPECT_EQ(workerStatusName(WorkerStatus::kInitializing), "Initializing");
  EXPECT_EQ(workerStatusName(WorkerStatus::kConfigCorrupted), "Config Corrupted");
  EXPECT_EQ(parseWorkerStatus("Initializing..."), WorkerStatus::kInitializing);
  EXPECT_EQ(parseWorkerStatus("N/A"), WorkerStatus::kUnknown);
  EXPECT_EQ(parseWorkerStatus("active"), WorkerStatus::kUnknown);
  EXPECT_EQ(volumeStateName(VolumeState::kCreated), "Created");
  EXPECT_EQ(volumeStateName(VolumeState::kStarted), "Started");
  EXPECT_EQ(volumeStateName(VolumeState::kStopped), "Stopped");
}

TEST(ModelJson, IsoTimes) {
  using namespace std::chrono;
  EXPECT_EQ(formatIsoUtc(TimePoint{sys_days{year{2026} / 11 / 21}} + 11h + 58min + 27s), "2026-11-21T11:58:27Z");
  EXPECT_EQ(formatIsoUtc(TimePoint{sys_days{year{1970} / 1 / 1}}), "1970-01-01T00:00:00Z");
}

TEST(ParseForDebug, StatusCapture) {
  const nlohmann::json j = parseForDebug("status", testing::readFixture("status_detail_checkpoint_done.xml"));
  ASSERT_EQ(j["sessions"].size(), 1u);
  const auto& s = j["sessions"][0];
  EXPECT_EQ(s["primary_volume"], "mastervol");
  EXPECT_EQ(s["key"]["secondary_host"], "vm");
  EXPECT_EQ(s["key"]["secondary_user"], "root");
  EXPECT_EQ(s["key"]["secondary_volume_uuid"], "40f418a6-f1fd-4f38-b70f-001c1121d300");
  const auto& b = s["bricks"][0];
  EXPECT_EQ(b["status"], "Active");
  EXPECT_EQ(b["raw_status"], "Active");
  EXPECT_EQ(b["crawl_status"], "Hybrid Crawl");
  EXPECT_EQ(b["checkpoint_completed"], true);
  EXPECT_EQ(b["last_synced"], "2026-11-21T12:01:41Z");
  EXPECT_EQ(b["checkpoint_time"], "2026-11-21T11:59:56Z");
  EXPECT_EQ(b["checkpoint_completion_time"], "2026-11-21T12:02:19Z");
  EXPECT_TRUE(b["secondary_node"].is_null());
  EXPECT_EQ(b["entry"], 0);
  EXPECT_EQ(j["op_errstr"], "");
}

TEST(ParseForDebug, AbsentValuesAreNull) {
  const nlohmann::json j = parseForDebug("status", testing::readFixture("status_session.xml"));
  const auto& faulty = j["sessions"][0]["bricks"][1];
  EXPECT_EQ(faulty["status"], "Faulty");
  for (const char* field : {"secondary_node", "crawl_status", "entry", "data", "meta", "failures",
                            "checkpoint_completed", "last_synced", "checkpoint_time", "checkpoint_completion_time"}) {
    EXPECT_TRUE(faulty[field].is_null()) << field;
  }
}

TEST(ParseForDebug, OtherKinds) {
  const nlohmann::json config = parseForDebug("config", testing::readFixture("config.xml"));
  EXPECT_EQ(config["sync_jobs"], "3");
  EXPECT_EQ(config["allow_network"], "");
  const nlohmann::json volinfo = parseForDebug("volinfo", testing::readFixture("volinfo.xml"));
  ASSERT_EQ(volinfo.size(), 3u);
  EXPECT_EQ(volinfo[0]["state"], "Started");
  EXPECT_EQ(volinfo[0]["replica_count"], 2);
  EXPECT_EQ(volinfo[0]["bricks"][1]["path"], "/bricks/m2");
  EXPECT_EQ(volinfo[0]["bricks"][1]["is_arbiter"], false);
  const nlohmann::json volstatus = parseForDebug("volstatus", testing::readFixture("volstatus.xml"));
  EXPECT_EQ(volstatus[0]["bricks"].size(), 2u);
  EXPECT_EQ(volstatus[0]["bricks"][0]["port"], 50000);
  const nlohmann::json reply = parseForDebug("reply", testing::readFixture("delete_ok.xml"));
  EXPECT_EQ(reply["primary"], "mastervol");
  EXPECT_EQ(reply["message"], "delete successful");
}

TEST(ParseForDebug, ErrorsAreTyped) {
  const GatewayError unknown = errorOf([] { parseForDebug("bricks", "<x/>"); });
  EXPECT_EQ(unknown.kind(), ErrorKind::kInvalidInput);
  EXPECT_EQ(unknown.field(), "kind");
  EXPECT_EQ(errorOf([] { parseForDebug("reply", testing::readFixture("err_pause_paused.xml")); }).kind(),
            ErrorKind::kAlreadyPaused);
  EXPECT_EQ(errorOf([] { parseForDebug("status", "geo-replication command failed"); }).kind(), ErrorKind::kNotXml);
}

}  // namespace
}  // namespace georep::gluster
