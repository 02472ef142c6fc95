// LocalTransport on real processes: argv verbatim without a shell, separate stdout/stderr, exit status,
// signals, timeout killing the whole process group, output cap, exec failure.
#include "gluster/local_transport.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "gluster/errors.h"
#include "unit/gluster_gateway/hostile_strings.h"

namespace georep::gluster {
namespace {

using namespace std::chrono_literals;

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

// Pids of live (non-zombie) processes whose command line contains `marker`.
std::vector<int> processesWith(const std::string& marker) {
  std::vector<int> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream cmdline(entry.path() / "cmdline", std::ios::binary);
    std::stringstream text;
    text << cmdline.rdbuf();
    if (text.str().find(marker) == std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string statLine;
    std::getline(stat, statLine);
    const auto close = statLine.rfind(')');
    if (close != std::string::npos && close + 2 < statLine.size() && statLine[close + 2] == 'Z') continue;
    pids.push_back(std::stoi(name));
  }
  return pids;
}

TEST(LocalTransport, ArgvArrivesVerbatimWithoutShell) {
  const auto hostile = testing::hostileStrings();
  std::vector<std::string> argv{GEOREP_ARGV_ECHO, "--"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  const ExecResult r = LocalTransport().run(argv, 10s);
  EXPECT_EQ(r.exitStatus, 0);
  EXPECT_EQ(splitNul(r.out), hostile);
  EXPECT_EQ(r.err, "");
}

TEST(LocalTransport, SeparateStreamsAndExitStatus) {
  const ExecResult r = LocalTransport().run({GEOREP_ARGV_ECHO, "--stderr", "bad news\n", "--exit", "3", "--", "out"}, 10s);
  EXPECT_EQ(r.exitStatus, 3);
  EXPECT_EQ(r.out, std::string("out\0", 4));
  EXPECT_EQ(r.err, "bad news\n");
}

TEST(LocalTransport, PathLookupAndSignalStatus) {
  const ExecResult r = LocalTransport().run({"sh", "-c", "kill -TERM $$"}, 10s);
  EXPECT_EQ(r.exitStatus, 128 + 15);
}

TEST(LocalTransport, StdinIsEmpty) {
  const auto start = std::chrono::steady_clock::now();
  const ExecResult r = LocalTransport().run({"cat"}, 10s);
  EXPECT_EQ(r.exitStatus, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(LocalTransport, LargeOutputOnBothStreams) {
  // stdout is written first, then stderr: both pipes must be drained while the child runs.
  const ExecResult r = LocalTransport().run({GEOREP_ARGV_ECHO, "--bytes", "8000000", "--err-bytes", "3000000"}, 20s);
  EXPECT_EQ(r.exitStatus, 0);
  EXPECT_EQ(r.out, std::string(8000000, 'x'));
  EXPECT_EQ(r.err, std::string(3000000, 'e'));
}

TEST(LocalTransport, TimeoutKillsTheWholeProcessGroup) {
  const std::string marker = "georep-local-timeout-" + std::to_string(::getpid());
  const std::string script = std::string("'") + GEOREP_ARGV_ECHO + "' --sleep 30 -- " + marker + " & wait";
  const auto start = std::chrono::steady_clock::now();
  try {
    LocalTransport().run({"/bin/sh", "-c", script, marker}, 500ms);
    FAIL() << "no timeout";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kTimeout) << e.what();
    EXPECT_TRUE(e.isTransport());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  // The shell and its background child were both killed (the child is reparented and reaped by init).
  for (int i = 0; i < 50 && !processesWith(marker).empty(); ++i) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(processesWith(marker).empty());
}

TEST(LocalTransport, OutputCapKills) {
  try {
    LocalTransport(4096).run({GEOREP_ARGV_ECHO, "--bytes", "100000", "--sleep", "20"}, 10s);
    FAIL() << "cap not enforced";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kExecFailed) << e.what();
  }
}

TEST(LocalTransport, MissingProgramIsExecFailed) {
  for (const char* program : {"/nonexistent/georep-no-such-program", "georep-no-such-program"}) {
    try {
      LocalTransport().run({program, "x"}, 5s);
      FAIL() << program;
    } catch (const GatewayError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kExecFailed) << e.what();
    }
  }
}

TEST(LocalTransport, InvalidArgvIsRefused) {
  EXPECT_THROW(LocalTransport().run({}, 1s), GatewayError);
  EXPECT_THROW(LocalTransport().run({"echo", std::string("a\0b", 3)}, 1s), GatewayError);
}

}  // namespace
}  // namespace georep::gluster
