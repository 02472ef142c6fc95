#include "engine/src/common/logging.h"

#include <stdexcept>

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "engine/src/common/correlation.h"

namespace georep::engine {
namespace {

class CorrelationFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string& id = currentCorrelationId();
    const std::string_view text = id.empty() ? std::string_view("-") : std::string_view(id);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<CorrelationFlag>(); }
};

}  // namespace

std::unique_ptr<spdlog::formatter> makeLogFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<CorrelationFlag>('*').set_pattern(kLogPattern);
  return formatter;
}

void configureLogging(const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  // from_str maps anything unknown to "off"; only accept "off" when asked for.
  if (parsed == spdlog::level::off && level != "off") {
    throw std::invalid_argument("unknown log level '" + level +
                                "' (use trace, debug, info, warn, error, critical or off)");
  }
  spdlog::set_formatter(makeLogFormatter());
  spdlog::set_level(parsed);
}

}  // namespace georep::engine
