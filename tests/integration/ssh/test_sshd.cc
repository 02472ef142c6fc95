#include "integration/ssh/test_sshd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gluster/local_transport.h"
#include "support/free_port.h"

extern char** environ;

namespace georep::testing {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void run(const std::vector<std::string>& argv) {
  const gluster::ExecResult r = gluster::LocalTransport().run(argv, 30s);
  if (r.exitStatus != 0) throw std::runtime_error(argv[0] + " failed: " + r.err);
}

std::string fingerprintOf(const std::filesystem::path& pub) {
  const gluster::ExecResult r = gluster::LocalTransport().run({"ssh-keygen", "-E", "sha256", "-lf", pub.string()}, 30s);
  std::istringstream words(r.out);
  std::string bits, fp;
  words >> bits >> fp;
  if (r.exitStatus != 0 || fp.rfind("SHA256:", 0) != 0) throw std::runtime_error("ssh-keygen -lf: " + r.out + r.err);
  return fp;
}

bool accepting(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Every descendant of `root` (children first in the returned order is not guaranteed).
std::vector<pid_t> descendantsOf(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = readFile(entry.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state;
    pid_t ppid;
    rest >> state >> ppid;
    children.emplace(ppid, static_cast<pid_t>(std::stoi(name)));
  }
  std::vector<pid_t> out;
  std::vector<pid_t> todo{root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    auto [b, e] = children.equal_range(p);
    for (auto it = b; it != e; ++it) {
      out.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return out;
}

}  // namespace

std::vector<int> processesWithMarker(const std::string& marker) {
  std::vector<int> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (readFile(entry.path() / "cmdline").find(marker) == std::string::npos) continue;
    const std::string stat = readFile(entry.path() / "stat");
    const auto close = stat.rfind(')');
    if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') continue;
    pids.push_back(std::stoi(name));
  }
  return pids;
}

std::vector<std::string> splitNul(const std::string& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find('\0', start);
    parts.push_back(out.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

TestSshd::TestSshd() : TestSshd(std::string()) {}

TestSshd::TestSshd(const std::string& extraConfig) {
  ::unsetenv("SSH_AUTH_SOCK");  // only the configured keys count in these tests
  std::string tmpl = (std::filesystem::temp_directory_path() / "georep-sshd-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  const passwd* pw = ::getpwuid(::getuid());
  if (!pw) throw std::runtime_error("no passwd entry for the current user");
  user_ = pw->pw_name;

  run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", (dir_ / "host_ed25519").string()});
  run({"ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "", "-f", (dir_ / "host_ecdsa").string()});
  run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", userKey()});
  run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", otherKey()});
  ed25519Fingerprint_ = fingerprintOf(dir_ / "host_ed25519.pub");
  ecdsaFingerprint_ = fingerprintOf(dir_ / "host_ecdsa.pub");
  otherKeyFingerprint_ = fingerprintOf(otherKey() + ".pub");
  std::filesystem::copy_file(userKey() + ".pub", dir_ / "authorized_keys");

  port_ = freeLoopbackPort();
  std::ofstream config(dir_ / "sshd_config");
  // sshd keeps the first value of an option: extra lines come first to override the defaults below.
  std::string extra = extraConfig;
  for (auto pos = extra.find("%DIR%"); pos != std::string::npos; pos = extra.find("%DIR%")) {
    extra.replace(pos, 5, dir_.string());
  }
  config << extra;
  config << "Port " << port_ << "\n"
         << "ListenAddress 127.0.0.1\n"
         << "HostKey " << (dir_ / "host_ed25519").string() << "\n"
         << "HostKey " << (dir_ / "host_ecdsa").string() << "\n"
         << "PidFile " << (dir_ / "sshd.pid").string() << "\n"
         << "AuthorizedKeysFile " << (dir_ / "authorized_keys").string() << "\n"
         << "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
         << "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nLogLevel ERROR\n"
         << "MaxStartups 100\nMaxSessions 50\nPrintMotd no\nUseDNS no\n"
         // Debian's bash sources ~/.bashrc for commands run by sshd unless it is a nested shell;
         // this machine's root ~/.bashrc runs pyenv init (~250 ms per command), noise we do not measure.
         << "SetEnv SHLVL=1\n";
  config.close();
  if (::geteuid() == 0) std::filesystem::create_directories("/run/sshd");  // sshd's privilege separation dir
  start();
}

TestSshd::~TestSshd() {
  try {
    stop();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void TestSshd::start() {
  if (pid_ > 0) return;
  const std::string configPath = (dir_ / "sshd_config").string();
  const std::string logPath = (dir_ / "sshd.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> args{"/usr/sbin/sshd", "-D", "-e", "-f", configPath};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start sshd");
  }
  for (int i = 0; i < 100; ++i) {
    if (accepting(port_)) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("sshd exited: " + readFile(logPath));
    }
    std::this_thread::sleep_for(50ms);
  }
  stop();
  throw std::runtime_error("sshd does not accept connections: " + readFile(logPath));
}

void TestSshd::stop() {
  if (pid_ <= 0) return;
  // Connection processes first (they are forked by the listener), so established sessions drop too.
  for (pid_t child : descendantsOf(pid_)) ::kill(child, SIGKILL);
  ::kill(pid_, SIGTERM);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  for (int i = 0; i < 100 && accepting(port_); ++i) std::this_thread::sleep_for(20ms);
}

gluster::SshTarget TestSshd::target() const {
  gluster::SshTarget t;
  t.address = "127.0.0.1";
  t.port = port_;
  t.user = user_;
  t.keyPath = userKey();
  t.hostKeyFingerprint = ed25519Fingerprint_;
  return t;
}

}  // namespace georep::testing
