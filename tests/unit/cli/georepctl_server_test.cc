#include "georepctl_server_test.h"

#include <cstdlib>
#include <sstream>

#include "cli/credentials_store.h"
#include "cli/georepctl_app.h"

namespace georep::cli::testing {

namespace fs = std::filesystem;
using nlohmann::json;

std::string bodyOf(const std::string& request) { return request.substr(request.find("\r\n\r\n") + 4); }
std::string headOf(const std::string& request) { return request.substr(0, request.find("\r\n\r\n")); }

ScriptedReply okReply(const json& result) {
  return {200, json{{"ok", true}, {"correlation_id", "c1"}, {"result", result}}.dump(), {}};
}

ScriptedReply errorReply(unsigned status, const std::string& code, std::vector<std::string> headers) {
  return {status,
          json{{"ok", false}, {"correlation_id", "c2"}, {"error", {{"code", code}, {"message", code + " here"}}}}.dump(),
          std::move(headers)};
}

void GeorepctlServerTest::SetUp() {
  for (const char* v : {"GEOREP_URL", "GEOREP_TOKEN", "GEOREP_USER"}) ::unsetenv(v);
  std::string templ = fs::temp_directory_path() / "georepctl-test.XXXXXX";
  ASSERT_NE(::mkdtemp(templ.data()), nullptr);
  config_ = templ;
  ::setenv("XDG_CONFIG_HOME", config_.c_str(), 1);
}

void GeorepctlServerTest::TearDown() {
  for (const char* v : {"XDG_CONFIG_HOME", "GEOREP_TOKEN"}) ::unsetenv(v);
  fs::remove_all(config_);
}

CliRun GeorepctlServerTest::run(std::vector<std::string> args, const std::string& stdinText) {
  args.insert(args.begin(), "georepctl");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(stdinText);
  std::ostringstream out, err;
  CliRun r;
  r.status = runGeorepctl(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

void GeorepctlServerTest::storeToken(const std::string& url) {
  CredentialsStore(credentialsFile()).save(Credentials{url, "alice", kToken, "2026-12-01T15:00:00Z"});
}

}  // namespace georep::cli::testing
