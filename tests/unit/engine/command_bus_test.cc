// EngineCommandBus: registration, validation errors naming the field, unknown commands, throwing
// handlers, correlation ids, unregistration while a handler runs.
#include <atomic>
#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/correlation.h"
#include "engine/src/common/logging.h"

namespace georep::engine {
namespace {

using api::CommandSpec;
using api::ErrorCode;
using api::ParamSpec;
using api::ParamType;
using nlohmann::json;

ParamSpec param(std::string name, ParamType type, bool required = false) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = type;
  p.required = required;
  return p;
}

CommandSpec sessionCreateSpec() {
  CommandSpec spec{"georep.session.create", "create a session", {}};
  auto volume = param("volume", ParamType::kString, true);
  volume.maxLength = 16;
  auto mode = param("mode", ParamType::kString);
  mode.enumValues = {"push", "pull"};
  mode.defaultValue = "push";
  auto port = param("port", ParamType::kInteger);
  port.minimum = 1;
  port.maximum = 65535;
  port.defaultValue = 22;
  auto ratio = param("ratio", ParamType::kNumber);
  ratio.minimum = 0;
  ratio.maximum = 1;
  spec.params = {volume, mode, port, ratio, param("force", ParamType::kBoolean),
                 param("options", ParamType::kObject), param("bricks", ParamType::kArray)};
  return spec;
}

// A bus with georep.session.create registered; the handler echoes its params.
class CommandBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registration_ = bus_.registerHandler(sessionCreateSpec(), [this](const json& params, const api::CommandContext& ctx) {
      seenContextId_ = ctx.correlationId;
      seenCurrentId_ = currentCorrelationId();
      return json{{"echo", params}};
    });
  }

  api::CommandError expectError(const json& params, ErrorCode code) {
    auto outcome = bus_.dispatch("georep.session.create", params);
    EXPECT_FALSE(outcome.ok) << outcome.result.dump();
    if (!outcome.error) return api::CommandError(ErrorCode::kInternal, "no error");
    EXPECT_EQ(outcome.error->code(), code) << outcome.error->what();
    return *outcome.error;
  }

  EngineCommandBus bus_;
  api::Registration registration_;
  std::string seenContextId_;
  std::string seenCurrentId_;
};

TEST_F(CommandBusTest, DispatchRunsTheHandlerWithDefaultsFilled) {
  auto outcome = bus_.dispatch("georep.session.create", json{{"volume", "gv0"}});
  ASSERT_TRUE(outcome.ok) << outcome.error->what();
  EXPECT_EQ(outcome.result["echo"], (json{{"volume", "gv0"}, {"mode", "push"}, {"port", 22}}));
}

TEST_F(CommandBusTest, ValidParametersOfEveryTypePass) {
  json params{{"volume", "gv0"}, {"mode", "pull"}, {"port", 2222}, {"ratio", 0.5}, {"force", true},
              {"options", {{"a", 1}}}, {"bricks", {"b1", "b2"}}};
  auto outcome = bus_.dispatch("georep.session.create", params);
  ASSERT_TRUE(outcome.ok) << outcome.error->what();
  EXPECT_EQ(outcome.result["echo"], params);
}

TEST_F(CommandBusTest, MissingRequiredParameterIsNamed) {
  auto e = expectError(json::object(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field(), "volume");
  EXPECT_NE(std::string(e.what()).find("required"), std::string::npos);
  EXPECT_EQ(expectError(json{{"volume", nullptr}}, ErrorCode::kInvalidArgument).field(), "volume");
}

TEST_F(CommandBusTest, WrongTypeIsNamed) {
  auto e = expectError(json{{"volume", 5}}, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field(), "volume");
  EXPECT_NE(std::string(e.what()).find("string"), std::string::npos) << e.what();
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", "22"}}, ErrorCode::kInvalidArgument).field(), "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", 22.5}}, ErrorCode::kInvalidArgument).field(), "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"force", "yes"}}, ErrorCode::kInvalidArgument).field(), "force");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"ratio", "0.5"}}, ErrorCode::kInvalidArgument).field(), "ratio");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"options", json::array()}}, ErrorCode::kInvalidArgument).field(),
            "options");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"bricks", "b1"}}, ErrorCode::kInvalidArgument).field(), "bricks");
}

