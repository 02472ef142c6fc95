// parseStatus on the real GlusterFS 10.3 captures, field by field, and on legacy (<= 9) documents.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "gluster/errors.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"

namespace georep::gluster {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return TimePoint{sys_days{std::chrono::year{y} / mo / d}} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

constexpr const char* kNodeUuid = "6661d41d-619e-467f-8b44-0f4066203ac7";

TEST(StatusParser, ActiveAndFaultyCapture) {
  const StatusReport r = parseStatus(testing::readFixture("status_session.xml"));
  EXPECT_EQ(r.opErrstr, "");
  ASSERT_EQ(r.sessions.size(), 1u);
  const SessionStatus& s = r.sessions[0];
  EXPECT_EQ(s.primaryVolume, "mastervol");
  EXPECT_EQ(s.key.raw, "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(s.key.creatorUuid, kNodeUuid);
  EXPECT_EQ(s.key.secondaryUser, "root");
  EXPECT_EQ(s.key.secondaryHost, "vm");
  EXPECT_EQ(s.key.secondaryVolume, "slavevol");
  EXPECT_EQ(s.key.secondaryVolumeUuid, "40f418a6-f1fd-4f38-b70f-001c1121d300");
  ASSERT_EQ(s.bricks.size(), 2u);

  const BrickStatus& a = s.bricks[0];
  EXPECT_EQ(a.primaryNode, "vm");
  EXPECT_EQ(a.primaryBrick, "/bricks/m1");
  EXPECT_EQ(a.primaryNodeUuid, kNodeUuid);
  EXPECT_EQ(a.secondaryUser, "root");
  EXPECT_EQ(a.secondary, "vm::slavevol");
  EXPECT_EQ(a.secondaryNode, std::nullopt);  // <secondary_node/> on an Active worker (10.x bug)
  EXPECT_EQ(a.status, WorkerStatus::kActive);
  EXPECT_EQ(a.rawStatus, "Active");
  EXPECT_EQ(a.crawlStatus, "Changelog Crawl");
  EXPECT_EQ(a.entry, 0);
  EXPECT_EQ(a.data, 0);
  EXPECT_EQ(a.meta, 0);
  EXPECT_EQ(a.failures, 0);
  EXPECT_EQ(a.checkpointCompleted, std::nullopt);
  EXPECT_EQ(a.lastSynced, utc(2026, 11, 21, 11, 58, 27));
  EXPECT_EQ(a.checkpointTime, std::nullopt);
  EXPECT_EQ(a.checkpointCompletionTime, std::nullopt);

  const BrickStatus& f = s.bricks[1];
  EXPECT_EQ(f.primaryBrick, "/bricks/m2");
  EXPECT_EQ(f.primaryNodeUuid, kNodeUuid);
  EXPECT_EQ(f.secondaryNode, std::nullopt);  // N/A
  EXPECT_EQ(f.status, WorkerStatus::kFaulty);
  EXPECT_EQ(f.rawStatus, "Faulty");
  EXPECT_EQ(f.crawlStatus, std::nullopt);
  EXPECT_EQ(f.entry, std::nullopt);
  EXPECT_EQ(f.data, std::nullopt);
  EXPECT_EQ(f.meta, std::nullopt);
  EXPECT_EQ(f.failures, std::nullopt);
  EXPECT_EQ(f.lastSynced, std::nullopt);
}

TEST(StatusParser, DetailActiveCaptureMatchesSessionCapture) {
  const StatusReport r = parseStatus(testing::readFixture("status_detail_active.xml"));
  ASSERT_EQ(r.sessions.size(), 1u);
  ASSERT_EQ(r.sessions[0].bricks.size(), 2u);
  EXPECT_EQ(r.sessions[0].bricks[0].status, WorkerStatus::kActive);
  EXPECT_EQ(r.sessions[0].bricks[1].status, WorkerStatus::kFaulty);
  EXPECT_EQ(r.sessions[0].bricks[0].lastSynced, utc(2026, 11, 21, 11, 58, 27));
}

TEST(StatusParser, CheckpointPendingCapture) {
  const StatusReport r = parseStatus(testing::readFixture("status_detail_checkpoint.xml"));
  ASSERT_EQ(r.sessions.size(), 1u);
  const auto& bricks = r.sessions[0].bricks;
  ASSERT_EQ(bricks.size(), 2u);
  for (const auto& b : bricks) {
    EXPECT_EQ(b.status, WorkerStatus::kActive);
    EXPECT_EQ(b.crawlStatus, "Changelog Crawl");
    EXPECT_EQ(b.checkpointCompleted, false);
    EXPECT_EQ(b.checkpointTime, utc(2026, 11, 21, 11, 59, 56));
    EXPECT_EQ(b.checkpointCompletionTime, std::nullopt);
    EXPECT_EQ(b.secondaryNode, std::nullopt);
  }
  EXPECT_EQ(bricks[0].lastSynced, utc(2026, 11, 21, 11, 58, 27));
  EXPECT_EQ(bricks[1].lastSynced, utc(2026, 11, 21, 11, 58, 33));
}

TEST(StatusParser, CheckpointDoneCapture) {
  const StatusReport r = parseStatus(testing::readFixture("status_detail_checkpoint_done.xml"));
  ASSERT_EQ(r.sessions.size(), 1u);
  const auto& bricks = r.sessions[0].bricks;
  ASSERT_EQ(bricks.size(), 2u);
  EXPECT_EQ(bricks[0].primaryBrick, "/bricks/m1");
  EXPECT_EQ(bricks[1].primaryBrick, "/bricks/m2");
  for (const auto& b : bricks) {
    EXPECT_EQ(b.status, WorkerStatus::kActive);
    EXPECT_EQ(b.crawlStatus, "Hybrid Crawl");
    EXPECT_EQ(b.checkpointCompleted, true);
    EXPECT_EQ(b.lastSynced, utc(2026, 11, 21, 12, 1, 41));
    EXPECT_EQ(b.checkpointTime, utc(2026, 11, 21, 11, 59, 56));
    EXPECT_EQ(b.checkpointCompletionTime, utc(2026, 11, 21, 12, 2, 19));
  }
}


// A GlusterFS <= 9 document: master_*/slave* names and session_slave, as 9.x's cli-xml-output.c writes.
constexpr const char* kLegacyStatus = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cliOutput>
  <opRet>0</opRet>
  <opErrno>0</opErrno>
  <opErrstr/>
  <geoRep>
    <volume>
      <name>gv0</name>
      <sessions>
        <session>
          <session_slave>11111111-2222-3333-4444-555555555555:ssh://geoaccount@backup1::gv0dr:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</session_slave>
          <pair>
            <master_node>node1</master_node>
            <master_brick>/data/brick1/gv0</master_brick>
            <slave_user>geoaccount</slave_user>
            <slave>geoaccount@backup1::gv0dr</slave>
            <slave_node>backup1</slave_node>
            <status>Passive</status>
            <crawl_status>N/A</crawl_status>
            <entry>N/A</entry>
            <data>N/A</data>
            <meta>N/A</meta>
            <failures>N/A</failures>
            <checkpoint_completed>N/A</checkpoint_completed>
            <master_node_uuid>11111111-2222-3333-4444-555555555555</master_node_uuid>
            <last_synced>N/A</last_synced>
            <checkpoint_time>N/A</checkpoint_time>
            <checkpoint_completion_time>N/A</checkpoint_completion_time>
          </pair>
          <pair>
            <master_node>node2</master_node>
            <master_brick>/data/brick2/gv0</master_brick>
            <slave_user>geoaccount</slave_user>
            <slave>geoaccount@backup1::gv0dr</slave>
            <slave_node>backup2</slave_node>
            <status>Initializing...</status>
            <crawl_status>History Crawl</crawl_status>
            <entry>12</entry>
            <data>3456</data>
            <meta>7</meta>
            <failures>2</failures>
            <checkpoint_completed>No</checkpoint_completed>
            <master_node_uuid>99999999-2222-3333-4444-555555555555</master_node_uuid>
            <last_synced>2020-02-29 23:59:59</last_synced>
            <checkpoint_time>2020-03-01 00:00:00</checkpoint_time>
            <checkpoint_completion_time>N/A</checkpoint_completion_time>
          </pair>
        </session>
      </sessions>
    </volume>
  </geoRep>
</cliOutput>
)";

TEST(StatusParser, LegacyMasterSlaveNames) {
  const StatusReport r = parseStatus(kLegacyStatus);
  ASSERT_EQ(r.sessions.size(), 1u);
  const SessionStatus& s = r.sessions[0];
  EXPECT_EQ(s.primaryVolume, "gv0");
  EXPECT_EQ(s.key.creatorUuid, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(s.key.secondaryUser, "geoaccount");
  EXPECT_EQ(s.key.secondaryHost, "backup1");
  EXPECT_EQ(s.key.secondaryVolume, "gv0dr");
  EXPECT_EQ(s.key.secondaryVolumeUuid, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
  ASSERT_EQ(s.bricks.size(), 2u);
  const BrickStatus& p = s.bricks[0];
  EXPECT_EQ(p.primaryNode, "node1");
  EXPECT_EQ(p.primaryBrick, "/data/brick1/gv0");
  EXPECT_EQ(p.secondaryUser, "geoaccount");
  EXPECT_EQ(p.secondary, "geoaccount@backup1::gv0dr");
  EXPECT_EQ(p.secondaryNode, "backup1");
  EXPECT_EQ(p.status, WorkerStatus::kPassive);
  EXPECT_EQ(p.primaryNodeUuid, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(p.crawlStatus, std::nullopt);
  const BrickStatus& i = s.bricks[1];
  EXPECT_EQ(i.primaryNode, "node2");
  EXPECT_EQ(i.status, WorkerStatus::kInitializing);
  EXPECT_EQ(i.rawStatus, "Initializing...");
  EXPECT_EQ(i.crawlStatus, "History Crawl");
  EXPECT_EQ(i.entry, 12);
  EXPECT_EQ(i.data, 3456);
  EXPECT_EQ(i.meta, 7);
  EXPECT_EQ(i.failures, 2);
  EXPECT_EQ(i.checkpointCompleted, false);
  EXPECT_EQ(i.primaryNodeUuid, "99999999-2222-3333-4444-555555555555");
  EXPECT_EQ(i.lastSynced, utc(2020, 2, 29, 23, 59, 59));
  EXPECT_EQ(i.checkpointTime, utc(2020, 3, 1, 0, 0, 0));
}

// Builds a status document from volume blocks (each "<volume>...</volume>").
std::string statusDoc(const std::string& volumes, const std::string& opErrstr = "") {
  return "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr>" + opErrstr +
         "</opErrstr><geoRep>" + volumes + "</geoRep></cliOutput>";
}

std::string pair(const std::string& node, const std::string& brick, const std::string& status,
                 const std::string& uuid = "6661d41d-619e-467f-8b44-0f4066203ac7") {
  return "<pair><primary_node>" + node + "</primary_node><primary_brick>" + brick +
         "</primary_brick><secondary_user>root</secondary_user><secondary>vm::s</secondary><secondary_node/>"
         "<status>" + status + "</status><crawl_status>N/A</crawl_status><entry>N/A</entry><data>N/A</data>"
         "<meta>N/A</meta><failures>N/A</failures><checkpoint_completed>N/A</checkpoint_completed>"
         "<primary_node_uuid>" + uuid + "</primary_node_uuid><last_synced>N/A</last_synced>"
         "<checkpoint_time>N/A</checkpoint_time><checkpoint_completion_time>N/A</checkpoint_completion_time></pair>";
}

std::string session(const std::string& secVol, const std::string& pairs) {
  return "<session><session_secondary>6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::" + secVol +
         ":40f418a6-f1fd-4f38-b70f-001c1121d300</session_secondary>" + pairs + "</session>";
}

std::string volume(const std::string& name, const std::string& sessions) {
  return "<volume><name>" + name + "</name><sessions>" + sessions + "</sessions></volume>";
}

TEST(StatusParser, SameVolumeTwiceIsMerged) {
  const std::string doc = statusDoc(
      volume("pv", session("s1", pair("n1", "/b1", "Active")) + session("s2", pair("n1", "/b1", "Stopped"))) +
      volume("other", session("s1", pair("n3", "/b9", "Created"))) +
      volume("pv", session("s1", pair("n2", "/b2", "Passive")) + session("s3", pair("n2", "/b2", "Paused"))));
  const StatusReport r = parseStatus(doc);
  ASSERT_EQ(r.sessions.size(), 4u);
  EXPECT_EQ(r.sessions[0].primaryVolume, "pv");
  EXPECT_EQ(r.sessions[0].key.secondaryVolume, "s1");
  ASSERT_EQ(r.sessions[0].bricks.size(), 2u);
  EXPECT_EQ(r.sessions[0].bricks[0].primaryBrick, "/b1");
  EXPECT_EQ(r.sessions[0].bricks[0].status, WorkerStatus::kActive);
  EXPECT_EQ(r.sessions[0].bricks[1].primaryBrick, "/b2");
  EXPECT_EQ(r.sessions[0].bricks[1].status, WorkerStatus::kPassive);
  EXPECT_EQ(r.sessions[1].key.secondaryVolume, "s2");
  EXPECT_EQ(r.sessions[1].bricks.size(), 1u);
  EXPECT_EQ(r.sessions[2].primaryVolume, "other");
  EXPECT_EQ(r.sessions[2].bricks[0].status, WorkerStatus::kCreated);
  EXPECT_EQ(r.sessions[3].primaryVolume, "pv");
  EXPECT_EQ(r.sessions[3].key.secondaryVolume, "s3");
  EXPECT_EQ(r.sessions[3].bricks[0].status, WorkerStatus::kPaused);
}

TEST(StatusParser, SamePairListedTwiceIsKeptOnce) {
  const std::string doc = statusDoc(volume("pv", session("s1", pair("n1", "/b1", "Active"))) +
                                    volume("pv", session("s1", pair("n1", "/b1", "Active"))));
  const StatusReport r = parseStatus(doc);
  ASSERT_EQ(r.sessions.size(), 1u);
  EXPECT_EQ(r.sessions[0].bricks.size(), 1u);
}

TEST(StatusParser, SameVolumeNameWithDifferentSessionsOnOtherVolumesStaySeparate) {
  // One secondary volume shared by two primary volumes: two sessions with the same key text suffix.
  const std::string doc = statusDoc(volume("a", session("s", pair("n", "/a1", "Active"))) +
                                    volume("b", session("s", pair("n", "/b1", "Faulty"))));
  const StatusReport r = parseStatus(doc);
  ASSERT_EQ(r.sessions.size(), 2u);
  EXPECT_EQ(r.sessions[0].primaryVolume, "a");
  EXPECT_EQ(r.sessions[1].primaryVolume, "b");
  EXPECT_EQ(r.sessions[1].bricks[0].status, WorkerStatus::kFaulty);
}

TEST(StatusParser, KeepsOpErrstrWithValidPayload) {
  const StatusReport r = parseStatus(statusDoc(volume("pv", session("s1", pair("n1", "/b1", "Active"))),
                                               "primary not found"));
  EXPECT_EQ(r.opErrstr, "primary not found");
  EXPECT_EQ(r.sessions.size(), 1u);
}

TEST(StatusParser, EveryWorkerStatusSpelling) {
  const std::pair<const char*, WorkerStatus> cases[] = {
      {"Created", WorkerStatus::kCreated},   {"Initializing...", WorkerStatus::kInitializing},
      {"Active", WorkerStatus::kActive},     {"Passive", WorkerStatus::kPassive},
      {"Faulty", WorkerStatus::kFaulty},     {"Paused", WorkerStatus::kPaused},
      {"Stopped", WorkerStatus::kStopped},   {"N/A", WorkerStatus::kUnknown},
      {"Config Corrupted", WorkerStatus::kConfigCorrupted}, {"Exploded", WorkerStatus::kUnknown},
  };
  for (const auto& [text, expected] : cases) {
    const StatusReport r = parseStatus(statusDoc(volume("pv", session("s1", pair("n1", "/b1", text)))));
    ASSERT_EQ(r.sessions.at(0).bricks.size(), 1u) << text;
    EXPECT_EQ(r.sessions[0].bricks[0].status, expected) << text;
    EXPECT_EQ(r.sessions[0].bricks[0].rawStatus, text);
  }
}

TEST(StatusParser, EmptyGeoRepIsNoSessions) {
  const StatusReport r = parseStatus(statusDoc(""));
  EXPECT_TRUE(r.sessions.empty());
}

TEST(StatusParser, XmlEscapesAreDecoded) {
  const StatusReport r =
      parseStatus(statusDoc(volume("pv", session("s1", pair("n1", "/b&amp;1", "Active"))), "a &amp; b"));
  EXPECT_EQ(r.sessions[0].bricks[0].primaryBrick, "/b&1");
  EXPECT_EQ(r.opErrstr, "a & b");
}

GatewayError statusError(const std::string& text) {
  try {
    parseStatus(text);
  } catch (const GatewayError& e) {
    return e;
  }
  ADD_FAILURE() << "no GatewayError for: " << text;
  return GatewayError(ErrorKind::kRefused, "none");
}

TEST(StatusParser, PlainTextIsNotXml) {
  // What `--xml ... status` prints when there is no session at all, and when the XML writer fails.
  EXPECT_EQ(statusError("geo-replication command failed\n").kind(), ErrorKind::kNotXml);
  EXPECT_EQ(statusError("No active geo-replication sessions\n").kind(), ErrorKind::kNotXml);
  EXPECT_EQ(statusError("").kind(), ErrorKind::kNotXml);
  EXPECT_EQ(statusError(" \n\t ").kind(), ErrorKind::kNotXml);
  const GatewayError e = statusError("geo-replication command failed\n");
  EXPECT_NE(std::string(e.what()).find("geo-replication command failed"), std::string::npos);
}

TEST(StatusParser, TruncatedCaptureIsMalformed) {
  const std::string full = testing::readFixture("status_session.xml");
  for (std::size_t cut : {std::size_t{1}, std::size_t{40}, full.size() / 3, full.size() / 2, full.size() - 14}) {
    EXPECT_EQ(statusError(full.substr(0, cut)).kind(), ErrorKind::kMalformedXml) << "cut at " << cut;
  }
}

TEST(StatusParser, WrongShapesAreMalformed) {
  EXPECT_EQ(statusError("<foo/>").kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError("<cliOutput><opErrno>0</opErrno></cliOutput>").kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError("<cliOutput><opRet>zero</opRet></cliOutput>").kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError("<cliOutput><opRet>0</opRet></cliOutput>").kind(), ErrorKind::kMalformedXml);  // no geoRep
  // A config document is not a status document.
  EXPECT_EQ(statusError(testing::readFixture("config.xml")).kind(), ErrorKind::kMalformedXml);
  // volume without a name; session without a key; bad key; pair without status/brick.
  EXPECT_EQ(statusError(statusDoc("<volume><sessions/></volume>")).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(statusDoc(volume("pv", "<session>" + pair("n", "/b", "Active") + "</session>"))).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(statusDoc(volume("pv", "<session><session_secondary>vm::s</session_secondary></session>")))
                .kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(statusDoc(volume("pv", session("s", "<pair><primary_node>n</primary_node>"
                                                             "<primary_brick>/b</primary_brick></pair>"))))
                .kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(statusDoc(volume("pv", session("s", "<pair><primary_node>n</primary_node>"
                                                             "<status>Active</status></pair>"))))
                .kind(),
            ErrorKind::kMalformedXml);
}

TEST(StatusParser, BadFieldValuesAreMalformed) {
  std::string base = pair("n", "/b", "Active");
  auto withField = [&](const std::string& from, const std::string& to) {
    std::string p = base;
    p.replace(p.find(from), from.size(), to);
    return statusDoc(volume("pv", session("s", p)));
  };
  EXPECT_EQ(statusError(withField("<entry>N/A</entry>", "<entry>many</entry>")).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(withField("<failures>N/A</failures>", "<failures>1.5</failures>")).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(withField("<last_synced>N/A</last_synced>", "<last_synced>yesterday</last_synced>")).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(withField("<last_synced>N/A</last_synced>",
                                  "<last_synced>2026-02-30 10:00:00</last_synced>"))
                .kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(statusError(withField("<checkpoint_completed>N/A</checkpoint_completed>",
                                  "<checkpoint_completed>Maybe</checkpoint_completed>"))
                .kind(),
            ErrorKind::kMalformedXml);
  // Empty counters are absent, not errors.
  const StatusReport r = parseStatus(withField("<entry>N/A</entry>", "<entry/>"));
  EXPECT_EQ(r.sessions[0].bricks[0].entry, std::nullopt);
}

TEST(StatusParser, RefusalKeepsGlusterdMessage) {
  const GatewayError e = statusError(
      "<cliOutput><opRet>-1</opRet><opErrno>30806</opErrno><opErrstr>Volume nosuch does not exist</opErrstr>"
      "</cliOutput>");
  EXPECT_EQ(e.kind(), ErrorKind::kNoSuchVolume);
  EXPECT_EQ(e.opRet(), -1);
  EXPECT_EQ(e.opErrno(), 30806);
  EXPECT_STREQ(e.what(), "Volume nosuch does not exist");
  EXPECT_TRUE(e.isRefusal());
}

}  // namespace
}  // namespace georep::gluster
