#include "engine/src/db/pooled_session.h"

#include <stdexcept>
#include <string>

#include <soci/connection-pool.h>
#include <soci/session.h>
#include <spdlog/spdlog.h>

namespace georep::engine {

PooledSession::PooledSession(soci::connection_pool& pool, std::chrono::milliseconds timeout) : pool_(pool) {
  if (!pool_.try_lease(position_, static_cast<int>(timeout.count()))) {
    throw std::runtime_error("no database connection free within " + std::to_string(timeout.count()) + " ms");
  }
  session_ = &pool_.at(position_);
}

PooledSession::~PooledSession() { pool_.give_back(position_); }

bool PooledSession::reconnectIfBroken() {
  try {
    if (session_->is_connected()) return false;
    spdlog::warn("database: connection lost, reconnecting");
    session_->reconnect();
    return true;
  } catch (const std::exception& e) {
    spdlog::error("database: reconnecting failed: {}", e.what());
    return false;
  }
}

}  // namespace georep::engine
