#include "engine/src/inventory/inventory_routes.h"

namespace georep::engine {

std::vector<api::Registration> registerInventoryRoutes(api::RouteTable& routes) {
  using api::RouteParam;
  using api::RouteSource;
  const RouteParam cluster{"cluster", RouteSource::kPath, {}, api::ParamType::kString};
  std::vector<api::Registration> out;

  api::RouteSpec list;
  list.method = "GET";
  list.path = "/api/clusters";
  list.command = "cluster.list";
  list.description = "The clusters of the inventory.";
  out.push_back(routes.registerRoute(std::move(list)));

  api::RouteSpec get;
  get.method = "GET";
  get.path = "/api/clusters/{cluster}";
  get.command = "cluster.get";
  get.params = {RouteParam{"cluster", RouteSource::kPath, "name", api::ParamType::kString}};
  get.resultField = "cluster";
  get.description = "One cluster.";
  out.push_back(routes.registerRoute(std::move(get)));

  api::RouteSpec hosts;
  hosts.method = "GET";
  hosts.path = "/api/clusters/{cluster}/hosts";
  hosts.command = "host.list";
  hosts.params = {cluster};
  hosts.description = "The hosts of one cluster.";
  out.push_back(routes.registerRoute(std::move(hosts)));
  return out;
}

}  // namespace georep::engine
