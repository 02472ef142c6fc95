// georep.session.create: checks first (each with its typed error, nothing sent), create on a host of the
// cluster, read back (listed, with workers and config), one transaction, events; glusterd's refusals
// from the captures mapped; nothing written when it fails midway.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "gluster/create_hook.h"
#include "eligibility_scripts.h"

namespace georep::testing {
namespace {

class SessionCreateTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    ASSERT_TRUE(dispatch("georep.volume.refresh", {{"cluster", "c1"}}).ok);
    fake().clearRules();
    fake().onFixture({"volume", "info"}, "volinfo.xml");
    scriptMasterEligibility(fake());
    scriptSameClusterSecondaries(fake());
    baseline_ = fake().callCount();
  }

  // The secondaries of these captures live in the master's own glusterd (peer 6661d41d-..., as on the
  // lab), which eligibility refuses as same_cluster: these tests of the create itself pass force, as an
  // operator would to replicate within one cluster (session_eligibility_test covers the refusals).
  nlohmann::json params(const std::string& secondaryVolume = "slavevol2") {
    return {{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", "vm"},
            {"secondary_volume", secondaryVolume}, {"force", true}};
  }

  // The gluster argv sent since SetUp that starts with `prefix`, or "" when none.
  std::string sentStartingWith(const std::string& prefix) {
    for (const auto& s : sentSinceSetUp()) {
      if (s.rfind(prefix, 0) == 0) return s;
    }
    return {};
  }

  // The argvs sent since SetUp.
  std::vector<std::string> sentSinceSetUp() {
    auto all = sent();
    return {all.begin() + static_cast<long>(baseline_), all.end()};
  }

  void scriptCreateOk() {
    fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
    fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
    fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "config"}, "config.xml");
  }

  std::size_t baseline_ = 0;
};

TEST_F(SessionCreateTest, CreatesReadsBackAndStoresTheSessionWithBricksAndConfig) {
  scriptCreateOk();
  // glusterd's push-pem hook runs on vm for two polls after the create, then is gone.
  fake().on({"pgrep", "-f"}, {0, "4242\n", ""});
  fake().on({"pgrep", "-f"}, {0, "4242\n", ""});
  fake().on({"pgrep", "-f"}, {1, "", ""});
  fake("vm2").on({"pgrep", "-f"}, {1, "", ""});
  auto out = dispatch("georep.session.create", params());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();

  EXPECT_EQ(sentSinceSetUp(),
            (std::vector<std::string>{"volume info mastervol",
                                      // eligibility: the master's size, version and peers, then the secondary
                                      // (same cluster: its op-version is the master's), then its brick listed
                                      // by find (no gluster "--" prefix, so shown as "")
                                      "volume status mastervol detail", "volume get all cluster.op-version",
                                      "pool list", "volume info slavevol2", "volume status slavevol2 detail", "",
                                      "volume geo-replication mastervol vm::slavevol2 create push-pem force",
                                      // the hook: running, running, gone, gone (pgrep, shown as "")
                                      "", "", "", "",
                                      "volume info mastervol", "volume geo-replication mastervol status",
                                      "volume geo-replication mastervol vm::slavevol2 config"}));
  const auto& r = out.result;
  EXPECT_EQ(r["push_pem_hook"]["ended"], true) << r["push_pem_hook"].dump();
  EXPECT_EQ(r["push_pem_hook"]["checked"], true);
  EXPECT_EQ(fake().calls().at(baseline_ + 8), gluster::createHookProbeArgv());
  EXPECT_EQ(r["status"], "CREATED");
  ASSERT_EQ(r["eligibility_overridden"].size(), 1u) << r["eligibility_overridden"].dump();
  EXPECT_EQ(r["eligibility_overridden"][0]["code"], "same_cluster");
  EXPECT_EQ(r["cluster"], "c1");
  EXPECT_EQ(r["master_volume"], "mastervol");
  EXPECT_EQ(r["secondary_volume"], "slavevol2");
  EXPECT_EQ(r["secondary_user"], "root");
  EXPECT_EQ(r["secondary_volume_uuid"], "ab65290b-0fe3-4bf4-9f55-fe4b882eec2a");
  EXPECT_EQ(r["session_key"],
            "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol2:ab65290b-0fe3-4bf4-9f55-fe4b882eec2a");
  ASSERT_EQ(r["bricks"].size(), 2u);
  EXPECT_EQ(r["bricks"][0]["worker_status"], "Created");
  EXPECT_GT(r["config"].size(), 60u);

  const auto id = r["session_id"].get<std::int64_t>();
  const auto stored = session(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, gluster::AggregateStatus::kCreated);
  EXPECT_EQ(sessionBricks(id).size(), 2u);
  auto jobs = configEntry(id, "sync_jobs");
  ASSERT_TRUE(jobs.has_value());
  EXPECT_EQ(jobs->value, "3");
  EXPECT_TRUE(jobs->isDefault);

  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.created");
  EXPECT_EQ(e.correlationId, out.correlationId);
  EXPECT_EQ(e.body["session_id"], id);
  EXPECT_EQ(e.body["status"], "CREATED");
}

