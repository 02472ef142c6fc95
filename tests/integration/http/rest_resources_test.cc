// The REST API (issue 9) beyond the first slice, against the real plugin, PostgreSQL and the HTTP server
// (RestApiTest, rest_api_fixture.h): every resource route in XML (the designs' element names, parsed back
// by pugixml), 406, the ETag of each representation, session_details per brick, hosts and inventory
// paging/filters, events by severity, every error code's HTTP status (JSON and XML), and `?wait=false`
// jobs: 202 + Location, outcome, owner-only reads (another viewer gets 404), the bounded worker pool
// (503 before anything is recorded), roles and parameters checked before a job exists, restart and
// retention of the rest_jobs table.
#ifdef GEOREP_PLUGIN_DIR  // built with the real plugin only

#include <atomic>
#include <future>
#include <thread>

#include <pugixml.hpp>

#include "rest_api_fixture.h"

namespace georep::engine::rest_test {
namespace {

const std::vector<std::pair<std::string, std::string>> kAcceptXml = {{"Accept", "application/xml"}};

struct XmlReply {
  HttpTestReply http;
  pugi::xml_document doc;
};

class RestResourcesTest : public RestApiTest {
 protected:
  std::unique_ptr<XmlReply> getXml(const std::string& target, const std::string& token) {
    auto reply = std::make_unique<XmlReply>();
    reply->http = request("GET", target, token, std::nullopt, kAcceptXml);
    const auto parsed = reply->doc.load_string(reply->http.rawBody.c_str());
    EXPECT_TRUE(parsed) << target << ": " << parsed.description() << "\n" << reply->http.rawBody;
    EXPECT_EQ(reply->http.headers["Content-Type"], "application/xml; charset=utf-8") << target;
    return reply;
  }

