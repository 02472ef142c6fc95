// auth.whoami, auth.logout, auth.token.create|list|revoke (see auth_commands.h).
#include <optional>

#include "engine/src/auth/auth_command_support.h"
#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/token_store.h"
#include "engine/src/auth/user_store.h"
#include "engine/src/common/iso_time.h"

namespace georep::engine::auth {
namespace {

using api::CommandError;
using api::ErrorCode;
using nlohmann::json;

constexpr std::int64_t kMaxTokenDays = 3650;

json optionalTime(const std::optional<std::chrono::system_clock::time_point>& t) {
  return t ? json(isoTime(*t)) : json(nullptr);
}

json tokenJson(const TokenInfo& t) {
  return {{"id", t.id},
          {"user", t.userName},
          {"kind", tokenKindName(t.kind)},
          {"name", t.name},
          {"role", api::roleName(t.role)},
          {"created_at", isoTime(t.createdAt)},
          {"expires_at", optionalTime(t.expiresAt)},
          {"last_used_at", optionalTime(t.lastUsedAt)},
          {"revoked", t.revoked}};
}

api::CommandSpec spec(std::string name, std::string description, std::vector<api::ParamSpec> params) {
  return api::CommandSpec{std::move(name), std::move(description), std::move(params), api::Role::kViewer};
}

json whoami(const api::Caller& caller) {
  return {{"actor", caller.actor},
          {"user", caller.user.empty() ? json(nullptr) : json(caller.user)},
          {"role", api::roleName(caller.role)},
          {"token_id", caller.tokenId == 0 ? json(nullptr) : json(caller.tokenId)}};
}

json createToken(AuthCommandDeps& deps, const json& params, const api::Caller& caller) {
  requireUser(caller, "create API tokens");
  const std::string name = textOf(params, "name");
  requireAccountName("name", name);
  api::Role role = caller.role;
  if (params.contains("role")) role = api::parseRole(textOf(params, "role")).value_or(caller.role);
  if (!api::roleAllows(caller.role, role)) {
    throw CommandError(ErrorCode::kForbidden, "a token cannot have a higher role (" +
                                                  std::string(api::roleName(role)) + ") than its creator's (" +
                                                  std::string(api::roleName(caller.role)) + ")",
                       "role");
  }
  std::optional<std::chrono::seconds> ttl;
  if (params.contains("expires_in_days")) ttl = std::chrono::hours(24) * params["expires_in_days"].get<std::int64_t>();
  const auto user = deps.users.find(caller.user);
  if (!user || user->disabled) throw CommandError(ErrorCode::kNotFound, "no such user: " + caller.user);
  const IssuedToken issued = deps.tokens.issue(user->id, TokenKind::kApi, name, role, ttl);
  raiseAuthEvent(deps.events, "engine.auth.token_created",
                 {{"user", user->name}, {"token_id", issued.id}, {"name", name}, {"role", api::roleName(role)}});
  return {{"token", issued.secret},
          {"token_id", issued.id},
          {"name", name},
          {"role", api::roleName(role)},
          {"expires_at", optionalTime(issued.expiresAt)}};
}

}  // namespace

std::vector<api::Registration> registerTokenCommands(api::CommandBus& bus, AuthCommandDeps deps) {
  std::vector<api::Registration> out;

  out.push_back(bus.registerHandler(spec("auth.whoami", "Who the caller is: actor, user, role, token id.", {}),
                                    [](const json&, const api::CommandContext& ctx) { return whoami(ctx.caller); }));

  out.push_back(bus.registerHandler(
      spec("auth.logout", "Revoke the token this request presented.", {}),
      [deps](const json&, const api::CommandContext& ctx) {
        if (ctx.caller.tokenId == 0) {
          throw CommandError(ErrorCode::kConflict, "this call presented no token to revoke");
        }
        const bool revoked = deps.tokens.revoke(ctx.caller.tokenId, ctx.caller.user);
        if (revoked) {
          raiseAuthEvent(deps.events, "engine.auth.logout", {{"user", ctx.caller.user}, {"token_id", ctx.caller.tokenId}});
        }
        return json{{"revoked", revoked}, {"token_id", ctx.caller.tokenId}};
      }));

  {
    api::ParamSpec days;
    days.name = "expires_in_days";
    days.type = api::ParamType::kInteger;
    days.minimum = 1;
    days.maximum = kMaxTokenDays;
    days.description = "Days until the token expires; never when absent.";
    out.push_back(bus.registerHandler(
        spec("auth.token.create",
             "Create a named API token for yourself (for automation), with a role no higher than yours. The "
             "result carries the token once; only its hash is kept.",
             {textParam("name", true, kMaxAccountNameLength, "A name for the token (e.g. ci-bot)."),
              roleParam(false, "The token's role; yours when absent."), days}),
        [deps](const json& params, const api::CommandContext& ctx) mutable {
          return createToken(deps, params, ctx.caller);
        }));
  }

  out.push_back(bus.registerHandler(
      spec("auth.token.list", "Your tokens (admin: every user's), newest first; never their secrets.", {}),
      [deps](const json&, const api::CommandContext& ctx) {
        std::optional<std::string> owner;
        if (ctx.caller.role != api::Role::kAdmin) {
          requireUser(ctx.caller, "list tokens");
          owner = ctx.caller.user;
        }
        json tokens = json::array();
        for (const auto& t : deps.tokens.list(owner)) tokens.push_back(tokenJson(t));
        return json{{"tokens", std::move(tokens)}};
      }));

  {
    api::ParamSpec id;
    id.name = "id";
    id.type = api::ParamType::kInteger;
    id.required = true;
    id.minimum = 1;
    id.description = "The token id (auth.token.list).";
    out.push_back(bus.registerHandler(
        spec("auth.token.revoke", "Revoke one of your tokens (admin: anyone's).", {id}),
        [deps](const json& params, const api::CommandContext& ctx) {
          std::optional<std::string> owner;
          if (ctx.caller.role != api::Role::kAdmin) {
            requireUser(ctx.caller, "revoke tokens");
            owner = ctx.caller.user;
          }
          const std::int64_t tokenId = params["id"].get<std::int64_t>();
          if (!deps.tokens.revoke(tokenId, owner)) {
            throw CommandError(ErrorCode::kNotFound,
                               "no active token " + std::to_string(tokenId) + (owner ? " of " + *owner : ""));
          }
          raiseAuthEvent(deps.events, "engine.auth.token_revoked", {{"token_id", tokenId}});
          return json{{"revoked", true}, {"token_id", tokenId}};
        }));
  }
  return out;
}

}  // namespace georep::engine::auth
