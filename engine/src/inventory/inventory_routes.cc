#include "engine/src/inventory/inventory_routes.h"

namespace georep::engine {
namespace {

// The query parameters of an inventory collection: paging (limit, after = the last key of the previous page).
void addPaging(api::RouteSpec& spec) {
  spec.params.push_back(api::queryParam("limit", api::ParamType::kInteger));
  spec.params.push_back(api::queryParam("after"));
  spec.fixedParams = {{"with_total", true}};
}

}  // namespace

std::vector<api::Registration> registerInventoryRoutes(api::RouteTable& routes) {
  std::vector<api::Registration> out;
  api::RouteSpec clusters = api::makeRoute("GET", "/api/clusters", "cluster.list",
                                           "The clusters of the inventory, by name (?transport=, paged).");
  clusters.params = {api::queryParam("transport")};
  addPaging(clusters);
  clusters.xml = {"clusters", "clusters", "cluster", {}};
  out.push_back(routes.registerRoute(std::move(clusters)));

  api::RouteSpec get = api::makeRoute("GET", "/api/clusters/{cluster}", "cluster.get", "One cluster.");
  get.params = {api::pathParam("cluster", "name")};
  get.resultField = "cluster";
  get.xml.root = "cluster";
  out.push_back(routes.registerRoute(std::move(get)));

  api::RouteSpec hosts = api::makeRoute("GET", "/api/clusters/{cluster}/hosts", "host.list",
                                        "The hosts of one cluster, by address (?state=, paged).");
  hosts.params = {api::pathParam("cluster"), api::queryParam("state")};
  addPaging(hosts);
  hosts.xml = {"hosts", "hosts", "host", {}};
  out.push_back(routes.registerRoute(std::move(hosts)));

  api::RouteSpec host = api::makeRoute("GET", "/api/clusters/{cluster}/hosts/{host}", "host.get", "One host.");
  host.params = {api::pathParam("cluster"), api::pathParam("host", "address")};
  host.resultField = "host";
  host.xml.root = "host";
  out.push_back(routes.registerRoute(std::move(host)));
  return out;
}

}  // namespace georep::engine
