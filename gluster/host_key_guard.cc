// HostKeyGuard (gluster/host_key_guard.h).
#include "gluster/host_key_guard.h"

#include "engine/api/inventory.h"

namespace georep::gluster {

void HostKeyGuard::restore(const std::vector<HostKeyRefusal>& refusals) {
  std::lock_guard lock(mutex_);
  for (const auto& r : refusals) refused_[r.hostId] = r;
}

std::optional<HostKeyRefusal> HostKeyGuard::refusalOf(const api::Host& host) {
  HostKeyRefusal lifted;
  {
    std::lock_guard lock(mutex_);
    auto it = refused_.find(host.id);
    if (it == refused_.end()) return std::nullopt;
    if (it->second.pinned == host.hostKeyFingerprint) return it->second;
    lifted = std::move(it->second);
    refused_.erase(it);
  }
  if (observer_) observer_->hostKeyRepinned(lifted);
  return std::nullopt;
}

void HostKeyGuard::refuse(const HostKeyRefusal& refusal) {
  {
    std::lock_guard lock(mutex_);
    auto it = refused_.find(refusal.hostId);
    if (it != refused_.end() && it->second.pinned == refusal.pinned) return;
    refused_[refusal.hostId] = refusal;
  }
  if (observer_) observer_->hostKeyMismatch(refusal);
}

}  // namespace georep::gluster
