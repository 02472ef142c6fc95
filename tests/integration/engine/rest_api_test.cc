// The REST resource API (issue 9, first slice) end to end inside one process: the real plugin loaded
// through the plugin loader, the engine's inventory commands and routes, the HTTP server with the
// engine's authenticator, and a real PostgreSQL seeded with clusters, volumes, sessions and config rows
// (RestApiTest, tests/integration/http/rest_api_fixture.h). Gluster is unreachable (the hosts' SSH port
// refuses), so actions that need it fail with typed errors; everything the routes add (mapping, scope,
// roles, paging, filters, ETag, Location) is checked.
#include "../http/rest_api_fixture.h"

namespace georep::engine::rest_test {

TEST_F(RestApiTest, ClustersAndHosts) {
  auto clusters = get("/api/clusters");
  ASSERT_EQ(clusters.status, 200u) << clusters.rawBody;
  ASSERT_EQ(clusters.body["clusters"].size(), 2u);
  EXPECT_EQ(clusters.body["clusters"][0]["name"], "c1");

  auto one = get("/api/clusters/c2");
  ASSERT_EQ(one.status, 200u) << one.rawBody;
  EXPECT_EQ(one.body["name"], "c2");
  EXPECT_EQ(one.body["hosts"], 1);
  EXPECT_EQ(get("/api/clusters/nope").status, 404u);

  auto hosts = get("/api/clusters/c1/hosts");
  ASSERT_EQ(hosts.status, 200u) << hosts.rawBody;
  ASSERT_EQ(hosts.body["hosts"].size(), 1u);
  EXPECT_EQ(hosts.body["hosts"][0]["cluster"], "c1");
  EXPECT_EQ(get("/api/clusters/nope/hosts").status, 404u);
}

TEST_F(RestApiTest, Volumes) {
  auto list = get("/api/clusters/c1/glustervolumes");
  ASSERT_EQ(list.status, 200u) << list.rawBody;
  EXPECT_EQ(list.body["total"], 2);
  EXPECT_EQ(list.body["volumes"][0]["name"], "mastervol");
  auto one = get("/api/clusters/c1/glustervolumes/othervol");
  ASSERT_EQ(one.status, 200u) << one.rawBody;
  EXPECT_EQ(one.body["name"], "othervol");
  EXPECT_EQ(one.body["cluster"], "c1");
  EXPECT_TRUE(one.body["bricks"].is_array());
  EXPECT_EQ(get("/api/clusters/c1/glustervolumes/nope").status, 404u);
  EXPECT_EQ(get("/api/clusters/nope/glustervolumes").status, 404u);
}

TEST_F(RestApiTest, EveryRouteNeedsAToken) {
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/clusters"},
           {"GET", "/api/clusters/c1/glustervolumes"},
           {"GET", kMasterSessions},
           {"GET", session(active_)},
           {"DELETE", session(active_)},
           {"POST", session(active_) + "/start"},
           {"GET", session(active_) + "/options"},
           {"PUT", session(active_) + "/options/sync_jobs"},
           {"GET", "/api/georeplication-sessions"}}) {
    auto reply = request(method, target, std::nullopt);
    EXPECT_EQ(reply.status, 401u) << method << " " << target;
    EXPECT_EQ(reply.headers["WWW-Authenticate"], "Bearer");
  }
}

