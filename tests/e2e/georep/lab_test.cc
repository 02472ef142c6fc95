// The lab itself and the engine's inventory of it: the lab sshd serves the gluster CLI with the key and
// host key the lab reports, and the lab cluster and host registered through the command bus are what
// the engine stored.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "harness/e2e_test.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;

class LabTest : public E2eTest {
 protected:
  bool resetLab() const override { return false; }
};

TEST_F(LabTest, SshdServesGlusterWithThePinnedHostKey) {
  const RunResult scan = run({"ssh-keyscan", "-p", std::to_string(lab_.sshPort), "-t", "ed25519", lab_.host},
                             std::chrono::seconds(20));
  ASSERT_EQ(scan.exitCode, 0) << scan.describe();
  const RunResult fp = run({"ssh-keygen", "-lf", "-"}, std::chrono::seconds(10), {}, scan.out);
  ASSERT_EQ(fp.exitCode, 0) << fp.describe();
  EXPECT_NE(fp.out.find(lab_.hostKeyFingerprint), std::string::npos)
      << "the lab sshd presents " << fp.out << " but scripts/lab reports " << lab_.hostKeyFingerprint;

  const RunResult info = run({"ssh", "-i", lab_.sshKeyPath, "-p", std::to_string(lab_.sshPort), "-o", "BatchMode=yes",
                              "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes", "-o",
                              "UserKnownHostsFile=" + (lab_.labDir / "ssh" / "known_hosts").string(),
                              lab_.sshUser + "@" + lab_.host, "gluster", "--mode=script", "--xml", "volume", "info",
                              lab_.primary},
                             std::chrono::seconds(30));
  ASSERT_EQ(info.exitCode, 0) << info.describe();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(info.out.c_str())) << info.out;
  EXPECT_STREQ(doc.select_node("/cliOutput/opRet").node().child_value(), "0");
  EXPECT_STREQ(doc.select_node("//volume/replicaCount").node().child_value(), "2");
  EXPECT_STREQ(doc.select_node("//volume/statusStr").node().child_value(), "Started");
}

TEST_F(LabTest, LabIsRegisteredInTheInventoryThroughTheCommandBus) {
  EXPECT_EQ(client_->healthStatus(), 200);
  const json clusters = ok("cluster.list");
  ASSERT_TRUE(clusters.contains("clusters")) << clusters.dump();
  ASSERT_EQ(clusters["clusters"].size(), 1u) << clusters.dump();
  EXPECT_EQ(clusters["clusters"][0]["name"], kClusterName);
  EXPECT_EQ(clusters["clusters"][0]["hosts"], 1);

  const json hosts = ok("host.list", {{"cluster", kClusterName}});
  ASSERT_EQ(hosts["hosts"].size(), 1u) << hosts.dump();
  EXPECT_EQ(hosts["hosts"][0]["address"], lab_.host);
  EXPECT_EQ(hosts["hosts"][0]["ssh_port"], lab_.sshPort);
  EXPECT_EQ(hosts["hosts"][0]["host_key_fingerprint"], lab_.hostKeyFingerprint);

  const auto rows = sql_->rows(
      "SELECT h.address, h.ssh_port::text, h.ssh_user, h.ssh_key_path, h.host_key_fingerprint, c.transport "
      "FROM hosts h JOIN clusters c ON c.id = h.cluster_id WHERE c.name = $1",
      {kClusterName});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], lab_.host);
  EXPECT_EQ(rows[0][1], std::to_string(lab_.sshPort));
  EXPECT_EQ(rows[0][2], lab_.sshUser);
  EXPECT_EQ(rows[0][3], lab_.sshKeyPath);
  EXPECT_EQ(rows[0][4], lab_.hostKeyFingerprint);
  EXPECT_EQ(rows[0][5], "ssh");

  // georepctl, the operator's client, sees the same inventory.
  const RunResult ctl = run({georepctl().string(), "--url", "http://127.0.0.1:" + std::to_string(engine_->port()),
                             "--json", "call", "host.list", "cluster=lab"},
                            std::chrono::seconds(30), {{"GEOREP_TOKEN", engine_->token()}});
  ASSERT_EQ(ctl.exitCode, 0) << ctl.describe();
  const json listed = json::parse(ctl.out, nullptr, false);
  ASSERT_FALSE(listed.is_discarded()) << ctl.out;
  const json& ctlHosts = listed.contains("result") ? listed["result"]["hosts"] : listed["hosts"];
  ASSERT_EQ(ctlHosts.size(), 1u) << ctl.out;
  EXPECT_EQ(ctlHosts[0]["host_key_fingerprint"], lab_.hostKeyFingerprint) << ctl.out;

  // The same host twice is a conflict; a malformed fingerprint names its field; nothing is stored.
  refused("host.add", {{"cluster", kClusterName}, {"address", lab_.host}, {"ssh_port", lab_.sshPort},
                       {"ssh_key", "lab"}, {"host_key_fingerprint", lab_.hostKeyFingerprint}},
          "conflict");
  const CommandReply bad = refused("host.add", {{"cluster", kClusterName}, {"address", "other-host"},
                                                {"ssh_key", "lab"},
                                                {"host_key_fingerprint", "MD5:not-a-fingerprint"}},
                                   "invalid_argument");
  EXPECT_EQ(bad.errorField, "host_key_fingerprint") << bad.describe();
  EXPECT_EQ(sql_->count("SELECT count(*) FROM hosts"), 1);
}

}  // namespace
}  // namespace georep::testing::e2e
