#include "support/engine_admin.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace georep::testing {
namespace {

// A pipe whose ends are closed when it goes out of scope.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  void closeEnd(int i) {
    ::close(fds[i]);
    fds[i] = -1;
  }
};

std::vector<std::string> environmentWith(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) merged[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : merged) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string runEngineTool(const EngineInvocation& engine, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& extraEnv, std::chrono::seconds timeout) {
  std::vector<std::string> argv{engine.binary.string()};
  argv.insert(argv.end(), engine.configArgs.begin(), engine.configArgs.end());
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> env = engine.env;
  for (const auto& [k, v] : extraEnv) env[k] = v;
  std::vector<std::string> envStrings = environmentWith(env);
  auto argvPtrs = pointers(argv);
  auto envPtrs = pointers(envStrings);

  Pipe out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], STDERR_FILENO);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, argvPtrs.data(), envPtrs.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
  out.closeEnd(1);
  err.closeEnd(1);

  std::string stdoutText, stderrText;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timedOut = false;
  for (int open = 2; open > 0;) {
    pollfd p[2] = {{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timedOut = true;
      break;
    }
    if (::poll(p, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (p[i].fd < 0 || (p[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(p[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? stdoutText : stderrText).append(buf, static_cast<std::size_t>(n));
      } else {
        (i == 0 ? out : err).closeEnd(0);
        --open;
      }
    }
  }
  if (timedOut) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::string shown;
  for (std::size_t i = 1; i < argv.size(); ++i) shown += " " + argv[i];
  if (timedOut) throw std::runtime_error("georep-engine" + shown + " did not finish within the timeout");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("georep-engine" + shown + " failed (status " + std::to_string(status) +
                             "): " + stderrText.substr(0, 2000));
  return stdoutText;
}

std::string bootstrapAdminAndIssueToken(const EngineInvocation& engine, const std::string& user,
                                        std::chrono::seconds timeout) {
  runEngineTool(engine, {"--bootstrap-admin", kTestAdminUser}, {{"GEOREP_ADMIN_PASSWORD", kTestAdminPassword}},
                timeout);
  std::string token = runEngineTool(engine, {"--issue-token", user, "--token-name", "tests"}, {}, timeout);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.rfind("grt_", 0) != 0 || token.find_first_of(" \r\n") != std::string::npos)
    throw std::runtime_error("georep-engine --issue-token " + user + " did not print a token alone (" +
                             std::to_string(token.size()) + " bytes)");
  return token;
}

}  // namespace georep::testing
