// georep.destination.* end to end inside one process: the real command bus, PostgreSQL, the source cluster
// "c1" on FakeTransport (gsec_create, common_secret.pem.pub, root identities, the ssh test), and a real sshd
// as the destination. The destination's HOME is a directory of the test (sshd SetEnv), so the real
// authorized_keys handling runs without touching this machine's accounts. The current user (root here) has
// no usable password and sshd refuses password logins for root: any password is a wrong one, which is what
// the refusal tests need; the success path uses an allow-listed private key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command_fixture.h"
#include "commands/destination_handlers.h"
#include "commands/mountbroker_setup.h"
#include "support/free_port.h"
#include "test_sshd.h"

namespace georep::testing {
namespace {

const std::string kBlob = "AAAAC3NzaC1lZDI1NTE5AAAAIOv4bZ2Q0Zk9n7m5Yl9hVtqR1aJm1cKXl3bJq0u4bq7P";
const std::string kGsyncd = "command=\"/usr/lib/x86_64-linux-gnu/glusterfs/gsyncd\" ssh-rsa " + kBlob + " root@vm";
const std::string kTar = "command=\"tar ${SSH_ORIGINAL_COMMAND#* }\" ssh-rsa " + kBlob + "Q root@vm";
const std::string kRootId = "ssh-ed25519 " + kBlob + "R root@vm";
const std::string kPassword = "Tr0ub4dor&3-never-shown";

class NoScheduler : public api::Scheduler {
 public:
  api::Registration schedule(api::JobSpec) override { return {}; }
};

class DestinationTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    sshd_ = std::make_unique<TestSshd>("PasswordAuthentication yes\nSetEnv HOME=%DIR%/home\n");
    std::filesystem::create_directories(home());
    auto& o = deps_->options.destinations;
    o.privateKeys = {{"testkey", sshd_->userKey()}};
    o.connectTimeout = std::chrono::seconds(5);
    o.testInterval = std::chrono::milliseconds(0);
    destinationRegs_ = commands::registerDestinations(bus_, scheduler_, *deps_);
    for (const char* h : {"vm", "vm2"}) {
      fake(h).on({"sh", "georep-identity"}, {0, "identity\t" + kRootId + "\nidentity\tEND\n", ""});
    }
    fake().on({"system::", "execute", "gsec_create"}, {0, "", ""});
    fake().on({"cat", "/var/lib/glusterd/geo-replication/common_secret.pem.pub"}, {0, kGsyncd + "\n" + kTar + "\n", ""});
    fake().on({"ssh", "-i"}, {2, "", "usage: gsyncd"});  // the geo-rep key logged in; gsyncd refused "true"
  }
  void TearDown() override {
    destinationRegs_.clear();
    CommandTest::TearDown();
  }

