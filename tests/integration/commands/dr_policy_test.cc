// georep.dr.policy.*: create/update/pause/resume/delete/get/list through the real command bus on a real
// PostgreSQL: typed errors on every field (nothing written), next run from the schedule in its zone,
// roles, and georep.session.delete refusing a session with a policy unless force (which removes the
// policy with an event).
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

// 2026-03-28T12:00:00Z, the day before Paris springs forward.
constexpr std::int64_t kNow = 1774699200;

class FixedClock : public commands::CommandClock {
 public:
  TimePoint now() const override { return TimePoint{std::chrono::seconds(kNow)}; }
  void sleepUntil(TimePoint) override {}
};

class DrPolicyTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    deps_->clock = &clock_;
    deps_->options.drHookPrograms = {{"snapshot-vms", "/usr/local/sbin/snapshot-vms"}};
    sessionId_ = seedSession("Active", "Active");
  }

  nlohmann::json create(nlohmann::json params) {
    params["session_id"] = sessionId_;
    auto out = dispatch("georep.dr.policy.create", params);
    EXPECT_TRUE(out.ok) << out.error->toJson().dump();
    return out.ok ? out.result : nlohmann::json();
  }

  // The refusal of `params` by create: code and field, and nothing stored.
  void expectRefused(nlohmann::json params, const std::string& field, const std::string& fragment) {
    params["session_id"] = sessionId_;
    if (!params.contains("schedule")) params["schedule"] = "@daily";
    const auto out = dispatch("georep.dr.policy.create", params);
    ASSERT_EQ(codeOf(out), "invalid_argument") << params.dump();
    EXPECT_EQ(out.error->field(), field) << params.dump() << " -> " << out.error->what();
    EXPECT_NE(std::string(out.error->what()).find(fragment), std::string::npos) << out.error->what();
    EXPECT_EQ(count("georep_dr_policies"), 0) << params.dump();
  }

  nlohmann::json programHook(nlohmann::json overrides = nlohmann::json::object()) {
    nlohmann::json hook{{"type", "program"}, {"program", "snapshot-vms"}, {"args", {"--all"}}, {"node", "vm2"}};
    hook.update(overrides);
    return hook;
  }

  FixedClock clock_;
  std::int64_t sessionId_ = 0;
};

TEST_F(DrPolicyTest, CreateStoresThePolicyWithItsNextRunInTheZone) {
  const auto p = create({{"schedule", "30 2 * * *"}, {"time_zone", "Europe/Paris"}, {"mode", "stop_after_sync"},
                         {"run_timeout_seconds", 1800}, {"rpo_target_seconds", 90000},
                         {"hooks", {{"pre", {{{"type", "webhook"}, {"url", "https://hooks.example/quiesce"}}}},
                                    {"post", {programHook()}}}}});
  // 02:30 does not exist in Paris on 29 March 2026: the run is at the transition, 03:00 CEST = 01:00Z.
  EXPECT_EQ(p["next_run_at"], "2026-03-29T01:00:00Z");
  EXPECT_EQ(p["session_id"], sessionId_);
  EXPECT_EQ(p["mode"], "stop_after_sync");
  EXPECT_EQ(p["run_timeout_seconds"], 1800);
  EXPECT_EQ(p["paused"], false);
  EXPECT_EQ(p["missed_count"], 0);
  // Defaults filled into the stored hooks.
  EXPECT_EQ(p["hooks"]["pre"][0]["timeout_seconds"], 30);
  EXPECT_EQ(p["hooks"]["post"][0]["timeout_seconds"], 300);
  EXPECT_EQ(p["hooks"]["post"][0]["args"], nlohmann::json::array({"--all"}));
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.dr.policy.created");
  EXPECT_EQ(e.body["session_id"], sessionId_);
  EXPECT_EQ(e.body["policy"]["schedule"], "30 2 * * *");

  const auto got = dispatch("georep.dr.policy.get", {{"session_id", sessionId_}});
  ASSERT_TRUE(got.ok);
  EXPECT_EQ(got.result["hooks"], p["hooks"]);
  EXPECT_EQ(got.result["time_zone"], "Europe/Paris");

  const auto again = dispatch("georep.dr.policy.create", {{"session_id", sessionId_}, {"schedule", "@hourly"}});
  EXPECT_EQ(codeOf(again), "conflict");
  EXPECT_EQ(count("georep_dr_policies"), 1);
}

TEST_F(DrPolicyTest, DefaultsAreUtcContinuousOneHourOneDay) {
  const auto p = create({{"schedule", "@hourly"}});
  EXPECT_EQ(p["time_zone"], "UTC");
  EXPECT_EQ(p["mode"], "continuous");
  EXPECT_EQ(p["run_timeout_seconds"], 3600);
  EXPECT_EQ(p["rpo_target_seconds"], 86400);
  EXPECT_EQ(p["next_run_at"], "2026-03-28T13:00:00Z");
  EXPECT_EQ(p["hooks"], (nlohmann::json{{"pre", nlohmann::json::array()}, {"post", nlohmann::json::array()}}));
}

