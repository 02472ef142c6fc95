#include "engine/src/plugins/registration_tracker.h"

#include <vector>

namespace georep::engine {

api::Registration RegistrationTracker::track(api::Registration inner) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_++;
    items_.emplace(id, std::move(inner));
  }
  std::weak_ptr<RegistrationTracker> weak = weak_from_this();
  return api::Registration([weak, id] {
    if (auto tracker = weak.lock()) tracker->release(id);
  });
}

void RegistrationTracker::release(std::uint64_t id) {
  std::map<std::uint64_t, api::Registration>::node_type node;
  {
    std::lock_guard lock(mutex_);
    node = items_.extract(id);
  }
  // Reset outside the lock: it may wait for a running handler that itself registers or releases.
  if (node) node.mapped().reset();
}

void RegistrationTracker::releaseAll() {
  std::map<std::uint64_t, api::Registration> items;
  {
    std::lock_guard lock(mutex_);
    items.swap(items_);
  }
  for (auto it = items.rbegin(); it != items.rend(); ++it) it->second.reset();
}

std::size_t RegistrationTracker::size() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

}  // namespace georep::engine
