#include "engine/src/inventory/inventory_routes.h"

namespace georep::engine {

std::vector<api::Registration> registerInventoryRoutes(api::RouteTable& routes) {
  std::vector<api::Registration> out;
  out.push_back(
      routes.registerRoute(api::makeRoute("GET", "/api/clusters", "cluster.list", "The clusters of the inventory.")));

  api::RouteSpec get = api::makeRoute("GET", "/api/clusters/{cluster}", "cluster.get", "One cluster.");
  get.params = {api::pathParam("cluster", "name")};
  get.resultField = "cluster";
  out.push_back(routes.registerRoute(std::move(get)));

  api::RouteSpec hosts =
      api::makeRoute("GET", "/api/clusters/{cluster}/hosts", "host.list", "The hosts of one cluster.");
  hosts.params = {api::pathParam("cluster")};
  out.push_back(routes.registerRoute(std::move(hosts)));
  return out;
}

}  // namespace georep::engine