TEST_F(DrPolicyTest, BadInputIsRefusedOnItsFieldAndWritesNothing) {
  expectRefused({{"schedule", "61 * * * *"}}, "schedule", "minute field");
  expectRefused({{"schedule", "* * * *"}}, "schedule", "5 fields");
  expectRefused({{"schedule", "@reboot"}}, "schedule", "unknown cron macro");
  expectRefused({{"schedule", "0 0 30 2 *"}}, "schedule", "names no time");
  expectRefused({{"time_zone", "Mars/Olympus"}}, "time_zone", "unknown time zone");
  expectRefused({{"time_zone", "../../etc/passwd"}}, "time_zone", "not an IANA");
  expectRefused({{"run_timeout_seconds", 59}}, "run_timeout_seconds", "");
  expectRefused({{"run_timeout_seconds", 86401}}, "run_timeout_seconds", "");
  expectRefused({{"rpo_target_seconds", 10}}, "rpo_target_seconds", "");
  expectRefused({{"mode", "sometimes"}}, "mode", "");
}

TEST_F(DrPolicyTest, HooksNeverNameAPathAndAreCheckedField) {
  const auto withPost = [&](nlohmann::json hook) { return nlohmann::json{{"hooks", {{"post", {hook}}}}}; };
  expectRefused(withPost(programHook({{"program", "/bin/sh"}})), "hooks", "not in the dr.hook_programs allow-list");
  expectRefused(withPost(programHook({{"program", "rm"}})), "hooks", "hooks.post[0].program");
  expectRefused(withPost(programHook({{"node", "evil.example"}})), "hooks", "not a host of the session's cluster");
  expectRefused(withPost(programHook({{"args", {"a\nb"}}})), "hooks", "hooks.post[0].args[0]");
  expectRefused(withPost(programHook({{"args", "--all"}})), "hooks", "array of at most 32");
  expectRefused(withPost(programHook({{"shell", "true"}})), "hooks", "unknown key 'shell'");
  expectRefused(withPost(programHook({{"timeout_seconds", 0}})), "hooks", "timeout_seconds");
  expectRefused(withPost({{"type", "webhook"}, {"url", "file:///etc/passwd"}}), "hooks", "only http:// and https://");
  expectRefused(withPost({{"type", "webhook"}, {"url", "https://admin:secret@hooks.example/x"}}), "hooks",
                "credentials in the URL");
  expectRefused(withPost({{"type", "webhook"}, {"url", "https:///x"}}), "hooks", "names no host");
  expectRefused(withPost({{"type", "ssh"}}), "hooks", "must be webhook or program");
  expectRefused({{"hooks", {{"pre", nlohmann::json::array({programHook(), programHook(), programHook(), programHook(),
                                                          programHook()})}}}},
                "hooks", "at most 4 hooks");
  expectRefused({{"hooks", {{"during", nlohmann::json::array()}}}}, "hooks", "unknown key 'during'");
}

