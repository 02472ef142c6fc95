#include "cluster_lab.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "harness/env_lines.h"
#include "harness/wait.h"

namespace georep::testing::chaos {
namespace {

using e2e::run;

using e2e::parseEnvLines;

std::string required(const std::map<std::string, std::string>& env, const std::string& key) {
  return e2e::requiredEnv(env, key, "scripts/lab-cluster");
}

// "p1=10.213.77.11 p2=10.213.77.12" -> {p1: ..., p2: ...}
std::map<std::string, std::string> parseNodes(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    const auto eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

void runScript(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{ClusterLab::script().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = run(argv, timeout);
  if (r.exitCode != 0) throw std::runtime_error("scripts/lab-cluster " + args.front() + " failed: " + r.describe());
}

}  // namespace

std::string ClusterLabFacts::ip(const std::string& node) const {
  if (auto it = primaryNodes.find(node); it != primaryNodes.end()) return it->second;
  if (auto it = secondaryNodes.find(node); it != secondaryNodes.end()) return it->second;
  throw std::runtime_error("no lab node " + node);
}

std::filesystem::path ClusterLabFacts::brickDir(const std::string& node, const std::string& volume) const {
  return labDir / "nodes" / node / "bricks" / volume;
}

std::filesystem::path ClusterLab::script() {
  return std::filesystem::path(GEOREP_SOURCE_DIR) / "scripts" / "lab-cluster";
}

std::optional<std::string> ClusterLab::cannotRunReason() {
  if (::geteuid() != 0) return "not running as root (network namespaces, glusterd, FUSE need root)";
  if (!std::filesystem::exists("/dev/fuse")) return "/dev/fuse does not exist (no FUSE in this machine)";
  return std::nullopt;
}

std::optional<ClusterLabFacts> ClusterLab::up(std::string* skipReason) {
  const RunResult upResult = run({script().string(), "up"}, std::chrono::minutes(10));
  if (upResult.exitCode == 77) {
    if (skipReason != nullptr) *skipReason = upResult.describe();
    return std::nullopt;
  }
  if (upResult.exitCode != 0) throw std::runtime_error("scripts/lab-cluster up failed: " + upResult.describe());
  const RunResult envResult = run({script().string(), "env"}, std::chrono::seconds(30));
  if (envResult.exitCode != 0) throw std::runtime_error("scripts/lab-cluster env failed: " + envResult.describe());
  const auto env = parseEnvLines(envResult.out);
  ClusterLabFacts f;
  f.labDir = required(env, "GEOREP_MLAB_DIR");
  f.sshKeyPath = required(env, "GEOREP_MLAB_SSH_KEY");
  f.sshUser = required(env, "GEOREP_MLAB_SSH_USER");
  f.hostKeyFingerprint = required(env, "GEOREP_MLAB_HOST_KEY_FINGERPRINT");
  f.primaryNodes = parseNodes(required(env, "GEOREP_MLAB_PRIMARY_NODES"));
  f.secondaryNodes = parseNodes(required(env, "GEOREP_MLAB_SECONDARY_NODES"));
  f.primary = required(env, "GEOREP_MLAB_PRIMARY");
  f.solo = required(env, "GEOREP_MLAB_SOLO");
  f.soloNode = required(env, "GEOREP_MLAB_SOLO_NODE");
  f.secondary = required(env, "GEOREP_MLAB_SECONDARY");
  f.secondary2 = required(env, "GEOREP_MLAB_SECONDARY2");
  if (auto it = env.find("GEOREP_MLAB_RSYNC_OPTIONS"); it != env.end()) f.rsyncOptions = it->second;
  if (f.primaryNodes.size() != 3 || f.secondaryNodes.size() != 2)
    throw std::runtime_error("scripts/lab-cluster env: expected 3 primary and 2 secondary nodes");
  return f;
}

void ClusterLab::reset() { runScript({"reset"}, std::chrono::minutes(6)); }

RunResult ClusterLab::gluster(const std::string& node, const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout, bool xml) {
  std::vector<std::string> argv{script().string(), "exec", node, "gluster", "--mode=script"};
  if (xml) argv.emplace_back("--xml");
  argv.emplace_back("--");
  argv.insert(argv.end(), args.begin(), args.end());
  // glusterd refuses a CLI call while another transaction (the engine's own reads, say) holds the volume's
  // lock, having done nothing: "Please try again after some time", as an administrator would.
  RunResult r = run(argv, timeout);
  for (int retry = 0; retry < 10 && r.out.find("Another transaction is in progress") != std::string::npos; ++retry) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    r = run(argv, timeout);
  }
  return r;
}

void ClusterLab::killNode(const std::string& node) { runScript({"kill-node", node}, std::chrono::seconds(60)); }
void ClusterLab::startNode(const std::string& node) { runScript({"start-node", node}, std::chrono::minutes(2)); }
void ClusterLab::killSshd(const std::string& node) { runScript({"kill-sshd", node}, std::chrono::seconds(60)); }
void ClusterLab::startSshd(const std::string& node) { runScript({"start-sshd", node}, std::chrono::seconds(60)); }

bool ClusterLab::waitForPushPemHook(const ClusterLabFacts& lab, const std::string& secondaryVolume,
                                    std::chrono::milliseconds timeout) {
  const auto info = lab.labDir / "nodes" / "s1" / "glusterd" / "vols" / secondaryVolume / "info";
  return e2e::waitUntil(timeout, [&] {
    std::ifstream in(info);
    for (std::string line; std::getline(in, line);)
      if (line == "features.read-only=on") return true;
    return false;
  }, std::chrono::milliseconds(200));
}

ClusterMount::ClusterMount(const ClusterLabFacts& lab, const std::string& node, const std::string& volume) {
  std::filesystem::create_directories(lab.labDir / "mnt");
  std::string templ = (lab.labDir / "mnt" / (volume + ".XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp " + templ + " failed");
  dir_ = templ;
  const std::string source = lab.ip(node) + ":/" + volume;
  const RunResult r = run({"mount", "-t", "glusterfs", source, dir_.string()}, std::chrono::seconds(60));
  if (r.exitCode != 0) {
    std::filesystem::remove(dir_);
    throw std::runtime_error("mount -t glusterfs " + source + " failed: " + r.describe());
  }
}

ClusterMount::~ClusterMount() {
  const RunResult r = run({"umount", dir_.string()}, std::chrono::seconds(30));
  if (r.exitCode != 0) run({"umount", "-l", dir_.string()}, std::chrono::seconds(30));
  std::error_code ec;
  std::filesystem::remove(dir_, ec);
}

}  // namespace georep::testing::chaos