TEST_F(RestApiTest, SessionCollectionOfAVolumeWithFiltersPagingAndTotal) {
  auto all = get(kMasterSessions);
  ASSERT_EQ(all.status, 200u) << all.rawBody;
  EXPECT_EQ(all.body["total"], 3);
  EXPECT_EQ(ids(all.body["sessions"]), (std::vector<long long>{active_, faulty_, third_}));

  auto page1 = get(kMasterSessions + "?limit=2");
  ASSERT_EQ(page1.status, 200u) << page1.rawBody;
  EXPECT_EQ(ids(page1.body["sessions"]), (std::vector<long long>{active_, faulty_}));
  EXPECT_EQ(page1.body["total"], 3);
  auto page2 = get(kMasterSessions + "?limit=2&after=" + std::to_string(faulty_));
  EXPECT_EQ(ids(page2.body["sessions"]), (std::vector<long long>{third_}));
  EXPECT_EQ(page2.body["total"], 3);

  EXPECT_EQ(ids(get(kMasterSessions + "?status=FAULTY").body["sessions"]), (std::vector<long long>{faulty_}));
  EXPECT_EQ(get(kMasterSessions + "?status=ACTIVE").body["total"], 2);
  EXPECT_EQ(ids(get(kMasterSessions + "?secondary_host=vm3").body["sessions"]), (std::vector<long long>{third_}));
  EXPECT_EQ(ids(get(kMasterSessions + "?secondary_volume=slavevol&status=ACTIVE").body["sessions"]),
            (std::vector<long long>{active_}));

  // Bad query parameters are typed 400s naming the parameter.
  auto unknown = get(kMasterSessions + "?colour=red");
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_EQ(unknown.body["error"]["field"], "colour");
  EXPECT_EQ(get(kMasterSessions + "?limit=abc").status, 400u);
  EXPECT_EQ(get(kMasterSessions + "?limit=0").status, 400u);
  EXPECT_EQ(get(kMasterSessions + "?limit=1001").status, 400u);
  EXPECT_EQ(get(kMasterSessions + "?status=BOGUS").status, 400u);
  EXPECT_EQ(get("/api/clusters/c1/glustervolumes/nope/georeplication-sessions").status, 404u);
}

TEST_F(RestApiTest, SessionsAcrossClusters) {
  auto all = get("/api/georeplication-sessions");
  ASSERT_EQ(all.status, 200u) << all.rawBody;
  EXPECT_EQ(all.body["total"], 5);
  auto faulty = get("/api/georeplication-sessions?status=FAULTY");
  EXPECT_EQ(ids(faulty.body["sessions"]), (std::vector<long long>{faulty_, otherVolume_, otherCluster_}));
  auto c2 = get("/api/georeplication-sessions?status=FAULTY&cluster=c2");
  EXPECT_EQ(ids(c2.body["sessions"]), (std::vector<long long>{otherCluster_}));
  EXPECT_EQ(c2.body["sessions"][0]["cluster"], "c2");
  auto paged = get("/api/georeplication-sessions?status=FAULTY&limit=1&after=" + std::to_string(faulty_));
  EXPECT_EQ(ids(paged.body["sessions"]), (std::vector<long long>{otherVolume_}));
  EXPECT_EQ(paged.body["total"], 3);
  EXPECT_EQ(get("/api/georeplication-sessions?cluster=nope").status, 404u);
  EXPECT_EQ(get("/api/georeplication-sessions?with_total=false").status, 400u);  // fixed by the route

  // Over RPC the result keeps its shape (no total) unless asked for.
  const auto rpc = commands_.dispatch("georep.session.list", json{{"status", "FAULTY"}, {"limit", 2}});
  ASSERT_TRUE(rpc.ok);
  EXPECT_FALSE(rpc.result.contains("total"));
  EXPECT_EQ(ids(rpc.result["sessions"]), (std::vector<long long>{faulty_, otherVolume_}));
}

