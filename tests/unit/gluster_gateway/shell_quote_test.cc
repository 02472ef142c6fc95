// shellQuote: the exact quoting, and a round trip through a real POSIX shell (/bin/sh -c, as sshd runs
// the exec request) for every hostile string: the program receives each argument verbatim.
#include "gluster/shell_quote.h"

#include <gtest/gtest.h>

#include "gluster/local_transport.h"
#include "unit/gluster_gateway/hostile_strings.h"

namespace georep::gluster {
namespace {

std::vector<std::string> splitNul(const std::string& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find('\0', start);
    if (end == std::string::npos) {
      parts.push_back(out.substr(start));
      break;
    }
    parts.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

TEST(ShellQuote, Quoting) {
  EXPECT_EQ(shellQuote(""), "''");
  EXPECT_EQ(shellQuote("plain"), "'plain'");
  EXPECT_EQ(shellQuote("a'b"), "'a'\\''b'");
  EXPECT_EQ(shellQuote("$(id) `id` \"x\" \\ \n"), "'$(id) `id` \"x\" \\ \n'");
  EXPECT_EQ(shellCommandLine({"gluster", "--xml", "a b"}), "'gluster' '--xml' 'a b'");
}

TEST(ShellQuote, RoundTripThroughSh) {
  const auto hostile = testing::hostileStrings();
  std::vector<std::string> argv{GEOREP_ARGV_ECHO, "--"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  LocalTransport local;
  for (const char* shell : {"/bin/sh", "/bin/bash"}) {
    const ExecResult r = local.run({shell, "-c", shellCommandLine(argv)}, std::chrono::seconds(20));
    ASSERT_EQ(r.exitStatus, 0) << shell << ": " << r.err;
    EXPECT_EQ(splitNul(r.out), hostile) << shell;
  }
}

}  // namespace
}  // namespace georep::gluster
