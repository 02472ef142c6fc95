#include "gluster/ssh_session_pool.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "gluster/errors.h"

namespace georep::gluster {

SshSessionPool::Lease::Lease(SshSessionPool* pool, std::string identity, std::unique_ptr<SshSession> session,
                             bool reused)
    : pool_(pool), identity_(std::move(identity)), session_(std::move(session)), reused_(reused) {}

SshSessionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      identity_(std::move(other.identity_)),
      session_(std::move(other.session_)),
      reused_(other.reused_),
      discard_(other.discard_) {}

SshSessionPool::Lease::~Lease() {
  if (pool_) pool_->release(identity_, std::move(session_), discard_);
}

SshSessionPool::SshSessionPool(SshPoolOptions options) : options_(options) {
  if (options_.maxSessions == 0 || options_.maxSessionsPerHost == 0) {
    throw GatewayError(ErrorKind::kInvalidInput, "SSH session bounds must be at least 1", 0, 0, "max_sessions");
  }
}

SshSessionPool::~SshSessionPool() { closeIdle(); }

SshSessionPool::Lease SshSessionPool::acquire(const SshTarget& target, Clock::time_point deadline) {
  const std::string id = target.identity();
  std::vector<std::unique_ptr<SshSession>> toClose;  // closed outside the lock, after it is released
  std::string algorithms;
  {
    std::unique_lock lock(mutex_);
    for (;;) {
      auto& idle = idle_[id];
      while (!idle.empty()) {
        Idle entry = std::move(idle.back());
        idle.pop_back();
        if (Clock::now() - entry.lastUsed > options_.idleTimeout || !entry.session->connected()) {
          toClose.push_back(std::move(entry.session));
          --open_;
          continue;
        }
        ++busy_[id];
        lock.unlock();
        toClose.clear();
        return Lease(this, id, std::move(entry.session), true);
      }
      if (busy_[id] < options_.maxSessionsPerHost) {
        if (open_ < options_.maxSessions) break;
        if (evictOldestIdle(id, toClose)) continue;
      }
      if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && Clock::now() >= deadline) {
        throw GatewayError(ErrorKind::kTimeout,
                           "no SSH session to " + target.display() + " became free in time (" +
                               std::to_string(open_) + " open, at most " + std::to_string(options_.maxSessions) +
                               " in all and " + std::to_string(options_.maxSessionsPerHost) + " per host)");
      }
    }
    ++open_;
    ++busy_[id];
    auto hint = hostKeyAlgorithms_.find(id);
    if (hint != hostKeyAlgorithms_.end()) algorithms = hint->second;
  }
  toClose.clear();
  try {
    std::unique_ptr<SshSession> session = SshSession::open(target, options_.connectTimeout, algorithms);
    spdlog::debug("ssh: session to {} open (host key {})", target.display(), session->hostKeyFingerprint());
    {
      std::lock_guard lock(mutex_);
      hostKeyAlgorithms_[id] = session->hostKeyAlgorithms();
    }
    return Lease(this, id, std::move(session), false);
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      --open_;
      --busy_[id];
    }
    returned_.notify_all();
    throw;
  }
}

void SshSessionPool::release(const std::string& identity, std::unique_ptr<SshSession> session, bool discard) {
  std::unique_ptr<SshSession> toClose;
  {
    std::lock_guard lock(mutex_);
    --busy_[identity];
    if (discard || !session || !session->connected()) {
      --open_;
      toClose = std::move(session);
    } else {
      idle_[identity].push_back(Idle{std::move(session), Clock::now()});
    }
  }
  returned_.notify_all();
}

bool SshSessionPool::evictOldestIdle(const std::string& except, std::vector<std::unique_ptr<SshSession>>& out) {
  std::vector<Idle>* oldestList = nullptr;
  std::size_t oldestIndex = 0;
  for (auto& [id, list] : idle_) {
    if (id == except) continue;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!oldestList || list[i].lastUsed < (*oldestList)[oldestIndex].lastUsed) {
        oldestList = &list;
        oldestIndex = i;
      }
    }
  }
  if (!oldestList) return false;
  out.push_back(std::move((*oldestList)[oldestIndex].session));
  oldestList->erase(oldestList->begin() + static_cast<std::ptrdiff_t>(oldestIndex));
  --open_;
  return true;
}

void SshSessionPool::closeIdle() {
  std::vector<Idle> toClose;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, list] : idle_) {
      for (auto& entry : list) toClose.push_back(std::move(entry));
      open_ -= list.size();
      list.clear();
    }
  }
  returned_.notify_all();
}

void SshSessionPool::closeIdle(const SshTarget& target) {
  std::vector<Idle> toClose;
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(target.identity());
    if (it != idle_.end()) {
      open_ -= it->second.size();
      toClose = std::move(it->second);
      it->second.clear();
    }
  }
  returned_.notify_all();
}

std::size_t SshSessionPool::openSessions() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t SshSessionPool::idleSessions() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, list] : idle_) n += list.size();
  return n;
}

}  // namespace georep::gluster