TEST_F(CommandBusTest, EnumIsEnforced) {
  auto e = expectError(json{{"volume", "v"}, {"mode", "sideways"}}, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field(), "mode");
  EXPECT_NE(std::string(e.what()).find("push, pull"), std::string::npos) << e.what();
}

TEST_F(CommandBusTest, RangeIsEnforcedInclusive) {
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", 0}}, ErrorCode::kInvalidArgument).field(), "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", 65536}}, ErrorCode::kInvalidArgument).field(), "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", -1}}, ErrorCode::kInvalidArgument).field(), "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"port", 18446744073709551615ULL}}, ErrorCode::kInvalidArgument).field(),
            "port");
  EXPECT_EQ(expectError(json{{"volume", "v"}, {"ratio", 1.01}}, ErrorCode::kInvalidArgument).field(), "ratio");
  EXPECT_TRUE(bus_.dispatch("georep.session.create", json{{"volume", "v"}, {"port", 1}}).ok);
  EXPECT_TRUE(bus_.dispatch("georep.session.create", json{{"volume", "v"}, {"port", 65535}}).ok);
  EXPECT_TRUE(bus_.dispatch("georep.session.create", json{{"volume", "v"}, {"ratio", 1}}).ok);
}

TEST_F(CommandBusTest, MaxLengthCountsCharacters) {
  EXPECT_TRUE(bus_.dispatch("georep.session.create", json{{"volume", std::string(16, 'a')}}).ok);
  // 16 two-byte characters: 32 bytes, 16 characters.
  std::string accented;
  for (int i = 0; i < 16; ++i) accented += "\xc3\xa9";
  EXPECT_TRUE(bus_.dispatch("georep.session.create", json{{"volume", accented}}).ok);
  EXPECT_EQ(expectError(json{{"volume", std::string(17, 'a')}}, ErrorCode::kInvalidArgument).field(), "volume");
}

TEST_F(CommandBusTest, UnknownParameterIsRefusedByName) {
  auto e = expectError(json{{"volume", "v"}, {"volum", "typo"}}, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field(), "volum");
}

TEST_F(CommandBusTest, ParametersMustBeAnObject) {
  expectError(json::array({1, 2}), ErrorCode::kInvalidArgument);
  expectError(json("volume"), ErrorCode::kInvalidArgument);
}

TEST_F(CommandBusTest, HandlerDoesNotRunOnInvalidParameters) {
  seenContextId_.clear();
  expectError(json{{"volume", 1}}, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(seenContextId_.empty());
}

TEST_F(CommandBusTest, UnknownCommandIsNotFound) {
  auto outcome = bus_.dispatch("georep.session.nope", json::object());
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), ErrorCode::kNotFound);
  EXPECT_NE(std::string(outcome.error->what()).find("georep.session.nope"), std::string::npos);
  EXPECT_FALSE(outcome.correlationId.empty());
}

TEST_F(CommandBusTest, EachDispatchHasItsOwnCorrelationIdSeenByTheHandler) {
  static const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  auto first = bus_.dispatch("georep.session.create", json{{"volume", "v"}});
  EXPECT_TRUE(std::regex_match(first.correlationId, kUuid)) << first.correlationId;
  EXPECT_EQ(seenContextId_, first.correlationId);
  EXPECT_EQ(seenCurrentId_, first.correlationId);
  auto second = bus_.dispatch("georep.session.create", json{{"volume", "v"}});
  EXPECT_NE(second.correlationId, first.correlationId);
  EXPECT_TRUE(currentCorrelationId().empty());  // restored after dispatch
}

TEST_F(CommandBusTest, DispatchInsideAnotherKeepsTheOuterCorrelationId) {
  auto reg = bus_.registerHandler(CommandSpec{"outer.cmd", "", {}}, [this](const json&, const api::CommandContext& ctx) {
    auto inner = bus_.dispatch("georep.session.create", json{{"volume", "v"}});
    return json{{"outer", ctx.correlationId}, {"inner", inner.correlationId}};
  });
  auto outcome = bus_.dispatch("outer.cmd", json::object());
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result["inner"], outcome.correlationId);
  EXPECT_EQ(outcome.result["outer"], outcome.correlationId);
}

