// Unit tests of the destination key handling (gluster/authorized_keys.h, gluster/georep_ssh.h,
// gluster/mountbroker.h): parsing authorized_keys lines (options with quoted spaces, hostile text),
// validating gsec_create's output, the idempotent merge and the removal of exactly georep's lines, the
// append/remove scripts run for real with sh on a temporary HOME, the ssh test argv and its outcome
// classification, and the glusterd.vol mountbroker check.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gluster/authorized_keys.h"
#include "gluster/errors.h"
#include "gluster/georep_ssh.h"
#include "gluster/local_transport.h"
#include "gluster/mountbroker.h"

namespace georep::gluster {
namespace {

const std::string kBlob = "AAAAC3NzaC1lZDI1NTE5AAAAIOv4bZ2Q0Zk9n7m5Yl9hVtqR1aJm1cKXl3bJq0u4bq7P";
const std::string kGsyncd = "command=\"/usr/lib/x86_64-linux-gnu/glusterfs/gsyncd\" ssh-rsa " + kBlob + " root@vm";
const std::string kTar = "command=\"tar ${SSH_ORIGINAL_COMMAND#* }\" ssh-rsa " + kBlob + "Q root@vm";

TEST(AuthorizedKeys, ParsesOptionsWithQuotedSpaces) {
  const auto k = parseAuthorizedKey(kTar);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->options, "command=\"tar ${SSH_ORIGINAL_COMMAND#* }\"");
  EXPECT_EQ(k->type, "ssh-rsa");
  EXPECT_EQ(k->comment, "root@vm");
  const auto plain = parseAuthorizedKey("ssh-ed25519 " + kBlob);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->options, "");
  EXPECT_EQ(plain->comment, "");
}

TEST(AuthorizedKeys, RefusesWhatIsNotAKeyLine) {
  EXPECT_FALSE(parseAuthorizedKey(""));
  EXPECT_FALSE(parseAuthorizedKey("# a comment"));
  EXPECT_FALSE(parseAuthorizedKey("ssh-dss " + kBlob));                  // type not handed out
  EXPECT_FALSE(parseAuthorizedKey("ssh-ed25519 not*base64"));
  EXPECT_FALSE(parseAuthorizedKey("ssh-ed25519 " + kBlob + "\x01"));    // control character
  EXPECT_FALSE(parseAuthorizedKey("ssh-ed25519 AA=A"));                 // '=' inside
  EXPECT_FALSE(parseAuthorizedKey("command=\"x\" garbage"));
}

TEST(AuthorizedKeys, GeorepKeyLinesKeepTheCommandRestriction) {
  const auto lines = georepKeyLines(kGsyncd + "\n" + kTar + "\n\n" + kGsyncd + "\n");
  ASSERT_EQ(lines.size(), 2u);  // duplicates folded
  EXPECT_EQ(lines[0], kGsyncd);
  EXPECT_EQ(lines[1], kTar);
}

TEST(AuthorizedKeys, GeorepKeyLinesRefuseUnrestrictedOrGarbage) {
  EXPECT_THROW(georepKeyLines("ssh-rsa " + kBlob + " root@vm\n"), std::invalid_argument);  // no command=
  EXPECT_THROW(georepKeyLines(kGsyncd + "\nrm -rf /\n"), std::invalid_argument);
  EXPECT_THROW(georepKeyLines("\n\n"), std::invalid_argument);
}

TEST(AuthorizedKeys, PlainKeyLineRefusesOptions) {
  EXPECT_EQ(plainKeyLine("ssh-ed25519 " + kBlob + " root@src\n"), "ssh-ed25519 " + kBlob + " root@src");
  EXPECT_THROW(plainKeyLine(kGsyncd), std::invalid_argument);
  EXPECT_THROW(plainKeyLine("hello"), std::invalid_argument);
}

TEST(AuthorizedKeys, MissingLinesIsIdempotent) {
  const std::string existing = "ssh-ed25519 " + kBlob + " admin\n" + kGsyncd + "\n";
  const auto missing = missingLines(existing, {kGsyncd, kTar, kTar});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], kTar);
  EXPECT_TRUE(missingLines(existing + kTar + "\n", {kGsyncd, kTar}).empty());
}

