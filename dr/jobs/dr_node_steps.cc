#include "dr/jobs/dr_node_steps.h"

#include <sstream>
#include <stdexcept>
#include <thread>

#include "gluster/input_validation.h"

namespace georep::dr {
namespace {

using gluster::printableValue;

std::string excerpt(const std::string& text) {
  std::string s = text.substr(0, 300);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return printableValue(s, 300);
}

gluster::ExecResult mustRun(gluster::Transport& node, const std::vector<std::string>& argv,
                            std::chrono::milliseconds timeout, const std::string& what) {
  auto out = node.run(argv, timeout);
  if (out.exitStatus != 0) {
    throw std::runtime_error(what + " failed (exit " + std::to_string(out.exitStatus) + "): " +
                             excerpt(out.err.empty() ? out.out : out.err));
  }
  return out;
}

}  // namespace

std::vector<std::string> pathChain(const std::string& path) {
  std::vector<std::string> chain{"/"};
  std::size_t at = 1;
  while (at < path.size()) {
    const auto slash = path.find('/', at);
    const std::string prefix = path.substr(0, slash);
    if (slash != at) chain.push_back(prefix);  // "//" adds nothing
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return chain;
}

std::string programStatProblem(const std::string& path, const std::string& statOutput) {
  const auto chain = pathChain(path);
  std::istringstream lines(statOutput);
  std::string line;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (!std::getline(lines, line)) return "stat gave no answer for " + chain[i];
    std::istringstream fields(line);
    long uid = -1;
    long gid = -1;
    std::string modeText;
    fields >> uid >> gid >> modeText;
    std::string type;
    std::getline(fields, type);
    if (!type.empty() && type.front() == ' ') type.erase(0, 1);
    unsigned long mode = 0;
    try {
      mode = std::stoul(modeText, nullptr, 8);
    } catch (const std::exception&) {
      return "unreadable stat answer for " + chain[i] + ": " + printableValue(line);
    }
    const bool last = i + 1 == chain.size();
    const std::string& c = chain[i];
    if (type == "symbolic link") return c + " is a symbolic link (name the real path in dr.hook_programs)";
    if (uid != 0) return c + " is owned by uid " + std::to_string(uid) + ", not root";
    if (mode & 02) return c + " is writable by others (mode " + modeText + ")";
    if ((mode & 020) && gid != 0) return c + " is writable by group " + std::to_string(gid) + " (mode " + modeText + ")";
    if (!last && type != "directory") return c + " is a " + type + ", not a directory";
    if (last && type != "regular file") return c + " is a " + type + ", not a regular file";
    if (last && !(mode & 0100)) return c + " is not executable by its owner (mode " + modeText + ")";
  }
  return "";
}

void runHookProgram(gluster::Transport& node, const std::string& name, const std::string& path,
                    const std::vector<std::string>& args, std::chrono::seconds timeout) {
  std::vector<std::string> stat{"stat", "-c", "%u %g %a %F", "--"};
  for (const auto& c : pathChain(path)) stat.push_back(c);
  const auto st = node.run(stat, std::chrono::seconds(30));
  if (st.exitStatus != 0) {
    throw std::runtime_error("program '" + name + "' (" + path + ") cannot be checked on the node: " +
                             excerpt(st.err.empty() ? st.out : st.err));
  }
  if (const auto problem = programStatProblem(path, st.out); !problem.empty()) {
    throw std::runtime_error("program '" + name + "' refused: " + problem);
  }
  std::vector<std::string> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  gluster::validateArgv(argv, "hooks");
  const auto out = node.run(argv, timeout);
  if (out.exitStatus != 0) {
    throw std::runtime_error("program '" + name + "' exited with status " + std::to_string(out.exitStatus) +
                             (out.err.empty() ? std::string() : ": " + excerpt(out.err)));
  }
}

void touchPrimaryRoot(gluster::Transport& node, const std::string& volume, std::chrono::milliseconds callTimeout,
                      const std::function<void(std::chrono::milliseconds)>& pause) {
  gluster::validateVolumeName(volume, "volume");
  const std::string base = kDrMountBase;
  mustRun(node, {"mkdir", "-p", "-m", "0700", "--", base}, callTimeout, "creating " + base);
  const auto owner = mustRun(node, {"stat", "-c", "%u %a %F", "--", base}, callTimeout, "checking " + base);
  if (owner.out.rfind("0 700 directory", 0) != 0) {
    throw std::runtime_error(base + " is not a root-owned 0700 directory (" + excerpt(owner.out) +
                             "): refusing to mount under it");
  }
  const auto made = mustRun(node, {"mktemp", "-d", "-p", base, "touch.XXXXXXXXXX"}, callTimeout,
                            "making a mount point under " + base);
  std::string mountPoint = made.out.substr(0, made.out.find('\n'));
  const std::string prefix = base + "/touch.";
  if (mountPoint.rfind(prefix, 0) != 0 || mountPoint.size() != prefix.size() + 10 ||
      mountPoint.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", prefix.size()) !=
          std::string::npos) {
    throw std::runtime_error("mktemp answered an unexpected path: " + excerpt(made.out));
  }
  std::string failure;
  bool mounted = false;
  try {
    mustRun(node,
            {"glusterfs", "--volfile-server=localhost", "--volfile-id=" + volume, "--client-pid=-1", "-l", "/dev/null",
             mountPoint},
            callTimeout, "mounting volume " + volume);
    mounted = true;
    // The client daemonises before FUSE is ready: the mount's root has inode 1 once it is.
    bool ready = false;
    for (int attempt = 0; attempt < 20 && !ready; ++attempt) {
      if (attempt > 0) pause(std::chrono::milliseconds(500));
      const auto ino = node.run({"stat", "-c", "%i", "--", mountPoint}, callTimeout);
      ready = ino.exitStatus == 0 && ino.out.rfind("1\n", 0) == 0;
    }
    if (!ready) throw std::runtime_error("the mount of volume " + volume + " did not become ready within 10 s");
    mustRun(node, {"touch", "--", mountPoint}, callTimeout, "touching the root of volume " + volume);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  // Always undone, whatever happened above; a cleanup failure is reported too.
  std::string cleanup;
  if (mounted) {
    try {
      mustRun(node, {"umount", "-l", "--", mountPoint}, callTimeout, "unmounting " + mountPoint);
    } catch (const std::exception& e) {
      cleanup = e.what();
    }
  }
  try {
    mustRun(node, {"rmdir", "--", mountPoint}, callTimeout, "removing " + mountPoint);
  } catch (const std::exception& e) {
    cleanup += (cleanup.empty() ? "" : "; ") + std::string(e.what());
  }
  if (!failure.empty() || !cleanup.empty()) {
    throw std::runtime_error(failure + (failure.empty() || cleanup.empty() ? "" : "; ") + cleanup);
  }
}

}  // namespace georep::dr