  std::filesystem::path home() const { return sshd_->dir() / "home"; }
  std::string authorizedKeys() const {
    std::ifstream in(home() / ".ssh" / "authorized_keys");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  nlohmann::json createParams() const {
    return {{"cluster", "c1"},        {"source_host", "vm"},
            {"host", "127.0.0.1"},    {"port", sshd_->port()},
            {"user", sshd_->user()},  {"fingerprint", sshd_->ed25519Fingerprint()},
            {"private_key", "testkey"}};
  }
  long long destinations() { return count("georep_destinations"); }
  // Nothing of the password anywhere a client or the audit log could see it.
  void expectNoPassword(const api::CommandOutcome& out) {
    ASSERT_TRUE(out.error);
    EXPECT_EQ(out.error->toJson().dump().find(kPassword), std::string::npos);
    for (const auto& e : events_.events()) EXPECT_EQ(e.body.dump().find(kPassword), std::string::npos) << e.name;
  }

  NoScheduler scheduler_;
  std::unique_ptr<TestSshd> sshd_;
  std::vector<api::Registration> destinationRegs_;
};

TEST_F(DestinationTest, ProbeShowsTheHostKeyWithoutTrustingIt) {
  const auto out = dispatch("georep.destination.probe", {{"cluster", "c1"}, {"host", "127.0.0.1"}, {"port", sshd_->port()}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["fingerprint"], sshd_->ed25519Fingerprint());
  EXPECT_EQ(out.result["key_type"], "ssh-ed25519");
  EXPECT_NE(out.result["ssh_banner"].get<std::string>().find("OpenSSH"), std::string::npos);
  EXPECT_TRUE(out.result["volumes"].is_null());
}

TEST_F(DestinationTest, CreatePushesKeysOncePinsTheHostKeyAndTestsFromTheSource) {
  { std::filesystem::create_directories(home() / ".ssh"); std::ofstream(home() / ".ssh" / "authorized_keys") << "ssh-ed25519 " << kBlob << "Z admin\n"; }
  const auto out = dispatch("georep.destination.create", createParams());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["fingerprint"], sshd_->ed25519Fingerprint());
  EXPECT_EQ(out.result["status"], "connected");
  EXPECT_FALSE(out.result["last_tested_at"].is_null());
  ASSERT_EQ(out.result["nodes"].size(), 1u);
  EXPECT_EQ(out.result["nodes"][0]["added_keys"], 3);
  EXPECT_EQ(authorizedKeys(), "ssh-ed25519 " + kBlob + "Z admin\n" + kGsyncd + "\n" + kTar + "\n" + kRootId + "\n");
  // The test ran on the SOURCE node, with the geo-rep key and the pinned host key.
  bool tested = false;
  for (const auto& argv : fake("vm").calls()) {
    if (argv.empty() || argv[0] != "ssh") continue;
    tested = true;
    EXPECT_NE(std::find(argv.begin(), argv.end(), "/var/lib/glusterd/geo-replication/secret.pem"), argv.end());
    EXPECT_NE(std::find(argv.begin(), argv.end(), "StrictHostKeyChecking=yes"), argv.end());
  }
  EXPECT_TRUE(tested);
  EXPECT_EQ(events_.names().back(), "georep.destination.created");

  // A second create of the same destination: conflict, nothing appended twice.
  const auto again = dispatch("georep.destination.create", createParams());
  ASSERT_FALSE(again.ok);
  EXPECT_EQ(again.error->code(), api::ErrorCode::kConflict);

  // reestablish re-pushes (nothing missing: nothing appended) and keeps the lines georep added.
  const auto id = out.result["id"].get<std::int64_t>();
  const auto re = dispatch("georep.destination.reestablish",
                           {{"destination", id}, {"fingerprint", sshd_->ed25519Fingerprint()}, {"private_key", "testkey"}});
  ASSERT_TRUE(re.ok) << re.error->toJson().dump();
  EXPECT_EQ(re.result["nodes"][0]["added_keys"], 3);
  EXPECT_EQ(authorizedKeys(), "ssh-ed25519 " + kBlob + "Z admin\n" + kGsyncd + "\n" + kTar + "\n" + kRootId + "\n");

  // remove takes away exactly georep's lines.
  const auto rm = dispatch("georep.destination.remove", {{"destination", id}, {"private_key", "testkey"}});
  ASSERT_TRUE(rm.ok) << rm.error->toJson().dump();
  EXPECT_EQ(rm.result["keys_removed"], 3);
  EXPECT_TRUE(rm.result["keys_left"].empty());
  EXPECT_EQ(authorizedKeys(), "ssh-ed25519 " + kBlob + "Z admin\n");
  EXPECT_EQ(destinations(), 0);
}

// A destination whose host is a host of a registered cluster: every host of that cluster is a destination
// node, pinned to the key ssh-keyscan shows ON that node (over the engine's own connection to it). Here both
// inventory hosts ("127.0.0.1", "localhost") reach the same sshd and HOME.
TEST_F(DestinationTest, EveryNodeOfARegisteredDestinationClusterIsSetUpAndPinned) {
  api::Cluster dst;
  dst.name = "dst";
  dst.transport = "local";
  inventory_->addCluster(dst);
  for (const char* address : {"127.0.0.1", "localhost"}) {
    api::Host h;
    h.address = address;
    inventory_->addHost("dst", h);
  }
  std::ifstream pub(sshd_->dir() / "host_ed25519.pub");
  std::string type, blob;
  pub >> type >> blob;
  fake("localhost").on({"ssh-keyscan"}, {0, "# localhost SSH-2.0-OpenSSH\nlocalhost " + type + " " + blob + "\n", ""});
  const auto out = dispatch("georep.destination.create", createParams());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  ASSERT_EQ(out.result["nodes"].size(), 2u) << out.result.dump();
  EXPECT_EQ(out.result["nodes"][1]["host"], "localhost");
  EXPECT_EQ(out.result["nodes"][1]["fingerprint"], sshd_->ed25519Fingerprint());
  EXPECT_EQ(out.result["nodes"][1]["status"], "connected");

  // A node showing another key: refused before anything is pushed anywhere.
  dispatch("georep.destination.remove", {{"destination", out.result["id"]}, {"private_key", "testkey"}});
  std::filesystem::remove_all(home() / ".ssh");
  fake("localhost").clearRules();
  std::ifstream other(sshd_->otherKey() + ".pub");
  other >> type >> blob;
  fake("localhost").on({"ssh-keyscan"}, {0, "localhost " + type + " " + blob + "\n", ""});
  const auto refused = dispatch("georep.destination.create", createParams());
  ASSERT_FALSE(refused.ok);
  EXPECT_EQ(refused.error->code(), api::ErrorCode::kConflict);
  EXPECT_FALSE(std::filesystem::exists(home() / ".ssh" / "authorized_keys"));
  EXPECT_EQ(destinations(), 0);
}

TEST_F(DestinationTest, WrongFingerprintIsAConflictAndChangesNothing) {
  auto params = createParams();
  params["fingerprint"] = sshd_->otherKeyFingerprint();
  const auto out = dispatch("georep.destination.create", params);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->code(), api::ErrorCode::kConflict);
  EXPECT_EQ(out.error->details()["presented_fingerprint"], sshd_->ed25519Fingerprint());
  EXPECT_EQ(destinations(), 0);
  EXPECT_FALSE(std::filesystem::exists(home() / ".ssh"));
  EXPECT_TRUE(fake("vm").calls().empty() || fake("vm").calls().size() == 1);  // only the volume info of SetUp, if any
  EXPECT_EQ(events_.names().back(), "georep.destination.create_failed");
}

