#include "commands/register_routes.h"

#include <string>
#include <utility>

#include "commands/record_schemas.h"
#include "commands/dr_routes.h"
#include "commands/session_eligibility.h"
#include "commands/destination_routes.h"

namespace georep::commands {
namespace {

using api::bodyParam;
using api::makeRoute;
using api::ParamType;
using api::pathParam;
using api::queryParam;
using api::RouteParam;
using api::RouteSpec;

constexpr const char* kVolumes = "/api/clusters/{cluster}/glustervolumes";
constexpr const char* kSessions = "/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-sessions";
constexpr const char* kSession =
    "/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-sessions/{session}";

RouteParam sessionId() { return pathParam("session", "session_id", ParamType::kInteger); }

// XML names of the designs (oVirt's REST API and geo-replication feature pages).
const std::vector<std::pair<std::string, std::string>> kSessionNames = {{"bricks", "session_details"},
                                                                        {"config", "options"}};
api::XmlNaming sessionXml() { return {"georeplication_session", {}, {}, kSessionNames}; }
api::XmlNaming sessionsXml() {
  return {"georeplication_sessions", "sessions", "georeplication_session", kSessionNames};
}
api::XmlNaming optionXml() { return {"option", {}, {}, {}}; }

// The session of the path must be of the path's cluster and master volume. `ownResult`: the route's own
// command returns the session (a read), so it is checked on that result; otherwise georep.session.get
// runs first and the route's command only if it matches.
api::RouteScope sessionScope(bool ownResult) {
  api::RouteScope scope;
  if (!ownResult) {
    scope.command = "georep.session.get";
    scope.params = {sessionId()};
  }
  scope.matches = {{"cluster", "cluster"}, {"master_volume", "volume"}};
  return scope;
}

// The query parameters of a session collection: filters and paging, all done by georep.session.list in SQL.
std::vector<RouteParam> sessionCollectionQuery() {
  return {queryParam("status"), queryParam("secondary_host"), queryParam("secondary_volume"), queryParam("limit", ParamType::kInteger),
          queryParam("after", ParamType::kInteger)};
}

RouteSpec sessionAction(const std::string& verb) {
  RouteSpec spec = makeRoute("POST", std::string(kSession) + "/" + verb, "georep.session." + verb,
                         "Run " + verb + " on the session (force in the body); the reply is the session read back.");
  spec.params = {sessionId(), bodyParam("force")};
  spec.scope = sessionScope(false);
  spec.xml = sessionXml();
  spec.mayRunAsJob = true;
  spec.resultSchema = sessionSchema(false);
  return spec;
}

}  // namespace

std::vector<RouteSpec> routeSpecs() {
  std::vector<RouteSpec> specs;

  RouteSpec volumes = makeRoute("GET", kVolumes, "georep.volume.list", "The stored volumes of a cluster, by name (?status=&type=, paged).");
  volumes.params = {pathParam("cluster"), queryParam("status"), queryParam("type"),
                    queryParam("limit", ParamType::kInteger), queryParam("after")};
  volumes.xml = {"gluster_volumes", "volumes", "gluster_volume", {}};
  specs.push_back(std::move(volumes));

  RouteSpec volume = makeRoute("GET", std::string(kVolumes) + "/{volume}", "georep.volume.get",
                           "One stored volume with its bricks and replica sets.");
  volume.params = {pathParam("cluster"), pathParam("volume")};
  volume.resultField = "volume";
  volume.xml = {"gluster_volume", {}, {}, {}};
  specs.push_back(std::move(volume));

  RouteSpec list = makeRoute("GET", kSessions, "georep.session.list", "The sessions of a master volume, paged.");
  list.params = {pathParam("cluster"), pathParam("volume", "master_volume")};
  for (auto& p : sessionCollectionQuery()) list.params.push_back(std::move(p));
  list.fixedParams = {{"with_total", true}};
  list.xml = sessionsXml();
  list.resultSchema = sessionCollectionSchema();
  specs.push_back(std::move(list));

  RouteSpec create = makeRoute("POST", kSessions, "georep.session.create",
                           "Create a session from this master volume (the body takes the other parameters).");
  create.params = {pathParam("cluster"), pathParam("volume", "master_volume")};
  create.bodyFieldsAsParams = true;
  create.successStatus = 201;
  create.location = std::string(kSessions) + "/{session_id}";
  create.xml = sessionXml();
  create.mayRunAsJob = true;
  create.resultSchema = withEligibilityOverridden(sessionSchema(true));
  specs.push_back(std::move(create));

  RouteSpec get = makeRoute("GET", kSession, "georep.session.get", "One session with its per-brick details.");
  get.params = {sessionId()};
  get.scope = sessionScope(true);
  get.xml = sessionXml();
  get.resultSchema = sessionSchema(true);
  specs.push_back(std::move(get));

  RouteSpec remove = makeRoute("DELETE", kSession, "georep.session.delete", "Delete the session.");
  remove.params = {sessionId(), bodyParam("force"), bodyParam("reset_sync_time")};
  remove.scope = sessionScope(false);
  remove.xml = sessionXml();
  remove.mayRunAsJob = true;
  specs.push_back(std::move(remove));

  for (const char* verb : {"start", "stop", "pause", "resume"}) specs.push_back(sessionAction(verb));

  RouteSpec options = makeRoute("GET", std::string(kSession) + "/options", "georep.config.list",
                            "The session's config options, defaults marked.");
  options.params = {sessionId(), queryParam("changed_only", ParamType::kBoolean)};
  options.scope = sessionScope(false);
  options.xml = {"options", "config", "option", {}};
  options.resultSchema = optionListSchema();
  specs.push_back(std::move(options));

  const std::string option = std::string(kSession) + "/options/{key}";
  RouteSpec getOption = makeRoute("GET", option, "georep.config.get", "One config option of the session.");
  getOption.params = {sessionId(), pathParam("key")};
  getOption.resultField = "option";
  getOption.scope = sessionScope(false);
  getOption.xml = optionXml();
  getOption.resultSchema = optionSchema();
  specs.push_back(std::move(getOption));

  RouteSpec setOption = makeRoute("PUT", option, "georep.config.set", "Set one option ({\"value\": ...} in the body).");
  setOption.params = {sessionId(), pathParam("key"), bodyParam("value")};
  setOption.scope = sessionScope(false);
  setOption.xml = optionXml();
  setOption.mayRunAsJob = true;
  specs.push_back(std::move(setOption));

  RouteSpec resetOption = makeRoute("DELETE", option, "georep.config.reset", "Reset one option to its default.");
  resetOption.params = {sessionId(), pathParam("key")};
  resetOption.scope = sessionScope(false);
  resetOption.xml = optionXml();
  resetOption.mayRunAsJob = true;
  specs.push_back(std::move(resetOption));

  RouteSpec history = makeRoute("GET", std::string(kSession) + "/history", "georep.session.history",
                                "The session's status transitions and per-brick samples as time series.");
  history.params = {sessionId(), queryParam("since"), queryParam("until"), queryParam("step", ParamType::kInteger)};
  history.scope = sessionScope(false);
  specs.push_back(std::move(history));

  RouteSpec all = makeRoute("GET", "/api/georeplication-sessions", "georep.session.list",
                        "The sessions of every cluster, filtered and paged.");
  all.params = {queryParam("cluster")};
  for (auto& p : sessionCollectionQuery()) all.params.push_back(std::move(p));
  all.fixedParams = {{"with_total", true}};
  all.xml = sessionsXml();
  all.resultSchema = sessionCollectionSchema();
  specs.push_back(std::move(all));

  for (auto& spec : drPolicyRouteSpecs(kSession, sessionScope(false))) specs.push_back(std::move(spec));
  for (auto& spec : eligibilityRouteSpecs()) specs.push_back(std::move(spec));
  for (auto& spec : destinationRouteSpecs()) specs.push_back(std::move(spec));
  return specs;
}

std::vector<api::Registration> registerRoutes(api::RouteTable& routes) {
  std::vector<api::Registration> registrations;
  for (auto& spec : routeSpecs()) registrations.push_back(routes.registerRoute(std::move(spec)));
  return registrations;
}

}  // namespace georep::commands
