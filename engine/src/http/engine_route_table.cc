#include "engine/src/http/engine_route_table.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/src/http/route_template.h"
#include "engine/src/http/xml_writer.h"

namespace georep::engine {
namespace {

void check(bool ok, const api::RouteSpec& spec, const std::string& what) {
  if (!ok) throw std::invalid_argument("route " + spec.method + " " + spec.path + ": " + what);
}

void validate(const api::RouteSpec& spec) {
  check(spec.method == "GET" || spec.method == "POST" || spec.method == "PUT" || spec.method == "DELETE", spec,
        "method must be GET, POST, PUT or DELETE");
  const auto vars = templateVariables(spec.path);
  check(vars.has_value(), spec, "malformed path template");
  check(!spec.command.empty(), spec, "no command");
  check(spec.successStatus >= 200 && spec.successStatus < 300, spec, "success status must be 2xx");
  check(spec.fixedParams.is_object(), spec, "fixed parameters must be an object");
  const auto pathParamsKnown = [&](const std::vector<api::RouteParam>& params) {
    return std::all_of(params.begin(), params.end(), [&](const api::RouteParam& p) {
      return p.source != api::RouteSource::kPath || std::find(vars->begin(), vars->end(), p.name) != vars->end();
    });
  };
  check(pathParamsKnown(spec.params), spec, "a path parameter names no variable of the template");
  const auto nameOk = [](const std::string& name) { return name.empty() || isSafeXmlName(name); };
  check(nameOk(spec.xml.root) && nameOk(spec.xml.item), spec, "an XML element name is not a safe XML name");
  for (const auto& [field, element] : spec.xml.names)
    check(!field.empty() && isSafeXmlName(element), spec, "an XML element name is not a safe XML name");
  check(!spec.mayRunAsJob || spec.method != "GET", spec, "a GET never runs as a job");
  if (spec.scope) {
    check(pathParamsKnown(spec.scope->params), spec, "a scope parameter names no variable of the template");
    for (const auto& [field, var] : spec.scope->matches)
      check(std::find(vars->begin(), vars->end(), var) != vars->end(), spec, "scope match names no variable");
  }
}

}  // namespace

EngineRouteTable::EngineRouteTable() : snapshot_(std::make_shared<const std::vector<api::RouteSpec>>()) {}

api::Registration EngineRouteTable::registerRoute(api::RouteSpec spec) {
  validate(spec);
  std::lock_guard lock(mutex_);
  for (const auto& [id, existing] : routes_) {
    if (existing.method == spec.method && existing.path == spec.path)
      throw std::invalid_argument("route " + spec.method + " " + spec.path + " is already registered");
  }
  const std::uint64_t id = ++next_;
  routes_.emplace(id, std::move(spec));
  publish();
  std::weak_ptr<bool> alive = alive_;
  return api::Registration([this, alive, id] {
    if (alive.lock()) remove(id);
  });
}

std::vector<api::RouteSpec> EngineRouteTable::routes() const { return *snapshot(); }

EngineRouteTable::Snapshot EngineRouteTable::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

void EngineRouteTable::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  routes_.erase(id);
  publish();
}

void EngineRouteTable::publish() {
  auto routes = std::make_shared<std::vector<api::RouteSpec>>();
  for (const auto& [id, spec] : routes_) routes->push_back(spec);
  snapshot_ = std::move(routes);
}

}  // namespace georep::engine