TEST(CommandBus, CommandErrorFromHandlerKeepsItsCode) {
  EngineCommandBus bus;
  auto reg = bus.registerHandler(CommandSpec{"georep.session.start", "", {}}, [](const json&, const api::CommandContext&) -> json {
    throw api::CommandError(ErrorCode::kConflict, "session is Paused", "", json{{"state", "Paused"}});
  });
  auto outcome = bus.dispatch("georep.session.start", json::object());
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), ErrorCode::kConflict);
  EXPECT_STREQ(outcome.error->what(), "session is Paused");
  EXPECT_EQ(outcome.error->details()["state"], "Paused");
}

TEST(CommandBus, ThrowingHandlerIsInternalAndTheBusLivesOn) {
  EngineCommandBus bus;
  auto bad = bus.registerHandler(CommandSpec{"bad.std", "", {}}, [](const json&, const api::CommandContext&) -> json {
    throw std::runtime_error("boom");
  });
  auto worse = bus.registerHandler(CommandSpec{"bad.int", "", {}}, [](const json&, const api::CommandContext&) -> json {
    throw 42;
  });
  auto good = bus.registerHandler(CommandSpec{"good.cmd", "", {}}, [](const json&, const api::CommandContext&) {
    return json{{"ok", true}};
  });
  auto outcome = bus.dispatch("bad.std", json::object());
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), ErrorCode::kInternal);
  EXPECT_NE(std::string(outcome.error->what()).find("boom"), std::string::npos);
  outcome = bus.dispatch("bad.int", json::object());
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), ErrorCode::kInternal);
  outcome = bus.dispatch("good.cmd", json::object());
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result["ok"], true);
}

TEST(CommandBus, NullResultBecomesAnEmptyObject) {
  EngineCommandBus bus;
  auto reg = bus.registerHandler(CommandSpec{"a.b", "", {}}, [](const json&, const api::CommandContext&) { return json(); });
  auto outcome = bus.dispatch("a.b", json());
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result, json::object());
}

TEST(CommandBus, RegistrationRefusesDuplicatesAndMalformedSpecs) {
  EngineCommandBus bus;
  auto handler = [](const json&, const api::CommandContext&) { return json::object(); };
  auto reg = bus.registerHandler(CommandSpec{"cluster.add", "", {}}, handler);
  EXPECT_THROW(bus.registerHandler(CommandSpec{"cluster.add", "", {}}, handler), std::invalid_argument);
  EXPECT_THROW(bus.registerHandler(CommandSpec{"", "", {}}, handler), std::invalid_argument);
  EXPECT_THROW(bus.registerHandler(CommandSpec{"Cluster Add", "", {}}, handler), std::invalid_argument);
  EXPECT_THROW(bus.registerHandler(CommandSpec{"x.y", "", {}}, nullptr), std::invalid_argument);
  CommandSpec twice{"x.twice", "", {param("a", ParamType::kString), param("a", ParamType::kString)}};
  EXPECT_THROW(bus.registerHandler(twice, handler), std::invalid_argument);
  auto enumOnInt = param("a", ParamType::kInteger);
  enumOnInt.enumValues = {"1"};
  EXPECT_THROW(bus.registerHandler(CommandSpec{"x.enum", "", {enumOnInt}}, handler), std::invalid_argument);
  auto badDefault = param("a", ParamType::kInteger);
  badDefault.maximum = 10;
  badDefault.defaultValue = 99;
  EXPECT_THROW(bus.registerHandler(CommandSpec{"x.default", "", {badDefault}}, handler), std::invalid_argument);
  ASSERT_EQ(bus.commands().size(), 1u);
  EXPECT_EQ(bus.commands()[0].name, "cluster.add");
}

TEST(CommandBus, ResetRegistrationRemovesTheCommandAndFreesTheName) {
  EngineCommandBus bus;
  auto handler = [](const json&, const api::CommandContext&) { return json::object(); };
  auto reg = bus.registerHandler(CommandSpec{"host.add", "", {}}, handler);
  EXPECT_TRUE(bus.dispatch("host.add", json::object()).ok);
  reg.reset();
  auto outcome = bus.dispatch("host.add", json::object());
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), ErrorCode::kNotFound);
  EXPECT_TRUE(bus.commands().empty());
  auto again = bus.registerHandler(CommandSpec{"host.add", "", {}}, handler);
  EXPECT_TRUE(bus.dispatch("host.add", json::object()).ok);
}

