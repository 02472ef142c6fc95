// The config key catalog: key normalisation ('-'/'_'), reserved and unknown keys, typed values, hostile
// strings, CLI form and defaults.
#include <gtest/gtest.h>

#include <string>

#include "gluster/config_keys.h"
#include "gluster/errors.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

TEST(ConfigKeys, NormalizeDashesAndUnderscores) {
  EXPECT_EQ(normalizeConfigKey("sync-jobs"), "sync_jobs");
  EXPECT_EQ(normalizeConfigKey("sync_jobs"), "sync_jobs");
  EXPECT_EQ(normalizeConfigKey("change-detector"), "change_detector");
  EXPECT_EQ(normalizeConfigKey("ssh_port"), "ssh_port");
  EXPECT_EQ(normalizeConfigKey("checkpoint"), "checkpoint");
  EXPECT_EQ(normalizeConfigKey("secondary-gluster-log-level"), "secondary_gluster_log_level");
  EXPECT_EQ(normalizeConfigKey("use-meta-volume"), "use_meta_volume");
}

TEST(ConfigKeys, UnknownAndMalformedKeysAreInvalidInput) {
  for (const char* key : {"bogus", "sync-job", "", "SYNC_JOBS", "sync jobs", "!sync-jobs", "sync-jobs;rm -rf /",
                          "--xml", "*", "sync?jobs", "sync-jobs\n", "slave-timeout", "use-tarssh",
                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    const GatewayError e = errorOf([&] { normalizeConfigKey(key); }, key);
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << key;
    EXPECT_EQ(e.field(), "key") << key;
  }
}

TEST(ConfigKeys, ReservedKeysAreRefused) {
  for (const char* key : {"gluster-command", "gluster_command", "pid-file", "state-file", "session-owner",
                          "state-socket-unencoded", "state_socket_unencoded", "socketdir", "local-id", "local-path",
                          "secondary-id", "working-dir", "log-file", "primary-replica-count", "secondary-volume-id",
                          "georep-session-working-dir"}) {
    const GatewayError e = errorOf([&] { normalizeConfigKey(key); }, key);
    EXPECT_EQ(e.kind(), ErrorKind::kReservedOption) << key;
    EXPECT_EQ(e.field(), "key") << key;
  }
}

void expectValid(const char* key, const char* value) {
  EXPECT_NO_THROW(validateConfigValue(key, value)) << key << "=" << value;
}

void expectInvalid(const char* key, const std::string& value) {
  const GatewayError e = errorOf([&] { validateConfigValue(key, value); }, std::string(key) + "=" + value);
  EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << key << "=" << value;
  EXPECT_EQ(e.field(), "value") << key << "=" << value;
}

TEST(ConfigKeys, Integers) {
  expectValid("sync_jobs", "1");
  expectValid("sync_jobs", "100");
  expectValid("ssh_port", "1");
  expectValid("ssh_port", "65535");
  expectValid("secondary_timeout", "0");
  expectValid("connection_timeout", "60");
  expectValid("change_interval", "1");
  expectValid("changelog_batch_size", "727040");
  expectValid("max_rsync_retries", "0");
  expectInvalid("sync_jobs", "0");
  expectInvalid("sync_jobs", "101");
  expectInvalid("sync_jobs", "-1");
  expectInvalid("sync_jobs", "+3");
  expectInvalid("sync_jobs", "03");
  expectInvalid("sync_jobs", "3.0");
  expectInvalid("sync_jobs", " 3");
  expectInvalid("sync_jobs", "3 ");
  expectInvalid("sync_jobs", "");
  expectInvalid("sync_jobs", "three");
  expectInvalid("sync_jobs", "--xml");
  expectInvalid("ssh_port", "0");
  expectInvalid("ssh_port", "65536");
  expectInvalid("ssh_port", "99999999999999999999");
  expectInvalid("connection_timeout", "0");
  expectInvalid("change_interval", "0");
  expectInvalid("changelog_batch_size", "2147483648");
}

TEST(ConfigKeys, EnumsAndBooleans) {
  expectValid("sync_method", "rsync");
  expectValid("sync_method", "tarssh");
  expectValid("change_detector", "changelog");
  expectValid("change_detector", "xsync");
  for (const char* key : {"log_level", "cli_log_level", "gluster_log_level", "changelog_log_level",
                          "secondary_log_level", "secondary_gluster_log_level"}) {
    for (const char* level : {"ERROR", "INFO", "WARNING", "DEBUG"}) expectValid(key, level);
    for (const char* level : {"info", "CRITICAL", "TRACE", "", "INFO "}) expectInvalid(key, level);
  }
  expectInvalid("sync_method", "RSYNC");
  expectInvalid("sync_method", "rsync,tarssh");
  expectInvalid("sync_method", "scp");
  expectInvalid("change_detector", "inotify");
  for (const char* key : {"ignore_deletes", "use_meta_volume", "sync_xattrs", "sync_acls", "access_mount",
                          "gfid_conflict_resolution", "log_rsync_performance", "use_rsync_xattrs"}) {
    expectValid(key, "true");
    expectValid(key, "false");
    for (const char* v : {"True", "FALSE", "yes", "1", "0", "on", "", "true "}) expectInvalid(key, v);
  }
}

TEST(ConfigKeys, Checkpoint) {
  expectValid("checkpoint", "now");
  expectValid("checkpoint", "2026-11-21 11:59:56");
  expectValid("checkpoint", "2024-02-29 00:00:00");
  expectInvalid("checkpoint", "NOW");
  expectInvalid("checkpoint", "1763726396");  // the CLI's strptime refuses a bare Unix time
  expectInvalid("checkpoint", "2023-02-29 00:00:00");
  expectInvalid("checkpoint", "2026-13-01 00:00:00");
  expectInvalid("checkpoint", "2026-11-21T11:59:56");
  expectInvalid("checkpoint", "2026-11-21 11:59");
  expectInvalid("checkpoint", "1970-01-01 00:00:00");
  expectInvalid("checkpoint", "");
}

// Every key that names a program, a directory or program options root uses on the nodes is refused with
// field "key" and a reason naming the key; only its own default may be set (setting it changes nothing).
TEST(ConfigKeys, ProgramAndFileKeysAreRefusedNamingTheKey) {
  const char* keys[] = {"ssh_command",         "rsync_command",   "tar_command",
                        "remote_gsyncd",       "gluster_command_dir", "secondary_gluster_command_dir",
                        "gluster_logdir",      "gluster_rundir",  "glusterd_workdir",
                        "gsyncd_miscdir",      "meta_volume_mnt", "gluster_cli_options"};
  for (const char* key : keys) {
    EXPECT_EQ(normalizeConfigKey(key), key);  // reset stays possible
    for (const char* value : {"/tmp/x.sh", "x.sh", "/usr/bin/ssh", "/usr/local/bin/rsync", "/tmp", "--log-file=/etc/x",
                              "rsync;id", "$(id)"}) {
      const GatewayError e = errorOf([&] { validateConfigValue(key, value); }, std::string(key) + "=" + value);
      EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << key << "=" << value;
      EXPECT_EQ(e.field(), "key") << key << "=" << value;
      EXPECT_NE(std::string(e.what()).find(std::string("config ") + key + " cannot be set"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("root"), std::string::npos) << e.what();
    }
  }
  expectValid("rsync_command", "rsync");  // its own default
  expectValid("ssh_command", "ssh");
  expectValid("gluster_command_dir", "/usr/sbin");
  EXPECT_EQ(errorOf([] { validateConfigValue("remote_gsyncd", "/usr/libexec/glusterfs/gsyncd"); }).field(), "key");
}

// Log, pid and state files, working and socket dirs are not settable at all.
TEST(ConfigKeys, FileKeysAreNotSettable) {
  for (const char* key : {"log_file", "changelog_log_file", "cli_log_file", "gluster_log_file",
                          "secondary_log_file", "secondary_gluster_log_file", "secondary_gluster_log_file_mbr",
                          "pid_file", "state_file", "working_dir", "georep_session_working_dir", "socketdir",
                          "state_socket_unencoded"}) {
    EXPECT_EQ(errorOf([&] { normalizeConfigKey(key); }, key).kind(), ErrorKind::kReservedOption) << key;
    EXPECT_EQ(errorOf([&] { validateConfigValue(key, "/tmp/x"); }, key).kind(), ErrorKind::kReservedOption) << key;
  }
}

TEST(ConfigKeys, ArchiveFormatAndSyncModeCannotMakePaths) {
  expectValid("changelog_archive_format", "%Y%m");
  expectValid("changelog_archive_format", "%Y-%m-%d_%H");
  expectInvalid("changelog_archive_format", "%Y/../../../etc/cron.d/x");
  expectInvalid("changelog_archive_format", "x.sh");
  expectValid("special_sync_mode", "recover");
  expectInvalid("special_sync_mode", "../x");
}

TEST(ConfigKeys, FreeTextRefusesHostileStrings) {
  expectValid("gluster_params", "aux-gfid-mount acl");
  expectValid("changelog_archive_format", "%Y%m");
  expectValid("ssh_options",
              "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/secret.pem");
  expectValid("rsync_options", "-a --bwlimit=1000");
  expectValid("allow_network", "10.0.0.0/8,192.168.1.1");
  expectValid("allow_network", "caf\xc3\xa9");  // UTF-8 is fine in free text
  const std::string hostile[] = {
      std::string("a\nb"), std::string("a\rb"), std::string("a\tb"), std::string("a\0b", 3), std::string("\x1b[31m"),
      std::string("a\x7f"), std::string("\xff\xfe"), std::string("\xc3"), std::string("\xed\xa0\x80"),
      std::string("--remote-host=evil.example.com"), std::string("--xml"), std::string(5000, 'a'), std::string(""),
      std::string(" leading"), std::string("trailing ")};
  for (const auto& v : hostile) {
    expectInvalid("gluster_params", v);
    expectInvalid("allow_network", v);
    expectInvalid("rsync_options", v);
    expectInvalid("ssh_options", v);
  }
  // rsync/ssh option lists are options themselves; the argv builder ends the CLI's options with "--".
  expectValid("rsync_options", "--bwlimit=1000");
  expectInvalid("allow_network", "--remote-host=evil.example.com");
  expectInvalid("special_sync_mode", "--xml");
  expectInvalid("ssh_options", "-oProxyCommand=nc evil 22");
  expectInvalid("ssh_options", "-o proxycommand=sh -c id");
  expectInvalid("ssh_options_tar", "-oLocalCommand=id -oPermitLocalCommand=yes");
  expectInvalid("rsync_ssh_options", "-oKnownHostsCommand=/bin/id");
  expectInvalid("rsync_options", "-e sh");
  expectInvalid("rsync_options", "-a --rsh=sh");
  expectInvalid("rsync_options", "-a --rsync-path=sh");
  expectInvalid("rsync_options", "-ave sh");
}

TEST(ConfigKeys, ValueOfUnknownOrFixedKeyIsRefused) {
  EXPECT_EQ(errorOf([] { validateConfigValue("bogus", "1"); }).kind(), ErrorKind::kInvalidInput);
  EXPECT_EQ(errorOf([] { validateConfigValue("sync-jobs", "1"); }).kind(), ErrorKind::kInvalidInput);  // not normalized
  EXPECT_EQ(errorOf([] { validateConfigValue("pid_file", "/tmp/x"); }).kind(), ErrorKind::kReservedOption);
}

TEST(ConfigKeys, CliFormAndDefaults) {
  EXPECT_EQ(cliConfigKey("sync_jobs"), "sync-jobs");
  EXPECT_EQ(cliConfigKey("checkpoint"), "checkpoint");
  EXPECT_EQ(cliConfigKey("secondary_gluster_log_level"), "secondary-gluster-log-level");
  EXPECT_EQ(configDefault("sync_jobs"), "3");
  EXPECT_EQ(configDefault("ssh_port"), "22");
  EXPECT_EQ(configDefault("sync_method"), "rsync");
  EXPECT_EQ(configDefault("change_detector"), "changelog");
  EXPECT_EQ(configDefault("checkpoint"), "0");
  EXPECT_EQ(configDefault("ignore_deletes"), "false");
  EXPECT_EQ(configDefault("rsync_options"), "");
  EXPECT_EQ(configDefault("log_file"), std::nullopt);
  EXPECT_EQ(configDefault("bogus"), std::nullopt);
}

TEST(ConfigKeys, EverySettableKeyAcceptsItsOwnDefault) {
  int settable = 0;
  for (const auto& key : knownConfigKeys()) {
    std::string normalized;
    try {
      normalized = normalizeConfigKey(key);
    } catch (const GatewayError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kReservedOption) << key;
      continue;
    }
    ++settable;
    EXPECT_EQ(normalized, key);
    EXPECT_EQ(normalizeConfigKey(cliConfigKey(key)), key);
    const auto def = configDefault(key);
    if (def && !def->empty() && key != "checkpoint") {
      EXPECT_NO_THROW(validateConfigValue(key, *def)) << key << "=" << *def;
    }
  }
  EXPECT_GE(settable, 45);
}

}  // namespace
}  // namespace georep::gluster
