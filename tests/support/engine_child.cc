#include "support/engine_child.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace georep::testing {

EngineChild::EngineChild(const std::filesystem::path& binary, const std::map<std::string, std::string>& env,
                         const std::filesystem::path& logFile, std::chrono::seconds startTimeout,
                         const std::vector<std::string>& args)
    : logFile_(logFile) {
  // Built before fork: the child of a multithreaded process may only make async-signal-safe calls.
  const std::string path = binary.string();
  std::vector<std::string> argStrings{path};
  argStrings.insert(argStrings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argStrings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> envStrings;
  for (const auto& [k, v] : merged) envStrings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : envStrings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string log = logFile.string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr)) ::_exit(127);
    ::execve(path.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  static const std::regex kListening(R"(listening on http://127\.0\.0\.1:(\d+))");
  for (auto deadline = std::chrono::steady_clock::now() + startTimeout; std::chrono::steady_clock::now() < deadline;) {
    std::smatch m;
    const std::string text = this->log();
    if (std::regex_search(text, m, kListening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      return;
    }
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("georep-engine exited while starting:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  throw std::runtime_error("georep-engine did not start listening:\n" + this->log());
}

EngineChild::~EngineChild() { stop(); }

std::string EngineChild::log() const {
  std::ifstream in(logFile_);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int EngineChild::stop(std::chrono::seconds grace) {
  if (pid_ <= 0) return status_;
  ::kill(pid_, SIGTERM);
  for (auto deadline = std::chrono::steady_clock::now() + grace; std::chrono::steady_clock::now() < deadline;) {
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      pid_ = -1;
      return status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  status_ = -1;
  return status_;
}

}  // namespace georep::testing
