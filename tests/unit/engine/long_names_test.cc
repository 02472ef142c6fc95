// A caller-chosen parameter name of 100 KB is refused with its name cut to a short prefix in the error
// (message and field) and in the log lines, never echoed whole.
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/logging.h"

namespace georep::engine {
namespace {

using nlohmann::json;

TEST(LongNames, AnUnknownHugeParameterNameIsCutInTheErrorAndTheLog) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(makeLogFormatter());
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  spdlog::set_level(spdlog::level::debug);

  EngineCommandBus bus;
  api::ParamSpec volume;
  volume.name = "volume";
  volume.type = api::ParamType::kString;
  auto reg = bus.registerHandler(api::CommandSpec{"test.cmd", "", {volume}},
                                 [](const json&, const api::CommandContext&) { return json::object(); });
  const std::string huge = "x\n" + std::string(100 * 1024, 'y');  // a newline too: no forged log lines
  auto outcome = bus.dispatch("test.cmd", json{{huge, 1}});
  spdlog::set_default_logger(previous);

  ASSERT_FALSE(outcome.ok);
  const auto& e = *outcome.error;
  EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument);
  const std::string message = e.what();
  EXPECT_LT(message.size(), 400u) << message.substr(0, 400);
  EXPECT_NE(message.find("x?yyy"), std::string::npos) << message.substr(0, 400);
  EXPECT_NE(message.find("(" + std::to_string(huge.size()) + " bytes)"), std::string::npos) << message.substr(0, 400);
  EXPECT_LT(e.field().size(), 100u);
  EXPECT_LT(e.toJson().dump().size(), 600u);
  const std::string log = out.str();
  EXPECT_LT(log.size(), 2000u) << log.substr(0, 2000);
  EXPECT_EQ(log.find(std::string(200, 'y')), std::string::npos);
}

TEST(LongNames, AnUnknownHugeCommandNameIsCutInTheErrorAndTheLog) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(makeLogFormatter());
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));

  EngineCommandBus bus;
  const std::string huge = "georep.x\n" + std::string(100 * 1024, 'z');
  auto outcome = bus.dispatch(huge, json::object());
  spdlog::set_default_logger(previous);

  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->code(), api::ErrorCode::kNotFound);
  const std::string message = outcome.error->what();
  EXPECT_LT(message.size(), 400u) << message.substr(0, 400);
  EXPECT_NE(message.find("georep.x?zz"), std::string::npos) << message.substr(0, 400);
  EXPECT_EQ(out.str().find(std::string(200, 'z')), std::string::npos);
}

TEST(LongNames, ShortNamesAreShownWhole) {
  EngineCommandBus bus;
  auto reg = bus.registerHandler(api::CommandSpec{"test.cmd", "", {}},
                                 [](const json&, const api::CommandContext&) { return json::object(); });
  auto outcome = bus.dispatch("test.cmd", json{{"volum", 1}});
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error->field(), "volum");
  EXPECT_NE(std::string(outcome.error->what()).find("'volum'"), std::string::npos);
}

}  // namespace
}  // namespace georep::engine
