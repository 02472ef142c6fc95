// RegistrationTracker: keeps the engine-side Registrations a plugin made (command handlers, jobs) so the
// loader can undo every one of them before releasing the plugin's library, even those the plugin forgot
// or leaked. The plugin gets a handle that releases its tracked registration; once the tracker is gone
// or has released everything, such handles are inert.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "engine/api/registration.h"

namespace georep::engine {

class RegistrationTracker : public std::enable_shared_from_this<RegistrationTracker> {
 public:
  static std::shared_ptr<RegistrationTracker> create() { return std::shared_ptr<RegistrationTracker>(new RegistrationTracker); }

  // Takes `inner`; returns the handle to give the plugin.
  api::Registration track(api::Registration inner);

  // Releases every registration still held (newest first); each release waits as its Registration does.
  void releaseAll();

  std::size_t size() const;

 private:
  RegistrationTracker() = default;
  void release(std::uint64_t id);

  mutable std::mutex mutex_;
  std::map<std::uint64_t, api::Registration> items_;
  std::uint64_t next_ = 0;
};

}  // namespace georep::engine
