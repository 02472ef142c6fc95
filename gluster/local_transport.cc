#include "gluster/local_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "gluster/errors.h"
#include "gluster/input_validation.h"

extern char** environ;

namespace georep::gluster {
namespace {

using Clock = std::chrono::steady_clock;

// Closes a descriptor once.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void adopt(int fd) {
    reset();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttr {
 public:
  SpawnAttr() { posix_spawnattr_init(&attr_); }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr_); }
  SpawnAttr(const SpawnAttr&) = delete;
  SpawnAttr& operator=(const SpawnAttr&) = delete;
  posix_spawnattr_t* get() { return &attr_; }

 private:
  posix_spawnattr_t attr_;
};

std::string describe(const std::vector<std::string>& argv) { return printableValue(argv.front(), 200); }

std::string errnoText(int err) { return std::strerror(err); }

// Kills the child's process group and reaps the child.
void killAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

int decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

LocalTransport::LocalTransport(std::size_t maxOutputBytes) : maxOutputBytes_(maxOutputBytes) {}

ExecResult LocalTransport::run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  validateArgv(argv);
  const auto deadline = Clock::now() + timeout;

  int outPipe[2];
  int errPipe[2];
  if (::pipe2(outPipe, O_CLOEXEC) != 0) {
    throw GatewayError(ErrorKind::kExecFailed, "pipe: " + errnoText(errno)).markNotSent();
  }
  Fd outRead(outPipe[0]), outWrite(outPipe[1]);
  if (::pipe2(errPipe, O_CLOEXEC) != 0) {
    throw GatewayError(ErrorKind::kExecFailed, "pipe: " + errnoText(errno)).markNotSent();
  }
  Fd errRead(errPipe[0]), errWrite(errPipe[1]);

  SpawnActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), outWrite.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), errWrite.get(), STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  posix_spawn_file_actions_addclosefrom_np(actions.get(), 3);
#endif

  SpawnAttr attr;
  sigset_t noSignals;
  sigemptyset(&noSignals);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2}) sigaddset(&defaults, sig);
  posix_spawnattr_setflags(attr.get(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(attr.get(), 0);
  posix_spawnattr_setsigmask(attr.get(), &noSignals);
  posix_spawnattr_setsigdefault(attr.get(), &defaults);

  std::vector<char*> cargv;
  cargv.reserve(argv.size() + 1);
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, cargv[0], actions.get(), attr.get(), cargv.data(), environ);
  if (rc != 0) {
    throw GatewayError(ErrorKind::kExecFailed, "cannot run '" + describe(argv) + "': " + errnoText(rc)).markNotSent();
  }
  outWrite.reset();
  errWrite.reset();

  ExecResult result;
  Fd* fds[2] = {&outRead, &errRead};
  std::string* sinks[2] = {&result.out, &result.err};
  char buffer[65536];
  while (outRead.get() >= 0 || errRead.get() >= 0) {
    const auto now = Clock::now();
    if (now >= deadline) {
      killAndReap(pid);
      throw GatewayError(ErrorKind::kTimeout, "'" + describe(argv) + "' did not finish within " +
                                                  std::to_string(timeout.count()) + " ms; its process group was killed");
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    pollfd pfds[2];
    nfds_t n = 0;
    int which[2];
    for (int i = 0; i < 2; ++i) {
      if (fds[i]->get() >= 0) {
        pfds[n] = pollfd{fds[i]->get(), POLLIN, 0};
        which[n++] = i;
      }
    }
    const int ready = ::poll(pfds, n, static_cast<int>(std::min<long long>(left, 60000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      killAndReap(pid);
      throw GatewayError(ErrorKind::kExecFailed, "poll: " + errnoText(err));
    }
    for (nfds_t k = 0; k < n; ++k) {
      if (pfds[k].revents == 0) continue;
      const int i = which[k];
      const ssize_t got = ::read(fds[i]->get(), buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
        if (sinks[i]->size() > maxOutputBytes_) {
          killAndReap(pid);
          throw GatewayError(ErrorKind::kExecFailed, "'" + describe(argv) + "' wrote more than " +
                                                         std::to_string(maxOutputBytes_) + " bytes; killed");
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i]->reset();
      }
    }
  }

  // Both streams are closed; the child is normally gone already.
  auto pause = std::chrono::microseconds(200);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.exitStatus = decodeStatus(status);
      return result;
    }
    if (done < 0 && errno != EINTR) {
      throw GatewayError(ErrorKind::kExecFailed, "waitpid: " + errnoText(errno));
    }
    if (Clock::now() >= deadline) {
      killAndReap(pid);
      throw GatewayError(ErrorKind::kTimeout, "'" + describe(argv) + "' did not exit within " +
                                                  std::to_string(timeout.count()) + " ms; its process group was killed");
    }
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(20)) pause *= 2;
  }
}

}  // namespace georep::gluster
