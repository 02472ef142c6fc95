// GeorepctlServerTest: the fixture of the georepctl unit tests that run the program against a
// ScriptedHttpServer: a private XDG_CONFIG_HOME (so no real credentials are read or written), run() that
// drives runGeorepctl with an argv and a stdin, storeToken() that logs in as `login` would, and helpers
// to build the engine's replies and read the requests received.
// Thread-safety: one test thread (it sets environment variables).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "scripted_http_server.h"

namespace georep::cli::testing {

inline constexpr const char* kToken = "grt_0123456789abcdefSECRET";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string bodyOf(const std::string& request);
std::string headOf(const std::string& request);

// {"ok": true, "result": result} with a correlation id.
ScriptedReply okReply(const nlohmann::json& result);
// {"ok": false, "error": {"code": code, "message": "<code> here"}} with HTTP `status`.
ScriptedReply errorReply(unsigned status, const std::string& code, std::vector<std::string> headers = {});

class GeorepctlServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // runGeorepctl with "georepctl" prepended.
  CliRun run(std::vector<std::string> args, const std::string& stdinText = "");
  std::filesystem::path credentialsFile() const { return config_ / "georep" / "credentials.json"; }
  // Credentials for `url` with kToken, as `georepctl login` keeps them.
  void storeToken(const std::string& url);

  std::filesystem::path config_;
};

}  // namespace georep::cli::testing