TEST(AuthorizedKeys, WithoutLinesKeepsEverythingElse) {
  const std::string admin = "ssh-ed25519 " + kBlob + " admin";
  EXPECT_EQ(withoutLines(admin + "\n" + kGsyncd + "\n" + kTar + "\n", {kGsyncd, kTar}), admin + "\n");
}

// The append/remove scripts, run for real (sh) with HOME in a temporary directory.
class KeysScript : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = std::filesystem::temp_directory_path() / ("georep-keys-" + std::to_string(::getpid()));
    std::filesystem::remove_all(home_);
    std::filesystem::create_directories(home_);
  }
  void TearDown() override { std::filesystem::remove_all(home_); }
  ExecResult run(const char* script, const std::vector<std::string>& lines) {
    std::vector<std::string> argv{"env", "HOME=" + home_.string()};
    for (auto& a : keysScriptArgv(script, lines)) argv.push_back(a);
    return LocalTransport().run(argv, std::chrono::seconds(20));
  }
  std::string file() {
    std::ifstream in(home_ / ".ssh" / "authorized_keys");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path home_;
};

TEST_F(KeysScript, AppendsOnceWithModesAndReportsWhatItAdded) {
  const std::string admin = "ssh-ed25519 " + kBlob + " admin";
  std::filesystem::create_directories(home_ / ".ssh");
  { std::ofstream(home_ / ".ssh" / "authorized_keys") << admin; }  // no trailing newline
  auto r = run(kAppendKeysScript, {kGsyncd, kTar});
  ASSERT_EQ(r.exitStatus, 0) << r.err;
  EXPECT_EQ(parseAppendOutput(r.out), (std::vector<std::string>{kGsyncd, kTar}));
  EXPECT_EQ(file(), admin + "\n" + kGsyncd + "\n" + kTar + "\n");
  r = run(kAppendKeysScript, {kGsyncd, kTar});  // idempotent
  EXPECT_TRUE(parseAppendOutput(r.out).empty());
  EXPECT_EQ(file(), admin + "\n" + kGsyncd + "\n" + kTar + "\n");
  const auto perms = std::filesystem::status(home_ / ".ssh" / "authorized_keys").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // Removal takes away exactly the given lines.
  r = run(kRemoveKeysScript, {kGsyncd, kTar});
  ASSERT_EQ(r.exitStatus, 0) << r.err;
  EXPECT_NE(r.out.find("removed\t2"), std::string::npos) << r.out;
  EXPECT_EQ(file(), admin + "\n");
}

TEST_F(KeysScript, CreatesSshDirectoryPrivately) {
  auto r = run(kAppendKeysScript, {kGsyncd});
  ASSERT_EQ(r.exitStatus, 0) << r.err;
  const auto perms = std::filesystem::status(home_ / ".ssh").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_all);
  EXPECT_EQ(file(), kGsyncd + "\n");
}

TEST_F(KeysScript, HostileLinesStayData) {
  const std::string evil = "command=\"x\" ssh-ed25519 " + kBlob + " $(touch " + home_.string() + "/pwned);`id`";
  auto r = run(kAppendKeysScript, {evil});
  ASSERT_EQ(r.exitStatus, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(home_ / "pwned"));
  EXPECT_EQ(file(), evil + "\n");
}

TEST(AppendOutput, UnfinishedScriptIsAnError) {
  EXPECT_THROW(parseAppendOutput("added\tx\n"), std::runtime_error);
}

