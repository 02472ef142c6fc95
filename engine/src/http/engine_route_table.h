// EngineRouteTable: the engine's api::RouteTable. It checks each RouteSpec when it is registered (template,
// method, path variables, status) and keeps the routes as an immutable snapshot that the HTTP layer reads
// without locking for the duration of a request.
// Thread-safety: all methods may be called concurrently from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/api/routes.h"

namespace georep::engine {

class EngineRouteTable : public api::RouteTable {
 public:
  using Snapshot = std::shared_ptr<const std::vector<api::RouteSpec>>;

  EngineRouteTable();
  api::Registration registerRoute(api::RouteSpec spec) override;
  std::vector<api::RouteSpec> routes() const override;
  // The current routes, in registration order; cheap (no copy of the routes).
  Snapshot snapshot() const;

 private:
  void remove(std::uint64_t id);
  void publish();  // rebuilds snapshot_ from routes_; mutex_ held

  mutable std::mutex mutex_;
  std::map<std::uint64_t, api::RouteSpec> routes_;
  std::uint64_t next_ = 0;
  Snapshot snapshot_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace georep::engine