TEST_F(RestApiTest, OneSessionAndItsScope) {
  auto one = get(session(active_));
  ASSERT_EQ(one.status, 200u) << one.rawBody;
  EXPECT_EQ(one.body["session_id"], active_);
  EXPECT_EQ(one.body["cluster"], "c1");
  EXPECT_EQ(one.body["master_volume"], "mastervol");
  EXPECT_TRUE(one.body["bricks"].is_array());
  EXPECT_FALSE(one.headers["X-Correlation-Id"].empty());

  // A session that exists, but not under this cluster/volume, is not found here.
  EXPECT_EQ(get(session(otherVolume_)).status, 404u);
  EXPECT_EQ(get(session(otherCluster_)).status, 404u);
  EXPECT_EQ(get("/api/clusters/c2/glustervolumes/mastervol/georeplication-sessions/" + std::to_string(active_)).status,
            404u);
  EXPECT_EQ(get(session(otherCluster_ + 1000)).status, 404u);
  EXPECT_EQ(get(kMasterSessions + "/not-a-number").status, 404u);
  EXPECT_EQ(get(session(otherVolume_) + "/options").status, 404u);
  EXPECT_EQ(get(session(otherVolume_) + "/options/sync_jobs").status, 404u);
}

TEST_F(RestApiTest, ActionsOutsideTheScopeRunNothing) {
  // The action would reach gluster (unreachable here: 503); out of scope it never runs: 404.
  for (const char* verb : {"start", "stop", "pause", "resume"}) {
    auto out = request("POST", session(otherCluster_) + "/" + verb, operator_, R"({"force":true})");
    EXPECT_EQ(out.status, 404u) << verb << out.rawBody;
  }
  EXPECT_EQ(request("DELETE", session(otherVolume_), admin_).status, 404u);
  EXPECT_EQ(request("PUT", session(otherVolume_) + "/options/sync_jobs", operator_, R"({"value":"4"})").status, 404u);
  EXPECT_EQ(request("DELETE", session(otherVolume_) + "/options/sync_jobs", operator_).status, 404u);
  // Nothing was attempted: no *_failed event names those sessions.
  for (const auto& e : audit_.since(0, 1000)) {
    EXPECT_EQ(e.name.find("_failed"), std::string::npos) << e.name << " " << e.body.dump();
  }

  auto start = request("POST", session(active_) + "/start", operator_, R"({"force":true})");
  EXPECT_EQ(start.status, 503u) << start.rawBody;  // dispatched: gluster is unreachable
  EXPECT_EQ(start.body["error"]["code"], "unavailable");
}

TEST_F(RestApiTest, ViewersCannotMutate) {
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", session(active_) + "/start", "{}"},
           {"POST", session(active_) + "/stop", "{}"},
           {"POST", session(active_) + "/pause", "{}"},
           {"POST", session(active_) + "/resume", "{}"},
           {"DELETE", session(active_), ""},
           {"PUT", session(active_) + "/options/sync_jobs", R"({"value":"4"})"},
           {"DELETE", session(active_) + "/options/sync_jobs", ""},
           {"POST", kMasterSessions, R"({"secondary_host":"vm9","secondary_volume":"s"})"}}) {
    auto reply = request(method, target, viewer_, body.empty() ? std::nullopt : std::optional<std::string>(body));
    EXPECT_EQ(reply.status, 403u) << method << " " << target << " " << reply.rawBody;
    EXPECT_EQ(reply.body["error"]["code"], "forbidden");
  }
  // ...but may read.
  EXPECT_EQ(request("GET", session(active_), viewer_).status, 200u);
  EXPECT_EQ(request("GET", kMasterSessions, viewer_).status, 200u);
}

TEST_F(RestApiTest, Options) {
  auto list = get(session(active_) + "/options");
  ASSERT_EQ(list.status, 200u) << list.rawBody;
  EXPECT_EQ(list.body["config"].size(), 2u);
  auto changed = get(session(active_) + "/options?changed_only=true");
  ASSERT_EQ(changed.body["config"].size(), 1u);
  EXPECT_EQ(changed.body["config"][0]["key"], "log_level");
  EXPECT_EQ(get(session(active_) + "/options?changed_only=maybe").status, 400u);

  auto key = get(session(active_) + "/options/sync-jobs");
  ASSERT_EQ(key.status, 200u) << key.rawBody;
  EXPECT_EQ(key.body, (json{{"key", "sync_jobs"}, {"value", "3"}, {"is_default", true}}));
  EXPECT_EQ(get(session(active_) + "/options/no_such_key").status, 404u);

  // PUT maps the path key and the body value onto georep.config.set (which then needs gluster: 503).
  auto put = request("PUT", session(active_) + "/options/sync_jobs", operator_, R"({"value":"4"})");
  EXPECT_EQ(put.status, 503u) << put.rawBody;
  auto extra = request("PUT", session(active_) + "/options/sync_jobs", operator_, R"({"value":"4","key":"x"})");
  EXPECT_EQ(extra.status, 400u) << extra.rawBody;
  auto missing = request("PUT", session(active_) + "/options/sync_jobs", operator_, "{}");
  EXPECT_EQ(missing.status, 400u) << missing.rawBody;
  EXPECT_EQ(missing.body["error"]["field"], "value");
}

