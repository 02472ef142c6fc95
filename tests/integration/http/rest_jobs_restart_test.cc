// The georep-engine executable and its REST jobs: started, it applies engine migration 0004 (rest_jobs);
// a job of this host left `running` (as when the engine died mid-job) is marked failed ("engine
// restarted") when the engine starts again, while another engine host's job is left alone; the outcome
// is then readable at GET /api/jobs/{id} (in XML too), and unknown ids are 404.
#ifdef GEOREP_HAVE_CLI  // GEOREP_ENGINE_BINARY is defined with the CLI

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/http/job_store.h"
#include "http_test_client.h"
#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using namespace std::chrono_literals;

class RestJobsRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = std::filesystem::temp_directory_path() / "rest-jobs.XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    workDir_ = templ;
  }
  void TearDown() override {
    if (engine_ && HasFailure()) std::cerr << "---- engine log ----\n" << engine_->log() << "\n";
    engine_.reset();
    std::filesystem::remove_all(workDir_);
  }
  void startEngine(const std::string& logName) {
    engine_ = std::make_unique<testing::EngineChild>(
        GEOREP_ENGINE_BINARY,
        std::map<std::string, std::string>{{"GEOREP_DB", db_.connectString()}, {"GEOREP_HTTP_PORT", "0"},
                                           {"GEOREP_LOG_LEVEL", "info"}},
        workDir_ / logName);
  }
  void insertRunningJob(const std::string& id, const std::string& host) {
    auto lease = db_.database().lease(10s);
    lease.sql() << "INSERT INTO rest_jobs (id, actor, command, request, engine_host, state) "
                   "VALUES (:id, 'engine', 'georep.session.stop', 'POST /api/x/stop', :h, 'running')",
        soci::use(id), soci::use(host);
  }
  std::string stateOf(const std::string& id) {
    std::string state;
    auto lease = db_.database().lease(10s);
    lease.sql() << "SELECT state FROM rest_jobs WHERE id = :id", soci::use(id), soci::into(state);
    return state;
  }
  testing::HttpTestReply get(const std::string& target, const std::string& accept = "application/json") {
    testing::HttpTestRequest r;
    r.target = target;
    r.authorization = "Bearer " + token_;
    r.headers = {{"Accept", accept}};
    return testing::httpRequest(engine_->port(), r);
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEmpty};
  std::filesystem::path workDir_;
  std::unique_ptr<testing::EngineChild> engine_;
  std::string token_;
};

TEST_F(RestJobsRestartTest, AJobLeftRunningIsFailedByTheNextStartOfItsEngine) {
  startEngine("engine-1.log");  // applies the engine's migrations, rest_jobs included
  const std::string mine = "11111111-1111-4111-8111-111111111111";
  const std::string theirs = "22222222-2222-4222-8222-222222222222";
  insertRunningJob(mine, localHostName());
  insertRunningJob(theirs, "another-engine-host");
  ASSERT_EQ(engine_->stop(), 0);

  startEngine("engine-2.log");
  EXPECT_EQ(stateOf(mine), "failed");
  EXPECT_EQ(stateOf(theirs), "running");
  EXPECT_NE(engine_->log().find("1 REST job(s) of " + localHostName()), std::string::npos) << engine_->log();

  token_ = testing::bootstrapAdminAndIssueToken({GEOREP_ENGINE_BINARY, {}, {{"GEOREP_DB", db_.connectString()}}});
  const auto job = get("/api/jobs/" + mine);
  ASSERT_EQ(job.status, 200u) << job.rawBody;
  EXPECT_EQ(job.body["state"], "failed");
  EXPECT_EQ(job.body["http_status"], 503);
  EXPECT_EQ(job.body["error"]["code"], "unavailable");
  EXPECT_NE(job.body["error"]["message"].get<std::string>().find("engine restarted"), std::string::npos);
  const auto xml = get("/api/jobs/" + mine, "application/xml");
  EXPECT_EQ(xml.status, 200u);
  EXPECT_EQ(xml.rawBody.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<job>", 0), 0u) << xml.rawBody;
  for (const std::string element : {"<id>" + mine + "</id>", std::string("<state>failed</state>"),
                                    std::string("<error><code>unavailable</code>")})
    EXPECT_NE(xml.rawBody.find(element), std::string::npos) << element << " in " << xml.rawBody;
  EXPECT_EQ(get("/api/jobs/33333333-3333-4333-8333-333333333333").status, 404u);
}

}  // namespace
}  // namespace georep::engine

#endif  // GEOREP_HAVE_CLI
