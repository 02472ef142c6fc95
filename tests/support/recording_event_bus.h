// RecordingEventBus: an api::EventBus for tests that keeps every raised event, in order (ids 1, 2, ...),
// and, as the engine's bus does, delivers each one to the subscribers on the raising thread.
// Thread-safety: raise(), subscribe(), events(), names() and clear() may be called from any thread;
// subscribers run on the raising thread, outside the bus's lock.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/api/event_bus.h"

namespace georep::testing {

class RecordingEventBus : public api::EventBus {
 public:
  RecordingEventBus();
  ~RecordingEventBus() override;
  RecordingEventBus(const RecordingEventBus&) = delete;
  RecordingEventBus& operator=(const RecordingEventBus&) = delete;

  void raise(api::Event event) override;
  boost::signals2::connection subscribe(std::function<void(const api::Event&)> subscriber) override;

  // The events raised so far, in order.
  std::vector<api::Event> events() const;
  // Their names, in order.
  std::vector<std::string> names() const;
  // Forgets the events raised so far (subscribers stay; ids keep counting from the remaining size).
  void clear();

 private:
  struct Signal;
  mutable std::mutex mutex_;
  std::vector<api::Event> events_;
  std::unique_ptr<Signal> signal_;
};

}  // namespace georep::testing