TEST(CommandBus, ResetWaitsForARunningInvocationAndDestroysTheHandler) {
  EngineCommandBus bus;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> resetReturned{false};
  std::atomic<bool> sawResetReturnWhileRunning{false};
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> handlerState = alive;
  auto reg = bus.registerHandler(CommandSpec{"slow.cmd", "", {}},
                                 [&, alive](const json&, const api::CommandContext&) {
                                   entered.set_value();
                                   released.wait();
                                   // Give a reset that does not wait every chance to return first.
                                   std::this_thread::sleep_for(std::chrono::milliseconds(100));
                                   if (resetReturned) sawResetReturnWhileRunning = true;
                                   return json::object();
                                 });
  alive.reset();
  auto dispatching = std::async(std::launch::async, [&] { return bus.dispatch("slow.cmd", json::object()); });
  entered.get_future().wait();
  auto resetting = std::async(std::launch::async, [&] {
    reg.reset();
    resetReturned = true;
    // The handler (and what it captured) is gone once reset returns.
    return handlerState.expired();
  });
  release.set_value();
  EXPECT_TRUE(resetting.get());
  EXPECT_TRUE(dispatching.get().ok);
  EXPECT_FALSE(sawResetReturnWhileRunning);
}

TEST(CommandBus, HandlerMayUnregisterItself) {
  EngineCommandBus bus;
  api::Registration reg;
  reg = bus.registerHandler(CommandSpec{"once.cmd", "", {}}, [&](const json&, const api::CommandContext&) {
    reg.reset();
    return json{{"done", true}};
  });
  EXPECT_TRUE(bus.dispatch("once.cmd", json::object()).ok);
  EXPECT_EQ(bus.dispatch("once.cmd", json::object()).error->code(), ErrorCode::kNotFound);
}

TEST(CommandBus, RegistrationOutlivingTheBusIsInert) {
  api::Registration reg;
  {
    EngineCommandBus bus;
    reg = bus.registerHandler(CommandSpec{"a.b", "", {}}, [](const json&, const api::CommandContext&) { return json(); });
  }
  reg.reset();  // must not touch the destroyed bus
  SUCCEED();
}

TEST(CommandBus, ConcurrentDispatchesGetDistinctCorrelationIds) {
  EngineCommandBus bus;
  auto reg = bus.registerHandler(CommandSpec{"id.cmd", "", {}}, [](const json&, const api::CommandContext& ctx) {
    return json{{"id", ctx.correlationId}, {"current", currentCorrelationId()}};
  });
  std::vector<std::future<std::vector<std::string>>> workers;
  for (int t = 0; t < 4; ++t) {
    workers.push_back(std::async(std::launch::async, [&] {
      std::vector<std::string> ids;
      for (int i = 0; i < 200; ++i) {
        auto outcome = bus.dispatch("id.cmd", json::object());
        EXPECT_EQ(outcome.result["id"], outcome.correlationId);
        EXPECT_EQ(outcome.result["current"], outcome.correlationId);
        ids.push_back(outcome.correlationId);
      }
      return ids;
    }));
  }
  std::set<std::string> all;
  for (auto& w : workers)
    for (auto& id : w.get()) all.insert(id);
  EXPECT_EQ(all.size(), 800u);
}

TEST(CommandBus, LogLinesCarryTheCorrelationId) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(makeLogFormatter());
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  spdlog::set_level(spdlog::level::info);

  EngineCommandBus bus;
  auto reg = bus.registerHandler(CommandSpec{"log.cmd", "", {}}, [](const json&, const api::CommandContext&) {
    spdlog::info("inside the handler");
    return json::object();
  });
  auto outcome = bus.dispatch("log.cmd", json::object());
  spdlog::info("outside");
  spdlog::set_default_logger(previous);

  const std::string text = out.str();
  EXPECT_NE(text.find("[" + outcome.correlationId + "] inside the handler"), std::string::npos) << text;
  EXPECT_NE(text.find("[" + outcome.correlationId + "] command log.cmd: ok"), std::string::npos) << text;
  EXPECT_NE(text.find("[-] outside"), std::string::npos) << text;
}

TEST(Logging, UnknownLevelIsRefused) {
  EXPECT_THROW(configureLogging("loud"), std::invalid_argument);
  EXPECT_NO_THROW(configureLogging("off"));
  EXPECT_NO_THROW(configureLogging("info"));
}

}  // namespace
}  // namespace georep::engine
