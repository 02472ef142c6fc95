// E2eTest: the fixture of every e2e test. Each test holds the LabLock (one e2e test on the machine's lab
// at a time, whatever ctest runs it). Once per process it brings the lab up (scripts/lab up) and
// makes sure a PostgreSQL server is there (GEOREP_TEST_DB, or a private one from scripts/pg-temp, stopped
// at exit). Per test: a clean lab (scripts/lab reset: no sessions, empty secondaries), a fresh database,
// the real georep-engine with the real plugin on it, and the lab registered in its inventory over the
// HTTP API (cluster.add, host.add with the lab's key and pinned host key).
// When this machine cannot run GlusterFS the test is SKIPPED with a loud message, never passed.
// On failure the end of the engine log is printed.
// Thread-safety: a GoogleTest fixture; one thread.
#pragma once

#include <chrono>
#include <map>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/engine_process.h"
#include "harness/lab.h"
#include "harness/lab_lock.h"
#include "harness/sql_probe.h"
#include "support/test_database.h"

namespace georep::testing::e2e {

inline constexpr const char* kClusterName = "lab";

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Whether SetUp resets the lab (no sessions, empty secondaries) before the engine starts.
  virtual bool resetLab() const { return true; }
  // The plugin's periodic status reconciliation (the sync job); tests of command refusals turn it off so
  // that the stored state is exactly what they arranged.
  virtual bool syncJobEnabled() const { return true; }
  // Changes to the engine's launch options before it starts (e.g. plugin config sections).
  virtual void configureEngine(EngineOptions&) const {}

  // A command that must succeed: fails the test (with the whole reply) otherwise.
  nlohmann::json ok(const std::string& name, const nlohmann::json& params = nlohmann::json::object());
  // A command that must fail with `code`: returns the reply for further checks.
  CommandReply refused(const std::string& name, const nlohmann::json& params, const std::string& code);

  // Events named `name` after `since` whose body matches `bodyFields` (every key equal); waits up to
  // `timeout`. Fails the test and returns an empty object when none comes.
  nlohmann::json expectEvent(const std::string& name, std::int64_t since, const nlohmann::json& bodyFields,
                             std::chrono::milliseconds timeout);

  // Waits until `sql` (a scalar query) returns `expected`; fails the test with the last value otherwise.
  void expectSqlEventually(const std::string& sql, const std::vector<std::string>& params,
                           const std::optional<std::string>& expected, std::chrono::milliseconds timeout);

  // The georep_sessions.status of the session primary -> secondary volume (nothing when no row).
  std::optional<std::string> sessionStatus(const std::string& secondaryVolume);

  // --- georep steps shared by the tests ---------------------------------------------------------
  // georep.volume.refresh, then georep.session.create from the lab primary to `secondaryVolume` on the lab
  // host (ssh_port = the lab sshd's), asserting the reply, the stored row, workers and config (ssh_port
  // stored in glusterd too) and the event; waits for glusterd's push-pem hook. Returns the session id (0
  // on failure).
  // The lab's secondaries are in the primary's own glusterd, so it passes force and asserts that the
  // reply names same_cluster among the overridden eligibility reasons.
  std::int64_t createSession(const std::string& secondaryVolume);
  // Whether a create reply's eligibility_overridden holds a blocking reason `code`.
  static bool overrode(const nlohmann::json& created, const std::string& code);
  // What the lab needs before start, through georep.config.set: with rsync >= 3.5, rsync_options
  // --remote-option=--insecure-links (else the secondary gets empty files; scripts/lab explains). The
  // change detector stays glusterd's default, changelog (asserted).
  void configureForLab(std::int64_t sessionId);
  // georep.session.start, then waits until the database says ACTIVE.
  void startAndWaitActive(std::int64_t sessionId);
  // The stored config value of a session key (nothing when absent).
  std::optional<std::string> storedConfig(std::int64_t sessionId, const std::string& key);
  // The same settings with the gluster CLI, plus ssh_port (create does not store it: glusterfs#2819),
  // for sessions made behind the engine's back.
  void configureForLabWithCli(const std::string& secondaryVolume);
  // "host::volume" of a lab secondary, as the gluster CLI takes it.
  std::string secondaryUrl(const std::string& secondaryVolume) const;

  std::filesystem::path workDir() const { return workDir_; }
  static std::filesystem::path georepctl();

  LabFacts lab_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<EngineProcess> engine_;
  std::unique_ptr<EngineClient> client_;
  std::unique_ptr<SqlProbe> sql_;

 private:
  std::unique_ptr<LabLock> labLock_;
  std::filesystem::path workDir_;
};

// The gluster CLI's answer to `status` for a session: worker status per brick path (for cross-checks).
std::map<std::string, std::string> glusterWorkerStates(const std::string& primary, const std::string& secondaryUrl);

}  // namespace georep::testing::e2e
