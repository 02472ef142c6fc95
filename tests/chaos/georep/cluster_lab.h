// ClusterLab: the chaos tests' handle on scripts/lab-cluster, the multi-node GlusterFS lab (a 3-node
// primary cluster and a 2-node secondary cluster, each node a network + mount namespace of its own with
// its own glusterd and sshd). up() brings it up and reads its facts (`scripts/lab-cluster env`), and a
// machine that cannot run it is reported (exit 77) so the suite skips loudly; the fault injections
// (kill a node, kill a node's sshd and its connections) and the gluster CLI of one node go through the
// script too, so that every process touched is one the lab started.
// Thread-safety: static functions running child processes; safe from any thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/process.h"

namespace georep::testing::chaos {

using e2e::RunResult;

struct ClusterLabFacts {
  std::filesystem::path labDir;
  std::string sshKeyPath;
  std::string sshUser;
  std::string hostKeyFingerprint;            // SHA256:... (every node's sshd has the lab host key)
  std::map<std::string, std::string> primaryNodes;    // p1 -> 10.213.77.11, ...
  std::map<std::string, std::string> secondaryNodes;  // s1 -> 10.213.77.21, ...
  std::string primary;      // replica 3 over p1 p2 p3
  std::string solo;         // one brick, on soloNode
  std::string soloNode;
  std::string secondary;    // replica 2 over s1 s2
  std::string secondary2;   // one brick, on s2
  std::string rsyncOptions; // what the sessions need with this machine's rsync (empty when nothing)

  std::string ip(const std::string& node) const;
  // Where a secondary volume's brick on `node` lies on this machine's file system.
  std::filesystem::path brickDir(const std::string& node, const std::string& volume) const;
};

class ClusterLab {
 public:
  static std::filesystem::path script();
  // Why the lab cannot run here (checked before `up`), or nothing.
  static std::optional<std::string> cannotRunReason();
  // scripts/lab-cluster up + env. Sets *skipReason (returns nothing) on exit 77; throws otherwise.
  static std::optional<ClusterLabFacts> up(std::string* skipReason);
  // Every node running, no geo-rep session, empty secondaries. Throws on failure.
  static void reset();

  // `gluster --mode=script --xml -- <args>` on `node` (inside its namespaces); without --xml when !xml. A
  // call glusterd refuses as busy ("Another transaction is in progress") is run again, 2 s apart, up to 10 times.
  static RunResult gluster(const std::string& node, const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout = std::chrono::seconds(150), bool xml = true);
  // Fault injection; each throws std::runtime_error when the script fails.
  static void killNode(const std::string& node);
  static void startNode(const std::string& node);
  static void killSshd(const std::string& node);
  static void startSshd(const std::string& node);

  // Waits until the gsync-create (push-pem) hook of a create to `secondaryVolume` has finished on the
  // secondary cluster: its last step sets features.read-only in s1's store. False on timeout.
  static bool waitForPushPemHook(const ClusterLabFacts& lab, const std::string& secondaryVolume,
                                 std::chrono::milliseconds timeout);
};

// Mounts a primary volume (FUSE, from this machine through node `node`) for a scope.
class ClusterMount {
 public:
  ClusterMount(const ClusterLabFacts& lab, const std::string& node, const std::string& volume);
  ~ClusterMount();
  ClusterMount(const ClusterMount&) = delete;
  ClusterMount& operator=(const ClusterMount&) = delete;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace georep::testing::chaos
