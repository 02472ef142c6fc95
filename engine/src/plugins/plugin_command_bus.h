// PluginCommandBus: a plugin's view of the engine's command bus. Every handler the plugin registers
// through it is tracked, so the loader can remove them all (releaseAll) after the plugin's stop() and
// before its library is released, even those the plugin leaked.
// Thread-safety: as api::CommandBus; releaseAll() may be called from any thread.
#pragma once

#include <memory>

#include "engine/api/command_bus.h"
#include "engine/src/plugins/registration_tracker.h"

namespace georep::engine {

class PluginCommandBus : public api::CommandBus {
 public:
  explicit PluginCommandBus(api::CommandBus& inner) : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration registerHandler(api::CommandSpec spec, api::CommandHandler handler) override;
  api::CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) override;
  api::CommandOutcome dispatchAs(const api::Caller& caller, const std::string& name,
                                 const nlohmann::json& params) override;
  std::vector<api::CommandSpec> commands() const override;
  void releaseAll() { tracker_->releaseAll(); }
  std::size_t registered() const { return tracker_->size(); }

 private:
  api::CommandBus& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

}  // namespace georep::engine