TEST_F(RestApiTest, EntityTagsAndNotModified) {
  auto first = get(session(active_));
  ASSERT_EQ(first.status, 200u);
  const std::string tag = first.headers["ETag"];
  ASSERT_EQ(tag.size(), 18u) << tag;  // a quoted 16-digit hash
  EXPECT_EQ(get(session(active_)).headers["ETag"], tag);  // same body, same tag

  auto notModified = request("GET", session(active_), admin_, std::nullopt, {{"If-None-Match", tag}});
  EXPECT_EQ(notModified.status, 304u);
  EXPECT_TRUE(notModified.rawBody.empty());
  EXPECT_EQ(notModified.headers["ETag"], tag);
  EXPECT_EQ(request("GET", session(active_), admin_, std::nullopt, {{"If-None-Match", "\"other\", " + tag}}).status,
            304u);
  EXPECT_EQ(request("GET", session(active_), admin_, std::nullopt, {{"If-None-Match", "\"other\""}}).status, 200u);

  // The session changes: its tag changes and the old one no longer matches.
  {
    auto lease = db_.database().lease(10s);
    lease.sql() << "UPDATE georep_sessions SET status = 'FAULTY' WHERE id = :id", soci::use(active_);
  }
  auto changed = request("GET", session(active_), admin_, std::nullopt, {{"If-None-Match", tag}});
  EXPECT_EQ(changed.status, 200u);
  EXPECT_NE(changed.headers["ETag"], tag);
  EXPECT_EQ(changed.body["status"], "FAULTY");

  // Collections carry one too.
  auto collection = get(kMasterSessions);
  ASSERT_FALSE(collection.headers["ETag"].empty());
  EXPECT_EQ(request("GET", kMasterSessions, admin_, std::nullopt, {{"If-None-Match", collection.headers["ETag"]}}).status,
            304u);
  // Errors carry none.
  EXPECT_TRUE(get(session(otherCluster_)).headers["ETag"].empty());
}

TEST_F(RestApiTest, CreateMapsThePathAndTheBody) {
  // The path names the cluster and the master volume; the body may not contradict them.
  auto conflicting = request("POST", kMasterSessions, admin_,
                             R"({"cluster":"c2","secondary_host":"vm9","secondary_volume":"s"})");
  EXPECT_EQ(conflicting.status, 400u) << conflicting.rawBody;
  EXPECT_EQ(conflicting.body["error"]["field"], "cluster");
  auto notJson = request("POST", kMasterSessions, admin_, "secondary_host=vm9");
  EXPECT_EQ(notJson.status, 400u);
  // A well-formed create reaches georep.session.create, which needs gluster (unreachable: 503).
  auto create = request("POST", kMasterSessions, admin_, R"({"secondary_host":"vm9","secondary_volume":"s"})");
  EXPECT_EQ(create.status, 503u) << create.rawBody;
  EXPECT_TRUE(create.headers["Location"].empty());
}

