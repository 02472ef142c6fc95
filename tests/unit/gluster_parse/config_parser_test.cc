// parseConfig on the real `config` capture: every key, values kept verbatim (empty elements as "").
#include <gtest/gtest.h>

#include <string>

#include "gluster/config_keys.h"
#include "gluster/errors.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

TEST(ConfigParser, Capture) {
  const ConfigMap c = parseConfig(testing::readFixture("config.xml"));
  EXPECT_EQ(c.size(), 67u);
  EXPECT_EQ(c.at("access_mount"), "false");
  EXPECT_EQ(c.at("allow_network"), "");
  EXPECT_EQ(c.at("change_detector"), "changelog");
  EXPECT_EQ(c.at("change_interval"), "5");
  EXPECT_EQ(c.at("changelog_archive_format"), "%Y%m");
  EXPECT_EQ(c.at("changelog_batch_size"), "727040");
  EXPECT_EQ(c.at("changelog_log_file"),
            "/var/log/glusterfs/geo-replication/mastervol_vm_slavevol/changes-${local_id}.log");
  EXPECT_EQ(c.at("checkpoint"), "0");
  EXPECT_EQ(c.at("connection_timeout"), "60");
  EXPECT_EQ(c.at("gluster_params"), "aux-gfid-mount acl");
  EXPECT_EQ(c.at("ignore_deletes"), "false");
  EXPECT_EQ(c.at("log_level"), "INFO");
  EXPECT_EQ(c.at("max_rsync_retries"), "10");
  EXPECT_EQ(c.at("pid_file"), "/var/run/gluster/gsyncd-mastervol-vm-slavevol.pid");
  EXPECT_EQ(c.at("secondary_timeout"), "120");
  EXPECT_EQ(c.at("ssh_options"),
            "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/secret.pem");
  EXPECT_EQ(c.at("ssh_port"), "22");
  EXPECT_EQ(c.at("stime_xattr_prefix"),
            "trusted.glusterfs.28731639-9bfa-453f-9f57-5525d32a9d86.40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(c.at("sync_jobs"), "3");
  EXPECT_EQ(c.at("sync_method"), "rsync");
  EXPECT_EQ(c.at("use_meta_volume"), "false");
  EXPECT_EQ(c.at("working_dir"), "/var/lib/misc/gluster/gsyncd/mastervol_vm_slavevol/");
}

TEST(ConfigParser, EveryCapturedKeyIsInTheCatalogAndFixedDefaultsMatch) {
  // The capture is a fresh session: every key with a fixed default shows that default.
  const ConfigMap c = parseConfig(testing::readFixture("config.xml"));
  int withDefault = 0;
  for (const auto& [key, value] : c) {
    EXPECT_TRUE(isKnownConfigKey(key)) << key;
    if (const auto def = configDefault(key)) {
      ++withDefault;
      EXPECT_EQ(*def, value) << key;
    }
  }
  EXPECT_GE(withDefault, 50);
  EXPECT_EQ(configDefault("pid_file"), std::nullopt);
  EXPECT_EQ(configDefault("stime_xattr_prefix"), std::nullopt);
  EXPECT_EQ(configDefault("primary_replica_count"), std::nullopt);
}

TEST(ConfigParser, SingleKeyDroppedValueIsEmpty) {
  // `config KEY` drops one-character values and answers <config/>.
  const ConfigMap c = parseConfig(
      "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><geoRep><config/></geoRep></cliOutput>");
  EXPECT_TRUE(c.empty());
}

TEST(ConfigParser, WrongShapesAndErrors) {
  EXPECT_EQ(errorOf([] { parseConfig(testing::readFixture("status_session.xml")); }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseConfig("<cliOutput><opRet>0</opRet><geoRep><config><a><b>x</b></a></config></geoRep></cliOutput>");
            }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] { parseConfig(""); }).kind(), ErrorKind::kNotXml);
  const std::string full = testing::readFixture("config.xml");
  EXPECT_EQ(errorOf([&] { parseConfig(full.substr(0, full.size() - 30)); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] { parseConfig(testing::readFixture("err_config_bogus.xml")); }).kind(),
            ErrorKind::kInvalidOption);
}

}  // namespace
}  // namespace georep::gluster
