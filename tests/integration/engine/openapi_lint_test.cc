// The OpenAPI document of a running georep-engine (the executable, with the real plugin, on a real
// PostgreSQL) passes an independent validator: Redocly CLI's `lint` (recommended rules), pinned in
// tools/openapi-lint/package-lock.json and installed there with `npm ci` by tools/openapi-lint/lint.
// Any lint error fails the test, with Redocly's report in the failure message.
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "../http/http_test_client.h"
#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/test_database.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Runs a command line; its exit status and what it printed (stdout and stderr).
std::pair<int, std::string> run(const std::string& commandLine) {
  std::string output;
  FILE* pipe = ::popen((commandLine + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(OpenApiLint, RunningEngineDocumentPassesRedocly) {
  georep::testing::TestDatabase db(georep::testing::TestDatabase::Schema::kEmpty);
  const fs::path dir = fs::temp_directory_path() / ("georep_openapi_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::map<std::string, std::string> env{{"GEOREP_DB", db.connectString()},
                                               {"GEOREP_HTTP_PORT", "0"},
                                               {"GEOREP_PLUGINS", std::string(GEOREP_PLUGIN_DIR) + "/libgeorep.so"},
                                               {"GEOREP_LOG_LEVEL", "info"}};
  georep::testing::EngineChild engine(GEOREP_ENGINE_BINARY, env, dir / "engine.log", 60s);
  const std::string token =
      georep::testing::bootstrapAdminAndIssueToken({GEOREP_ENGINE_BINARY, {}, {{"GEOREP_DB", db.connectString()}}});

  georep::testing::HttpTestRequest request;
  request.target = "/api/openapi.json";
  request.authorization = "Bearer " + token;
  const auto reply = georep::testing::httpRequest(engine.port(), request);
  ASSERT_EQ(reply.status, 200u) << reply.rawBody;
  // The plugin's routes are in it: the document is the running engine's, not an empty shell.
  ASSERT_TRUE(reply.body["paths"].contains(
      "/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-sessions/{session}/start"));
  const fs::path document = dir / "openapi.json";
  std::ofstream(document) << reply.rawBody;

  const auto [status, output] = run("'" GEOREP_SOURCE_DIR "/tools/openapi-lint/lint' '" + document.string() + "'");
  EXPECT_EQ(status, 0) << output;
  std::cout << output;
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