TEST_F(SessionCreateTest, NoOtherCallReachesTheClusterWhileThePushPemHookRuns) {
  scriptCreateOk();
  // The hook runs for three polls of 150 ms each; meanwhile another thread (the sync job, say) reads the
  // cluster. Its call must come after the last poll, not between the create and the hook's end.
  for (int i = 0; i < 3; ++i) fake().on({"pgrep", "-f"}, {0, "4242\n", ""}, std::chrono::milliseconds(150));
  fake().on({"pgrep", "-f"}, {1, "", ""});
  fake("vm2").on({"pgrep", "-f"}, {1, "", ""});
  fake().onFixture({"volume", "info"}, "volinfo.xml");
  auto create = std::async(std::launch::async, [&] { return dispatch("georep.session.create", params()); });
  const auto createSent = [&] { return !sentStartingWith("volume geo-replication mastervol vm::slavevol2 create").empty(); };
  for (int i = 0; i < 500 && !createSent(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(createSent());
  gateway_->withHost(cluster_, [](gluster::GlusterGateway& g, const api::Host&) { return g.volumeInfo(); });
  const auto out = create.get();
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();

  const auto all = sentSinceSetUp();
  std::size_t lastProbe = 0, otherRead = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].empty()) lastProbe = i;
    if (all[i] == "volume info") otherRead = i;
  }
  EXPECT_GT(lastProbe, 0u);
  EXPECT_GT(otherRead, lastProbe) << "a call reached glusterd while the hook ran";
  EXPECT_EQ(out.result["push_pem_hook"]["ended"], true);
  EXPECT_GE(out.result["push_pem_hook"]["waited_ms"].get<std::int64_t>(), 450);
}

