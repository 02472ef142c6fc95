// Eligibility of secondary volumes (georep.session.eligibility) and its enforcement by
// georep.session.create, on PostgreSQL with the fake transport: every reason code from the facts glusterd
// reports (captures), create refused with every blocking reason and nothing sent or written, force
// overriding them (reply, event), already_secondary found across clusters, an unregistered secondary
// host left to glusterd's own check, and the viewer role.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <future>
#include <thread>

#include "command_fixture.h"
#include "eligibility_scripts.h"

namespace georep::testing {
namespace {

class EligibilityTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    ASSERT_TRUE(dispatch("georep.volume.refresh", {{"cluster", "c1"}}).ok);
    api::Cluster dr;
    dr.name = "dr";
    dr.transport = "local";
    dr_ = inventory_->addCluster(dr);
    api::Host h;
    h.address = "dr1";
    inventory_->addHost("dr", h);
    scriptMasterEligibility(fake());
    scriptSameClusterSecondaries(fake());
    scriptDrCluster(fake("dr1"));
  }

  nlohmann::json query(const std::string& host = "dr1") {
    return {{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", host}};
  }
  nlohmann::json createParams(const std::string& volume = "drvol", const std::string& host = "dr1") {
    return {{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", host}, {"secondary_volume", volume}};
  }

  // The candidate `volume` of an eligibility result.
  static nlohmann::json candidate(const nlohmann::json& result, const std::string& volume) {
    for (const auto& c : result["candidates"]) {
      if (c["volume"] == volume) return c;
    }
    ADD_FAILURE() << "no candidate " << volume << " in " << result.dump();
    return nlohmann::json::object();
  }
  static std::vector<std::string> codes(const nlohmann::json& reasons) {
    std::vector<std::string> out;
    for (const auto& r : reasons) out.push_back(r["code"].get<std::string>());
    return out;
  }

  // A session stored in another master cluster ("prod") writing to dr1::drvol.
  std::int64_t seedForeignSession(const std::string& secondaryHost, const std::string& secondaryVolume,
                                  const std::optional<std::string>& secondaryUuid) {
    if (!prod_) {
      api::Cluster prod;
      prod.name = "prod";
      prod.transport = "local";
      prod_ = inventory_->addCluster(prod);
    }
    const api::Cluster& prod = *prod_;
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    auto volume = gluster::parseVolumeInfo(readFixture("volinfo.xml")).at(0);
    volume.name = "prodvol";
    const auto volumeId = deps_->volumes.upsert(lease.sql(), prod.id, volume);
    dao::NewSession s;
    s.clusterId = prod.id;
    s.masterVolumeId = volumeId;
    s.sessionKey = "aaaa:ssh://" + secondaryHost + "::" + secondaryVolume + ":x";
    s.secondaryHost = secondaryHost;
    s.secondaryVolume = secondaryVolume;
    s.secondaryVolumeUuid = secondaryUuid;
    s.status = gluster::AggregateStatus::kActive;
    return deps_->sessions.insert(lease.sql(), s);
  }

  // Whether a create was sent to the master cluster.
  bool createSent() {
    const auto all = sent();
    return std::any_of(all.begin(), all.end(), [](const std::string& s) { return s.find(" create") != std::string::npos; });
  }

  // Scripts glusterd's create, listing and config of mastervol -> <host>::<volume>.
  void scriptCreateOk(const std::string& volume, const std::string& host) {
    const std::string url = host + "::" + volume;
    fake().onFixture({"geo-replication", "mastervol", url, "create"}, "create_ok.xml");
    std::string status = std::regex_replace(statusXml("Created", "Created", "slavevol2"), std::regex("vm::slavevol2"), url);
    fake().on({"geo-replication", "mastervol", "status"}, {0, status, ""});
    fake().onFixture({"geo-replication", "mastervol", url, "config"}, "config.xml");
  }

  api::Cluster dr_;
  std::optional<api::Cluster> prod_;
};

TEST_F(EligibilityTest, ListsEveryVolumeOfTheSecondaryClusterWithItsReasons) {
  fake("dr1").on({"find", "/bricks/m1"}, {0, "/bricks/m1/old-backup\n", ""});
  auto out = dispatch("georep.session.eligibility", query());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto& r = out.result;
  EXPECT_EQ(r["master_volume"], "mastervol");
  EXPECT_EQ(r["secondary_host"], "dr1");
  EXPECT_EQ(r["secondary_user"], "root");
  EXPECT_EQ(r["secondary_cluster"], "dr");
  ASSERT_EQ(r["candidates"].size(), 3u) << r.dump(2);

  const auto drvol = candidate(r, "drvol");
  EXPECT_EQ(drvol["cluster"], "dr");
  EXPECT_EQ(drvol["eligible"], true) << drvol.dump(2);
  EXPECT_TRUE(drvol["reasons"].empty()) << drvol.dump(2);

  const auto drbig = candidate(r, "drbig");  // large enough (replica 2 of 2x and 3x: 2x), but not empty
  EXPECT_EQ(drbig["eligible"], false);
  EXPECT_EQ(codes(drbig["reasons"]), std::vector<std::string>{"not_empty"});
  EXPECT_NE(drbig["reasons"][0]["message"].get<std::string>().find("dr1:/bricks/m1/old-backup"), std::string::npos);

  const auto stopped = candidate(r, "drstopped");  // stopped: no sizes from glusterd, left unverifiable
  EXPECT_EQ(codes(stopped["reasons"]), (std::vector<std::string>{"not_started", "unverifiable"}));
  EXPECT_EQ(stopped["reasons"][1]["blocking"], false);
  EXPECT_EQ(stopped["eligible"], false);

  // The secondary cluster was only read: gluster info/status/get (never geo-replication) and find.
  for (const auto& argv : fake("dr1").calls()) {
    const bool gluster = argv.at(0) == "gluster";
    EXPECT_TRUE(gluster || argv.at(0) == "find") << FakeTransport::join(argv);
    if (gluster) {
      EXPECT_EQ(std::find(argv.begin(), argv.end(), "geo-replication"), argv.end());
    }
  }
}

TEST_F(EligibilityTest, SecondaryInTheMastersOwnGlusterdIsSameCluster) {
  // The lab's layout: the secondary host is a node of the master's cluster.
  auto out = dispatch("georep.session.eligibility", query("vm"));
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["secondary_cluster"], "c1");
  ASSERT_EQ(out.result["candidates"].size(), 2u) << "mastervol itself is no candidate: " << out.result.dump(2);
  for (const char* v : {"slavevol", "slavevol2"}) {
    EXPECT_EQ(codes(candidate(out.result, v)["reasons"]), std::vector<std::string>{"same_cluster"}) << v;
  }
}

TEST_F(EligibilityTest, SameClusterIsFoundByPeerUuidEvenWhenRegisteredAsAnotherCluster) {
  // The "dr" cluster's glusterd is in fact the master's pool (a second inventory entry for the same peers).
  fake("dr1").clearRules();
  fake("dr1").on({"volume", "info"}, {0, std::regex_replace(drVolinfoXml(), std::regex(kDrPeer), kMasterPeer), ""});
  fake("dr1").on({"volume", "status", "drvol", "detail"},
                 {0, detailXml("drvol", {"dr1:/bricks/s1"}, kMasterPeer, {kMasterBrickBytes}), ""});
  fake("dr1").on({"volume", "get", "all", "cluster.op-version"}, {0, opVersionXml(100000), ""});
  fake("dr1").on({"find"}, {0, "", ""});
  auto p = query();
  p["secondary_volume"] = "drvol";
  auto out = dispatch("georep.session.eligibility", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["secondary_cluster"], "dr");
  EXPECT_EQ(codes(candidate(out.result, "drvol")["reasons"]), std::vector<std::string>{"same_cluster"});
}

TEST_F(EligibilityTest, CreateToAnEligibleSecondaryNeedsNoForce) {
  scriptCreateOk("drvol", "dr1");
  auto out = dispatch("georep.session.create", createParams());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["eligibility_overridden"], nlohmann::json::array());
  EXPECT_EQ(count("georep_sessions"), 1);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.created");
  EXPECT_EQ(e.severity, api::Severity::kInfo);
  // The create sent carries no force: eligibility passed.
  const auto all = sent();
  EXPECT_NE(std::find(all.begin(), all.end(), "volume geo-replication mastervol dr1::drvol create push-pem"), all.end());
}

TEST_F(EligibilityTest, EachBlockingReasonRefusesCreateWithNothingSentOrWritten) {
  struct Case {
    std::string name;
    std::function<void()> arrange;
    std::string volume;
    std::string host;
    std::vector<std::string> codes;
  };
  const std::vector<Case> cases{
      {"not_started", [] {}, "drstopped", "dr1", {"not_started"}},
      {"too_small",
       [this] {
         fake("dr1").clearRules();
         scriptDrCluster(fake("dr1"), kMasterBrickBytes - 1);
       },
       "drvol", "dr1", {"too_small"}},
      {"not_empty", [this] { fake("dr1").on({"find", "/bricks/s1"}, {0, "/bricks/s1/etc\n", ""}); }, "drvol", "dr1",
       {"not_empty"}},
      {"version_mismatch",
       [this] {
         fake("dr1").clearRules();
         scriptDrCluster(fake("dr1"), kMasterBrickBytes, 90000);
       },
       "drvol", "dr1", {"version_mismatch"}},
      {"same_cluster", [] {}, "slavevol2", "vm", {"same_cluster"}},
      {"unreachable_cluster",
       [this] {
         fake("dr1").clearRules();
         fake("dr1").fail({"volume"}, gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection refused"));
       },
       "drvol", "dr1", {"unreachable"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    fake("dr1").clearRules();
    scriptDrCluster(fake("dr1"));
    c.arrange();
    const auto before = snapshotTables();
    auto out = dispatch("georep.session.create", createParams(c.volume, c.host));
    ASSERT_EQ(codeOf(out), "conflict") << (out.ok ? out.result.dump() : out.error->toJson().dump());
    EXPECT_EQ(codes(out.error->details()["reasons"]), c.codes) << out.error->toJson().dump(2);
    for (const auto& code : c.codes) EXPECT_NE(std::string(out.error->what()).find(code), std::string::npos);
    EXPECT_NE(std::string(out.error->what()).find("force=true overrides"), std::string::npos);
    EXPECT_EQ(snapshotTables(), before);
    EXPECT_FALSE(createSent());
    EXPECT_EQ(lastEvent().name, "georep.session.create_failed");
  }
}

TEST_F(EligibilityTest, EveryBlockingReasonIsInTheRefusal) {
  fake("dr1").clearRules();
  scriptDrCluster(fake("dr1"), 1000, 90000);
  fake("dr1").on({"find", "/bricks/s1"}, {0, "/bricks/s1/x\n", ""});
  auto out = dispatch("georep.session.create", createParams());
  ASSERT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(codes(out.error->details()["reasons"]),
            (std::vector<std::string>{"too_small", "not_empty", "version_mismatch"}));
}

TEST_F(EligibilityTest, ForceOverridesAndTheReplyAndEventCarryTheReasons) {
  scriptCreateOk("slavevol2", "vm");
  auto p = createParams("slavevol2", "vm");
  p["force"] = true;
  auto out = dispatch("georep.session.create", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  ASSERT_EQ(out.result["eligibility_overridden"].size(), 1u) << out.result.dump();
  EXPECT_EQ(out.result["eligibility_overridden"][0]["code"], "same_cluster");
  EXPECT_EQ(out.result["eligibility_overridden"][0]["blocking"], true);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.created");
  EXPECT_EQ(e.severity, api::Severity::kWarning);
  EXPECT_EQ(e.body["eligibility_overridden"], out.result["eligibility_overridden"]);
  EXPECT_EQ(count("georep_sessions"), 1);
}

TEST_F(EligibilityTest, AlreadySecondaryOfASessionOfAnotherClusterByVolumeUuid) {
  // Stored under another host name of the dr cluster? Any name: the volume UUID tells.
  seedForeignSession("dr-other-name", "drvol", "d0000000-0000-4000-8000-000000000002");
  auto out = dispatch("georep.session.create", createParams());
  ASSERT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(codes(out.error->details()["reasons"]), std::vector<std::string>{"already_secondary"});
  EXPECT_NE(std::string(out.error->what()).find("prod/prodvol"), std::string::npos) << out.error->what();
  EXPECT_FALSE(createSent());
  // The same name on an unrelated host without a UUID is another volume.
  auto other = dispatch("georep.session.eligibility", query());
  ASSERT_TRUE(other.ok);
  EXPECT_EQ(codes(candidate(other.result, "drvol")["reasons"]), std::vector<std::string>{"already_secondary"});
}

TEST_F(EligibilityTest, AlreadySecondaryByHostAndNameWhenNoUuidIsStored) {
  seedForeignSession("dr1", "drvol", std::nullopt);
  seedForeignSession("elsewhere.example", "drbig", std::nullopt);  // same name, another host: not this drbig
  auto out = dispatch("georep.session.eligibility", query());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(codes(candidate(out.result, "drvol")["reasons"]), std::vector<std::string>{"already_secondary"});
  EXPECT_TRUE(candidate(out.result, "drbig")["reasons"].empty()) << out.result.dump(2);
}

TEST_F(EligibilityTest, TwoCreatesFromDifferentMastersToOneSecondaryCreateOnce) {
  // mastervol's create takes a while; slavevol (another master volume of c1) asks for the same secondary
  // meanwhile: it waits for the first to commit, then finds drvol already used.
  fake().on({"geo-replication", "mastervol", "dr1::drvol", "create"}, {0, readFixture("create_ok.xml"), ""},
            std::chrono::milliseconds(500));
  fake().on({"geo-replication", "mastervol", "status"},
            {0, std::regex_replace(statusXml("Created", "Created", "slavevol2"), std::regex("vm::slavevol2"), "dr1::drvol"), ""});
  fake().onFixture({"geo-replication", "mastervol", "dr1::drvol", "config"}, "config.xml");
  auto first = std::async(std::launch::async, [&] { return dispatch("georep.session.create", createParams()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto p = createParams();
  p["master_volume"] = "slavevol";
  const auto second = dispatch("georep.session.create", p);
  const auto one = first.get();
  ASSERT_TRUE(one.ok) << one.error->toJson().dump();
  ASSERT_EQ(codeOf(second), "conflict") << (second.ok ? second.result.dump() : second.error->toJson().dump());
  EXPECT_EQ(codes(second.error->details()["reasons"]), std::vector<std::string>{"already_secondary"});
  EXPECT_EQ(count("georep_sessions"), 1);
  for (const auto& s : sent()) EXPECT_EQ(s.find("slavevol dr1::drvol create"), std::string::npos) << s;
}

TEST_F(EligibilityTest, UnregisteredSecondaryHostIsUnverifiableAndLeftToGlusterd) {
  auto p = query("dr9.example.org");
  p["secondary_volume"] = "backupvol";
  auto out = dispatch("georep.session.eligibility", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["secondary_cluster"], nullptr);
  const auto c = candidate(out.result, "backupvol");
  EXPECT_EQ(c["cluster"], nullptr);
  EXPECT_EQ(c["eligible"], true);
  EXPECT_EQ(codes(c["reasons"]), std::vector<std::string>{"unverifiable"});
  EXPECT_EQ(c["reasons"][0]["blocking"], false);
  EXPECT_TRUE(fake("dr9.example.org").calls().empty());

  // Without a volume there is nothing to list there.
  out = dispatch("georep.session.eligibility", query("dr9.example.org"));
  ASSERT_TRUE(out.ok);
  EXPECT_TRUE(out.result["candidates"].empty());

  // Create goes ahead without force; glusterd's own check (gverify) has the last word.
  fake().onFixture({"geo-replication", "create"}, "err_create_noslave.xml");
  auto created = dispatch("georep.session.create", createParams("backupvol", "dr9.example.org"));
  EXPECT_EQ(codeOf(created), "gluster_error");
  EXPECT_EQ(created.error->details()["kind"], "secondary_check_failed");
  EXPECT_TRUE(createSent());
}

TEST_F(EligibilityTest, MissingSecondaryVolumeOfARegisteredClusterIsNotFound) {
  auto out = dispatch("georep.session.create", createParams("nosuch"));
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "secondary_volume");
  EXPECT_FALSE(createSent());
  auto p = query();
  p["secondary_volume"] = "nosuch";
  EXPECT_EQ(codeOf(dispatch("georep.session.eligibility", p)), "not_found");
}

TEST_F(EligibilityTest, DirectoryGivenAsSecondaryIsExplained) {
  auto p = query();
  p["secondary_volume"] = "/srv/backup";
  auto out = dispatch("georep.session.eligibility", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto c = candidate(out.result, "/srv/backup");
  EXPECT_EQ(codes(c["reasons"]), std::vector<std::string>{"directory_secondary"});
  EXPECT_EQ(c["eligible"], false);
  EXPECT_TRUE(sent().empty() || sent().back().rfind("volume info", 0) == 0);
}

TEST_F(EligibilityTest, InputIsValidatedAndViewersMayAsk) {
  auto p = query();
  p["secondary_host"] = "-oProxyCommand=x";
  auto out = dispatch("georep.session.eligibility", p);
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "secondary_host");
  p = query();
  p["secondary_volume"] = "a;b";
  out = dispatch("georep.session.eligibility", p);
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "secondary_volume");
  p = query();
  p["cluster"] = "nope";
  EXPECT_EQ(codeOf(dispatch("georep.session.eligibility", p)), "not_found");

  const api::Caller viewer{"user:v", api::Role::kViewer, "v", 0};
  EXPECT_TRUE(bus_.dispatchAs(viewer, "georep.session.eligibility", query()).ok);
  // create stays admin-only
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.session.create", createParams())), "forbidden");
}

}  // namespace
}  // namespace georep::testing
