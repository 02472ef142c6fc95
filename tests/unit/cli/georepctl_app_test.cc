// georepctl as a program, without an engine: help, usage errors (exit 2), an unreachable engine
// (exit 3), and `gluster parse` on the real GlusterFS captures (exit 0, or 1 with the typed error).
#include "support/free_port.h"
#include "cli/georepctl_app.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/fake_transport.h"

namespace georep::cli {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

CliRun run(std::vector<std::string> args) {
  args.insert(args.begin(), "georepctl");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.status = runGeorepctl(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string fixture(const std::string& name) { return (testing::fixturesDir() / name).string(); }

class GeorepctlTest : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("GEOREP_URL"); }
  void TearDown() override { ::unsetenv("GEOREP_URL"); }
};

TEST_F(GeorepctlTest, HelpDocumentsTheServerTheExitStatusAndTheParameterSyntax) {
  const CliRun help = run({"--help"});
  EXPECT_EQ(help.status, kExitOk);
  EXPECT_NE(help.out.find("GEOREP_URL"), std::string::npos);
  EXPECT_NE(help.out.find("Exit status"), std::string::npos);
  for (const char* sub : {"commands", "call", "events", "health", "gluster"})
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;

  const CliRun call = run({"call", "--help"});
  EXPECT_EQ(call.status, kExitOk);
  EXPECT_NE(call.out.find("key:=json"), std::string::npos);
  EXPECT_NE(call.out.find("key='\"text\"'"), std::string::npos);
}

TEST_F(GeorepctlTest, UsageErrorsExitWith2BeforeAnyNetwork) {
  EXPECT_EQ(run({}).status, kExitUsage);
  EXPECT_EQ(run({"frobnicate"}).status, kExitUsage);
  EXPECT_EQ(run({"call"}).status, kExitUsage);
  EXPECT_EQ(run({"events", "--limit", "0"}).status, kExitUsage);
  EXPECT_EQ(run({"events", "--since", "-1"}).status, kExitUsage);
  EXPECT_EQ(run({"--timeout", "-1", "health"}).status, kExitUsage);

  const CliRun badParam = run({"call", "cluster.add", "name=prod", "oops"});
  EXPECT_EQ(badParam.status, kExitUsage);
  EXPECT_NE(badParam.err.find("'oops'"), std::string::npos);

  const CliRun badName = run({"call", "../health"});
  EXPECT_EQ(badName.status, kExitUsage);
  EXPECT_NE(badName.err.find("not a command name"), std::string::npos);

  const CliRun badUrl = run({"--url", "https://127.0.0.1:8470", "health"});
  EXPECT_EQ(badUrl.status, kExitUsage);
  EXPECT_NE(badUrl.err.find("https is not supported"), std::string::npos);
}

TEST_F(GeorepctlTest, AnUnreachableEngineExitsWith3NamingTheUrl) {
  const std::string url = "http://127.0.0.1:" + std::to_string(georep::testing::freeLoopbackPort());
  const CliRun r = run({"--url", url, "health"});
  EXPECT_EQ(r.status, kExitUnreachable);
  EXPECT_NE(r.err.find("cannot reach georep-engine at " + url), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(GeorepctlTest, TheUrlComesFromGeorepUrlWhenNotGiven) {
  const std::string url = "http://127.0.0.1:" + std::to_string(georep::testing::freeLoopbackPort());
  ::setenv("GEOREP_URL", url.c_str(), 1);
  const CliRun r = run({"call", "cluster.list"});
  EXPECT_EQ(r.status, kExitUnreachable);
  EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
}

TEST_F(GeorepctlTest, GlusterParsePrintsWhatTheParsersUnderstood) {
  const CliRun r = run({"gluster", "parse", "status", fixture("status_session.xml")});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  const auto parsed = nlohmann::json::parse(r.out);
  EXPECT_NE(parsed.dump().find("mastervol"), std::string::npos);
  EXPECT_NE(parsed.dump().find("slavevol"), std::string::npos);

  const CliRun info = run({"gluster", "parse", "volinfo", fixture("volinfo.xml")});
  ASSERT_EQ(info.status, kExitOk) << info.err;
  EXPECT_NO_THROW(nlohmann::json::parse(info.out));
}

TEST_F(GeorepctlTest, GlusterParseShowsTheTypedErrorOfARefusal) {
  const CliRun r = run({"gluster", "parse", "reply", fixture("err_start_started.xml")});
  EXPECT_EQ(r.status, kExitError);
  EXPECT_EQ(r.err.rfind("error: already_started: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("already started"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("opErrno: 30800"), std::string::npos) << r.err;
}

TEST_F(GeorepctlTest, GlusterParseRefusesUnknownKindsAndUnreadableOrNonXmlFiles) {
  const CliRun kind = run({"gluster", "parse", "bogus", fixture("volinfo.xml")});
  EXPECT_EQ(kind.status, kExitError);
  EXPECT_NE(kind.err.find("error: invalid_input: "), std::string::npos) << kind.err;
  EXPECT_NE(kind.err.find("field: kind"), std::string::npos) << kind.err;

  const CliRun missing = run({"gluster", "parse", "status", "/nonexistent/file.xml"});
  EXPECT_EQ(missing.status, kExitError);
  EXPECT_NE(missing.err.find("cannot read /nonexistent/file.xml"), std::string::npos);

  const std::string junk = ::testing::TempDir() + "georepctl_junk.txt";
  std::ofstream(junk) << "Connection failed. Please check if gluster daemon is operational.\n";
  const CliRun notXml = run({"gluster", "parse", "status", junk});
  EXPECT_EQ(notXml.status, kExitError);
  EXPECT_EQ(notXml.err.rfind("error: not_xml: ", 0), 0u) << notXml.err;
  EXPECT_TRUE(notXml.out.empty());
}

}  // namespace
}  // namespace georep::cli