TEST(SshPathTest, ArgvPinsTheHostKeyAndValidatesInputs) {
  const auto argv = sshPathTestArgv({"dest.example", 2223, "georepsec", "ssh-ed25519", kBlob, 10});
  const auto has = [&](const std::string& s) { return std::find(argv.begin(), argv.end(), s) != argv.end(); };
  EXPECT_TRUE(has("StrictHostKeyChecking=yes"));
  EXPECT_TRUE(has("KnownHostsCommand=/bin/echo %H ssh-ed25519 " + kBlob));
  EXPECT_TRUE(has(std::string(kGeorepDir) + "/secret.pem"));
  EXPECT_EQ(argv[argv.size() - 2], "dest.example");
  EXPECT_THROW(sshPathTestArgv({"-oProxyCommand=x", 22, "u", "ssh-ed25519", kBlob, 10}), GatewayError);
  EXPECT_THROW(sshPathTestArgv({"h", 22, "u", "ssh-ed25519", "AAAA;id", 10}), GatewayError);
  EXPECT_THROW(sshPathTestArgv({"h", 22, "u -oX", "ssh-ed25519", kBlob, 10}), GatewayError);
}

TEST(SshPathTest, ClassifiesOutcomes) {
  EXPECT_EQ(classifySshPathTest({2, "", "usage: gsyncd"}).status, "connected");
  EXPECT_TRUE(classifySshPathTest({0, "", ""}).ok);
  EXPECT_EQ(classifySshPathTest({255, "", "Host key verification failed.\n"}).status, "host_key_changed");
  EXPECT_EQ(classifySshPathTest({255, "", "u@h: Permission denied (publickey).\n"}).status, "auth_failed");
  const auto down = classifySshPathTest({255, "", "ssh: connect to host h port 22: Connection refused\n"});
  EXPECT_EQ(down.status, "unreachable");
  EXPECT_FALSE(down.ok);
  EXPECT_EQ(down.error, "ssh: connect to host h port 22: Connection refused");
}

TEST(RootIdentities, ParsedAndDeduplicated) {
  const std::string line = "ssh-ed25519 " + kBlob + " root@src";
  EXPECT_EQ(parseRootIdentities("identity\t" + line + "\nidentity\t" + line + "\nidentity\tEND\n"),
            (std::vector<std::string>{line}));
  EXPECT_THROW(parseRootIdentities("identity\t" + line + "\n"), std::runtime_error);  // unfinished
  EXPECT_THROW(parseRootIdentities("identity\tEND\n"), std::runtime_error);           // none
  EXPECT_THROW(parseRootIdentities("identity\t" + kGsyncd + "\nidentity\tEND\n"), std::invalid_argument);
}

TEST(Mountbroker, GlusterdVolCheck) {
  const std::string vol =
      "volume management\n    type mgmt/glusterd\n    option mountbroker-root /var/mountbroker-root\n"
      "    option geo-replication-log-group geogroup\n    option rpc-auth-allow-insecure on\n"
      "    option mountbroker-geo-replication.georepsec labsecnonroot,other\nend-volume";
  EXPECT_TRUE(mountbrokerConfigured(vol, "/var/mountbroker-root", "geogroup", "labsecnonroot", "georepsec"));
  EXPECT_FALSE(mountbrokerConfigured(vol, "/var/mountbroker-root", "geogroup", "labsecondary1", "georepsec"));
  EXPECT_FALSE(mountbrokerConfigured(vol, "/var/mountbroker-root", "geogroup", "labsecnonroot", "other"));
  EXPECT_FALSE(mountbrokerConfigured(vol, "/elsewhere", "geogroup", "labsecnonroot", "georepsec"));
  EXPECT_TRUE(groupListed("georepsec geogroup\n", "geogroup"));
  EXPECT_FALSE(groupListed("georepsec geogroupx\n", "geogroup"));
}

TEST(Mountbroker, ArgvValidated) {
  EXPECT_EQ(mountbrokerAddArgv("labsecnonroot", "georepsec"),
            (std::vector<std::string>{"gluster-mountbroker", "add", "labsecnonroot", "georepsec"}));
  EXPECT_THROW(mountbrokerSetupArgv("relative/root", "geogroup"), GatewayError);
  EXPECT_THROW(mountbrokerSetupArgv("/var/../etc", "geogroup"), GatewayError);
  EXPECT_THROW(mountbrokerAddArgv("vol", "-rf"), GatewayError);
  EXPECT_THROW(setPemKeysArgv("/x/set_geo_rep_pem_keys.sh", "u", "a;b", "c"), GatewayError);
}

}  // namespace
}  // namespace georep::gluster
