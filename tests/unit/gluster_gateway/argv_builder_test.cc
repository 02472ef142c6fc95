// ArgvBuilder: the exact argv of every call, and hostile input refused (with the field at fault) or
// carried verbatim as one argv element.
#include "gluster/argv_builder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gluster/errors.h"
#include "unit/gluster_gateway/hostile_strings.h"

namespace georep::gluster {
namespace {

using testing::hostileStrings;

const SessionRef kSession{"mastervol", "vm", "slavevol", "root"};

Argv expected(std::initializer_list<std::string> tail, bool xml = true) {
  Argv argv{"gluster", "--mode=script"};
  if (xml) argv.emplace_back("--xml");
  argv.emplace_back("--");
  argv.insert(argv.end(), tail);
  return argv;
}

// Runs fn, expects kInvalidInput naming `field`, and checks the message shows no raw control character.
template <typename Fn>
void expectInvalid(Fn&& fn, const std::string& field, const std::string& input) {
  try {
    fn();
    FAIL() << "accepted " << field << " = [" << input << "]";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    const std::string message = e.what();
    EXPECT_TRUE(std::none_of(message.begin(), message.end(), [](char c) { return c == '\n' || c == '\r' || c == '\x1b'; }))
        << message;
    EXPECT_LT(message.size(), 600u);
  }
}

TEST(ArgvBuilder, VolumeInfoAndStatus) {
  const ArgvBuilder b("gluster");
  EXPECT_EQ(b.volumeInfo(), expected({"volume", "info"}));
  EXPECT_EQ(b.volumeInfo("mastervol"), expected({"volume", "info", "mastervol"}));
  EXPECT_EQ(b.volumeStatus(), expected({"volume", "status"}));
  EXPECT_EQ(b.volumeStatus("mastervol"), expected({"volume", "status", "mastervol"}));
}

TEST(ArgvBuilder, XmlComesBeforeVolumeAndOptionsEndBeforeIt) {
  const ArgvBuilder b("/usr/sbin/gluster");
  for (const Argv& argv : {b.configSet(kSession, "sync-jobs", "4"), b.statusAll(), b.volumeInfo()}) {
    ASSERT_EQ(argv[0], "/usr/sbin/gluster");
    const auto xml = std::find(argv.begin(), argv.end(), "--xml");
    const auto end = std::find(argv.begin(), argv.end(), "--");
    const auto volume = std::find(argv.begin(), argv.end(), "volume");
    ASSERT_NE(xml, argv.end());
    EXPECT_LT(xml, end);
    EXPECT_EQ(end + 1, volume);
  }
}

TEST(ArgvBuilder, GeoRepStatusForms) {
  const ArgvBuilder b("gluster");
  EXPECT_EQ(b.statusAll(), expected({"volume", "geo-replication", "status"}));
  EXPECT_EQ(b.statusAll(OutputMode::kText), expected({"volume", "geo-replication", "status"}, false));
  EXPECT_EQ(b.statusOfVolume("mastervol"), expected({"volume", "geo-replication", "mastervol", "status"}));
  EXPECT_EQ(b.statusOfSession(kSession),
            expected({"volume", "geo-replication", "mastervol", "vm::slavevol", "status"}));
  EXPECT_EQ(b.statusOfSession(kSession, OutputMode::kText),
            expected({"volume", "geo-replication", "mastervol", "vm::slavevol", "status"}, false));
}

TEST(ArgvBuilder, SecondaryUrlOmitsRootOnly) {
  EXPECT_EQ(ArgvBuilder::secondaryUrl(kSession), "vm::slavevol");
  EXPECT_EQ(ArgvBuilder::secondaryUrl({"m", "backup.example.com", "dr_vol", "geoaccount"}),
            "geoaccount@backup.example.com::dr_vol");
  EXPECT_EQ(ArgvBuilder::secondaryUrl({"m", "10.1.2.3", "dr", "root"}), "10.1.2.3::dr");
}

TEST(ArgvBuilder, CreateGrammar) {
  const ArgvBuilder b("gluster");
  EXPECT_EQ(b.create(kSession, {}), expected({"volume", "geo-replication", "mastervol", "vm::slavevol", "create", "push-pem"}));
  EXPECT_EQ(b.create(kSession, {2222, PemMode::kNoVerify, true}),
            expected({"volume", "geo-replication", "mastervol", "vm::slavevol", "create", "ssh-port", "2222", "no-verify",
                      "force"}));
  EXPECT_EQ(b.create(kSession, {std::nullopt, PemMode::kNone, false}),
            expected({"volume", "geo-replication", "mastervol", "vm::slavevol", "create"}));
  expectInvalid([&] { b.create(kSession, {0, PemMode::kPushPem, false}); }, "ssh_port", "0");
  expectInvalid([&] { b.create(kSession, {65536, PemMode::kPushPem, false}); }, "ssh_port", "65536");
}

TEST(ArgvBuilder, LifecycleGrammar) {
  const ArgvBuilder b("gluster");
  const auto s = [](std::initializer_list<std::string> verbs) {
    Argv tail{"volume", "geo-replication", "mastervol", "geoaccount@vm::slavevol"};
    tail.insert(tail.end(), verbs);
    Argv argv = expected({});
    argv.insert(argv.end(), tail.begin(), tail.end());
    return argv;
  };
  const SessionRef nonRoot{"mastervol", "vm", "slavevol", "geoaccount"};
  EXPECT_EQ(b.start(nonRoot, false), s({"start"}));
  EXPECT_EQ(b.start(nonRoot, true), s({"start", "force"}));
  EXPECT_EQ(b.stop(nonRoot, true), s({"stop", "force"}));
  EXPECT_EQ(b.pause(nonRoot, false), s({"pause"}));
  EXPECT_EQ(b.resume(nonRoot, true), s({"resume", "force"}));
  EXPECT_EQ(b.remove(nonRoot, false), s({"delete"}));
  EXPECT_EQ(b.remove(nonRoot, true), s({"delete", "reset-sync-time"}));
}

TEST(ArgvBuilder, ConfigGrammar) {
  const ArgvBuilder b("gluster");
  const Argv head{"volume", "geo-replication", "mastervol", "vm::slavevol", "config"};
  auto with = [&](std::initializer_list<std::string> tail) {
    Argv argv = expected({});
    argv.insert(argv.end(), head.begin(), head.end());
    argv.insert(argv.end(), tail);
    return argv;
  };
  EXPECT_EQ(b.configGetAll(kSession), with({}));
  EXPECT_EQ(b.configSet(kSession, "sync_jobs", "4"), with({"sync-jobs", "4"}));
  EXPECT_EQ(b.configSet(kSession, "sync-jobs", "4"), with({"sync-jobs", "4"}));
  EXPECT_EQ(b.configSet(kSession, "checkpoint", "now"), with({"checkpoint", "now"}));
  // A checkpoint time holds a space: it stays ONE argv element.
  EXPECT_EQ(b.configSet(kSession, "checkpoint", "2026-11-21 11:59:56"), with({"checkpoint", "2026-11-21 11:59:56"}));
  EXPECT_EQ(b.configReset(kSession, "sync_jobs"), with({"!sync-jobs"}));
  EXPECT_EQ(b.configReset(kSession, "ignore-deletes"), with({"!ignore-deletes"}));
}

TEST(ArgvBuilder, ConfigKeysAndValuesAreChecked) {
  const ArgvBuilder b("gluster");
  expectInvalid([&] { b.configSet(kSession, "no-such-key", "1"); }, "key", "no-such-key");
  expectInvalid([&] { b.configSet(kSession, "sync-jobs", "0"); }, "value", "0");
  expectInvalid([&] { b.configSet(kSession, "sync-jobs", "101"); }, "value", "101");
  expectInvalid([&] { b.configSet(kSession, "ignore-deletes", "yes"); }, "value", "yes");
  expectInvalid([&] { b.configSet(kSession, "checkpoint", "1700000000"); }, "value", "1700000000");
  try {
    b.configSet(kSession, "gluster-command", "/tmp/evil");
    FAIL() << "reserved key accepted";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kReservedOption);
  }
  // Keys naming a program or file never reach the command line, nor do options that pick one.
  expectInvalid([&] { b.configSet(kSession, "ssh-command", "/tmp/evil"); }, "key", "/tmp/evil");
  expectInvalid([&] { b.configSet(kSession, "rsync-options", "--rsync-path=/tmp/evil"); }, "value", "--rsync-path");
  expectInvalid([&] { b.configSet(kSession, "ssh-options", "-F /tmp/evil"); }, "value", "-F");
}

TEST(ArgvBuilder, GsecCreate) {
  EXPECT_EQ(ArgvBuilder("gluster").gsecCreate(), expected({"system::", "execute", "gsec_create"}));
}

TEST(ArgvBuilder, HostileVolumeNamesAreRefused) {
  const ArgvBuilder b("gluster");
  for (const std::string& h : hostileStrings()) {
    expectInvalid([&] { b.volumeInfo(h); }, "volume", h);
    expectInvalid([&] { b.statusOfVolume(h); }, "volume", h);
    expectInvalid([&] { b.start({h, "vm", "slavevol", "root"}, false); }, "volume", h);
    expectInvalid([&] { b.start({"mastervol", "vm", h, "root"}, false); }, "secondary_volume", h);
  }
}

TEST(ArgvBuilder, HostileHostsAndUsersAreRefused) {
  const ArgvBuilder b("gluster");
  for (const std::string& h : hostileStrings()) {
    expectInvalid([&] { b.stop({"mastervol", h, "slavevol", "root"}, true); }, "secondary_host", h);
    expectInvalid([&] { b.stop({"mastervol", "vm", "slavevol", h}, true); }, "secondary_user", h);
  }
}

TEST(ArgvBuilder, HostileConfigKeysAreRefused) {
  const ArgvBuilder b("gluster");
  for (const std::string& h : hostileStrings()) {
    expectInvalid([&] { b.configSet(kSession, h, "1"); }, "key", h);
    expectInvalid([&] { b.configReset(kSession, h); }, "key", h);
  }
}

// Free-text values (rsync-options) either are refused, or travel verbatim as ONE argv element.
TEST(ArgvBuilder, HostileConfigValuesAreRefusedOrVerbatim) {
  const ArgvBuilder b("gluster");
  std::size_t accepted = 0;
  for (const std::string& h : hostileStrings()) {
    for (const char* key : {"allow-network", "sync-jobs", "ignore-deletes", "checkpoint", "log-level"}) {
      Argv argv;
      try {
        argv = b.configSet(kSession, key, h);
      } catch (const GatewayError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << key << " [" << h << "]";
        EXPECT_EQ(e.field(), "value");
        continue;
      }
      ++accepted;
      ASSERT_GE(argv.size(), 2u);
      EXPECT_EQ(argv.back(), h);
      EXPECT_EQ(argv[argv.size() - 2], key);
      // A value like "--bwlimit=10" cannot read as a gluster CLI option: "--" ends the CLI's options
      // before `volume`, so everything after it is a word of the command.
      const auto end = std::find(argv.begin(), argv.end(), "--");
      ASSERT_NE(end, argv.end());
      EXPECT_EQ(*(end + 1), "volume");
      EXPECT_LT(end - argv.begin(), static_cast<std::ptrdiff_t>(argv.size()) - 2);
    }
  }
  EXPECT_GT(accepted, 0u) << "some free text (e.g. \"$(id)\") is a legal allow-network (free text) value and must pass verbatim";
}

TEST(ArgvBuilder, HostileGlusterCommandIsRefused) {
  for (const std::string& h : hostileStrings()) expectInvalid([&] { ArgvBuilder{h}; }, "gluster_command", h);
  for (const char* bad : {"bin/gluster", "/usr/../bin/gluster", "/usr/sbin/", "//gluster", "glu ster"}) {
    expectInvalid([&] { ArgvBuilder{bad}; }, "gluster_command", bad);
  }
  EXPECT_NO_THROW(ArgvBuilder{"/opt/gluster-10.3/sbin/gluster"});
  EXPECT_NO_THROW(ArgvBuilder{"gluster"});
}

TEST(ArgvBuilder, VolumeNameRules) {
  const ArgvBuilder b("gluster");
  EXPECT_NO_THROW(b.volumeInfo("Vol_1-a"));
  EXPECT_NO_THROW(b.volumeInfo(std::string(256, 'v')));
  expectInvalid([&] { b.volumeInfo(std::string(257, 'v')); }, "volume", "257 v");
  for (const char* reserved : {"all", "volume", "force", "type", "description"}) {
    expectInvalid([&] { b.volumeInfo(std::string(reserved)); }, "volume", reserved);
  }
  expectInvalid([&] { b.volumeInfo(std::string("a/b")); }, "volume", "a/b");
  expectInvalid([&] { b.volumeInfo(std::string("a.b")); }, "volume", "a.b");
}

TEST(ArgvBuilder, SecondaryHostForms) {
  const ArgvBuilder b("gluster");
  EXPECT_NO_THROW(b.start({"m", "backup-1.dr.example.com", "s", "root"}, false));
  EXPECT_NO_THROW(b.start({"m", "192.168.10.20", "s", "root"}, false));
  // gluster splits the secondary URL on "::", so IPv6 literals cannot be expressed.
  expectInvalid([&] { b.start({"m", "fd00::1", "s", "root"}, false); }, "secondary_host", "fd00::1");
  expectInvalid([&] { b.start({"m", "999.1.1.1", "s", "root"}, false); }, "secondary_host", "999.1.1.1");
  expectInvalid([&] { b.start({"m", std::string(64, 'a') + ".example", "s", "root"}, false); }, "secondary_host", "long label");
}

// The eligibility reads: read-only, fixed words, the volume name checked like every other.
TEST(ArgvBuilder, EligibilityReads) {
  const ArgvBuilder b("gluster");
  EXPECT_EQ(b.volumeStatusDetail("labsecondary1"), expected({"volume", "status", "labsecondary1", "detail"}));
  EXPECT_EQ(b.clusterOpVersion(), expected({"volume", "get", "all", "cluster.op-version"}));
  EXPECT_EQ(b.poolList(), expected({"pool", "list"}));
  for (const auto& bad : hostileStrings()) {
    expectInvalid([&] { b.volumeStatusDetail(bad); }, "volume", bad);
  }
  expectInvalid([&] { b.volumeStatusDetail("all"); }, "volume", "all");
}

}  // namespace
}  // namespace georep::gluster
