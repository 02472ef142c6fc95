// One session's whole life through the REST resources alone, against the real glusterd: the primary volume
// as the sync job stores it, create (201 + Location), options set before start, start, poll the session
// with If-None-Match until ACTIVE (304 while nothing changed), per-brick session_details in JSON and XML,
// an option set and reset, pause, resume, stop as a background job (?wait=false, then GET /api/jobs/{id}),
// delete. Only the lab registration (fixture) uses the command bus; every step here is a REST path. After
// the steps that change gluster, the database and the gluster CLI are asked too.
// This is the suite's one xsync test: it sets change_detector xsync (every other e2e test runs glusterd's
// default, changelog) and checks that a file written before start reaches the secondary (xsync's crawl at
// start).
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "harness/e2e_test.h"
#include "harness/wait.h"
#include "rest_http_client.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class RestLifecycleTest : public E2eTest {
 protected:
  RestReply rest(const std::string& method, const std::string& target, const json& body = nullptr,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return restExchange(engine_->port(), method, target, engine_->token(), body.is_null() ? "" : body.dump(), headers);
  }
  // A REST call that must answer `status` with a JSON body: returns it (null, and a test failure, otherwise).
  json expect(unsigned status, const std::string& method, const std::string& target, const json& body = nullptr) {
    const RestReply reply = rest(method, target, body);
    EXPECT_EQ(reply.status, static_cast<int>(status)) << method << " " << target << ": " << reply.body;
    if (reply.status != static_cast<int>(status)) return nullptr;
    return json::parse(reply.body, nullptr, false);
  }
};

