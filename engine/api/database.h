// The database handle: a bounded pool of PostgreSQL connections (SOCI sessions), shared by the engine and
// its plugins. Take a connection with `auto lease = db.lease(timeout);` and use `lease.sql()`; it goes
// back to the pool when the lease is destroyed. The engine has already applied the plugin's migrations
// (manifest "migrations") before the plugin's start() runs.
//
// Rules that keep the pool deadlock-free:
//  - lease() waits at most `timeout`, then throws api::CommandError(kUnavailable): never forever.
//  - A thread holds at most ONE lease. Code that already holds one passes it (or its soci::session&)
//    down; a nested lease() on the same thread throws api::CommandError(kInternal) naming both call
//    sites, so tests find every nesting left.
//  - Leaf services that callers may reach while holding a lease (the inventory, the audit log) use
//    leaseShared(): on a thread that holds a lease of this database it returns a non-owning handle to
//    that same connection, else a new lease. Such a service must not commit/rollback what it did not begin.
//  - A connection found broken when taken (e.g. PostgreSQL restarted) is reconnected first; when
//    PostgreSQL cannot be reached the lease throws kUnavailable.
// Thread-safety: lease()/leaseShared() may be called from any thread; a lease and its soci::session belong
// to the thread that took it (it may be moved, not shared or handed to another thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <source_location>
#include <utility>

namespace soci {
class session;
}

namespace georep::api {

class Database;

// A leased connection (RAII, movable). Empty after a move.
class DbLease {
 public:
  DbLease() = default;
  DbLease(DbLease&& other) noexcept { swap(other); }
  DbLease& operator=(DbLease&& other) noexcept {
    if (this != &other) {
      DbLease gone(std::move(other));
      swap(gone);
    }
    return *this;
  }
  DbLease(const DbLease&) = delete;
  DbLease& operator=(const DbLease&) = delete;
  ~DbLease();

  soci::session& sql() const { return *session_; }
  explicit operator bool() const { return session_ != nullptr; }
  // False for the non-owning handle leaseShared() returns on a thread that already holds a lease.
  bool owning() const { return owner_ != nullptr; }

 private:
  friend class Database;
  DbLease(Database* owner, std::size_t slot, soci::session* session) : owner_(owner), slot_(slot), session_(session) {}
  void swap(DbLease& other) noexcept {
    std::swap(owner_, other.owner_);
    std::swap(slot_, other.slot_);
    std::swap(session_, other.session_);
  }

  Database* owner_ = nullptr;  // null: nothing to give back
  std::size_t slot_ = 0;
  soci::session* session_ = nullptr;
};

class Database {
 public:
  virtual ~Database() = default;

  // A free connection within `timeout` (kUnavailable otherwise); kInternal when this thread already
  // holds a lease of this database (see the rules above).
  DbLease lease(std::chrono::milliseconds timeout, std::source_location site = std::source_location::current()) {
    return take(timeout, site, /*joinHeld=*/false);
  }
  // The connection this thread already holds (non-owning), or a new lease as lease() gives.
  DbLease leaseShared(std::chrono::milliseconds timeout,
                      std::source_location site = std::source_location::current()) {
    return take(timeout, site, /*joinHeld=*/true);
  }

  virtual std::size_t poolSize() const = 0;

 protected:
  // Implementations build leases with makeLease() (owning) or makeShared() (non-owning).
  virtual DbLease take(std::chrono::milliseconds timeout, const std::source_location& site, bool joinHeld) = 0;
  // Called exactly once per owning lease, by its destructor, on the thread destroying it. Never throws.
  virtual void giveBack(std::size_t slot) noexcept = 0;

  DbLease makeLease(std::size_t slot, soci::session& session) { return DbLease(this, slot, &session); }
  static DbLease makeShared(soci::session& session) { return DbLease(nullptr, 0, &session); }

 private:
  friend class DbLease;
};

inline DbLease::~DbLease() {
  if (owner_ != nullptr) owner_->giveBack(slot_);
}

}  // namespace georep::api