TEST_F(DrPolicyTest, UpdateChangesOnlyWhatIsGivenAndRecomputesTheNextRun) {
  create({{"schedule", "@hourly"}, {"rpo_target_seconds", 7200}, {"hooks", {{"post", {programHook()}}}}});
  auto out = dispatch("georep.dr.policy.update",
                      {{"session_id", sessionId_}, {"schedule", "0 9 * * mon-fri"}, {"time_zone", "America/New_York"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["schedule"], "0 9 * * mon-fri");
  EXPECT_EQ(out.result["next_run_at"], "2026-03-30T13:00:00Z");  // Monday 09:00 EDT
  EXPECT_EQ(out.result["rpo_target_seconds"], 7200);               // kept
  EXPECT_EQ(out.result["hooks"]["post"][0]["program"], "snapshot-vms");
  EXPECT_EQ(lastEvent().name, "georep.dr.policy.updated");

  const auto bad = dispatch("georep.dr.policy.update", {{"session_id", sessionId_}, {"time_zone", "Nowhere/City"}});
  EXPECT_EQ(codeOf(bad), "invalid_argument");
  const auto kept = dispatch("georep.dr.policy.get", {{"session_id", sessionId_}});
  EXPECT_EQ(kept.result["time_zone"], "America/New_York");

  const auto missing = dispatch("georep.dr.policy.update", {{"session_id", sessionId_ + 100}, {"schedule", "@daily"}});
  EXPECT_EQ(codeOf(missing), "not_found");
}

TEST_F(DrPolicyTest, PauseClearsTheNextRunResumeComputesIt) {
  create({{"schedule", "*/30 * * * *"}});
  auto out = dispatch("georep.dr.policy.pause", {{"session_id", sessionId_}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["paused"], true);
  EXPECT_TRUE(out.result["next_run_at"].is_null());
  EXPECT_EQ(lastEvent().name, "georep.dr.policy.paused");
  EXPECT_EQ(codeOf(dispatch("georep.dr.policy.pause", {{"session_id", sessionId_}})), "conflict");
  out = dispatch("georep.dr.policy.resume", {{"session_id", sessionId_}});
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.result["paused"], false);
  EXPECT_EQ(out.result["next_run_at"], "2026-03-28T12:30:00Z");
  EXPECT_EQ(codeOf(dispatch("georep.dr.policy.resume", {{"session_id", sessionId_}})), "conflict");
}

TEST_F(DrPolicyTest, DeleteGetAndList) {
  EXPECT_EQ(codeOf(dispatch("georep.dr.policy.get", {{"session_id", sessionId_}})), "not_found");
  EXPECT_EQ(codeOf(dispatch("georep.dr.policy.get", {{"session_id", sessionId_ + 100}})), "not_found");
  create({{"schedule", "@daily"}});
  auto list = dispatch("georep.dr.policy.list", nlohmann::json::object());
  ASSERT_TRUE(list.ok);
  ASSERT_EQ(list.result["policies"].size(), 1u);
  EXPECT_EQ(list.result["policies"][0]["session_id"], sessionId_);
  auto out = dispatch("georep.dr.policy.delete", {{"session_id", sessionId_}});
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(lastEvent().name, "georep.dr.policy.deleted");
  EXPECT_EQ(count("georep_dr_policies"), 0);
  EXPECT_EQ(codeOf(dispatch("georep.dr.policy.delete", {{"session_id", sessionId_}})), "not_found");
  list = dispatch("georep.dr.policy.list", nlohmann::json::object());
  EXPECT_TRUE(list.result["policies"].empty());
}

TEST_F(DrPolicyTest, RolesAdminCreatesOperatorPausesViewerReads) {
  const api::Caller viewer{"user:v", api::Role::kViewer, "v", 0};
  const api::Caller operatorCaller{"user:o", api::Role::kOperator, "o", 0};
  const nlohmann::json params{{"session_id", sessionId_}, {"schedule", "@daily"}};
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.dr.policy.create", params)), "forbidden");
  EXPECT_EQ(codeOf(bus_.dispatchAs(operatorCaller, "georep.dr.policy.create", params)), "forbidden");
  EXPECT_EQ(count("georep_dr_policies"), 0);
  create({{"schedule", "@daily"}});
  EXPECT_EQ(codeOf(bus_.dispatchAs(operatorCaller, "georep.dr.policy.update", params)), "forbidden");
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.dr.policy.pause", {{"session_id", sessionId_}})), "forbidden");
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.dr.policy.delete", {{"session_id", sessionId_}})), "forbidden");
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.dr.policy.get", {{"session_id", sessionId_}})), "ok");
  EXPECT_EQ(codeOf(bus_.dispatchAs(viewer, "georep.dr.policy.list", nlohmann::json::object())), "ok");
  EXPECT_EQ(codeOf(bus_.dispatchAs(operatorCaller, "georep.dr.policy.pause", {{"session_id", sessionId_}})), "ok");
  EXPECT_EQ(codeOf(bus_.dispatchAs(operatorCaller, "georep.dr.policy.delete", {{"session_id", sessionId_}})), "ok");
}

TEST_F(DrPolicyTest, SessionDeleteRefusesASessionWithAPolicyUnlessForce) {
  // A stopped session (deletable) with a policy.
  {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    lease.sql() << "UPDATE georep_sessions SET status = 'STOPPED'";
  }
  create({{"schedule", "@daily"}});
  auto out = dispatch("georep.session.delete", {{"session_id", sessionId_}});
  ASSERT_EQ(codeOf(out), "conflict");
  EXPECT_NE(std::string(out.error->what()).find("DR policy"), std::string::npos);
  EXPECT_EQ(fake().callCount(), 0u);  // nothing sent to gluster
  EXPECT_EQ(count("georep_dr_policies"), 1);
  EXPECT_TRUE(session(sessionId_).has_value());

  fake().onFixture({"geo-replication", "vm::slavevol", "delete"}, "delete_ok.xml");
  fake().on({"--xml", "geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
  fake().on({"geo-replication", "mastervol", "status"}, {1, "No active geo-replication sessions for mastervol\n", ""});
  out = dispatch("georep.session.delete", {{"session_id", sessionId_}, {"force", true}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_FALSE(session(sessionId_).has_value());
  EXPECT_EQ(count("georep_dr_policies"), 0);
  bool policyEvent = false;
  for (const auto& e : events_.events()) {
    if (e.name != "georep.dr.policy.deleted") continue;
    policyEvent = true;
    EXPECT_EQ(e.body["reason"], "session_deleted");
    EXPECT_EQ(e.body["policy"]["schedule"], "@daily");
  }
  EXPECT_TRUE(policyEvent);
  EXPECT_EQ(lastEvent().name, "georep.session.deleted");
}

}  // namespace
}  // namespace georep::testing