TEST_F(SessionCreateTest, AnotherReadOfTheClusterWaitsUntilTheNewSessionIsStored) {
  // Without push-pem too: the sync job's listing must not find the new session before this command has
  // stored it (it would record it as discovered, a second audit event for one create).
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""},
            std::chrono::milliseconds(300));
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "config"}, "config.xml");
  fake().onFixture({"volume", "info"}, "volinfo.xml");
  auto p = params();
  p["push_pem"] = false;
  auto create = std::async(std::launch::async, [&] { return dispatch("georep.session.create", p); });
  const auto createSent = [&] { return !sentStartingWith("volume geo-replication mastervol vm::slavevol2 create").empty(); };
  for (int i = 0; i < 500 && !createSent(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(createSent());
  gateway_->withHost(cluster_, [](gluster::GlusterGateway& g, const api::Host&) { return g.volumeInfo(); });
  EXPECT_EQ(count("georep_sessions"), 1) << "another call reached glusterd before the new session was stored";
  const auto out = create.get();
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
}

TEST_F(SessionCreateTest, ANodeThatCannotTellAboutTheHookDoesNotHoldTheCreate) {
  scriptCreateOk();
  fake().on({"pgrep", "-f"}, {127, "", "bash: pgrep: command not found"});
  fake("vm2").fail({"pgrep", "-f"}, gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection refused"));
  auto out = dispatch("georep.session.create", params());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto& hook = out.result["push_pem_hook"];
  EXPECT_EQ(hook["checked"], false) << hook.dump();
  EXPECT_EQ(hook["ended"], false);
  EXPECT_NE(hook["note"].get<std::string>().find("pgrep exited 127"), std::string::npos) << hook.dump();
  EXPECT_NE(hook["note"].get<std::string>().find("vm2: unreachable"), std::string::npos) << hook.dump();
}

TEST_F(SessionCreateTest, AHookStillRunningAtTheBoundIsReportedAndTheSessionKept) {
  scriptCreateOk();
  fake().on({"pgrep", "-f"}, {0, "4242\n", ""});
  deps_->options.createHookWait = std::chrono::milliseconds(50);
  deps_->options.createHookPoll = std::chrono::milliseconds(10);
  auto out = dispatch("georep.session.create", params());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto& hook = out.result["push_pem_hook"];
  EXPECT_EQ(hook["ended"], false) << hook.dump();
  EXPECT_EQ(hook["checked"], true);
  EXPECT_NE(hook["note"].get<std::string>().find("still running"), std::string::npos) << hook.dump();
  EXPECT_EQ(count("georep_sessions"), 1);
}

TEST_F(SessionCreateTest, WithoutPushPemThereIsNoHookToWaitFor) {
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "config"}, "config.xml");
  auto p = params();
  p["push_pem"] = false;
  auto out = dispatch("georep.session.create", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_FALSE(out.result.contains("push_pem_hook"));
  for (const auto& argv : fake().calls()) EXPECT_NE(argv.front(), "pgrep");
}

// glusterd's wording (glusterd-geo-rep.c) when the node that got the create never ran gsec_create.
TEST_F(SessionCreateTest, ANodeWithoutTheCommonSecretRunsGsecCreateThenTheCreateAgain) {
  fake().on({"geo-replication", "mastervol", "vm::slavevol2", "create"},
            {0, refusalXml(-1, 0, "/var/lib/glusterd/geo-replication/common_secret.pem.pub required for push-pem is "
                                  "not present. Please run \"gluster system:: execute gsec_create\""), ""});
  scriptCreateOk();  // the second create answers OK
  fake().on({"system::", "execute", "gsec_create"}, {0, "Common secret pub file present at "
                                                       "/var/lib/glusterd/geo-replication/common_secret.pem.pub\n", ""});
  auto out = dispatch("georep.session.create", params());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  std::vector<std::string> actions;
  for (const auto& a : sentSinceSetUp()) {
    if (a.find(" create ") != std::string::npos || a.find("gsec_create") != std::string::npos) actions.push_back(a);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"volume geo-replication mastervol vm::slavevol2 create push-pem force",
                                               "system:: execute gsec_create",
                                               "volume geo-replication mastervol vm::slavevol2 create push-pem force"}));
  for (const auto& a : sent("vm2")) EXPECT_EQ(a.find("gsec_create"), std::string::npos) << "runs where the create went";
}

TEST_F(SessionCreateTest, OtherCreateRefusalsAreNotRetried) {
  fake().on({"geo-replication", "create"},
            {0, refusalXml(-1, 30800, "Session between mastervol and vm::slavevol2 is already created."), ""});
  fake().on({"system::", "execute", "gsec_create"}, {0, "", ""});
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "conflict");
  for (const auto& a : sentSinceSetUp()) EXPECT_EQ(a.find("gsec_create"), std::string::npos) << a;
}