TEST_F(DestinationTest, WrongPasswordIsRefusedWithoutEchoAndChangesNothing) {
  auto params = createParams();
  params.erase("private_key");
  params["password"] = kPassword;
  const auto out = dispatch("georep.destination.create", params);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->code(), api::ErrorCode::kInvalidArgument);
  EXPECT_EQ(out.error->field(), "password");
  EXPECT_EQ(out.error->details()["reason"], "auth_failed");
  expectNoPassword(out);
  EXPECT_EQ(destinations(), 0);
  EXPECT_FALSE(std::filesystem::exists(home() / ".ssh"));
  for (const auto& argv : fake("vm").calls()) EXPECT_NE(argv.back(), "gsec_create");
}

TEST_F(DestinationTest, UnreachableHostIsUnavailableAndChangesNothing) {
  auto params = createParams();
  params["port"] = static_cast<int>(freeLoopbackPort());
  params.erase("private_key");
  params["password"] = kPassword;
  const auto out = dispatch("georep.destination.create", params);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->code(), api::ErrorCode::kUnavailable);
  expectNoPassword(out);
  EXPECT_EQ(destinations(), 0);
}

TEST_F(DestinationTest, KeysAreNamesFromTheAllowListOnly) {
  auto params = createParams();
  params["private_key"] = sshd_->userKey();  // a path is not a name of the allow-list
  const auto out = dispatch("georep.destination.create", params);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->code(), api::ErrorCode::kInvalidArgument);
  EXPECT_EQ(out.error->field(), "private_key");
  const auto keys = dispatch("georep.destination.keys", nlohmann::json::object());
  ASSERT_TRUE(keys.ok);
  ASSERT_EQ(keys.result["keys"].size(), 1u);
  EXPECT_EQ(keys.result["keys"][0]["name"], "testkey");
  EXPECT_EQ(keys.result["keys"][0].dump().find(sshd_->userKey()), std::string::npos);  // never the path
  EXPECT_EQ(keys.result["keys"][0]["fingerprint"].get<std::string>().rfind("SHA256:", 0), 0u);
}