TEST_F(RestLifecycleTest, CreateStartDetailsOptionsPauseResumeStopDeleteThroughRestAlone) {
  const std::string secondary = lab_.secondaries.at(0);
  const std::string volumes = std::string("/api/clusters/") + kClusterName + "/glustervolumes";
  const std::string sessions = volumes + "/" + lab_.primary + "/georeplication-sessions";

  // The primary volume, as the sync job stores it.
  json volume;
  ASSERT_TRUE(waitUntil(seconds(60), [&] {
    const RestReply r = rest("GET", volumes + "/" + lab_.primary);
    if (r.status == 200) volume = json::parse(r.body);
    return r.status == 200;
  })) << "the sync job did not store the primary volume";
  EXPECT_EQ(volume["bricks"].size(), 2u) << volume.dump();

  // Create: 201, Location names the new session.
  // Without force the lab's secondary is refused: it lives in the primary's own glusterd (same_cluster).
  const RestReply refusedCreate = rest("POST", sessions, {{"secondary_host", lab_.host}, {"secondary_volume", secondary},
                                                          {"ssh_port", lab_.sshPort}});
  ASSERT_EQ(refusedCreate.status, 409) << refusedCreate.body;
  EXPECT_NE(refusedCreate.body.find("same_cluster"), std::string::npos) << refusedCreate.body;
  const RestReply created = rest("POST", sessions, {{"secondary_host", lab_.host}, {"secondary_volume", secondary},
                                                    {"ssh_port", lab_.sshPort}, {"force", true}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json session = json::parse(created.body);
  EXPECT_TRUE(overrode(session, "same_cluster")) << created.body;
  const std::int64_t id = session.at("session_id").get<std::int64_t>();
  const std::string self = sessions + "/" + std::to_string(id);
  EXPECT_EQ(created.headers.at("location"), self);
  EXPECT_EQ(session["status"], "CREATED");
  EXPECT_TRUE(Lab::waitForPushPemHook(secondary, seconds(60)));

  // Eligibility through REST: the secondary now used is already_secondary, both are same_cluster.
  const json eligibility = expect(200, "GET", volumes + "/" + lab_.primary + "/georeplication-eligibility?secondary_host=" +
                                                  lab_.host);
  EXPECT_EQ(eligibility.value("secondary_cluster", ""), kClusterName) << eligibility.dump();
  for (const auto& c : eligibility["candidates"]) {
    std::set<std::string> codes;
    for (const auto& r : c["reasons"]) codes.insert(r.value("code", ""));
    EXPECT_TRUE(codes.count("same_cluster")) << c.dump();
    EXPECT_EQ(codes.count("already_secondary"), c["volume"] == secondary ? 1u : 0u) << c.dump();
    EXPECT_FALSE(c.value("eligible", true)) << c.dump();
  }

  // The suite's xsync session, and what the lab needs before start (see E2eTest::configureForLab), as
  // option PUTs.
  EXPECT_EQ(expect(200, "PUT", self + "/options/change_detector", {{"value", "xsync"}}).value("value", ""), "xsync");
  if (!lab_.rsyncOptions.empty())
    EXPECT_EQ(expect(200, "PUT", self + "/options/rsync_options", {{"value", lab_.rsyncOptions}}).value("value", ""),
              lab_.rsyncOptions);
  EXPECT_EQ(expect(200, "GET", self + "/options/change_detector").value("is_default", true), false);
  EXPECT_EQ(storedConfig(id, "change_detector"), "xsync");
  const std::string fileName = "rest-xsync-" + std::to_string(::getpid());
  const std::string content = "written before start, session " + std::to_string(id) + "\n";
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / fileName) << content;
  }

  // Start, then poll as the console does: If-None-Match until the session changes, up to ACTIVE.
  const json started = expect(200, "POST", self + "/start", json::object());
  EXPECT_NE(started.value("status", ""), "CREATED") << started.dump();
  std::string tag;
  json current;
  int notModified = 0;
  const bool active = waitUntil(seconds(90), [&] {
    const RestReply r = rest("GET", self, nullptr, tag.empty() ? std::vector<std::pair<std::string, std::string>>{}
                                                                : std::vector<std::pair<std::string, std::string>>{
                                                                      {"If-None-Match", tag}});
    if (r.status == 304) {
      ++notModified;
      return false;
    }
    if (r.status != 200) return false;
    tag = r.headers.count("etag") != 0 ? r.headers.at("etag") : std::string();
    current = json::parse(r.body);
    return current["status"] == "ACTIVE";
  });
  ASSERT_TRUE(active) << "the session did not become ACTIVE: " << current.dump();
  std::cout << "[ rest ] ACTIVE after polling; " << notModified << " replies were 304 Not Modified\n";

  // xsync's first crawl copies the file written before start, with its content.
  {
    FuseMount replica(lab_, secondary);
    const auto copy = replica.dir() / fileName;
    const auto since = std::chrono::steady_clock::now();
    std::string seen;
    const bool arrived = waitUntil(seconds(90), [&] {
      std::ifstream in(copy, std::ios::binary);
      std::ostringstream os;
      os << in.rdbuf();
      seen = os.str();
      return seen == content;
    }, std::chrono::milliseconds(1000));
    EXPECT_TRUE(arrived) << "xsync did not copy " << fileName << " to " << secondary << " within 90 s of ACTIVE (saw \""
                         << seen << "\")";
    std::cout << "[ rest ] xsync: the file was on the secondary "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count() /
                     1000.0
              << " s after ACTIVE\n";
  }

  // session_details per brick, JSON and XML. ACTIVE needs one Active worker per replica set; on this
  // single node both bricks' workers go Active, the second one possibly a few cycles later (Initializing).
  waitUntil(seconds(60), [&] {
    const RestReply r = rest("GET", self);
    if (r.status != 200) return false;
    current = json::parse(r.body);
    bool allActive = current["bricks"].size() == 2u;
    for (const auto& brick : current["bricks"]) allActive = allActive && brick["worker_status"] == "Active";
    return allActive;
  }, std::chrono::milliseconds(1000));
  ASSERT_EQ(current["bricks"].size(), 2u) << current.dump();
  for (const auto& brick : current["bricks"]) {
    EXPECT_EQ(brick["worker_status"], "Active") << brick.dump();
    EXPECT_TRUE(brick.contains("crawl_status") && brick.contains("entry_pending") && brick.contains("last_synced") &&
                brick.contains("checkpoint_status"))
        << brick.dump();
  }
  const RestReply xml = rest("GET", self, nullptr, {{"Accept", "application/xml"}});
  ASSERT_EQ(xml.status, 200);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.body.c_str())) << xml.body;
  int details = 0;
  for (const auto& d : doc.child("georeplication_session").child("session_details").children("session_detail")) {
    ++details;
    EXPECT_STREQ(d.child_value("worker_status"), "Active");
  }
  EXPECT_EQ(details, 2) << xml.body;

  // An option set, then reset to its default.
  EXPECT_EQ(expect(200, "PUT", self + "/options/sync_jobs", {{"value", "2"}}).value("value", ""), "2");
  EXPECT_EQ(storedConfig(id, "sync_jobs"), "2");
  const json reset = expect(200, "DELETE", self + "/options/sync_jobs");
  EXPECT_EQ(reset.value("is_default", false), true) << reset.dump();

  // Pause, resume.
  EXPECT_EQ(expect(200, "POST", self + "/pause", json::object()).value("status", ""), "PAUSED");
  EXPECT_EQ(sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)}), "PAUSED");
  EXPECT_EQ(rest("POST", self + "/pause", json::object()).status, 409);  // already paused: conflict
  const json resumed = expect(200, "POST", self + "/resume", json::object());
  EXPECT_NE(resumed.value("status", ""), "PAUSED") << resumed.dump();

  // Stop as a background job: 202 at once, the outcome from /api/jobs/{id}.
  const RestReply accepted = rest("POST", self + "/stop?wait=false", json::object());
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string job = accepted.headers.at("location");
  EXPECT_EQ(job, "/api/jobs/" + accepted.headers.at("x-correlation-id"));
  json outcome;
  ASSERT_TRUE(waitUntil(seconds(120), [&] {
    outcome = json::parse(rest("GET", job).body, nullptr, false);
    return outcome.value("state", "running") != "running";
  })) << outcome.dump();
  EXPECT_EQ(outcome["state"], "succeeded") << outcome.dump();
  EXPECT_EQ(outcome["result"]["status"], "STOPPED") << outcome.dump();
  EXPECT_EQ(sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)}), "STOPPED");

  // Delete: gone from the API, the database and glusterd.
  expect(200, "DELETE", self);
  EXPECT_EQ(rest("GET", self).status, 404);
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions WHERE id = $1", {std::to_string(id)}), 0);
  EXPECT_TRUE(glusterWorkerStates(lab_.primary, secondaryUrl(secondary)).empty())
      << "glusterd still lists the deleted session";
}

}  // namespace
}  // namespace georep::testing::e2e
