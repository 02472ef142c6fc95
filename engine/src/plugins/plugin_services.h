// Per-plugin views of the engine's command bus, scheduler and event bus. Everything a plugin registers
// or subscribes through them is tracked, so that the loader can undo it all (releaseAll) after the
// plugin's stop() and before its library is released: no handler, job or subscriber pointing into an
// unloaded library can survive.
// Thread-safety: as the services they wrap.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/api/command_bus.h"
#include "engine/api/event_bus.h"
#include "engine/api/scheduler.h"
#include "engine/src/plugins/registration_tracker.h"

namespace georep::engine {

class EngineEventBus;

class PluginCommandBus : public api::CommandBus {
 public:
  explicit PluginCommandBus(api::CommandBus& inner) : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration registerHandler(api::CommandSpec spec, api::CommandHandler handler) override;
  api::CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) override;
  std::vector<api::CommandSpec> commands() const override;
  void releaseAll() { tracker_->releaseAll(); }
  std::size_t registered() const { return tracker_->size(); }

 private:
  api::CommandBus& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

class PluginScheduler : public api::Scheduler {
 public:
  explicit PluginScheduler(api::Scheduler& inner) : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration schedule(api::JobSpec job) override;
  void releaseAll() { tracker_->releaseAll(); }
  std::size_t scheduled() const { return tracker_->size(); }

 private:
  api::Scheduler& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

class PluginEventBus : public api::EventBus {
 public:
  explicit PluginEventBus(EngineEventBus& inner) : inner_(inner) {}
  void raise(api::Event event) override;
  boost::signals2::connection subscribe(std::function<void(const api::Event&)> subscriber) override;
  // Disconnects every subscription, then waits until no delivery is in progress.
  void releaseAll();

 private:
  EngineEventBus& inner_;
  std::mutex mutex_;
  std::vector<boost::signals2::connection> connections_;
};

}  // namespace georep::engine
