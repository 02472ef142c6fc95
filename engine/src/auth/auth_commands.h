// The engine's identity commands on the command bus:
//   auth.whoami, auth.logout                                  (viewer: about the caller's own token)
//   auth.token.create {name, role?, expires_in_days?}          (viewer: an API token for oneself, role <= own)
//   auth.token.list, auth.token.revoke {id}                   (viewer: own tokens; admin: any)
//   auth.user.create {name, role, password}, auth.user.list, auth.user.remove {name},
//   auth.user.set_role {name, role}, auth.user.set_disabled {name, disabled}            (admin)
//   auth.user.set_password {name, password, current_password?}  (admin for others; anyone for oneself
//                                                                with current_password)
// Passwords are secret parameters; no result carries a password or a hash; a token secret appears only
// in the result of the call that made it. Each change raises an engine.auth.* event (the bus stamps
// the actor).
// Thread-safety: handlers run concurrently; the stores and event bus must outlive the registrations.
#pragma once

#include <vector>

#include "engine/api/command_bus.h"
#include "engine/api/event_bus.h"
#include "engine/api/registration.h"

namespace georep::engine::auth {

class UserStore;
class TokenStore;

struct AuthCommandDeps {
  UserStore& users;
  TokenStore& tokens;
  api::EventBus& events;
};

std::vector<api::Registration> registerAuthCommands(api::CommandBus& bus, AuthCommandDeps deps);

// The two halves, each in its own file.
std::vector<api::Registration> registerTokenCommands(api::CommandBus& bus, AuthCommandDeps deps);
std::vector<api::Registration> registerUserCommands(api::CommandBus& bus, AuthCommandDeps deps);

}  // namespace georep::engine::auth
