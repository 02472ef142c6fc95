// Refusals from the real glusterd come back as the typed errors the commands define (commands/
// command_errors.h), with glusterd's message kept, nothing stored and a *_failed event. The sync job is
// off in these tests, so the engine's stored state is exactly what the test arranged: where the state
// check of the plugin would refuse first, the test makes the stored state stale on purpose (acting with
// the gluster CLI behind the engine's back) so that the refusal really comes from glusterd.
#include <algorithm>
#include <chrono>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class RefusalTest : public E2eTest {
 protected:
  bool syncJobEnabled() const override { return false; }
};

TEST_F(RefusalTest, UnknownVolumesStartTwiceAndDeleteWhileRunning) {
  ok("georep.volume.refresh", {{"cluster", kClusterName}});

  // Unknown secondary volume on a host of a registered cluster: the eligibility check reads that cluster's
  // glusterd and refuses it before anything is sent, force or not.
  std::int64_t since = client_->lastEventId();
  const CommandReply noSecondary =
      refused("georep.session.create",
              {{"cluster", kClusterName}, {"master_volume", lab_.primary}, {"secondary_host", lab_.host},
               {"secondary_volume", "nosuchsecondary"}, {"ssh_port", lab_.sshPort}, {"force", true}},
              "not_found");
  EXPECT_EQ(noSecondary.errorField, "secondary_volume") << noSecondary.describe();
  EXPECT_NE(noSecondary.errorMessage.find("nosuchsecondary"), std::string::npos) << noSecondary.describe();
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions"), 0);
  expectEvent("georep.session.create_failed", since, {}, seconds(5));

  // Unknown master volume: not known to georep (checked before glusterd is asked).
  const CommandReply noMaster =
      refused("georep.session.create",
              {{"cluster", kClusterName}, {"master_volume", "nosuchprimary"}, {"secondary_host", lab_.host},
               {"secondary_volume", lab_.secondaries.at(1)}, {"ssh_port", lab_.sshPort}},
              "not_found");
  EXPECT_EQ(noMaster.errorField, "master_volume") << noMaster.describe();

  // Eligibility on the lab: both secondaries are in the primary's own glusterd (same_cluster).
  const auto eligibilityCodes = [&](const std::string& volume) {
    const json r = ok("georep.session.eligibility", {{"cluster", kClusterName}, {"master_volume", lab_.primary},
                                                     {"secondary_host", lab_.host}});
    std::vector<std::string> codes;
    for (const auto& c : r["candidates"]) {
      if (c["volume"] != volume) continue;
      for (const auto& reason : c["reasons"]) codes.push_back(reason.value("code", ""));
    }
    return codes;
  };
  const auto has = [](const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  };
  for (const auto& volume : lab_.secondaries) {
    const auto codes = eligibilityCodes(volume);
    EXPECT_TRUE(has(codes, "same_cluster")) << volume;
    EXPECT_FALSE(has(codes, "already_secondary")) << volume;
    EXPECT_FALSE(has(codes, "not_started")) << volume;
  }

  // A real session, started through the engine; starting it again is a conflict.
  const std::string secondary = lab_.secondaries.at(1);
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0);
  EXPECT_TRUE(has(eligibilityCodes(secondary), "already_secondary"));
  EXPECT_FALSE(has(eligibilityCodes(lab_.secondaries.at(0)), "already_secondary"));
  const std::string sid = std::to_string(id);
  configureForLab(id);
  ok("georep.session.start", {{"session_id", id}});
  refused("georep.session.start", {{"session_id", id}}, "conflict");
  refused("georep.session.delete", {{"session_id", id}}, "conflict");
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions WHERE id = $1", {sid}), 1);

  // Stop through the engine (stored STOPPED), then start with the CLI behind its back: the engine's
  // state check passes, and glusterd itself refuses start (already started) and delete (still active).
  ok("georep.session.stop", {{"session_id", id}});
  const RunResult cliStart = Lab::gluster({"volume", "geo-replication", lab_.primary, secondaryUrl(secondary), "start"});
  ASSERT_NE(cliStart.out.find("<opRet>0</opRet>"), std::string::npos) << cliStart.describe();

  since = client_->lastEventId();
  const CommandReply twice = refused("georep.session.start", {{"session_id", id}}, "conflict");
  EXPECT_NE(twice.errorMessage.find("already started"), std::string::npos) << twice.describe();
  EXPECT_EQ(twice.raw["error"]["details"].value("op_ret", 0), -1) << "not glusterd's refusal: " << twice.describe();
  expectEvent("georep.session.start_failed", since, {{"session_id", id}}, seconds(5));

  const CommandReply running = refused("georep.session.delete", {{"session_id", id}}, "conflict");
  EXPECT_NE(running.errorMessage.find("still active"), std::string::npos) << running.describe();
  EXPECT_EQ(running.raw["error"]["details"].value("op_ret", 0), -1) << "not glusterd's refusal: " << running.describe();
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions WHERE id = $1", {sid}), 1)
      << "a refused delete must keep the session";

  // Clean up through the engine.
  ok("georep.session.stop", {{"session_id", id}, {"force", true}});
  ok("georep.session.delete", {{"session_id", id}});
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions"), 0);
}

}  // namespace
}  // namespace georep::testing::e2e