  // Polls GET /api/jobs/{id} until the job is no longer running (10 s at most).
  HttpTestReply waitForJob(const std::string& location, const std::string& token) {
    HttpTestReply reply;
    for (int i = 0; i < 200; ++i) {
      reply = request("GET", location, token);
      if (reply.status != 200 || reply.body.value("state", "") != "running") return reply;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "the job " << location << " still runs";
    return reply;
  }

  long long jobRows() {
    long long n = 0;
    auto lease = db_.database().lease(10s);
    lease.sql() << "SELECT count(*) FROM rest_jobs", soci::into(n);
    return n;
  }

  void addSessionBrick(long long sessionId) {
    auto lease = db_.database().lease(10s);
    long long brick = 0;
    lease.sql() << "INSERT INTO georep_bricks (volume_id, position, replica_set, host, host_uuid, path) VALUES "
                   "(:v, 0, 0, 'vm', gen_random_uuid(), '/bricks/b<1>&') RETURNING id",
        soci::use(mastervol_), soci::into(brick);
    lease.sql() << "INSERT INTO georep_session_bricks (session_id, brick_id, worker_status, secondary_node, "
                   "crawl_status, entry_pending, data_pending, meta_pending, failures, last_synced, checkpoint_time, "
                   "checkpoint_completed, checkpoint_completion_time) VALUES (:s, :b, 'Active', 'vm-s1', "
                   "'Changelog Crawl', 3, 4, 5, 6, '2026-11-21T14:17:16Z', '2026-11-21T14:00:00Z', true, "
                   "'2026-11-21T14:05:00Z')",
        soci::use(sessionId), soci::use(brick);
  }
};

TEST_F(RestResourcesTest, EveryReadRouteAnswersXmlInTheDesignsNames) {
  addSessionBrick(active_);
  const std::string s = session(active_);
  struct Case {
    std::string target, root, child;
  };
  for (const auto& c : std::vector<Case>{
           {"/api/clusters", "clusters", "cluster"},
           {"/api/clusters/c1", "cluster", "name"},
           {"/api/clusters/c1/hosts", "hosts", "host"},
           {"/api/clusters/c1/hosts/127.0.0.1", "host", "address"},
           {"/api/clusters/c1/glustervolumes", "gluster_volumes", "gluster_volume"},
           {"/api/clusters/c1/glustervolumes/mastervol", "gluster_volume", "bricks"},
           {kMasterSessions, "georeplication_sessions", "georeplication_session"},
           {"/api/georeplication-sessions?status=FAULTY", "georeplication_sessions", "georeplication_session"},
           {s, "georeplication_session", "session_details"},
           {s + "/options", "options", "option"},
           {s + "/options/log_level", "option", "value"},
           {"/api/events", "events", ""}}) {
    const auto reply = getXml(c.target, admin_);
    ASSERT_EQ(reply->http.status, 200u) << c.target << " " << reply->http.rawBody;
    const auto root = reply->doc.child(c.root.c_str());
    ASSERT_TRUE(root) << c.target << ": no <" << c.root << ">\n" << reply->http.rawBody;
    if (!c.child.empty()) {
      EXPECT_TRUE(root.child(c.child.c_str())) << c.target << ": no <" << c.child << ">";
    }
    if (c.root != "events") EXPECT_FALSE(reply->http.headers["ETag"].empty()) << c.target;  // resource reads
  }

  // Values, counts and the collection's total are what JSON says.
  const auto sessions = getXml(kMasterSessions + "?status=ACTIVE", admin_);
  const auto root = sessions->doc.child("georeplication_sessions");
  EXPECT_STREQ(root.attribute("total").value(), "2");
  std::vector<long long> xmlIds;
  for (const auto& e : root.children("georeplication_session")) xmlIds.push_back(std::stoll(e.child_value("session_id")));
  EXPECT_EQ(xmlIds, ids(get(kMasterSessions + "?status=ACTIVE").body["sessions"]));

  const auto volume = getXml("/api/clusters/c1/glustervolumes/mastervol", admin_);
  EXPECT_STREQ(volume->doc.child("gluster_volume").child_value("name"), "mastervol");
  EXPECT_STREQ(volume->doc.child("gluster_volume").child("bricks").child("brick").child_value("path"), "/bricks/b<1>&");
}

TEST_F(RestResourcesTest, SessionDetailsCarryEveryFieldPerBrickInJsonAndXml) {
  addSessionBrick(active_);
  const auto json = get(session(active_));
  ASSERT_EQ(json.status, 200u) << json.rawBody;
  ASSERT_EQ(json.body["bricks"].size(), 1u);
  const auto& detail = json.body["bricks"][0];
  EXPECT_EQ(detail["worker_status"], "Active");
  EXPECT_EQ(detail["secondary_node"], "vm-s1");
  EXPECT_EQ(detail["checkpoint_status"], "Completed");
  EXPECT_EQ(detail["checkpoint_time"], "2026-11-21T14:00:00Z");
  EXPECT_EQ(detail["checkpoint_completion_time"], "2026-11-21T14:05:00Z");
  EXPECT_EQ(detail["crawl_status"], "Changelog Crawl");
  EXPECT_EQ(detail["entry_pending"], 3);
  EXPECT_EQ(detail["data_pending"], 4);
  EXPECT_EQ(detail["meta_pending"], 5);
  EXPECT_EQ(detail["failures"], 6);
  EXPECT_EQ(detail["last_synced"], "2026-11-21T14:17:16Z");

  const auto xml = getXml(session(active_), admin_);
  const auto d = xml->doc.child("georeplication_session").child("session_details").child("session_detail");
  ASSERT_TRUE(d) << xml->http.rawBody;
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"worker_status", "Active"}, {"secondary_node", "vm-s1"}, {"checkpoint_status", "Completed"},
           {"checkpoint_time", "2026-11-21T14:00:00Z"}, {"checkpoint_completion_time", "2026-11-21T14:05:00Z"},
           {"crawl_status", "Changelog Crawl"}, {"entry_pending", "3"}, {"data_pending", "4"},
           {"meta_pending", "5"}, {"failures", "6"}, {"last_synced", "2026-11-21T14:17:16Z"}, {"path", "/bricks/b<1>&"}})
    EXPECT_EQ(std::string(d.child_value(field.c_str())), value) << field;
}

