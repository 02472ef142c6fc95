// The Faulty-worker classifier (sync-jobs/fault_classifier.h) on REAL gsyncd.log excerpts captured on the
// GlusterFS 10.3 lab (tests/fixtures/gsyncd-faults/capture.sh): rsync_command /bin/false, the geo-rep SSH
// key removed from the secondary, the secondary's brick made read-only, and remote_gsyncd pointing to a
// missing program, and a primary brick root whose xattr space is full of stale stime xattrs
// (capture-xattr-full.sh, throwaway volumes labxattrp -> labxattrs). Classes with no lab capture (disk full, history crawl, version mismatch) use lines
// built in gsyncd's own log format with the messages gsyncd 10.3 writes; they are marked as built.
#include <gtest/gtest.h>

#include "support/fault_captures.h"
#include "sync-jobs/fault_classifier.h"

namespace georep::sync {
namespace {

using testing::kLabBrick1;
using testing::kLabBrick2;
using testing::readFaultCapture;

std::string className(const FaultDiagnosis& d) { return std::string(faultClassName(d.reasonClass)); }

TEST(FaultClassifier, RsyncCommandBinFalseIsRsync) {
  const std::string log = readFaultCapture("rsync_false.log");
  for (const char* brick : {kLabBrick1, kLabBrick2}) {
    const auto d = classifyFault(log, brick);
    EXPECT_EQ(className(d), "rsync") << brick << "\n" << d.excerpt;
    EXPECT_NE(d.excerpt.find("cmd=/bin/false -aR0"), std::string::npos);
    EXPECT_NE(d.excerpt.find(std::string("(worker ") + brick + ")"), std::string::npos);
    EXPECT_NE(d.hint.find("rsync_command"), std::string::npos);
    ASSERT_TRUE(d.loggedAt);
  }
  // Each worker's own line: brick 2 failed at .831135, brick 1 at .831601.
  EXPECT_EQ(*classifyFault(log, kLabBrick2).loggedAt, "2026-12-01 06:19:00.831135");
  EXPECT_EQ(*classifyFault(log, kLabBrick1).loggedAt, "2026-12-01 06:19:00.831601");
}

TEST(FaultClassifier, TheSshKeyRemovedFromTheSecondaryIsSshAuth) {
  const auto d = classifyFault(readFaultCapture("ssh_key_removed.log"), kLabBrick1);
  EXPECT_EQ(className(d), "ssh_auth") << d.excerpt;
  EXPECT_NE(d.excerpt.find("Permission denied (publickey)"), std::string::npos);
  EXPECT_NE(d.hint.find("push-pem"), std::string::npos);
}

TEST(FaultClassifier, TheSecondaryMadeReadOnlyIsPermissionDenied) {
  const auto d = classifyFault(readFaultCapture("secondary_read_only.log"), kLabBrick2);
  EXPECT_EQ(className(d), "permission_denied") << d.excerpt;
}

TEST(FaultClassifier, AMissingRemoteGsyncdBreaksTheSshConnection) {
  const auto d = classifyFault(readFaultCapture("remote_gsyncd_missing.log"), kLabBrick2);
  EXPECT_EQ(className(d), "secondary_unreachable") << d.excerpt;
  EXPECT_NE(d.excerpt.find("connection to peer is broken"), std::string::npos);
  EXPECT_NE(d.excerpt.find("/nonexistent/gsyncd"), std::string::npos) << "the command that failed is kept";
}

TEST(FaultClassifier, EnospcOfTheStimeXattrOnThePrimaryBrickIsXattrSpaceExhausted) {
  // Real: 33 stale stime xattrs filled the brick root; the worker's first set_stime failed with ENOSPC.
  const auto d = classifyFault(readFaultCapture("xattr_space_exhausted.log"), "/var/lib/georep-lab/bricks/labxattrp-1");
  EXPECT_EQ(className(d), "xattr_space_exhausted") << d.excerpt;
  EXPECT_NE(d.excerpt.find("OSError: [Errno 28] No space left on device"), std::string::npos) << d.excerpt;
  EXPECT_NE(d.excerpt.find("in set_stime"), std::string::npos) << "the frames that name the xattr call are kept";
  ASSERT_TRUE(d.loggedAt);
  EXPECT_EQ(*d.loggedAt, "2026-12-01 09:42:23.843022");
  // The hint says what is full (not the disk), which xattrs and how to get out.
  EXPECT_NE(d.hint.find("disk is not full"), std::string::npos) << d.hint;
  EXPECT_NE(d.hint.find("trusted.glusterfs.<primary-id>.<secondary-id>.stime"), std::string::npos) << d.hint;
  EXPECT_NE(d.hint.find("setfattr -x"), std::string::npos) << d.hint;
}

TEST(FaultClassifier, EnospcElsewhereIsStillSecondaryFull) {
  // Built: ENOSPC without gsyncd's sync-time lsetxattr (rsync or an entry op on the full secondary), and an
  // lsetxattr that failed for another reason.
  const auto classify = [](const std::string& message) {
    return className(classifyFault(
        "[2026-12-01 06:00:01.000001] E [syncdutils(worker /b/1):325:log_raise_exception] " + message + "\n", "/b/1"));
  };
  EXPECT_EQ(classify("FAIL: \nTraceback (most recent call last):\n  File \"x/primary.py\", line 1, in syncjob\n"
                     "OSError: [Errno 28] No space left on device"),
            "secondary_full");
  EXPECT_EQ(classify("FAIL: \nTraceback (most recent call last):\n  File \"x/resource.py\", line 334, in set_stime\n"
                     "  File \"x/libcxattr.py\", line 83, in lsetxattr\nPermissionError: [Errno 13] Permission denied"),
            "permission_denied");
}

TEST(FaultClassifier, OtherBricksErrorsAreNotThisBricksReason) {
  // Built: brick 1's worker failed on ENOSPC, brick 2 logged only info lines.
  const std::string log =
      "[2026-12-01 06:00:00.000001] I [primary(worker /b/2):1691:crawl] _GPrimary: starting hybrid crawl\n"
      "[2026-12-01 06:00:01.000001] E [syncdutils(worker /b/1):325:log_raise_exception] FAIL: \n"
      "Traceback (most recent call last):\n"
      "  File \"/usr/libexec/glusterfs/python/syncdaemon/syncdutils.py\", line 363, in twrap\n"
      "OSError: [Errno 28] No space left on device\n";
  EXPECT_EQ(className(classifyFault(log, "/b/1")), "secondary_full");
  const auto other = classifyFault(log, "/b/2");
  EXPECT_EQ(className(other), "unknown");
  EXPECT_FALSE(other.loggedAt);
  EXPECT_NE(other.excerpt.find("No space left"), std::string::npos) << "unknown: the log's last lines, for the operator";
  // The traceback is part of brick 1's excerpt.
  EXPECT_NE(classifyFault(log, "/b/1").excerpt.find("Traceback"), std::string::npos);
}

TEST(FaultClassifier, BuiltLinesOfTheOtherClasses) {
  const auto classify = [](const std::string& message) {
    return className(classifyFault(
        "[2026-12-01 06:00:01.000001] E [syncdutils(worker /b/1):325:log_raise_exception] " + message + "\n", "/b/1"));
  };
  EXPECT_EQ(classify("FAIL: \nChangelogHistoryNotAvailable"), "history_crawl");
  EXPECT_EQ(classify("Changelog History Crawl failed [{brick=/b/1}, {error=[Errno 61] No data available}]"),
            "history_crawl");
  EXPECT_EQ(classify("RePCe major version mismatch [{local=2.0}, {remote=1.0}]"), "version_mismatch");
  EXPECT_EQ(classify("FAIL: \nOSError: [Errno 122] Disk quota exceeded"), "secondary_full");
  EXPECT_EQ(classify("Popen: ssh> ssh: connect to host s1 port 22: Connection refused"), "secondary_unreachable");
  EXPECT_EQ(classify("Popen: ssh> ssh: Could not resolve hostname s1: Name or service not known"),
            "secondary_unreachable");
  EXPECT_EQ(classify("Popen: ssh> Host key verification failed."), "ssh_auth");
  EXPECT_EQ(classify("FAIL: \nFileNotFoundError: [Errno 2] No such file or directory: 'rsync'"), "rsync");
  EXPECT_EQ(classify("Popen: ssh> mountbroker: unable to mount"), "permission_denied");
  EXPECT_EQ(classify("FAIL: \nPermissionError: [Errno 13] Permission denied: '/x'"), "permission_denied");
  EXPECT_EQ(classify("something nobody has seen before"), "unknown");
}

TEST(FaultClassifier, ExcerptsAreBoundedAndPrintable) {
  std::string log = "[2026-12-01 06:00:01.000001] E [syncdutils(worker /b/1):1:x] start\n";
  for (int i = 0; i < 500; ++i) log += "  traceback line " + std::to_string(i) + " \x1b[0m\xc3\n";
  log += "OSError: [Errno 28] No space left on device\n";
  const auto d = classifyFault(log, "/b/1");
  EXPECT_LE(d.excerpt.size(), kMaxFaultExcerptBytes);
  EXPECT_NE(d.excerpt.find("No space left"), std::string::npos) << "the most recent lines are kept";
  EXPECT_EQ(d.excerpt.find('\x1b'), std::string::npos);
  EXPECT_EQ(d.excerpt.find('\xc3'), std::string::npos);
  EXPECT_EQ(className(d), "secondary_full");
}

TEST(FaultClassifier, ACutFirstLineIsNotMistakenForAnError) {
  // tail -c starts mid-line: the fragment is dropped.
  const std::string log = "connection to peer is broken\n"
                          "[2026-12-01 06:00:01.000001] I [primary(worker /b/1):1:x] fine\n";
  EXPECT_EQ(className(classifyFault(log, "/b/1")), "unknown");
}

TEST(FaultClassifier, EveryClassHasANameAndAHint) {
  for (auto c : {FaultClass::kSshAuth, FaultClass::kRsync, FaultClass::kSecondaryFull, FaultClass::kPermissionDenied,
                 FaultClass::kHistoryCrawl, FaultClass::kVersionMismatch, FaultClass::kSecondaryUnreachable,
                 FaultClass::kXattrSpaceExhausted, FaultClass::kUnknown, FaultClass::kLogUnreadable}) {
    EXPECT_FALSE(faultClassName(c).empty());
    EXPECT_FALSE(faultHint(c).empty());
    EXPECT_EQ(faultHint(c).find('\n'), std::string_view::npos) << "one line";
  }
}

}  // namespace
}  // namespace georep::sync
