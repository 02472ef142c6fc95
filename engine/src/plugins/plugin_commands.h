// The engine's own command about plugins: engine.plugins lists the loaded plugins (id, name, version,
// library, commands and jobs registered) and the refused ones with their reasons.
// Thread-safety: the handler is thread-safe (PluginLoader::loaded/refused are). The loader must outlive
// the returned registration.
#pragma once

#include "engine/api/command_bus.h"
#include "engine/api/registration.h"

namespace georep::engine {

class PluginLoader;

api::Registration registerPluginCommands(api::CommandBus& bus, const PluginLoader& loader);

}  // namespace georep::engine