TEST_F(RestResourcesTest, EachRepresentationHasItsOwnEntityTagAndUnacceptableAcceptIs406) {
  const auto json = get(session(active_));
  const auto xml = request("GET", session(active_), admin_, std::nullopt, kAcceptXml);
  ASSERT_EQ(xml.status, 200u);
  EXPECT_NE(json.headers.at("ETag"), xml.headers.at("ETag"));
  EXPECT_EQ(xml.headers.at("Vary"), "Accept");
  auto xmlNotModified = request("GET", session(active_), admin_, std::nullopt,
                                {{"Accept", "application/xml"}, {"If-None-Match", xml.headers.at("ETag")}});
  EXPECT_EQ(xmlNotModified.status, 304u);
  EXPECT_TRUE(xmlNotModified.rawBody.empty());
  // The JSON tag does not validate the XML representation.
  EXPECT_EQ(request("GET", session(active_), admin_, std::nullopt,
                    {{"Accept", "application/xml"}, {"If-None-Match", json.headers.at("ETag")}})
                .status,
            200u);

  for (const char* accept : {"text/html", "application/yaml", "application/json;q=0, application/xml;q=0"}) {
    const auto refused = request("GET", session(active_), admin_, std::nullopt, {{"Accept", accept}});
    EXPECT_EQ(refused.status, 406u) << accept;
    EXPECT_EQ(refused.body["error"]["field"], "accept");
  }
  // A browser's navigation header prefers XML; a client's */* gets JSON.
  EXPECT_EQ(request("GET", "/api/clusters", admin_, std::nullopt,
                    {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}})
                .headers["Content-Type"],
            "application/xml; charset=utf-8");
  EXPECT_EQ(request("GET", "/api/clusters", admin_, std::nullopt, {{"Accept", "*/*"}}).headers["Content-Type"],
            "application/json");
}