TEST_F(SessionCreateTest, OptionsReachTheArgv) {
  fake().onFixture({"geo-replication", "mastervol", "geoacct@vm::slavevol2", "create"}, "create_ok.xml");
  // The listing shows a session of another user only: the read-back must not take it for this one.
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
  auto p = params();
  p["secondary_user"] = "geoacct";
  p["ssh_port"] = 2222;
  p["no_verify"] = true;
  p["force"] = true;
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(sentStartingWith("volume geo-replication mastervol geoacct@vm::slavevol2 create"),
            "volume geo-replication mastervol geoacct@vm::slavevol2 create ssh-port 2222 no-verify force");
  EXPECT_EQ(codeOf(out), "gluster_error");  // accepted, but the session of geoacct is never listed
  EXPECT_EQ(out.error->details()["observed"], "absent");
  EXPECT_EQ(count("georep_sessions"), 0);
}

TEST_F(SessionCreateTest, SshPortIsAlsoSetAsSessionConfig) {
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
  fake().onFixture({"geo-replication", "vm::slavevol2", "config", "ssh-port", "2222"}, "config_set_ok.xml");
  fake().on({"geo-replication", "mastervol", "vm::slavevol2", "config"}, {0, configXml("ssh_port", "2222"), ""});
  auto p = params();
  p["ssh_port"] = 2222;
  auto out = dispatch("georep.session.create", p);
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sentStartingWith("volume geo-replication mastervol vm::slavevol2 create"),
            "volume geo-replication mastervol vm::slavevol2 create ssh-port 2222 push-pem force");
  EXPECT_EQ(sentStartingWith("volume geo-replication mastervol vm::slavevol2 config ssh-port"),
            "volume geo-replication mastervol vm::slavevol2 config ssh-port 2222");
  const auto port = configEntry(out.result["session_id"].get<std::int64_t>(), "ssh_port");
  ASSERT_TRUE(port.has_value());
  EXPECT_EQ(port->value, "2222");
  EXPECT_FALSE(port->isDefault);
}

TEST_F(SessionCreateTest, SshPortNotReadBackFailsAndWritesNothing) {
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
  fake().onFixture({"geo-replication", "vm::slavevol2", "config", "ssh-port", "2222"}, "config_set_ok.xml");
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "config"}, "config.xml");  // still 22
  const auto before = snapshotTables();
  auto p = params();
  p["ssh_port"] = 2222;
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["observed"], "22");
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(SessionCreateTest, InvalidNamesAreRefusedBeforeAnythingIsSent) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"master_volume", "bad;vol"}, {"secondary_host", "-oProxyCommand=x"}, {"secondary_host", "a b"},
      {"secondary_volume", "$(reboot)"}, {"secondary_user", "root;id"}};
  for (const auto& [field, value] : cases) {
    auto p = params();
    p[field] = value;
    auto out = dispatch("georep.session.create", p);
    EXPECT_EQ(codeOf(out), "invalid_argument") << field << "=" << value;
    EXPECT_EQ(out.error->field(), field) << value;
    EXPECT_EQ(lastEvent().name, "georep.session.create_failed");
  }
  EXPECT_EQ(sentSinceSetUp().size(), 0u);
  EXPECT_EQ(count("georep_sessions"), 0);
}

TEST_F(SessionCreateTest, SchemaErrorsComeFromTheBusWithTheField) {
  auto p = params();
  p.erase("secondary_volume");
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "secondary_volume");
  p = params();
  p["ssh_port"] = 70000;
  out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "ssh_port");
  EXPECT_EQ(sentSinceSetUp().size(), 0u);
}

TEST_F(SessionCreateTest, UnknownClusterAndUnknownVolumeAreNotFound) {
  auto p = params();
  p["cluster"] = "c9";
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "cluster");
  p = params();
  p["master_volume"] = "othervol";
  out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "master_volume");
  EXPECT_EQ(sentSinceSetUp().size(), 0u);
}

TEST_F(SessionCreateTest, ExistingPairIsAConflict) {
  const auto id = seedSession("Active", "Active");
  auto out = dispatch("georep.session.create", params("slavevol"));
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["session_id"], id);
  EXPECT_EQ(sentSinceSetUp().size(), 0u);
}

