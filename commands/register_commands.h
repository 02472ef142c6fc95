// Registration of every command of the plugin on the engine's command bus, with its parameter schema.
// The handlers are thin trampolines into commands/handlers.h bound to one CommandDeps, which must outlive
// the returned Registrations (the plugin owns both; it drops the Registrations first on stop()).
// Thread-safety: call from one thread (the plugin's start()); the registered handlers are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"

namespace georep::commands {

// Every command spec, in registration order.
std::vector<api::CommandSpec> commandSpecs();

// Registers every command; the commands exist until the Registrations are reset or destroyed.
std::vector<api::Registration> registerCommands(api::CommandBus& bus, CommandDeps& deps);

}  // namespace georep::commands