TEST_F(RestResourcesTest, ErrorsMapToTheirStatusInJsonAndXml) {
  api::ParamSpec code;
  code.name = "code";
  code.required = true;
  auto command = commands_.registerHandler(
      api::CommandSpec{"test.error.raise", "", {code}, api::Role::kViewer},
      [](const json& p, const api::CommandContext&) -> json {
        const std::string name = p["code"];
        if (name == "crash") throw std::runtime_error("a bug");
        for (const auto c : {api::ErrorCode::kInvalidArgument, api::ErrorCode::kNotFound, api::ErrorCode::kConflict,
                             api::ErrorCode::kUnavailable, api::ErrorCode::kGlusterError, api::ErrorCode::kInternal,
                             api::ErrorCode::kUnauthenticated, api::ErrorCode::kForbidden})
          if (api::errorCodeName(c) == name) throw api::CommandError(c, "raised " + name);
        return json{{"raised", false}};
      });
  auto route = api::makeRoute("GET", "/api/test-errors/{code}", "test.error.raise", "");
  route.params = {api::pathParam("code")};
  auto registration = routes_.registerRoute(route);

  for (const auto& [name, status] : std::vector<std::pair<std::string, unsigned>>{
           {"invalid_argument", 400}, {"unauthenticated", 401}, {"forbidden", 403}, {"not_found", 404},
           {"conflict", 409}, {"gluster_error", 502}, {"unavailable", 503}, {"internal", 500}, {"crash", 500}}) {
    auto reply = request("GET", "/api/test-errors/" + name, viewer_);
    EXPECT_EQ(reply.status, status) << name << " " << reply.rawBody;
    EXPECT_EQ(reply.body["error"]["code"], name == "crash" ? "internal" : name);
    EXPECT_FALSE(reply.headers["X-Correlation-Id"].empty() && reply.body["correlation_id"].is_null()) << name;
    if (status == 503) {
      EXPECT_EQ(reply.headers["Retry-After"], "1");
    }
    const auto xml = getXml("/api/test-errors/" + name, viewer_);
    EXPECT_EQ(xml->http.status, status);
    EXPECT_STREQ(xml->doc.child("fault").child("error").child_value("code"),
                 name == "crash" ? "internal" : name.c_str());
  }
  // And from the real routes: no token, a viewer's mutation, an unknown session, a broken query.
  EXPECT_EQ(request("GET", kMasterSessions, std::nullopt).status, 401u);
  EXPECT_EQ(request("POST", session(active_) + "/stop", viewer_, "{}").status, 403u);
  EXPECT_EQ(get(session(otherCluster_ + 1000)).status, 404u);
  EXPECT_EQ(get(kMasterSessions + "?limit=x").status, 400u);
  EXPECT_EQ(request("POST", session(active_) + "/start", operator_, "{}").status, 409u);  // already ACTIVE
  EXPECT_EQ(request("POST", session(active_) + "/start", operator_, R"({"force":true})").status,
            503u);  // gluster unreachable
  // Every mutation route answers XML too: here the typed error of its command (gluster is unreachable).
  // (the state forbids some: 409 conflict; gluster, asked to confirm the stored state, is unreachable, so
  // the stored state decides).
  for (const auto& [method, target, body, code] : std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"POST", kMasterSessions, R"({"secondary_host":"vm9","secondary_volume":"s"})", "unavailable"},
           {"POST", session(active_) + "/start", "{}", "conflict"},
           {"POST", session(active_) + "/start", R"({"force":true})", "unavailable"},
           {"POST", session(active_) + "/stop", "{}", "unavailable"},
           {"POST", session(active_) + "/pause", "{}", "unavailable"},
           {"POST", session(active_) + "/resume", "{}", "conflict"},
           {"DELETE", session(active_), "", "conflict"},
           {"DELETE", session(active_), R"({"force":true})", "unavailable"},
           {"PUT", session(active_) + "/options/sync_jobs", R"({"value":"4"})", "unavailable"},
           {"DELETE", session(active_) + "/options/sync_jobs", "", "unavailable"}}) {
    const auto reply = request(method, target, admin_, body.empty() ? std::nullopt : std::optional<std::string>(body),
                               kAcceptXml);
    EXPECT_EQ(reply.status, code == "conflict" ? 409u : 503u) << method << " " << target << " " << reply.rawBody;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(reply.rawBody.c_str())) << reply.rawBody;
    EXPECT_EQ(std::string(doc.child("fault").child("error").child_value("code")), code) << method << " " << target;
    EXPECT_STREQ(doc.child("fault").child_value("ok"), "false");
  }
  const auto xmlUnauthenticated = request("GET", "/api/clusters", std::nullopt, std::nullopt, kAcceptXml);
  EXPECT_EQ(xmlUnauthenticated.status, 401u);
  EXPECT_NE(xmlUnauthenticated.rawBody.find("<fault>"), std::string::npos) << xmlUnauthenticated.rawBody;
}

