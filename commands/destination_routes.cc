#include "commands/destination_routes.h"

#include <string>
#include <utility>

namespace georep::commands {
namespace {

using api::bodyParam;
using api::makeRoute;
using api::pathParam;
using api::RouteSpec;

constexpr const char* kDestinations = "/api/clusters/{cluster}/georeplication-destinations";
constexpr const char* kDestination = "/api/clusters/{cluster}/georeplication-destinations/{destination}";

api::RouteParam destinationId() { return pathParam("destination", "destination", api::ParamType::kInteger); }

// The destination of the path must belong to the path's cluster.
api::RouteScope destinationScope(bool ownResult) {
  api::RouteScope scope;
  if (!ownResult) {
    scope.command = "georep.destination.get";
    scope.params = {destinationId()};
  }
  scope.matches = {{"cluster", "cluster"}};
  return scope;
}

}  // namespace

std::vector<RouteSpec> destinationRouteSpecs() {
  std::vector<RouteSpec> specs;
  const auto cluster = pathParam("cluster");

  auto probe = makeRoute("POST", std::string(kDestinations) + "/probe", "georep.destination.probe",
                         "Show the host key fingerprint of a destination host (body: host, port, user; with the "
                         "confirmed fingerprint and password or private_key, also its GlusterFS version/volumes).");
  probe.params = {cluster, bodyParam("host"), bodyParam("port"), bodyParam("user"), bodyParam("fingerprint"),
                  bodyParam("password"), bodyParam("private_key")};
  specs.push_back(std::move(probe));

  auto create = makeRoute("POST", kDestinations, "georep.destination.create",
                          "Set up passwordless SSH to a destination (body: source_host, host, port, user, "
                          "fingerprint, and password or private_key).");
  create.params = {cluster,           bodyParam("source_host"), bodyParam("host"),     bodyParam("port"),
                   bodyParam("user"), bodyParam("fingerprint"), bodyParam("password"), bodyParam("private_key")};
  create.successStatus = 201;
  create.location = std::string(kDestinations) + "/{id}";
  specs.push_back(std::move(create));

  auto list = makeRoute("GET", kDestinations, "georep.destination.list", "The cluster's destinations.");
  list.params = {cluster};
  specs.push_back(std::move(list));

  auto get = makeRoute("GET", kDestination, "georep.destination.get", "One destination.");
  get.params = {destinationId()};
  get.scope = destinationScope(true);
  specs.push_back(std::move(get));

  auto test = makeRoute("POST", std::string(kDestination) + "/test", "georep.destination.test",
                        "Test the path the workers use, from the source node to each destination node.");
  test.params = {destinationId()};
  test.scope = destinationScope(false);
  specs.push_back(std::move(test));

  auto again = makeRoute("POST", std::string(kDestination) + "/reestablish", "georep.destination.reestablish",
                         "Re-push the keys and re-pin the host key (body: fingerprint, password or private_key).");
  again.params = {destinationId(), bodyParam("fingerprint"), bodyParam("password"), bodyParam("private_key")};
  again.scope = destinationScope(false);
  specs.push_back(std::move(again));

  auto remove = makeRoute("DELETE", kDestination, "georep.destination.remove",
                          "Take away the keys georep added and forget the destination (body: optional password or "
                          "private_key).");
  remove.params = {destinationId(), bodyParam("password"), bodyParam("private_key")};
  remove.scope = destinationScope(false);
  specs.push_back(std::move(remove));

  specs.push_back(makeRoute("GET", "/api/georeplication-destination-keys", "georep.destination.keys",
                            "The allow-listed private key names and fingerprints."));
  return specs;
}

}  // namespace georep::commands
