// georepctl's destination verbs against a scripted HTTP server: the parameters on the wire, the password read
// from standard input (--password-stdin) and never taken from the command line, and the usage errors caught
// before any request.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/georepctl_app.h"
#include "georepctl_server_test.h"
#include "scripted_http_server.h"

namespace georep::cli {
namespace {

using nlohmann::json;
using testing::bodyOf;
using testing::CliRun;
using testing::okReply;
using testing::ScriptedHttpServer;

class GeorepctlDestinationVerbsTest : public testing::GeorepctlServerTest {};

TEST_F(GeorepctlDestinationVerbsTest, CreateSendsThePasswordReadFromStdinOnly) {
  ScriptedHttpServer server({okReply({{"id", 1}}), okReply({{"id", 1}}), okReply({{"ok", true}})});
  storeToken(server.url());
  const std::vector<std::string> base{"--url", server.url(), "--timeout", "10"};
  auto args = base;
  for (const char* a : {"destination", "create", "--cluster", "lab", "--source-host", "vm", "--host", "vm", "--port",
                        "2223", "--user", "georepsec", "--fingerprint", "SHA256:abc", "--password-stdin"}) {
    args.push_back(a);
  }
  CliRun r = run(args, "s3cret pass\n");
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos);
  args = base;
  for (const char* a : {"destination", "reestablish", "4", "--fingerprint", "SHA256:abc", "--private-key", "ops"}) {
    args.push_back(a);
  }
  r = run(args);
  ASSERT_EQ(r.status, kExitOk) << r.err;
  args = base;
  for (const char* a : {"destination", "test", "4"}) args.push_back(a);
  r = run(args);
  ASSERT_EQ(r.status, kExitOk) << r.err;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].rfind("POST /api/commands/georep.destination.create ", 0), 0u);
  EXPECT_EQ(json::parse(bodyOf(requests[0])),
            (json{{"cluster", "lab"}, {"source_host", "vm"}, {"host", "vm"}, {"port", 2223}, {"user", "georepsec"},
                  {"fingerprint", "SHA256:abc"}, {"password", "s3cret pass"}}));
  EXPECT_EQ(json::parse(bodyOf(requests[1])),
            (json{{"destination", 4}, {"fingerprint", "SHA256:abc"}, {"private_key", "ops"}}));
  EXPECT_EQ(json::parse(bodyOf(requests[2])), (json{{"destination", 4}}));
}

TEST_F(GeorepctlDestinationVerbsTest, NoPasswordOnTheCommandLineAndBadIdsAreUsageErrors) {
  ScriptedHttpServer server(std::vector<testing::ScriptedReply>{});
  storeToken(server.url());
  const std::vector<std::vector<std::string>> cases{
      {"destination", "create", "--cluster", "lab", "--source-host", "vm", "--host", "vm", "--fingerprint", "SHA256:x",
       "--password", "s3cret"},                                                              // no such option
      {"destination", "get", "abc"},
      {"destination", "get", "0"},
      {"destination", "test"},
      {"destination", "remove", "3", "--password-stdin"},                                    // empty stdin
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"--url", server.url(), "--timeout", "10"};
    args.insert(args.end(), c.begin(), c.end());
    const CliRun r = run(args);
    EXPECT_EQ(r.status, kExitUsage) << c[1] << ": " << r.out << r.err;  // (CLI11 names the unexpected words)
  }
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace georep::cli
