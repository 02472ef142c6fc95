// The database handle: a SOCI connection pool to PostgreSQL, shared by the engine and its plugins.
// Borrow a connection with `soci::session sql(db.pool());` (returned to the pool when it goes out of
// scope). The engine has already applied the plugin's migrations (manifest "migrations") before the
// plugin's start() runs.
// Thread-safety: pool() may be used from any thread; a borrowed soci::session belongs to one thread.
#pragma once

#include <cstddef>

namespace soci {
class connection_pool;
}

namespace georep::api {

class Database {
 public:
  virtual ~Database() = default;
  virtual soci::connection_pool& pool() = 0;
  virtual std::size_t poolSize() const = 0;
};

}  // namespace georep::api
