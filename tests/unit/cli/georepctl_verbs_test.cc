// georepctl's resource verbs (session, config, volume) against a scripted HTTP server: for every verb,
// what goes on the wire (POST /api/commands/<name>, the exact parameters, the bearer token); the output,
// errors and exit statuses, which must be those of `georepctl call`; and the usage errors caught before
// any request (bad ids, bad secondary addresses, missing arguments).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/georepctl_app.h"
#include "cli/verb_table.h"
#include "georepctl_server_test.h"
#include "scripted_http_server.h"

namespace georep::cli {
namespace {

using nlohmann::json;
using testing::bodyOf;
using testing::CliRun;
using testing::errorReply;
using testing::headOf;
using testing::kToken;
using testing::okReply;
using testing::ScriptedHttpServer;

class GeorepctlVerbsTest : public testing::GeorepctlServerTest {};

struct WireCase {
  std::vector<std::string> args;
  std::string command;
  json params;
};

TEST_F(GeorepctlVerbsTest, EveryVerbPostsItsCommandWithTheMappedParametersAndTheToken) {
  const std::vector<WireCase> cases{
      {{"session", "list"}, "georep.session.list", json::object()},
      {{"session", "list", "--cluster", "prod", "--volume", "vol1"}, "georep.session.list",
       {{"cluster", "prod"}, {"master_volume", "vol1"}}},
      {{"session", "get", "7"}, "georep.session.get", {{"session_id", 7}}},
      {{"volume", "list", "--cluster", "prod"}, "georep.volume.list", {{"cluster", "prod"}}},
      {{"session", "start", "7"}, "georep.session.start", {{"session_id", 7}}},
      {{"session", "stop", "7", "--force"}, "georep.session.stop", {{"session_id", 7}, {"force", true}}},
      {{"session", "pause", "12"}, "georep.session.pause", {{"session_id", 12}}},
      {{"session", "resume", "--force", "12"}, "georep.session.resume", {{"session_id", 12}, {"force", true}}},
      {{"session", "delete", "7"}, "georep.session.delete", {{"session_id", 7}}},
      {{"session", "delete", "7", "--force", "--reset-sync-time"}, "georep.session.delete",
       {{"session_id", 7}, {"force", true}, {"reset_sync_time", true}}},
      {{"session", "create", "--cluster", "lab", "--primary", "labprimary", "--secondary", "geoacct@vm::labsecondary1",
        "--ssh-port", "2222", "--no-verify"},
       "georep.session.create",
       {{"cluster", "lab"},
        {"master_volume", "labprimary"},
        {"secondary_user", "geoacct"},
        {"secondary_host", "vm"},
        {"secondary_volume", "labsecondary1"},
        {"ssh_port", 2222},
        {"no_verify", true}}},
      {{"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "10.0.0.5::s", "--force"},
       "georep.session.create",
       {{"cluster", "lab"}, {"master_volume", "p"}, {"secondary_host", "10.0.0.5"}, {"secondary_volume", "s"},
        {"force", true}}},
      {{"config", "list", "3"}, "georep.config.list", {{"session_id", 3}}},
      {{"config", "list", "3", "--changed-only"}, "georep.config.list", {{"session_id", 3}, {"changed_only", true}}},
      // Values are text as typed: never inferred as numbers or booleans like call's key=value.
      {{"config", "set", "3", "sync-jobs", "3"}, "georep.config.set",
       {{"session_id", 3}, {"key", "sync-jobs"}, {"value", "3"}}},
      {{"config", "set", "3", "use_meta_volume", "true"}, "georep.config.set",
       {{"session_id", 3}, {"key", "use_meta_volume"}, {"value", "true"}}},
      {{"config", "set", "3", "rsync_options", "--", "--remote-option=--insecure-links"}, "georep.config.set",
       {{"session_id", 3}, {"key", "rsync_options"}, {"value", "--remote-option=--insecure-links"}}},
      {{"config", "set", "3", "checkpoint", "2026-12-01 10:00:00"}, "georep.config.set",
       {{"session_id", 3}, {"key", "checkpoint"}, {"value", "2026-12-01 10:00:00"}}},
      {{"config", "reset", "3", "checkpoint"}, "georep.config.reset", {{"session_id", 3}, {"key", "checkpoint"}}},
      {{"volume", "refresh", "--cluster", "lab"}, "georep.volume.refresh", {{"cluster", "lab"}}},
      {{"session", "eligibility", "--cluster", "lab", "--primary", "labprimary", "--secondary-host", "vm"},
       "georep.session.eligibility",
       {{"cluster", "lab"}, {"master_volume", "labprimary"}, {"secondary_host", "vm"}}},
      {{"session", "eligibility", "--cluster", "lab", "--primary", "p", "--secondary-host", "dr1", "--secondary-user",
        "geoacct", "--secondary-volume", "drvol"},
       "georep.session.eligibility",
       {{"cluster", "lab"}, {"master_volume", "p"}, {"secondary_host", "dr1"}, {"secondary_user", "geoacct"},
        {"secondary_volume", "drvol"}}},
  };
  std::vector<testing::ScriptedReply> script(cases.size(), okReply({{"done", true}}));
  ScriptedHttpServer server(script);
  storeToken(server.url());
  for (const WireCase& c : cases) {
    std::vector<std::string> args{"--url", server.url(), "--timeout", "10"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const CliRun r = run(args);
    EXPECT_EQ(r.status, kExitOk) << c.args[0] << " " << c.args[1] << ": " << r.err;
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].args[0] + " " + cases[i].args[1] + " (case " + std::to_string(i) + ")");
    EXPECT_EQ(requests[i].rfind("POST /api/commands/" + cases[i].command + " HTTP/1.1\r\n", 0), 0u) << requests[i];
    EXPECT_NE(headOf(requests[i]).find(std::string("\r\nAuthorization: Bearer ") + kToken), std::string::npos);
    EXPECT_EQ(json::parse(bodyOf(requests[i])), cases[i].params);
  }
}

TEST_F(GeorepctlVerbsTest, EveryVerbWithACommandInTheTableIsReachableAndDocumented) {
  const CliRun top = run({"--help"});
  EXPECT_EQ(top.status, kExitOk);
  for (const char* group : {"session", "config", "volume"}) EXPECT_NE(top.out.find(group), std::string::npos) << group;
  for (const ResourceVerb& verb : resourceVerbs()) {
    const CliRun help = run({verb.group, verb.verb, "--help"});
    EXPECT_EQ(help.status, kExitOk) << verb.group << " " << verb.verb;
    EXPECT_NE(help.out.find(verb.help), std::string::npos) << help.out;
    if (!verb.command.empty()) {
      EXPECT_NE(help.out.find(verb.command), std::string::npos) << help.out;
    }
    for (const VerbArg& arg : verb.args) EXPECT_NE(help.out.find(arg.name), std::string::npos) << help.out;
  }
}

TEST_F(GeorepctlVerbsTest, BadArgumentsAreUsageErrorsAndSendNothing) {
  const std::vector<std::vector<std::string>> cases{
      {"session"},
      {"session", "get"},
      {"session", "get", "abc"},
      {"session", "get", "0"},
      {"session", "get", "-3"},
      {"session", "get", "1.5"},
      {"session", "get", "99999999999999999999"},
      {"session", "start", "7", "extra"},
      {"session", "stop", "7", "--force=maybe"},
      {"session", "delete", "7", "--purge"},
      {"session", "create", "--cluster", "lab", "--primary", "p"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm:s"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm::"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "::s"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "@vm::s"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "a@::s"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm::s::t"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm::s", "--ssh-port", "70000"},
      {"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm::s", "--ssh-port", "22x"},
      {"config", "set", "3", "sync-jobs"},
      {"config", "set", "3", "rsync_options", "--remote-option=x"},
      {"config", "reset", "3"},
      {"volume", "refresh"},
      {"volume", "list"},
  };
  ScriptedHttpServer server({okReply({{"done", true}})});
  storeToken(server.url());
  for (const auto& c : cases) {
    std::vector<std::string> args{"--url", server.url(), "--timeout", "10"};
    args.insert(args.end(), c.begin(), c.end());
    const CliRun r = run(args);
    std::string line;
    for (const auto& a : c) line += a + " ";
    EXPECT_EQ(r.status, kExitUsage) << line << "\n" << r.out << r.err;
    EXPECT_FALSE(r.err.empty()) << line;
  }
  EXPECT_TRUE(server.requests().empty()) << server.requests().front();
}

TEST_F(GeorepctlVerbsTest, ABadSecondaryAddressSaysWhatIsWrong) {
  const CliRun r = run({"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "vm:s"});
  EXPECT_EQ(r.status, kExitUsage);
  EXPECT_EQ(r.err.rfind("error: --secondary 'vm:s' is not [USER@]HOST::VOL\n", 0), 0u) << r.err;
  const CliRun noVolume = run({"session", "create", "--cluster", "lab", "--primary", "p", "--secondary", "u@vm::"});
  EXPECT_NE(noVolume.err.find("no volume after '::'"), std::string::npos) << noVolume.err;
  const CliRun badId = run({"session", "get", "1.5"});
  EXPECT_NE(badId.err.find("a session id is a whole number >= 1"), std::string::npos) << badId.err;
}

TEST_F(GeorepctlVerbsTest, OutputIsWhatCallPrintsForTheSameAnswerAsTablesAndAsJson) {
  const json sessions{{"sessions",
                       {{{"id", 1}, {"cluster", "lab"}, {"master_volume", "labprimary"}, {"status", "ACTIVE"}},
                        {{"id", 2}, {"cluster", "lab"}, {"master_volume", "other"}, {"status", "FAULTY"}}}}};
  ScriptedHttpServer server(std::vector<testing::ScriptedReply>(4, okReply(sessions)));
  storeToken(server.url());
  const CliRun verb = run({"--url", server.url(), "session", "list", "--cluster", "lab"});
  const CliRun call = run({"--url", server.url(), "call", "georep.session.list", "cluster=lab"});
  ASSERT_EQ(verb.status, kExitOk) << verb.err;
  EXPECT_EQ(verb.out, call.out);
  EXPECT_NE(verb.out.find("MASTER_VOLUME"), std::string::npos) << verb.out;
  EXPECT_NE(verb.out.find("FAULTY"), std::string::npos) << verb.out;
  EXPECT_EQ(verb.out.find('{'), std::string::npos) << "a table, not JSON:\n" << verb.out;

  const CliRun verbJson = run({"--url", server.url(), "--json", "session", "list"});
  const CliRun callJson = run({"--url", server.url(), "--json", "call", "georep.session.list"});
  ASSERT_EQ(verbJson.status, kExitOk);
  EXPECT_EQ(verbJson.out, callJson.out);
  EXPECT_EQ(json::parse(verbJson.out).at("result"), sessions);
}

TEST_F(GeorepctlVerbsTest, TypedErrorsArePrintedAsCallPrintsThemAndExitWith1) {
  ScriptedHttpServer server({errorReply(404, "not_found"), errorReply(409, "conflict"),
                             errorReply(401, "unauthenticated", {"WWW-Authenticate: Bearer"})});
  storeToken(server.url());
  const CliRun missing = run({"--url", server.url(), "session", "get", "99"});
  EXPECT_EQ(missing.status, kExitError);
  EXPECT_EQ(missing.err.rfind("error: not_found: not_found here\n", 0), 0u) << missing.err;
  EXPECT_TRUE(missing.out.empty());

  const CliRun conflict = run({"--url", server.url(), "--json", "session", "delete", "4"});
  EXPECT_EQ(conflict.status, kExitError);
  EXPECT_EQ(json::parse(conflict.out).at("error").at("code"), "conflict") << conflict.out;

  const CliRun expired = run({"--url", server.url(), "config", "list", "4"});
  EXPECT_EQ(expired.status, kExitError);
  EXPECT_EQ(expired.err.rfind("error: not logged in or token expired: run georepctl login\n", 0), 0u) << expired.err;
}

TEST_F(GeorepctlVerbsTest, AnUnreachableEngineExitsWith3) {
  const CliRun r = run({"--url", "http://127.0.0.1:1", "session", "start", "1"});
  EXPECT_EQ(r.status, kExitUnreachable);
  EXPECT_NE(r.err.find("cannot reach georep-engine"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace georep::cli