TEST_F(DestinationTest, HostileNamesAreRefusedBeforeAnyConnection) {
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"host", "-oProxyCommand=touch /tmp/georep-pwned"}, {"host", "vm;id"}, {"user", "root -oX"},
           {"user", "../../etc"}, {"fingerprint", "SHA256:AAAA$(id)"}, {"fingerprint", "MD5:aa:bb"}}) {
    auto params = createParams();
    params[field] = value;
    const auto out = dispatch("georep.destination.create", params);
    ASSERT_FALSE(out.ok) << field << "=" << value;
    EXPECT_EQ(out.error->code(), api::ErrorCode::kInvalidArgument) << field << "=" << value;
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/georep-pwned"));
  EXPECT_EQ(destinations(), 0);
  EXPECT_TRUE(fake("vm").calls().empty());
}

TEST_F(DestinationTest, SourceHostMustBeAHostOfTheCluster) {
  auto params = createParams();
  params["source_host"] = "elsewhere";
  const auto out = dispatch("georep.destination.create", params);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.error->field(), "source_host");
}

TEST_F(DestinationTest, TestReportsPerNodeAndRaisesStatusChanged) {
  const auto out = dispatch("georep.destination.create", createParams());
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto id = out.result["id"].get<std::int64_t>();
  fake("vm").clearRules();
  fake("vm").on({"ssh", "-i"}, {255, "", "georepsec@h: Permission denied (publickey).\n"});
  events_.clear();
  const auto t = dispatch("georep.destination.test", {{"destination", id}});
  ASSERT_TRUE(t.ok) << t.error->toJson().dump();
  EXPECT_FALSE(t.result["ok"].get<bool>());
  EXPECT_EQ(t.result["nodes"][0]["status"], "auth_failed");
  EXPECT_NE(t.result["nodes"][0]["error"].get<std::string>().find("Permission denied"), std::string::npos);
  ASSERT_EQ(events_.names(), std::vector<std::string>{"georep.destination.status_changed"});
  EXPECT_EQ(events_.events()[0].body["old"], "connected");
  EXPECT_EQ(events_.events()[0].body["new"], "auth_failed");
  // The periodic test sees no further change: no event.
  events_.clear();
  EXPECT_EQ(commands::testAllDestinations(*deps_), 0);
  EXPECT_TRUE(events_.names().empty());
  const auto got = dispatch("georep.destination.get", {{"destination", id}});
  EXPECT_EQ(got.result["status"], "auth_failed");
}