TEST_F(SessionCreateTest, StoppedMasterVolumeIsAConflict) {
  fake().clearRules();
  fake().on({"volume", "info"}, {0, volinfoXml("Stopped"), ""});
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["volume_status"], "Stopped");
  EXPECT_EQ(sentSinceSetUp(), std::vector<std::string>{"volume info mastervol"});  // no create
}

TEST_F(SessionCreateTest, SecondaryVolumeCheckRefusalKeepsGlusterdsMessage) {
  fake().onFixture({"geo-replication", "create"}, "err_create_noslave.xml");
  const auto before = snapshotTables();
  // On a host of no registered cluster georep cannot read the secondary's glusterd (a missing volume of a
  // registered cluster is refused before anything is sent: session_eligibility_test): glusterd's own create
  // check answers.
  auto p = params("nosuch");
  p["secondary_host"] = "farhost";
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(std::string(out.error->what()).rfind("Unable to mount and fetch secondary volume details", 0), 0u);
  EXPECT_EQ(out.error->details()["kind"], "secondary_check_failed");
  EXPECT_EQ(out.error->details()["op_errno"], 30800);
  EXPECT_EQ(snapshotTables(), before);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.create_failed");
  EXPECT_EQ(e.severity, api::Severity::kError);
  EXPECT_EQ(e.body["message"].get<std::string>().rfind("Unable to mount and fetch", 0), 0u);
}

TEST_F(SessionCreateTest, MasterVolumeGoneInGlusterIsNotFound) {
  // georep knows the volume and volume info still lists it started, but glusterd refuses create with
  // "Volume ... does not exist" (err_create_novol.xml): it was deleted in between.
  fake().onFixture({"geo-replication", "create"}, "err_create_novol.xml");
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->details()["kind"], "no_such_volume");
  EXPECT_EQ(std::string(out.error->what()), "Volume nosuchvol does not exist");
  EXPECT_EQ(count("georep_sessions"), 0);
}

TEST_F(SessionCreateTest, UnreachableSecondaryIsUnavailable) {
  fake().on({"geo-replication", "create"}, {0, refusalXml(-1, 30800, "farhost not reachable."), ""});
  auto p = params();
  p["secondary_host"] = "farhost";
  auto out = dispatch("georep.session.create", p);
  EXPECT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["kind"], "secondary_unreachable");
  EXPECT_EQ(out.error->details()["field"], "secondary_host");
  EXPECT_EQ(std::string(out.error->what()), "farhost not reachable.");
}

TEST_F(SessionCreateTest, PasswordlessSshMissingIsAGlusterError) {
  fake().on({"geo-replication", "create"},
            {0, refusalXml(-1, 30800, "Passwordless ssh login has not been setup with vm for user root."), ""});
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["kind"], "passwordless_ssh_missing");
}

TEST_F(SessionCreateTest, SessionAlreadyInGlusterIsAConflict) {
  fake().on({"geo-replication", "create"},
            {0, refusalXml(-1, 30800, "Session between mastervol and vm::slavevol2 is already created."), ""});
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["kind"], "session_exists");
}

TEST_F(SessionCreateTest, AcceptedButNeverListedFailsAndWritesNothing) {
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "create"}, "create_ok.xml");
  fake().on({"--xml", "geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
  fake().on({"geo-replication", "mastervol", "status"}, {1, "No active geo-replication sessions for mastervol\n", ""});
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["reads"], 3);
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(SessionCreateTest, DatabaseFailureMidwayWritesNothing) {
  scriptCreateOk();
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    sql << "CREATE FUNCTION georep_test_fail() RETURNS trigger LANGUAGE plpgsql AS "
           "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$";
    sql << "CREATE TRIGGER georep_test_fail BEFORE INSERT ON georep_session_config "
           "FOR EACH ROW EXECUTE FUNCTION georep_test_fail()";
  }
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.create", params());
  EXPECT_EQ(codeOf(out), "internal");
  EXPECT_EQ(snapshotTables(), before);  // volume upsert, session, bricks: all rolled back
  EXPECT_EQ(lastEvent().name, "georep.session.create_failed");
}

}  // namespace
}  // namespace georep::testing