TEST_F(RestApiTest, CreatedResourcesGet201AndALocation) {
  // The route machinery on a command that succeeds without gluster.
  api::ParamSpec name;
  name.name = "name";
  name.required = true;
  auto command = commands_.registerHandler(api::CommandSpec{"test.widget.create", "", {name}, api::Role::kOperator},
                                           [](const json& p, const api::CommandContext&) {
                                             return json{{"widget", {{"id", 42}, {"name", p["name"]}}}};
                                           });
  api::RouteSpec spec;
  spec.method = "POST";
  spec.path = "/api/clusters/{cluster}/widgets";
  spec.command = "test.widget.create";
  spec.params = {api::RouteParam{"name", api::RouteSource::kBody, {}, api::ParamType::kString}};
  spec.successStatus = 201;
  spec.resultField = "widget";
  spec.location = "/api/clusters/{cluster}/widgets/{id}";
  auto route = routes_.registerRoute(spec);
  EXPECT_THROW(routes_.registerRoute(spec), std::invalid_argument);  // twice

  auto created = request("POST", "/api/clusters/c%201/widgets", operator_, R"({"name":"w"})");
  ASSERT_EQ(created.status, 201u) << created.rawBody;
  EXPECT_EQ(created.body, (json{{"id", 42}, {"name", "w"}}));
  EXPECT_EQ(created.headers["Location"], "/api/clusters/c%201/widgets/42");
  EXPECT_EQ(request("POST", "/api/clusters/c1/widgets", viewer_, R"({"name":"w"})").status, 403u);
  auto wrongMethod = request("GET", "/api/clusters/c1/widgets", admin_);
  EXPECT_EQ(wrongMethod.status, 405u);
  EXPECT_EQ(wrongMethod.headers["Allow"], "POST");

  route.reset();
  EXPECT_EQ(request("POST", "/api/clusters/c1/widgets", operator_, R"({"name":"w"})").status, 404u);
}

