#include "gluster/quiet_windows.h"

#include <spdlog/spdlog.h>

namespace georep::gluster {

QuietWindows::QuietWindows(std::chrono::milliseconds maxCallWait) : maxCallWait_(maxCallWait) {}

QuietWindows::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(other.owner_), clusterId_(other.clusterId_), end_(other.end_) {
  other.owner_ = nullptr;
}

QuietWindows::Ticket::~Ticket() {
  if (owner_) (owner_->*end_)(clusterId_);
}

QuietWindows::Call QuietWindows::enter(std::int64_t clusterId) {
  std::unique_lock lock(mutex_);
  const auto self = std::this_thread::get_id();
  const auto heldByOther = [&] {
    const auto it = states_.find(clusterId);
    return it != states_.end() && it->second.holder && *it->second.holder != self;
  };
  if (heldByOther() && !changed_.wait_for(lock, maxCallWait_, [&] { return !heldByOther(); })) {
    spdlog::warn("cluster {}: a glusterd call waited {} ms for a hook window to end and goes ahead", clusterId,
                 maxCallWait_.count());
  }
  ++states_[clusterId].inFlight;
  return Call(this, clusterId, &QuietWindows::leave);
}

QuietWindows::Hold QuietWindows::hold(std::int64_t clusterId, std::chrono::milliseconds inFlightWait) {
  std::unique_lock lock(mutex_);
  const auto self = std::this_thread::get_id();
  State& state = states_[clusterId];  // std::map: the reference stays valid while other keys come and go
  if (state.holder && *state.holder == self) {  // nested: the window is ours already
    ++state.depth;
    return Hold(this, clusterId, &QuietWindows::release);
  }
  if (state.holder && !changed_.wait_for(lock, maxCallWait_, [&] { return !state.holder; })) {
    spdlog::warn("cluster {}: another thread held the quiet window for {} ms; this one takes it anyway", clusterId,
                 maxCallWait_.count());
  }
  state.holder = self;
  state.depth = 1;
  if (state.inFlight > 0 && !changed_.wait_for(lock, inFlightWait, [&] { return state.inFlight == 0; })) {
    spdlog::warn("cluster {}: {} glusterd call(s) still running after {} ms; the quiet window starts anyway", clusterId,
                 state.inFlight, inFlightWait.count());
  }
  return Hold(this, clusterId, &QuietWindows::release);
}

bool QuietWindows::held(std::int64_t clusterId) const {
  std::lock_guard lock(mutex_);
  const auto it = states_.find(clusterId);
  return it != states_.end() && it->second.holder.has_value();
}

void QuietWindows::leave(std::int64_t clusterId) {
  {
    std::lock_guard lock(mutex_);
    --states_[clusterId].inFlight;
  }
  changed_.notify_all();
}

void QuietWindows::release(std::int64_t clusterId) {
  {
    std::lock_guard lock(mutex_);
    State& state = states_[clusterId];
    if (--state.depth > 0) return;
    state.holder.reset();
  }
  changed_.notify_all();
}

}  // namespace georep::gluster
