// The gsyncd log path check and the tail read (gluster/log_tail_reader.h): hostile paths are refused
// before anything runs; the argv is exactly `tail -c N -- PATH`; output is bounded; failures are typed.
#include <gtest/gtest.h>

#include "gluster/errors.h"
#include "gluster/log_tail_reader.h"
#include "support/fake_transport.h"

namespace georep::gluster {
namespace {

TEST(GsyncdLogPath, TheConfigsOwnPathsAreAccepted) {
  for (const char* path : {"/var/log/glusterfs/geo-replication/mastervol_vm_slavevol/gsyncd.log",
                           "/var/log/glusterfs/geo-replication-secondaries/mastervol_vm_slavevol/gsyncd.log",
                           "/var/log/glusterfs/geo-replication/labprimary_vm_labsecondary1/gsyncd.log",
                           "/var/log/glusterfs/geo-replication/m_geoaccount@vm2_s/gsyncd.log"}) {
    EXPECT_FALSE(gsyncdLogPathProblem(path)) << path << ": " << gsyncdLogPathProblem(path).value_or("");
  }
}

TEST(GsyncdLogPath, AnythingElseIsRefused) {
  for (const char* path : {"", "/etc/shadow", "/root/.ssh/id_rsa", "var/log/glusterfs/geo-replication/m/gsyncd.log",
                           "/var/log/glusterfs/geo-replication/../../../etc/shadow",
                           "/var/log/glusterfs/geo-replication/m/../../x.log",
                           "/var/log/glusterfs/geo-replication/./m/gsyncd.log",
                           "/var/log/glusterfs/geo-replication//gsyncd.log",
                           "/var/log/glusterfs/geo-replication/m/gsyncd.log/",
                           "/var/log/glusterfs/geo-replication/m/gsyncd",
                           "/var/log/glusterfs/geo-replication.log", "/var/log/glusterfs/cli.log",
                           "/var/log/glusterfs/bricks/b.log", "/var/log/glusterfs/geo-replication/m/a b.log",
                           "/var/log/glusterfs/geo-replication/m/g\nsyncd.log",
                           "/var/log/glusterfs/geo-replication/m/$(id).log",
                           "/var/log/glusterfs/geo-replication/m/`id`.log",
                           "/var/log/glusterfs/geo-replication/m/changes-${local_id}.log",
                           "/var/log/glusterfs/geo-replication/m/x;rm.log"}) {
    EXPECT_TRUE(gsyncdLogPathProblem(path)) << path;
  }
  EXPECT_TRUE(gsyncdLogPathProblem(std::string("/var/log/glusterfs/geo-replication/m/a\0b.log", 45)));
  EXPECT_TRUE(gsyncdLogPathProblem("/var/log/glusterfs/geo-replication/m/" + std::string(2000, 'a') + ".log"));
}

TEST(LogTail, RunsExactlyTailWithTheBoundAndThePathAfterDoubleDash) {
  testing::FakeTransport transport;
  transport.on({"tail"}, ExecResult{0, "0123456789", ""});
  const auto tail = readLogTail(transport, "/var/log/glusterfs/geo-replication/m/gsyncd.log", 4,
                                std::chrono::seconds(5));
  ASSERT_EQ(transport.calls().size(), 1u);
  EXPECT_EQ(transport.calls()[0],
            (std::vector<std::string>{"tail", "-c", "4", "--", "/var/log/glusterfs/geo-replication/m/gsyncd.log"}));
  EXPECT_EQ(tail.text, "6789") << "never more than asked, whatever the node sends";
}

TEST(LogTail, ARefusedPathOrSizeSendsNothing) {
  testing::FakeTransport transport;
  transport.on({"tail"}, ExecResult{0, "secret", ""});
  try {
    readLogTail(transport, "/etc/shadow", 100, std::chrono::seconds(5));
    FAIL() << "accepted /etc/shadow";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    EXPECT_EQ(e.field(), "log_file");
  }
  EXPECT_THROW(readLogTail(transport, "/var/log/glusterfs/geo-replication/m/gsyncd.log", 0, std::chrono::seconds(5)),
               GatewayError);
  EXPECT_THROW(readLogTail(transport, "/var/log/glusterfs/geo-replication/m/gsyncd.log", kMaxLogTailBytes + 1,
                           std::chrono::seconds(5)),
               GatewayError);
  EXPECT_EQ(transport.callCount(), 0u);
}

TEST(LogTail, ANonZeroExitIsAnExecFailureWithTailsMessage) {
  testing::FakeTransport transport;
  transport.on({"tail"}, ExecResult{1, "", "tail: cannot open '/var/log/x.log' for reading: Permission denied"});
  try {
    readLogTail(transport, "/var/log/glusterfs/geo-replication/m/gsyncd.log", 100, std::chrono::seconds(5));
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kExecFailed);
    EXPECT_NE(std::string(e.what()).find("Permission denied"), std::string::npos);
  }
}

}  // namespace
}  // namespace georep::gluster