TEST_F(RestResourcesTest, HostsAndPagingAndFiltersOfClustersHostsAndVolumes) {
  auto host = get("/api/clusters/c1/hosts/127.0.0.1");
  ASSERT_EQ(host.status, 200u) << host.rawBody;
  EXPECT_EQ(host.body["address"], "127.0.0.1");
  EXPECT_EQ(host.body["cluster"], "c1");
  EXPECT_EQ(get("/api/clusters/c1/hosts/10.9.9.9").status, 404u);
  EXPECT_EQ(get("/api/clusters/nope/hosts/127.0.0.1").status, 404u);
  EXPECT_EQ(request("GET", "/api/clusters/c1/hosts/127.0.0.1", viewer_).status, 200u);

  addCluster("c3");
  auto page1 = get("/api/clusters?limit=2");
  ASSERT_EQ(page1.status, 200u) << page1.rawBody;
  EXPECT_EQ(page1.body["total"], 3);
  ASSERT_EQ(page1.body["clusters"].size(), 2u);
  EXPECT_EQ(page1.body["clusters"][1]["name"], "c2");
  auto page2 = get("/api/clusters?limit=2&after=c2");
  ASSERT_EQ(page2.body["clusters"].size(), 1u);
  EXPECT_EQ(page2.body["clusters"][0]["name"], "c3");
  EXPECT_EQ(get("/api/clusters?transport=local").body["clusters"].size(), 0u);
  EXPECT_EQ(get("/api/clusters?transport=ssh").body["total"], 3);
  EXPECT_EQ(get("/api/clusters?transport=carrier-pigeon").status, 400u);
  EXPECT_EQ(get("/api/clusters?limit=0").status, 400u);

  // The host's state may move meanwhile (the sync job probes it: unknown -> down); judge the filter against
  // a state that held both before and after the filtered read.
  std::string state;
  decltype(host) hosts;
  for (int attempt = 0; attempt < 50; ++attempt) {
    state = get("/api/clusters/c1/hosts/127.0.0.1").body["state"];
    hosts = get("/api/clusters/c1/hosts?limit=1&state=" + state);
    if (get("/api/clusters/c1/hosts/127.0.0.1").body["state"] == state) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(hosts.status, 200u) << hosts.rawBody;
  EXPECT_EQ(hosts.body["total"], 1);
  EXPECT_EQ(get(std::string("/api/clusters/c1/hosts?state=") + (state == "down" ? "up" : "down")).body["total"], 0);
  EXPECT_EQ(get("/api/clusters/c1/hosts?after=127.0.0.1").body["hosts"].size(), 0u);
  EXPECT_EQ(get("/api/clusters/c1/hosts?state=sideways").status, 400u);

  const std::string volumes = "/api/clusters/c1/glustervolumes";
  auto v1 = get(volumes + "?limit=1");
  ASSERT_EQ(v1.status, 200u) << v1.rawBody;
  EXPECT_EQ(v1.body["total"], 2);
  ASSERT_EQ(v1.body["volumes"].size(), 1u);
  EXPECT_EQ(v1.body["volumes"][0]["name"], "mastervol");
  auto v2 = get(volumes + "?limit=1&after=mastervol");
  ASSERT_EQ(v2.body["volumes"].size(), 1u);
  EXPECT_EQ(v2.body["volumes"][0]["name"], "othervol");
  EXPECT_EQ(get(volumes + "?status=Stopped").body["total"], 0);
  EXPECT_EQ(get(volumes + "?status=Started&type=Replicate").body["total"], 2);
  EXPECT_EQ(get(volumes + "?type=Distribute").body["volumes"].size(), 0u);
  EXPECT_EQ(get(volumes + "?limit=1001").status, 400u);
}

TEST_F(RestResourcesTest, EventsBySeverityAndSince) {
  api::Event warning;
  warning.name = "test.something.warned";
  warning.severity = api::Severity::kWarning;
  warning.body = {{"note", "<b>&"}};
  api::Event info = warning;
  info.name = "test.something.noted";
  info.severity = api::Severity::kInfo;
  api::Event alert = warning;
  alert.name = "test.something.alerted";
  alert.severity = api::Severity::kAlert;
  const auto now = std::chrono::system_clock::now();
  warning.time = info.time = alert.time = now;
  const auto first = audit_.append(info);
  audit_.append(warning);
  audit_.append(alert);

  // (the plugin's sync job may raise events of its own meanwhile: only this test's are compared)
  const auto testEvents = [](const json& events) {
    std::vector<std::string> names;
    for (const auto& e : events)
      if (e["name"].get<std::string>().rfind("test.", 0) == 0) names.push_back(e["name"]);
    return names;
  };
  auto atLeastWarning = get("/api/events?since=" + std::to_string(first - 1) + "&severity=warning");
  ASSERT_EQ(atLeastWarning.status, 200u) << atLeastWarning.rawBody;
  EXPECT_EQ(testEvents(atLeastWarning.body["events"]),
            (std::vector<std::string>{"test.something.warned", "test.something.alerted"}));
  for (const auto& e : atLeastWarning.body["events"]) EXPECT_NE(e["severity"], "info") << e.dump();
  auto all = get("/api/events?since=" + std::to_string(first - 1));
  EXPECT_EQ(testEvents(all.body["events"]),
            (std::vector<std::string>{"test.something.noted", "test.something.warned", "test.something.alerted"}));
  auto alerts = get("/api/events?since=" + std::to_string(first - 1) + "&severity=alert&limit=5");
  EXPECT_EQ(testEvents(alerts.body["events"]), (std::vector<std::string>{"test.something.alerted"}));
  EXPECT_EQ(get("/api/events?severity=loud").status, 400u);

  const std::string query = "/api/events?since=" + std::to_string(first) + "&severity=alert&limit=1";
  const auto xml = getXml(query, viewer_);
  const auto root = xml->doc.child("events");
  EXPECT_STREQ(root.attribute("last_id").value(), std::to_string(get(query).body["last_id"].get<long long>()).c_str());
  EXPECT_STREQ(root.child("event").child_value("name"), "test.something.alerted");
  EXPECT_STREQ(root.child("event").child_value("severity"), "alert");
  EXPECT_STREQ(root.child("event").child("body").child_value("note"), "<b>&");
}

// A command that blocks until released, on a route that may run as a job.
class RestJobsTest : public RestResourcesTest {
 protected:
  void SetUp() override {
    RestResourcesTest::SetUp();
    api::ParamSpec name;
    name.name = "name";
    name.required = true;
    name.maxLength = 8;
    command_ = commands_.registerHandler(
        api::CommandSpec{"test.widget.build", "", {name}, api::Role::kOperator},
        [this](const json& p, const api::CommandContext& ctx) {
          if (!startedOnce_.exchange(true)) started_.set_value();
          released_.wait();
          if (p["name"] == "bad") throw api::CommandError(api::ErrorCode::kConflict, "widget exists");
          return json{{"widget", {{"name", p["name"]}, {"correlation_id", ctx.correlationId}}}};
        });
    auto spec = api::makeRoute("POST", "/api/widgets", "test.widget.build", "");
    spec.params = {api::bodyParam("name")};
    spec.resultField = "widget";
    spec.successStatus = 201;
    spec.mayRunAsJob = true;
    spec.xml.root = "widget";
    route_ = routes_.registerRoute(spec);
  }
  void TearDown() override {
    release();
    RestResourcesTest::TearDown();
  }
  void release() {
    if (!releasedOnce_) releaseSignal_.set_value();
    releasedOnce_ = true;
  }

  std::promise<void> started_;
  std::promise<void> releaseSignal_;
  std::shared_future<void> released_ = releaseSignal_.get_future().share();
  bool releasedOnce_ = false;
  std::atomic<bool> startedOnce_{false};
  api::Registration command_, route_;
};

TEST_F(RestJobsTest, WaitFalseAnswers202AndTheJobGivesTheOutcomeToItsOwnerAndAdminsOnly) {
  const auto accepted = request("POST", "/api/widgets?wait=false", operator_, R"({"name":"w1"})");
  ASSERT_EQ(accepted.status, 202u) << accepted.rawBody;
  const std::string id = accepted.headers.at("X-Correlation-Id");
  const std::string location = accepted.headers.at("Location");
  EXPECT_EQ(location, "/api/jobs/" + id);
  EXPECT_EQ(accepted.body["state"], "running");
  started_.get_future().wait();  // the command runs on a worker while the request has been answered

  auto running = request("GET", location, operator_);
  ASSERT_EQ(running.status, 200u) << running.rawBody;
  EXPECT_EQ(running.body["state"], "running");
  EXPECT_EQ(running.body["command"], "test.widget.build");
  EXPECT_TRUE(running.body["result"].is_null());

  // The attack: another user (a viewer, or another operator) cannot read it; it reads as absent.
  const std::string otherOperator = bearer("otto", api::Role::kOperator);
  for (const auto& token : {viewer_, otherOperator}) {
    const auto hidden = request("GET", location, token);
    EXPECT_EQ(hidden.status, 404u) << hidden.rawBody;
    EXPECT_EQ(hidden.body["error"]["message"], "no job " + id);  // exactly what an unknown id gets
    EXPECT_EQ(request("GET", "/api/jobs/" + std::string(36, 'a'), token).body["error"]["message"],
              "no job " + std::string(36, 'a'));
  }

  release();
  const auto done = waitForJob(location, operator_);
  ASSERT_EQ(done.status, 200u) << done.rawBody;
  EXPECT_EQ(done.body["state"], "succeeded");
  EXPECT_EQ(done.body["http_status"], 201);
  EXPECT_EQ(done.body["result"]["name"], "w1");
  EXPECT_EQ(done.body["result"]["correlation_id"], id);  // the command ran with the job's correlation id
  EXPECT_FALSE(done.body["finished_at"].is_null());
  EXPECT_EQ(request("GET", location, admin_).status, 200u);
  EXPECT_EQ(request("GET", location, viewer_).status, 404u);

  const auto xml = getXml(location, operator_);
  EXPECT_STREQ(xml->doc.child("job").child_value("state"), "succeeded");
  EXPECT_STREQ(xml->doc.child("job").child("result").child_value("name"), "w1");
}

TEST_F(RestJobsTest, AFailedJobKeepsTheTypedErrorAndStatus) {
  release();
  const auto accepted = request("POST", "/api/widgets?wait=false", operator_, R"({"name":"bad"})");
  ASSERT_EQ(accepted.status, 202u) << accepted.rawBody;
  const auto done = waitForJob(accepted.headers.at("Location"), operator_);
  EXPECT_EQ(done.body["state"], "failed");
  EXPECT_EQ(done.body["http_status"], 409);
  EXPECT_EQ(done.body["error"]["code"], "conflict");
  EXPECT_EQ(done.body["error"]["message"], "widget exists");

  // A real long action: start needs gluster (unreachable): the job fails as the request would (503).
  const auto start = request("POST", session(active_) + "/start?wait=false", operator_, R"({"force":true})", kAcceptXml);
  ASSERT_EQ(start.status, 202u) << start.rawBody;
  pugi::xml_document accepted202;
  ASSERT_TRUE(accepted202.load_string(start.rawBody.c_str())) << start.rawBody;
  EXPECT_STREQ(accepted202.child("job").child_value("state"), "running");
  EXPECT_EQ(accepted202.child("job").child_value("href"), start.headers.at("Location"));
  const auto startDone = waitForJob(start.headers.at("Location"), operator_);
  EXPECT_EQ(startDone.body["state"], "failed");
  EXPECT_EQ(startDone.body["command"], "georep.session.start");
  EXPECT_EQ(startDone.body["http_status"], 503);
  EXPECT_EQ(startDone.body["error"]["code"], "unavailable");
  // wait=true (or no wait) stays synchronous.
  EXPECT_EQ(request("POST", session(active_) + "/start?wait=true", operator_, R"({"force":true})").status, 503u);
}

TEST_F(RestJobsTest, NothingIsRecordedForARequestRefusedUpFront) {
  release();
  const long long before = jobRows();
  // Roles, parameters, scope and the wait value are checked before a job exists.
  EXPECT_EQ(request("POST", "/api/widgets?wait=false", viewer_, R"({"name":"w"})").status, 403u);
  EXPECT_EQ(request("POST", "/api/widgets?wait=false", operator_, R"({"name":"much-too-long"})").status, 400u);
  EXPECT_EQ(request("POST", "/api/widgets?wait=false", operator_, "{}").status, 400u);
  EXPECT_EQ(request("POST", "/api/widgets?wait=maybe", operator_, R"({"name":"w"})").status, 400u);
  EXPECT_EQ(request("POST", session(active_) + "/stop?wait=false", viewer_, "{}").status, 403u);
  EXPECT_EQ(request("POST", session(otherCluster_) + "/stop?wait=false", operator_, "{}").status, 404u);
  EXPECT_EQ(request("PUT", session(active_) + "/options/sync_jobs?wait=false", viewer_, R"({"value":"4"})").status,
            403u);
  EXPECT_EQ(get(session(active_) + "?wait=false").status, 400u);  // reads never run as jobs
  EXPECT_EQ(jobRows(), before);
}

class RestJobsOnAFullPoolTest : public RestJobsTest {
 protected:
  HttpOptions serverOptions() const override {
    HttpOptions options = ephemeralPort();
    options.maxCommandsInFlight = 2;  // one for the blocked job, one for the request
    options.maxQueuedRequests = 0;
    return options;
  }
};

TEST_F(RestJobsOnAFullPoolTest, AJobNeedsAPlaceOnTheWorkerPoolOr503BeforeAnyWork) {
  const auto first = request("POST", "/api/widgets?wait=false", operator_, R"({"name":"w1"})");
  ASSERT_EQ(first.status, 202u) << first.rawBody;
  started_.get_future().wait();  // the job holds one worker
  const long long rows = jobRows();
  auto refused = request("POST", "/api/widgets?wait=false", operator_, R"({"name":"w2"})");
  EXPECT_EQ(refused.status, 503u) << refused.rawBody;
  EXPECT_EQ(refused.headers["Retry-After"], "1");
  EXPECT_EQ(refused.body["error"]["code"], "unavailable");
  EXPECT_EQ(jobRows(), rows);  // nothing recorded
  release();
  EXPECT_EQ(waitForJob(first.headers.at("Location"), operator_).body["state"], "succeeded");
}

TEST_F(RestResourcesTest, ARestartMarksThisEnginesRunningJobsFailedAndRetentionIsBounded) {
  const api::Caller ada{"user:ada", api::Role::kAdmin, "ada", 0};
  JobStore here(db_.database(), JobStore::Retention{std::chrono::hours(1), 2}, "engine-a");
  JobStore elsewhere(db_.database(), JobStore::Retention{}, "engine-b");
  const std::string mine = "00000000-0000-4000-8000-000000000001";
  const std::string theirs = "00000000-0000-4000-8000-000000000002";
  here.create(mine, ada, "georep.session.start", "POST /x");
  elsewhere.create(theirs, ada, "georep.session.stop", "POST /y");

  EXPECT_EQ(here.failInterrupted(), 1u);  // what engine-a does when it starts again
  const auto failed = here.find(mine);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->state, "failed");
  EXPECT_EQ(failed->httpStatus, 503u);
  EXPECT_EQ(failed->error["code"], "unavailable");
  EXPECT_NE(failed->error["message"].get<std::string>().find("engine restarted"), std::string::npos);
  EXPECT_EQ(here.find(theirs)->state, "running");  // another engine's job is not touched
  here.succeed(mine, 200, json{{"late", true}});     // an outcome after the fact changes nothing
  EXPECT_EQ(here.find(mine)->state, "failed");

  // Retention: at most 2 finished jobs are kept; running ones never go.
  for (int i = 3; i <= 6; ++i) {
    const std::string id = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
    here.create(id, ada, "georep.session.start", "POST /x");
    here.succeed(id, 200, json::object());
  }
  here.create("00000000-0000-4000-8000-000000000007", ada, "georep.session.start", "POST /x");
  EXPECT_FALSE(here.find(mine));
  EXPECT_FALSE(here.find("00000000-0000-4000-8000-000000000003"));
  EXPECT_TRUE(here.find("00000000-0000-4000-8000-000000000005"));
  EXPECT_TRUE(here.find("00000000-0000-4000-8000-000000000006"));
  EXPECT_TRUE(here.find(theirs));
  EXPECT_EQ(jobRows(), 4);  // 5, 6, theirs (running) and 7 (running)
  EXPECT_THROW(here.create("not-a-uuid", ada, "x", "y"), std::exception);
}

}  // namespace
}  // namespace georep::engine::rest_test

#endif  // GEOREP_PLUGIN_DIR
