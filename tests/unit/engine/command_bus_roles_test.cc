// EngineCommandBus and roles: each command's role is enforced before its parameters are looked at,
// dispatch() runs as the enclosing caller (or the engine), the actor is set for the handler, and a secret
// parameter's value never appears in an error or the log.
#include <gtest/gtest.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/correlation.h"
#include "tests/support/log_capture.h"

namespace georep::engine {
namespace {

using api::Caller;
using api::CommandSpec;
using api::ErrorCode;
using api::ParamSpec;
using api::ParamType;
using api::Role;
using nlohmann::json;

const Caller kViewer{"user:vera", Role::kViewer, "vera", 11};
const Caller kOperator{"user:otto", Role::kOperator, "otto", 12};
const Caller kAdmin{"user:ada", Role::kAdmin, "ada", 13};

ParamSpec intParam(std::string name) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::kInteger;
  p.required = true;
  return p;
}

TEST(CommandBusRoles, ACommandThatSaysNothingNeedsAdmin) {
  EXPECT_EQ(CommandSpec{}.role, Role::kAdmin);
  EngineCommandBus bus;
  int runs = 0;
  auto reg = bus.registerHandler(CommandSpec{"t.silent", "", {}}, [&](const json&, const auto&) {
    ++runs;
    return json::object();
  });
  for (const Caller& caller : {kViewer, kOperator}) {
    const auto outcome = bus.dispatchAs(caller, "t.silent", json::object());
    ASSERT_FALSE(outcome.ok) << caller.actor;
    EXPECT_EQ(outcome.error->code(), ErrorCode::kForbidden);
    EXPECT_NE(std::string(outcome.error->what()).find("needs the admin role"), std::string::npos);
  }
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(bus.dispatchAs(kAdmin, "t.silent", json::object()).ok);
  EXPECT_EQ(runs, 1);
}

TEST(CommandBusRoles, EachRoleRunsWhatItsLevelAllows) {
  EngineCommandBus bus;
  std::vector<api::Registration> regs;
  for (auto [name, role] : {std::pair{"t.read", Role::kViewer}, {"t.run", Role::kOperator}, {"t.own", Role::kAdmin}}) {
    regs.push_back(bus.registerHandler(CommandSpec{name, "", {}, role}, [](const json&, const auto&) { return json{}; }));
  }
  const std::vector<std::tuple<Caller, std::string, bool>> matrix = {
      {kViewer, "t.read", true},   {kViewer, "t.run", false},  {kViewer, "t.own", false},
      {kOperator, "t.read", true}, {kOperator, "t.run", true}, {kOperator, "t.own", false},
      {kAdmin, "t.read", true},    {kAdmin, "t.run", true},    {kAdmin, "t.own", true}};
  for (const auto& [caller, name, allowed] : matrix) {
    const auto outcome = bus.dispatchAs(caller, name, json::object());
    EXPECT_EQ(outcome.ok, allowed) << caller.actor << " " << name;
    if (!allowed) {
      EXPECT_EQ(outcome.error->code(), ErrorCode::kForbidden) << caller.actor << " " << name;
    }
  }
}

TEST(CommandBusRoles, ForbiddenComesBeforeParameterValidation) {
  EngineCommandBus bus;
  auto reg = bus.registerHandler(CommandSpec{"t.admin", "", {intParam("n")}, Role::kAdmin},
                                 [](const json&, const auto&) { return json{}; });
  // Missing, mistyped and unknown parameters: a viewer learns nothing about them, only that it may not.
  for (const json& params : {json::object(), json{{"n", "x"}}, json{{"n", 1}, {"zzz", 2}}, json::array()}) {
    const auto outcome = bus.dispatchAs(kViewer, "t.admin", params);
    ASSERT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.error->code(), ErrorCode::kForbidden) << params.dump();
  }
  EXPECT_EQ(bus.dispatchAs(kAdmin, "t.admin", json::object()).error->code(), ErrorCode::kInvalidArgument);
}