TEST_F(RestApiTest, DrPolicyUnderItsSession) {
  const std::string policy = session(active_) + "/dr-policy";
  EXPECT_EQ(get(policy).status, 404u) << "no policy yet";
  // Admin only (hooks run allow-listed programs and call URLs); out of scope nothing is created.
  const std::string body = R"({"schedule":"0 2 * * *","time_zone":"Europe/Paris","mode":"stop_after_sync",)"
                           R"("hooks":{"pre":[{"type":"webhook","url":"https://hooks.example/q"}]}})";
  EXPECT_EQ(request("POST", policy, operator_, body).status, 403u);
  EXPECT_EQ(request("POST", session(otherVolume_) + "/dr-policy", admin_, body).status, 404u);
  EXPECT_EQ(request("POST", session(otherCluster_) + "/dr-policy", admin_, body).status, 404u);
  auto bad = request("POST", policy, admin_, R"({"schedule":"0 2 * *","time_zone":"Europe/Paris"})");
  EXPECT_EQ(bad.status, 400u) << bad.rawBody;
  EXPECT_EQ(bad.body["error"]["field"], "schedule");
  auto created = request("POST", policy, admin_, body);
  ASSERT_EQ(created.status, 201u) << created.rawBody;
  EXPECT_EQ(created.headers["Location"], policy);
  EXPECT_EQ(created.body["session_id"], active_);
  EXPECT_EQ(created.body["hooks"]["pre"][0]["timeout_seconds"], 30);

  auto read = request("GET", policy, viewer_);
  ASSERT_EQ(read.status, 200u) << read.rawBody;
  EXPECT_EQ(read.body["time_zone"], "Europe/Paris");
  EXPECT_EQ(get(session(otherVolume_) + "/dr-policy").status, 404u);
  auto updated = request("PUT", policy, admin_, R"({"rpo_target_seconds":7200})");
  ASSERT_EQ(updated.status, 200u) << updated.rawBody;
  EXPECT_EQ(updated.body["rpo_target_seconds"], 7200);
  EXPECT_EQ(updated.body["schedule"], "0 2 * * *");
  EXPECT_EQ(request("PUT", policy, admin_, R"({"session_id":1})").status, 400u);  // not a body field
  EXPECT_EQ(request("POST", policy + "/pause", viewer_).status, 403u);
  auto paused = request("POST", policy + "/pause", operator_);
  ASSERT_EQ(paused.status, 200u) << paused.rawBody;
  EXPECT_EQ(paused.body["paused"], true);
  EXPECT_EQ(request("POST", policy + "/pause", operator_).status, 409u);
  EXPECT_EQ(request("POST", policy + "/resume", operator_).status, 200u);
  auto all = request("GET", "/api/dr-policies", viewer_);
  ASSERT_EQ(all.status, 200u) << all.rawBody;
  EXPECT_EQ(all.body["policies"].size(), 1u);
  // Runs: start one (operator), read it with its progress (viewer), cancel (operator; 409 once it ended).
  const std::string runs = session(active_) + "/dr-runs";
  EXPECT_EQ(request("POST", runs, viewer_).status, 403u);
  EXPECT_EQ(request("POST", session(otherCluster_) + "/dr-runs", operator_).status, 404u);
  auto started = request("POST", runs, operator_);
  ASSERT_EQ(started.status, 202u) << started.rawBody;
  const auto runId = started.body["run_id"].get<std::int64_t>();
  EXPECT_EQ(started.headers["Location"], runs + "/" + std::to_string(runId));
  auto one = request("GET", runs + "/" + std::to_string(runId), viewer_);
  ASSERT_EQ(one.status, 200u) << one.rawBody;
  EXPECT_EQ(one.body["run_id"], runId);
  for (const char* key : {"step", "workers_done", "workers_active", "pending_entry", "pending_data", "pending_meta",
                          "elapsed_seconds"}) {
    EXPECT_TRUE(one.body["progress"].contains(key)) << key << " " << one.rawBody;
  }
  EXPECT_EQ(get(runs + "/999999").status, 404u);
  EXPECT_EQ(get(session(otherCluster_) + "/dr-runs/" + std::to_string(runId)).status, 404u);
  EXPECT_EQ(request("POST", runs + "/cancel", viewer_).status, 403u);
  const auto cancel = request("POST", runs + "/cancel", operator_).status;
  EXPECT_TRUE(cancel == 200u || cancel == 409u) << cancel;
  EXPECT_EQ(request("DELETE", policy, viewer_).status, 403u);
  EXPECT_EQ(request("DELETE", policy, operator_).status, 200u);
  EXPECT_EQ(get(policy).status, 404u);
  auto history = request("GET", session(active_) + "/dr-runs?limit=10", viewer_);
  ASSERT_EQ(history.status, 200u) << history.rawBody;
  EXPECT_EQ(history.body["runs"].size(), 1u);  // the run outlives its policy
  EXPECT_EQ(get(session(otherCluster_) + "/dr-runs").status, 404u);
}

TEST_F(RestApiTest, UnloadingThePluginRemovesItsRoutesAndRpcStillWorks) {
  HttpTestRequest rpc;
  rpc.method = "POST";
  rpc.target = "/api/commands/georep.session.get";
  rpc.body = json{{"session_id", active_}}.dump();
  rpc.authorization = admin_;
  auto viaRpc = georep::testing::httpRequest(port_, rpc);
  ASSERT_EQ(viaRpc.status, 200u) << viaRpc.rawBody;
  EXPECT_EQ(viaRpc.body["ok"], true);
  EXPECT_EQ(viaRpc.body["result"]["session_id"], active_);

  const auto before = routes_.routes().size();
  loader_.unloadAll();
  EXPECT_EQ(routes_.routes().size(), 5u);  // the engine's inventory (4) and jobs (1) routes stay
  EXPECT_GT(before, 5u);
  EXPECT_EQ(get(session(active_)).status, 404u);
  EXPECT_EQ(get("/api/clusters").status, 200u);
}

}  // namespace georep::engine::rest_test
