// Destinations and a non-root secondary on the real lab, from nothing prepared by hand: the lab gives only a
// user (georepsec) with a password and an sshd that accepts it (scripts/lab, destinations block). Through
// georep alone: probe (the host key) -> wrong fingerprint and wrong password refused, nothing changed ->
// destination.create with the password -> test from the source node -> session.create as georepsec (georep
// sets up gluster-mountbroker, restarts glusterd, runs set_geo_rep_pem_keys.sh) -> start -> a file written
// on the primary arrives on the secondary -> session deleted, destination removed (georep's keys gone).
// Then the password is looked for in the engine log and in a pg_dump of the database: it must be absent.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/e2e_test.h"
#include "harness/lab.h"
#include "harness/process.h"
#include "harness/wait.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

std::map<std::string, std::string> labEnv() {
  std::map<std::string, std::string> env;
  const RunResult r = run({Lab::script().string(), "env"}, seconds(30));
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DestinationE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    env_ = labEnv();
    if (env_.count("GEOREP_LAB_DEST_USER") == 0) GTEST_SKIP() << "the lab has no destinations block (scripts/lab up)";
    E2eTest::SetUp();
  }
  void configureEngine(EngineOptions& options) const override {
    options.georepConfig = {{"destinations",
                             {{"glusterd_restart", json::array({env_.at("GEOREP_LAB_DEST_RESTART")})},
                              {"mountbroker_root", env_.at("GEOREP_LAB_DEST_MOUNTBROKER_ROOT")},
                              {"mountbroker_group", env_.at("GEOREP_LAB_DEST_GROUP")},
                              {"test_interval_ms", 0}}}};
  }
  std::map<std::string, std::string> env_;
};

TEST_F(DestinationE2eTest, NonRootSecondaryWithTwoCommandsAndNoPasswordLeft) {
  const std::string user = env_.at("GEOREP_LAB_DEST_USER");
  const int port = std::stoi(env_.at("GEOREP_LAB_DEST_SSH_PORT"));
  const std::string fingerprint = env_.at("GEOREP_LAB_DEST_HOST_KEY_FINGERPRINT");
  const std::string volume = env_.at("GEOREP_LAB_DEST_VOLUME");
  std::string password = readAll(env_.at("GEOREP_LAB_DEST_PASSWORD_FILE"));
  while (!password.empty() && (password.back() == '\n' || password.back() == ' ')) password.pop_back();
  ASSERT_GE(password.size(), 16u);
  const std::filesystem::path keys = "/home/" + user + "/.ssh/authorized_keys";
  std::error_code ec;
  std::filesystem::remove(keys, ec);  // nothing prepared: georep must make it

  // probe: the host key, trusting nothing.
  const json probe = ok("georep.destination.probe", {{"cluster", kClusterName}, {"host", lab_.host}, {"port", port},
                                                     {"user", user}});
  EXPECT_EQ(probe.value("fingerprint", ""), fingerprint) << probe.dump();

  const json base{{"cluster", kClusterName}, {"source_host", lab_.host}, {"host", lab_.host},
                  {"port", port},            {"user", user}};
  // A wrong fingerprint and a wrong password: typed errors, nothing changed.
  json wrong = base;
  wrong["fingerprint"] = lab_.hostKeyFingerprint;  // the root sshd's key, not this one's
  wrong["password"] = password;
  const CommandReply mismatch = refused("georep.destination.create", wrong, "conflict");
  EXPECT_NE(mismatch.raw.dump().find(fingerprint), std::string::npos) << mismatch.describe();  // presented_fingerprint
  wrong["fingerprint"] = fingerprint;
  wrong["password"] = password + "x";
  refused("georep.destination.create", wrong, "invalid_argument");
  EXPECT_FALSE(std::filesystem::exists(keys));
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_destinations", {}), 0);

  // create with the password (used once), then the test from the source node.
  json create = base;
  create["fingerprint"] = fingerprint;
  create["password"] = password;
  const json dest = ok("georep.destination.create", create);
  ASSERT_TRUE(dest.contains("id")) << dest.dump();
  EXPECT_EQ(dest.value("status", ""), "connected") << dest.dump();
  const auto destId = dest["id"].get<std::int64_t>();
  const std::string authorized = readAll(keys);
  EXPECT_NE(authorized.find("gsyncd\" ssh-"), std::string::npos) << authorized;
  const json tested = ok("georep.destination.test", {{"destination", destId}});
  EXPECT_TRUE(tested.value("ok", false)) << tested.dump();

  // The session as the non-root user: georep sets up the mountbroker. force: the lab's secondary lives in the
  // same cluster as the primary (one glusterd), which the eligibility checks would otherwise refuse.
  ok("georep.volume.refresh", {{"cluster", kClusterName}});
  // Mountbroker steps, glusterd's create checks and the push-pem hook take minutes on a busy machine.
  const EngineClient patient(engine_->port(), engine_->token(), std::chrono::minutes(10));
  const CommandReply created = patient.command("georep.session.create", {{"cluster", kClusterName},
                                                    {"master_volume", lab_.primary},
                                                    {"secondary_host", lab_.host},
                                                    {"secondary_user", user},
                                                    {"secondary_volume", volume},
                                                    {"ssh_port", port},
                                                    {"force", true}});
  ASSERT_TRUE(created.ok) << created.describe();
  const json session = created.result;
  ASSERT_TRUE(session.contains("session_id")) << session.dump();
  EXPECT_EQ(session["mountbroker"].value("state", ""), "ready") << session.dump();
  const auto id = session["session_id"].get<std::int64_t>();
  EXPECT_TRUE(Lab::waitForPushPemHook(volume, seconds(60)));
  configureForLab(id);
  startAndWaitActive(id);
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / "from-primary.txt") << "non-root geo-replication\n";
  }
  const std::filesystem::path arrived = lab_.labDir / "bricks" / (volume + "-1") / "from-primary.txt";
  EXPECT_TRUE(waitUntil(seconds(180), [&] { return readAll(arrived) == "non-root geo-replication\n"; },
                        std::chrono::milliseconds(1000)))
      << "the file did not arrive on " << volume << " (brick " << arrived << ")";

  ok("georep.session.stop", {{"session_id", id}, {"force", true}});
  ok("georep.session.delete", {{"session_id", id}, {"reset_sync_time", true}});
  const json removed = ok("georep.destination.remove", {{"destination", destId}});
  EXPECT_GT(removed.value("keys_removed", 0), 0) << removed.dump();
  EXPECT_TRUE(removed["keys_left"].empty()) << removed.dump();
  EXPECT_EQ(readAll(keys).find("gsyncd\" ssh-"), std::string::npos);

  // The password is nowhere: engine log, database dump.
  EXPECT_EQ(readAll(engine_->logFile()).find(password), std::string::npos) << "the password is in the engine log";
  const RunResult dump = run({"pg_dump", "--data-only", "-d", db_->connectString()}, seconds(60));
  ASSERT_EQ(dump.exitCode, 0) << dump.describe();
  EXPECT_GT(dump.out.size(), 1000u);
  EXPECT_EQ(dump.out.find(password), std::string::npos) << "the password is in the database";
}

}  // namespace
}  // namespace georep::testing::e2e
