// EngineCommandBus: the engine's api::CommandBus. Handlers register by name with a parameter schema;
// dispatch() validates the parameters (param_validator.h), runs the handler under a correlation id
// (a new one, or the caller's current one when dispatching from inside a dispatch or job) and turns
// every failure into a typed error: unknown command -> not_found, a CommandError keeps its code, any
// other exception -> internal. Nothing escapes dispatch().
// Before validating parameters it checks the caller's role against the spec's (forbidden), and runs the
// handler under the caller's ActorScope (events record who did it). A secret parameter's value is blanked
// out of any error it returns or logs.
// Unregistering (Registration reset) waits for running invocations of that handler and destroys the
// handler before returning, so that no plugin code runs or is referenced afterwards.
// Thread-safety: every method may be called concurrently from any thread. The bus must outlive the
// Registrations it hands out only for them to have an effect: a Registration outliving the bus is inert.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/api/command_bus.h"

namespace georep::engine {

class EngineCommandBus : public api::CommandBus {
 public:
  EngineCommandBus();
  ~EngineCommandBus() override;
  EngineCommandBus(const EngineCommandBus&) = delete;
  EngineCommandBus& operator=(const EngineCommandBus&) = delete;

  api::Registration registerHandler(api::CommandSpec spec, api::CommandHandler handler) override;
  api::CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) override;
  api::CommandOutcome dispatchAs(const api::Caller& caller, const std::string& name,
                                 const nlohmann::json& params) override;
  std::vector<api::CommandSpec> commands() const override;

  // The role check dispatch makes first: throws CommandError(kForbidden) naming the role `spec` needs and
  // the one the caller has, unless the caller's role allows the command. For callers that refuse a command
  // before dispatching it (the REST jobs' pre-check), so that both say the same.
  static void checkRole(const api::Caller& caller, const api::CommandSpec& spec);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace georep::engine
