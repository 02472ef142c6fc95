#include "harness/lab.h"

#include "harness/env_lines.h"
#include "harness/wait.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace georep::testing::e2e {
namespace {

std::string required(const std::map<std::string, std::string>& env, const std::string& key) {
  return requiredEnv(env, key, "scripts/lab");
}

}  // namespace

std::filesystem::path Lab::script() { return std::filesystem::path(GEOREP_SOURCE_DIR) / "scripts" / "lab"; }

std::optional<std::string> Lab::cannotRunReason() {
  if (::geteuid() != 0) return "not running as root (GlusterFS bricks, FUSE mounts and glusterd need root)";
  if (!std::filesystem::exists("/dev/fuse")) return "/dev/fuse does not exist (no FUSE in this machine)";
  return std::nullopt;
}

std::optional<LabFacts> Lab::up(std::string* skipReason) {
  const RunResult upResult = run({script().string(), "up"}, std::chrono::minutes(8));
  if (upResult.exitCode == 77) {
    if (skipReason != nullptr) *skipReason = upResult.describe();
    return std::nullopt;
  }
  if (upResult.exitCode != 0) throw std::runtime_error("scripts/lab up failed: " + upResult.describe());
  const RunResult envResult = run({script().string(), "env"}, std::chrono::seconds(30));
  if (envResult.exitCode != 0) throw std::runtime_error("scripts/lab env failed: " + envResult.describe());
  const auto env = parseEnvLines(envResult.out);
  LabFacts facts;
  facts.host = required(env, "GEOREP_LAB_HOST");
  facts.sshPort = std::stoi(required(env, "GEOREP_LAB_SSH_PORT"));
  facts.sshUser = required(env, "GEOREP_LAB_SSH_USER");
  facts.sshKeyPath = required(env, "GEOREP_LAB_SSH_KEY");
  facts.hostKeyFingerprint = required(env, "GEOREP_LAB_HOST_KEY_FINGERPRINT");
  facts.labDir = required(env, "GEOREP_LAB_DIR");
  facts.primary = required(env, "GEOREP_LAB_PRIMARY");
  std::istringstream secs(required(env, "GEOREP_LAB_SECONDARIES"));
  for (std::string s; secs >> s;) facts.secondaries.push_back(s);
  if (const auto it = env.find("GEOREP_LAB_RSYNC_OPTIONS"); it != env.end()) facts.rsyncOptions = it->second;
  if (facts.secondaries.size() < 2) throw std::runtime_error("the lab has fewer than two secondary volumes");
  return facts;
}

void Lab::reset() {
  const RunResult r = run({script().string(), "reset"}, std::chrono::minutes(3));
  if (r.exitCode != 0) throw std::runtime_error("scripts/lab reset failed: " + r.describe());
}

bool Lab::waitForPushPemHook(const std::string& secondaryVolume, std::chrono::milliseconds timeout) {
  const std::filesystem::path info = std::filesystem::path("/var/lib/glusterd/vols") / secondaryVolume / "info";
  return waitUntil(timeout, [&] {
    std::ifstream in(info);
    for (std::string line; std::getline(in, line);)
      if (line == "features.read-only=on") return true;
    return false;
  }, std::chrono::milliseconds(200));
}

RunResult Lab::gluster(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{"gluster", "--mode=script", "--xml", "--"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, timeout);
}

RunResult Lab::glusterText(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{"gluster", "--mode=script", "--"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, timeout);
}

FuseMount::FuseMount(const LabFacts& lab, const std::string& volume) {
  std::string templ = (lab.labDir / "mnt" / (volume + ".XXXXXX")).string();
  std::filesystem::create_directories(lab.labDir / "mnt");
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp " + templ + " failed");
  dir_ = templ;
  const RunResult r = run({"mount", "-t", "glusterfs", lab.host + ":/" + volume, dir_.string()}, std::chrono::seconds(60));
  if (r.exitCode != 0) {
    std::filesystem::remove(dir_);
    throw std::runtime_error("mount -t glusterfs " + lab.host + ":/" + volume + " failed: " + r.describe());
  }
}

FuseMount::~FuseMount() {
  RunResult r = run({"umount", dir_.string()}, std::chrono::seconds(30));
  if (r.exitCode != 0) run({"umount", "-l", dir_.string()}, std::chrono::seconds(30));
  std::error_code ec;
  std::filesystem::remove(dir_, ec);
}

}  // namespace georep::testing::e2e