TEST(CommandBusRoles, HandlersSeeTheirCallerAndTheActorIsSetForTheDispatch) {
  EngineCommandBus bus;
  Caller seen;
  std::string actorInside;
  auto reg = bus.registerHandler(CommandSpec{"t.who", "", {}, Role::kViewer}, [&](const json&, const auto& ctx) {
    seen = ctx.caller;
    actorInside = currentActor();
    return json{};
  });
  ASSERT_TRUE(bus.dispatchAs(kOperator, "t.who", json::object()).ok);
  EXPECT_EQ(seen.actor, "user:otto");
  EXPECT_EQ(seen.role, Role::kOperator);
  EXPECT_EQ(seen.user, "otto");
  EXPECT_EQ(seen.tokenId, 12);
  EXPECT_EQ(actorInside, "user:otto");
  EXPECT_EQ(currentActor(), "") << "the actor is restored after the dispatch";

  ASSERT_TRUE(bus.dispatch("t.who", json::object()).ok);
  EXPECT_EQ(seen.actor, "engine") << "outside any dispatch, dispatch() runs as the engine";
  EXPECT_EQ(seen.role, Role::kAdmin);
  EXPECT_EQ(actorInside, "engine");
}

TEST(CommandBusRoles, ANestedDispatchRunsAsTheEnclosingCallerNotAsTheEngine) {
  EngineCommandBus bus;
  auto inner = bus.registerHandler(CommandSpec{"t.inner", "", {}, Role::kAdmin},
                                   [](const json&, const auto& ctx) { return json{{"actor", ctx.caller.actor}}; });
  api::CommandOutcome nested;
  auto outer = bus.registerHandler(CommandSpec{"t.outer", "", {}, Role::kViewer}, [&](const json&, const auto&) {
    nested = bus.dispatch("t.inner", json::object());
    return json{};
  });
  ASSERT_TRUE(bus.dispatchAs(kViewer, "t.outer", json::object()).ok);
  ASSERT_FALSE(nested.ok) << "a viewer must not reach an admin command through a viewer command";
  EXPECT_EQ(nested.error->code(), ErrorCode::kForbidden);

  ASSERT_TRUE(bus.dispatchAs(kAdmin, "t.outer", json::object()).ok);
  ASSERT_TRUE(nested.ok);
  EXPECT_EQ(nested.result["actor"], "user:ada");
}

TEST(CommandBusRoles, ASecretValueNeverAppearsInTheErrorOrTheLog) {
  const std::string password = "Sw0rdfish-very-secret";
  EngineCommandBus bus;
  ParamSpec secret;
  secret.name = "password";
  secret.secret = true;
  secret.maxLength = 64;
  // A careless handler that quotes its input, in its message, its details and an unexpected exception.
  auto careless = bus.registerHandler(CommandSpec{"t.careless", "", {secret}}, [](const json& p, const auto&) -> json {
    const std::string value = p["password"];
    throw api::CommandError(ErrorCode::kInvalidArgument, "bad password '" + value + "'", "password",
                            {{"got", value}, {"nested", {{"again", "x" + value + "y"}}}});
  });
  auto throwing = bus.registerHandler(CommandSpec{"t.throwing", "", {secret}}, [](const json& p, const auto&) -> json {
    throw std::runtime_error("cannot use " + p["password"].get<std::string>());
  });
  georep::testing::LogCapture log;
  const auto a = bus.dispatch("t.careless", {{"password", password}});
  const auto b = bus.dispatch("t.throwing", {{"password", password}});
  const auto c = bus.dispatch("t.careless", {{"password", std::string(100, 'p') + password}});  // too long
  for (const auto* outcome : {&a, &b, &c}) {
    ASSERT_FALSE(outcome->ok);
    const std::string text = outcome->error->toJson().dump();
    EXPECT_EQ(text.find(password), std::string::npos) << text;
  }
  EXPECT_NE(std::string(a.error->what()).find("bad password '***'"), std::string::npos) << a.error->what();
  EXPECT_EQ(a.error->details()["got"], "***");
  EXPECT_EQ(log.text().find(password), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("t.careless"), std::string::npos) << "the failures are logged, without the secret";
}

TEST(CommandBusRoles, RoleNamesRoundTrip) {
  for (Role role : {Role::kViewer, Role::kOperator, Role::kAdmin}) EXPECT_EQ(api::parseRole(api::roleName(role)), role);
  EXPECT_FALSE(api::parseRole("root"));
  EXPECT_FALSE(api::parseRole("Admin"));
}

}  // namespace
}  // namespace georep::engine
