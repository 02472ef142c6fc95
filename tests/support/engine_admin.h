// Credentials for tests that drive a real georep-engine over HTTP (auth is required on every route but
// GET /api/health and login): the engine binary itself creates the first admin
// (`georep-engine --bootstrap-admin`, password from GEOREP_ADMIN_PASSWORD) and issues an API token for
// it (`georep-engine --issue-token USER`, printed alone on stdout), with the same config arguments and
// environment (GEOREP_DB, ...) as the engine under test. The token is returned, never logged.
// Thread-safety: each call runs its own child processes (posix_spawn); safe from any thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace georep::testing {

// The admin the test helpers create and the password they give it.
inline constexpr const char* kTestAdminUser = "admin";
inline constexpr const char* kTestAdminPassword = "georep-test-admin-password-7Qe9";

struct EngineInvocation {
  std::filesystem::path binary;                // georep-engine
  std::vector<std::string> configArgs;         // e.g. {"--config", "/tmp/x/engine.json"}; may be empty
  std::map<std::string, std::string> env;      // added to the environment, e.g. GEOREP_DB
};

// Creates kTestAdminUser with kTestAdminPassword when no admin exists (idempotent), then issues and
// returns an API token for `user` (kTestAdminUser by default). Throws std::runtime_error with the
// engine's stderr when either step fails or the token is not a "grt_" token.
std::string bootstrapAdminAndIssueToken(const EngineInvocation& engine, const std::string& user = kTestAdminUser,
                                        std::chrono::seconds timeout = std::chrono::seconds(60));

// Runs the engine binary with `args` and returns what it printed on stdout; throws std::runtime_error
// (exit status and stderr) when it fails or outlives `timeout`.
std::string runEngineTool(const EngineInvocation& engine, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& extraEnv, std::chrono::seconds timeout);

}  // namespace georep::testing
