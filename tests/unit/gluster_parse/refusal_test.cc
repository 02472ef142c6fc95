// classifyRefusal on glusterd's own message texts (GlusterFS 10.3 glusterd-geo-rep.c, glusterd-handler.c,
// glusterd-op-sm.c, glusterd-utils.c, gverify.sh) and on opErrno; errorKindName for every kind.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "gluster/errors.h"
#include "gluster/refusal.h"

namespace georep::gluster {
namespace {

struct Case {
  int opErrno;
  const char* message;
  ErrorKind kind;
};

TEST(ClassifyRefusal, GlusterdMessages) {
  const Case cases[] = {
      // Volumes.
      {30800, "Volume nosuchvol does not exist", ErrorKind::kNoSuchVolume},
      {30800, "Volume name nosuchvol does not exist", ErrorKind::kNoSuchVolume},
      {30806, "Volume does not exist", ErrorKind::kNoSuchVolume},
      {30806, "", ErrorKind::kNoSuchVolume},
      {30800, "Volume mastervol needs to be started before geo-replication start", ErrorKind::kVolumeNotStarted},
      {30800, "Volume mastervol is not started", ErrorKind::kVolumeNotStarted},
      {30800, "Volume mastervol is not started.", ErrorKind::kVolumeNotStarted},
      // Sessions.
      {30800, "Session between mastervol and vm::slavevol is already created.", ErrorKind::kSessionExists},
      {30800,
       "Session between mastervol and vm:40f418a6-f1fd-4f38-b70f-001c1121d300 is already created! Cannot create "
       "with new secondary:vm2 again!",
       ErrorKind::kSessionExists},
      {30800, "Geo-replication session between mastervol and vm::slavevol does not exist.", ErrorKind::kNoSuchSession},
      {30800, "Session between mastervol and vm::slavevol has not been created. Please create session and retry.",
       ErrorKind::kNoSuchSession},
      {30800, "geo-replication session between mastervol & vm::slavevol already started", ErrorKind::kAlreadyStarted},
      {30800, "geo-replication already running in another machine", ErrorKind::kAlreadyStarted},
      {30800, "Geo-replication session between mastervol and vm::slavevol already Paused.", ErrorKind::kAlreadyPaused},
      {30800, "Geo-replication session between mastervol and vm::slavevol is not Paused.", ErrorKind::kNotPaused},
      {30800, "Geo-replication session between mastervol & vm::slavevol is still active. Please stop the session and "
              "retry.",
       ErrorKind::kStillActive},
      {30800, "Geo-replication session between mastervol and vm::slavevol is still active. Please stop the session "
              "and retry.",
       ErrorKind::kStillActive},
      {30800, "geo-replication sessions are active for the volume mastervol.\nStop geo-replication sessions involved "
              "in this volume. Use 'volume geo-replication status' command for more info.",
       ErrorKind::kStillActive},
      {30814, "", ErrorKind::kStillActive},
      {30800, "geo-replication session b/w mastervol & vm::slavevol is not running on this node.",
       ErrorKind::kNotStarted},
      {30800, "geo-replication is not set up", ErrorKind::kNotStarted},
      {30800, "Pause check Failed: Geo-rep session is not setup", ErrorKind::kNotStarted},
      // Config.
      {30800, "Invalid option", ErrorKind::kInvalidOption},
      {30800, "Invalid value(fast) for option sync-method", ErrorKind::kInvalidOption},
      {30800, "Reserved option", ErrorKind::kReservedOption},
      // Secondary checks (gverify.sh), alone and wrapped by glusterd.
      {30800, "vm2 not reachable.", ErrorKind::kSecondaryUnreachable},
      {30800, "vm::slavevol is not a valid secondary volume. Error: vm2 not reachable.",
       ErrorKind::kSecondaryUnreachable},
      {30800, "Passwordless ssh login has not been setup with vm2 for user geoaccount.",
       ErrorKind::kPasswordlessSshMissing},
      {30800,
       "Unable to mount and fetch secondary volume details. Please check the log: "
       "/var/log/glusterfs/geo-replication/gverify-secondarymnt.log",
       ErrorKind::kSecondaryCheckFailed},
      {30800, "Unable to mount and fetch primary volume details. Please check the log: /x.log",
       ErrorKind::kSecondaryCheckFailed},
      {30800, "gluster command not found on vm2 for user root.", ErrorKind::kSecondaryCheckFailed},
      {30800, "Total disk size of primary is greater than disk size of secondary.", ErrorKind::kSecondaryCheckFailed},
      {30800, "Total available size of primary is greater than available size of secondary",
       ErrorKind::kSecondaryCheckFailed},
      {30800, "vm::slavevol is not empty. Please delete existing files in vm::slavevol and retry, or use force to "
              "continue without deleting the existing files.",
       ErrorKind::kSecondaryCheckFailed},
      {30800, "Gluster version mismatch between primary and secondary. Primary version: 10.3 Secondary version: 9.2",
       ErrorKind::kSecondaryCheckFailed},
      {30800, "vm::slavevol is not a valid secondary volume. Error: weird", ErrorKind::kSecondaryCheckFailed},
      // Cluster.
      {30800, "Peer vm2, which is a part of mastervol volume, is down. Please bring up the peer and retry.",
       ErrorKind::kPeerDown},
      {30800, "Host vm2 not connected", ErrorKind::kPeerDown},
      {30802, "Another transaction is in progress for mastervol. Please try again after some time.",
       ErrorKind::kTransactionInProgress},
      {30800, "Another transaction is in progress. Please try again after some time.",
       ErrorKind::kTransactionInProgress},
      {30802, "", ErrorKind::kTransactionInProgress},
      {30800, "Locking failed on vm2. Another transaction is in progress. Please try again after some time.",
       ErrorKind::kTransactionInProgress},
      // Anything else.
      {30800, "One or more nodes do not support the required op version.", ErrorKind::kRefused},
      {30800, "Source file does not exist in /var/lib/glusterd", ErrorKind::kRefused},
      {30800, "Unable to spawn gsyncd", ErrorKind::kRefused},
      {30800, "", ErrorKind::kRefused},
      {0, "something new", ErrorKind::kRefused},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(classifyRefusal(c.opErrno, c.message), c.kind)
        << c.opErrno << " \"" << c.message << "\" -> " << errorKindName(classifyRefusal(c.opErrno, c.message));
  }
}

TEST(ClassifyRefusal, NamesInsideMessagesCannotChangeTheKind) {
  // Volume and host names never hold spaces; a name that spells a keyword is just a name.
  EXPECT_EQ(classifyRefusal(30800, "Volume reserved does not exist"), ErrorKind::kNoSuchVolume);
  EXPECT_EQ(classifyRefusal(30800, "Volume session_between does not exist"), ErrorKind::kNoSuchVolume);
  EXPECT_EQ(classifyRefusal(30800, "Volume started is not started"), ErrorKind::kVolumeNotStarted);
}

TEST(ErrorKindName, EveryKindHasADistinctSnakeCaseName) {
  std::set<std::string> names;
  for (int k = static_cast<int>(ErrorKind::kInvalidInput); k <= static_cast<int>(ErrorKind::kRefused); ++k) {
    const std::string name(errorKindName(static_cast<ErrorKind>(k)));
    EXPECT_FALSE(name.empty());
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(ErrorKind::kRefused) + 1);
  EXPECT_EQ(errorKindName(ErrorKind::kNoSuchVolume), "no_such_volume");
  EXPECT_EQ(errorKindName(ErrorKind::kMalformedXml), "malformed_xml");
  EXPECT_EQ(errorKindName(ErrorKind::kTransactionInProgress), "transaction_in_progress");
}

}  // namespace
}  // namespace georep::gluster
