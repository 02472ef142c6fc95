#include "support/recording_event_bus.h"

#include <boost/signals2/signal.hpp>

namespace georep::testing {

struct RecordingEventBus::Signal {
  boost::signals2::signal<void(const api::Event&)> signal;
};

RecordingEventBus::RecordingEventBus() : signal_(std::make_unique<Signal>()) {}
RecordingEventBus::~RecordingEventBus() = default;

void RecordingEventBus::raise(api::Event event) {
  {
    std::lock_guard lock(mutex_);
    event.id = static_cast<std::int64_t>(events_.size() + 1);
    events_.push_back(event);
  }
  signal_->signal(event);
}

boost::signals2::connection RecordingEventBus::subscribe(std::function<void(const api::Event&)> subscriber) {
  return signal_->signal.connect(std::move(subscriber));
}

std::vector<api::Event> RecordingEventBus::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

std::vector<std::string> RecordingEventBus::names() const {
  std::vector<std::string> out;
  for (const auto& e : events()) out.push_back(e.name);
  return out;
}

void RecordingEventBus::clear() {
  std::lock_guard lock(mutex_);
  events_.clear();
}

}  // namespace georep::testing
