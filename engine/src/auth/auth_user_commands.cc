// auth.user.create|list|remove|set_role|set_disabled|set_password (see auth_commands.h).
#include "engine/src/auth/auth_command_support.h"
#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/auth/user_store.h"
#include "engine/src/common/iso_time.h"

namespace georep::engine::auth {
namespace {

using api::CommandError;
using api::ErrorCode;
using nlohmann::json;

json userJson(const User& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"role", api::roleName(u.role)},
          {"disabled", u.disabled},
          {"created_at", isoTime(u.createdAt)}};
}

api::ParamSpec userNameParam(std::string description) {
  return textParam("name", true, kMaxAccountNameLength, std::move(description));
}

api::Role roleOf(const json& params) {
  return api::parseRole(textOf(params, "role")).value_or(api::Role::kViewer);  // the bus checked the enum
}

json setPassword(AuthCommandDeps& deps, const json& params, const api::Caller& caller) {
  const std::string name = textOf(params, "name");
  const bool self = !caller.user.empty() && caller.user == name;
  if (!self && caller.role != api::Role::kAdmin) {
    throw CommandError(ErrorCode::kForbidden, "only an admin can set another user's password");
  }
  const auto user = deps.users.find(name);
  if (!user) throw CommandError(ErrorCode::kNotFound, "no such user: " + name);
  if (self) {
    const std::string current = textOf(params, "current_password");
    if (current.empty()) {
      throw api::invalidArgument("current_password", "changing your own password needs current_password");
    }
    if (!verifyPassword(user->passwordHash, current)) {
      throw CommandError(ErrorCode::kForbidden, "current_password is wrong", "current_password");
    }
  }
  const std::string hash = hashPassword(textOf(params, "password"));
  deps.users.setPassword(name, hash, self ? caller.tokenId : 0);
  raiseAuthEvent(deps.events, "engine.auth.password_changed", {{"user", name}});
  return json{{"user", name}, {"password_changed", true}};
}

}  // namespace

std::vector<api::Registration> registerUserCommands(api::CommandBus& bus, AuthCommandDeps deps) {
  std::vector<api::Registration> out;

  out.push_back(bus.registerHandler(
      api::CommandSpec{"auth.user.create",
                       "Create a user with a role and a password (hashed with Argon2id; never stored in clear).",
                       {userNameParam("The user name: letters, digits, '.', '_', '-'."),
                        roleParam(true, "viewer (read), operator (lifecycle, config), admin (everything)."),
                        passwordParam("password", true, "At least 8 bytes.")},
                       api::Role::kAdmin},
      [deps](const json& params, const api::CommandContext&) {
        const std::string name = textOf(params, "name");
        requireAccountName("name", name);
        const User user = deps.users.create(name, roleOf(params), hashPassword(textOf(params, "password")));
        raiseAuthEvent(deps.events, "engine.auth.user_created", {{"user", user.name}, {"role", api::roleName(user.role)}});
        return json{{"user", userJson(user)}};
      }));

  out.push_back(bus.registerHandler(
      api::CommandSpec{"auth.user.list", "The users with their roles (never their password hashes).", {},
                       api::Role::kAdmin},
      [deps](const json&, const api::CommandContext&) {
        json users = json::array();
        for (const auto& u : deps.users.list()) users.push_back(userJson(u));
        return json{{"users", std::move(users)}};
      }));

  out.push_back(bus.registerHandler(
      api::CommandSpec{"auth.user.remove", "Remove a user and its tokens (refused for the last enabled admin).",
                       {userNameParam("The user to remove.")}, api::Role::kAdmin},
      [deps](const json& params, const api::CommandContext&) {
        const std::string name = textOf(params, "name");
        deps.users.remove(name);
        raiseAuthEvent(deps.events, "engine.auth.user_removed", {{"user", name}});
        return json{{"removed", {{"user", name}}}};
      }));

  out.push_back(bus.registerHandler(
      api::CommandSpec{"auth.user.set_role",
                       "Change a user's role (refused when it would leave no enabled admin). Its API tokens never "
                       "exceed the new role.",
                       {userNameParam("The user."), roleParam(true, "The new role.")}, api::Role::kAdmin},
      [deps](const json& params, const api::CommandContext&) {
        const std::string name = textOf(params, "name");
        const api::Role role = roleOf(params);
        deps.users.setRole(name, role);
        raiseAuthEvent(deps.events, "engine.auth.user_role_changed", {{"user", name}, {"role", api::roleName(role)}});
        return json{{"user", name}, {"role", api::roleName(role)}};
      }));

  {
    api::ParamSpec disabled;
    disabled.name = "disabled";
    disabled.type = api::ParamType::kBoolean;
    disabled.required = true;
    disabled.description = "true: the user can no longer log in and its tokens are revoked.";
    out.push_back(bus.registerHandler(
        api::CommandSpec{"auth.user.set_disabled",
                         "Disable (revoking its tokens) or re-enable a user; the last enabled admin cannot be "
                         "disabled.",
                         {userNameParam("The user."), disabled}, api::Role::kAdmin},
        [deps](const json& params, const api::CommandContext&) {
          const std::string name = textOf(params, "name");
          const bool off = params["disabled"].get<bool>();
          deps.users.setDisabled(name, off);
          raiseAuthEvent(deps.events, off ? "engine.auth.user_disabled" : "engine.auth.user_enabled", {{"user", name}});
          return json{{"user", name}, {"disabled", off}};
        }));
  }

  out.push_back(bus.registerHandler(
      api::CommandSpec{"auth.user.set_password",
                       "Set a user's password: an admin for anyone, or a user for itself with current_password. "
                       "The user's other login sessions are revoked.",
                       {userNameParam("The user."), passwordParam("password", true, "The new password (8+ bytes)."),
                        passwordParam("current_password", false, "Your current password, to change your own.")},
                       api::Role::kViewer},
      [deps](const json& params, const api::CommandContext& ctx) mutable {
        return setPassword(deps, params, ctx.caller);
      }));
  return out;
}

}  // namespace georep::engine::auth