TEST_F(DestinationTest, DirectorySecondaryIsRefusedWithTheReason) {
  for (const auto& [host, volume] : std::vector<std::pair<std::string, std::string>>{{"vm", "/data/backup"},
                                                                                      {"vm:/data", "slavevol"}}) {
    const auto out = dispatch("georep.session.create",
                              {{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", host},
                               {"secondary_volume", volume}});
    ASSERT_FALSE(out.ok);
    EXPECT_EQ(out.error->code(), api::ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(out.error->what()).find("3.5"), std::string::npos) << out.error->what();
  }
}

gluster::SessionRef nonRoot(const std::string& host) {
  gluster::SessionRef ref;
  ref.primaryVolume = "mastervol";
  ref.secondaryHost = host;
  ref.secondaryVolume = "slavevol";
  ref.secondaryUser = "geoaccount";
  return ref;
}

TEST_F(DestinationTest, NonRootSecondaryOutsideTheInventoryIsNotManaged) {
  const auto state = commands::prepareMountbroker(*deps_, nonRoot("other.example"));
  ASSERT_TRUE(state);
  EXPECT_EQ(state->value("state", ""), "not_managed");
  EXPECT_NE(state->value("next_step", "").find("gluster-mountbroker setup"), std::string::npos);
  EXPECT_FALSE(commands::prepareMountbroker(*deps_, [] { auto r = nonRoot("vm"); r.secondaryUser = "root"; return r; }()));
}

const std::string kVolBefore = "volume management\n    type mgmt/glusterd\nend-volume\n";
const std::string kVolAfter =
    "volume management\n    type mgmt/glusterd\n    option mountbroker-root /var/mountbroker-root\n"
    "    option geo-replication-log-group geogroup\n    option mountbroker-geo-replication.geoaccount slavevol\n"
    "end-volume\n";

TEST_F(DestinationTest, MountbrokerStepsRunOnEveryNodeAndRestartGlusterdOneAtATime) {
  for (const char* h : {"vm", "vm2"}) {
    fake(h).on({"getent", "passwd", "geoaccount"}, {0, "geoaccount:x:1001:1001::/home/geoaccount:/bin/sh\n", ""});
    fake(h).on({"runuser", "-u", "geoaccount"}, {1, "", ""});  // gluster not in the user's PATH at first
    fake(h).on({"runuser", "-u", "geoaccount"}, {0, "/usr/sbin/gluster\n", ""});
    fake(h).on({"sh", "georep-profile", "/etc/profile.d/glusterfs-georep.sh"}, {0, "", ""});
    fake(h).on({"getent", "group", "geogroup"}, {2, "", ""});
    fake(h).on({"groupadd", "geogroup"}, {0, "", ""});
    fake(h).on({"id", "-nG", "geoaccount"}, {0, "geoaccount\n", ""});
    fake(h).on({"usermod", "-a", "-G", "geogroup", "geoaccount"}, {0, "", ""});
    fake(h).on({"cat", "/etc/glusterfs/glusterd.vol"}, {0, kVolBefore, ""});
    fake(h).on({"cat", "/etc/glusterfs/glusterd.vol"}, {0, kVolAfter, ""});
    fake(h).on({"systemctl", "restart", "glusterd"}, {0, "", ""});
    fake(h).on({"pool", "list"}, {0, "UUID Hostname State\n", ""});
  }
  fake("vm").on({"gluster-mountbroker", "setup", "/var/mountbroker-root", "geogroup"}, {0, "", ""});
  fake("vm").on({"gluster-mountbroker", "add", "slavevol", "geoaccount"}, {0, "", ""});
  const auto state = commands::prepareMountbroker(*deps_, nonRoot("vm"));
  ASSERT_TRUE(state);
  EXPECT_EQ(state->value("state", ""), "glusterd_ready");
  std::vector<std::string> vmSteps;
  for (const auto& argv : fake("vm").calls()) vmSteps.push_back(argv.front());
  for (const char* step : {"groupadd", "usermod", "gluster-mountbroker", "systemctl", "sh"}) {
    EXPECT_NE(std::find(vmSteps.begin(), vmSteps.end(), step), vmSteps.end()) << step;
  }
  bool restarted2 = false;
  for (const auto& argv : fake("vm2").calls()) restarted2 = restarted2 || argv.front() == "systemctl";
  EXPECT_TRUE(restarted2);
  // A second run finds glusterd.vol configured everywhere: nothing restarted again.
  const auto before = fake("vm").calls().size();
  const auto again = commands::prepareMountbroker(*deps_, nonRoot("vm"));
  ASSERT_TRUE(again);
  for (std::size_t i = before; i < fake("vm").calls().size(); ++i) EXPECT_NE(fake("vm").calls()[i].front(), "systemctl");
}

TEST_F(DestinationTest, MountbrokerHalfDoneSaysWhatToDoNext) {
  fake("vm").on({"getent", "passwd", "geoaccount"}, {0, "geoaccount:x:1001:1001::/home/geoaccount:/bin/sh\n", ""});
  fake("vm").on({"getent", "group", "geogroup"}, {0, "geogroup:x:1002:\n", ""});
  fake("vm").on({"id", "-nG", "geoaccount"}, {0, "geoaccount geogroup\n", ""});
  fake("vm").on({"runuser", "-u", "geoaccount"}, {0, "/usr/sbin/gluster\n", ""});
  fake("vm2").on({"getent", "passwd", "geoaccount"}, {2, "", ""});  // the user is missing on vm2
  try {
    commands::prepareMountbroker(*deps_, nonRoot("vm"));
    FAIL() << "expected a refusal";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), api::ErrorCode::kConflict);
    EXPECT_NE(std::string(e.what()).find("does not exist on vm2"), std::string::npos) << e.what();
    EXPECT_EQ(e.details()["mountbroker"]["state"], "incomplete");
    EXPECT_NE(e.details()["mountbroker"]["next_step"].get<std::string>().find("useradd"), std::string::npos);
  }
}

}  // namespace
}  // namespace georep::testing
