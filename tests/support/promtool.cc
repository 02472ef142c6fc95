// promtool runner for tests (tests/support/promtool.h).
#include "support/promtool.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace georep::testing {
namespace {

std::string quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace

PromtoolResult runPromtool(const std::vector<std::string>& args, const std::string& stdinText) {
  static std::atomic<int> counter{0};
  const auto input = std::filesystem::temp_directory_path() /
                     ("georep-promtool-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".in");
  std::ofstream(input, std::ios::binary) << stdinText;
  std::string command = "promtool";
  for (const auto& a : args) command += " " + quoted(a);
  command += " < " + quoted(input.string()) + " 2>&1";
  PromtoolResult result;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) result.output += buffer;
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::filesystem::remove(input);
  return result;
}

}  // namespace georep::testing
