#include "engine/src/db/pg_database.h"

#include <stdexcept>
#include <vector>

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/session.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "engine/src/db/connect_string.h"

namespace georep::engine {

PgDatabase::PgDatabase(std::string connectString, std::size_t poolSize)
    : connectString_(std::move(connectString)), poolSize_(poolSize) {
  if (poolSize_ == 0) throw std::invalid_argument("database pool size must be at least 1");
  pool_ = std::make_unique<soci::connection_pool>(poolSize_);
  for (std::size_t i = 0; i < poolSize_; ++i) {
    try {
      pool_->at(i).open(soci::postgresql, connectString_);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot connect to PostgreSQL (" + maskConnectString(connectString_) +
                               "): " + e.what());
    }
  }
  spdlog::debug("database: {} connections open to {}", poolSize_, maskConnectString(connectString_));
}

PgDatabase::~PgDatabase() = default;

soci::connection_pool& PgDatabase::pool() { return *pool_; }

std::size_t PgDatabase::reconnectBroken() {
  std::vector<std::size_t> leased;
  std::size_t reconnected = 0;
  for (std::size_t i = 0; i < poolSize_; ++i) {
    std::size_t pos = 0;
    if (!pool_->try_lease(pos, 0)) break;  // the rest are in use
    leased.push_back(pos);
    soci::session& sql = pool_->at(pos);
    try {
      int one = 0;
      sql << "SELECT 1", soci::into(one);
    } catch (const std::exception& probe) {
      try {
        sql.reconnect();
        ++reconnected;
        spdlog::warn("database: a pooled connection was lost ({}); reconnected", probe.what());
      } catch (const std::exception& e) {
        spdlog::error("database: a pooled connection is lost and reconnecting failed: {}", e.what());
      }
    }
  }
  for (auto pos : leased) pool_->give_back(pos);
  return reconnected;
}

std::string PgDatabase::maskedConnectString() const { return maskConnectString(connectString_); }

}  // namespace georep::engine
