#include "engine/src/db/pg_database.h"

#include <atomic>
#include <cstdint>
#include <stdexcept>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "engine/api/command_error.h"
#include "engine/src/db/connect_string.h"
#include "engine/src/db/connection_check.h"

namespace georep::engine {
namespace {

// A process-unique id of the calling thread (std::thread::id values are reused after a thread exits,
// and a lease may outlive the thread that took it).
std::uint64_t threadToken() {
  static std::atomic<std::uint64_t> next{1};
  thread_local const std::uint64_t token = next.fetch_add(1);
  return token;
}

}  // namespace

PgDatabase::PgDatabase(std::string connectString, std::size_t poolSize) : connectString_(std::move(connectString)) {
  if (poolSize == 0) throw std::invalid_argument("database pool size must be at least 1");
  slots_.resize(poolSize);
  for (auto& slot : slots_) {
    try {
      slot.session = std::make_unique<soci::session>(soci::postgresql, connectString_);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot connect to PostgreSQL (" + maskConnectString(connectString_) +
                               "): " + e.what());
    }
  }
  spdlog::debug("database: {} connections open to {}", poolSize, maskConnectString(connectString_));
}

PgDatabase::~PgDatabase() = default;

std::size_t PgDatabase::idleCount() const {
  std::lock_guard lock(mutex_);
  std::size_t idle = 0;
  for (const auto& slot : slots_) idle += slot.busy ? 0 : 1;
  return idle;
}

std::size_t PgDatabase::heldByThisThread() const {
  const auto me = threadToken();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].busy && slots_[i].holder == me) return i;
  }
  return slots_.size();
}

api::DbLease PgDatabase::take(std::chrono::milliseconds timeout, const std::source_location& site, bool joinHeld) {
  std::size_t pos = slots_.size();
  {
    std::unique_lock lock(mutex_);
    if (const std::size_t held = heldByThisThread(); held < slots_.size()) {
      if (joinHeld) return makeShared(*slots_[held].session);
      const std::string message = std::string("nested database lease at ") + site.file_name() + ":" +
                                  std::to_string(site.line()) + " while this thread holds the connection leased at " +
                                  slots_[held].file + ":" + std::to_string(slots_[held].line) +
                                  ": pass that lease (or its session) down instead";
      spdlog::error("database: {}", message);
      throw api::CommandError(api::ErrorCode::kInternal, message);
    }
    const auto isFree = [&] {
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i].busy) {
          pos = i;
          return true;
        }
      }
      return false;
    };
    if (!freed_.wait_for(lock, timeout, isFree)) {
      throw api::CommandError(api::ErrorCode::kUnavailable,
                              "no database connection became free within " + std::to_string(timeout.count()) +
                                  " ms (all " + std::to_string(slots_.size()) + " are in use)",
                              {}, nlohmann::json{{"reason", "database_busy"}});
    }
    Slot& slot = slots_[pos];
    slot.busy = true;
    slot.holder = threadToken();
    slot.file = site.file_name();
    slot.line = site.line();
  }
  api::DbLease lease = makeLease(pos, *slots_[pos].session);  // gives the slot back if ensureConnected throws
  ensureConnected(*slots_[pos].session);
  return lease;
}

void PgDatabase::ensureConnected(soci::session& sql) {
  if (connectionLooksAlive(sql)) return;
  try {
    sql.reconnect();
    spdlog::warn("database: a pooled connection was lost; reconnected");
  } catch (const std::exception& e) {
    throw api::CommandError(api::ErrorCode::kUnavailable, std::string("the database cannot be reached: ") + e.what(),
                            {}, nlohmann::json{{"reason", "database_down"}});
  }
}

void PgDatabase::giveBack(std::size_t slot) noexcept {
  {
    std::lock_guard lock(mutex_);
    slots_[slot].busy = false;
    slots_[slot].holder = 0;
  }
  freed_.notify_one();
}

std::size_t PgDatabase::reconnectBroken() {
  std::vector<std::size_t> taken;
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].busy) continue;
      slots_[i].busy = true;  // no holder thread: not a lease of this thread
      taken.push_back(i);
    }
  }
  std::size_t reconnected = 0;
  for (auto pos : taken) {
    soci::session& sql = *slots_[pos].session;
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
  for (auto pos : taken) giveBack(pos);
  return reconnected;
}

std::string PgDatabase::maskedConnectString() const { return maskConnectString(connectString_); }

}  // namespace georep::engine
