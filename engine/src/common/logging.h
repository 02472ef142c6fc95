// Engine logging set-up (spdlog): one pattern for every line, with the current correlation id
// (correlation.h) as the custom %* flag ("-" outside a dispatch or job run).
// Thread-safety: configure once at start-up, before other threads log; formatters are per sink.
#pragma once

#include <memory>
#include <string>

namespace spdlog {
class formatter;
}

namespace georep::engine {

// "[2026-01-01 12:00:00.000] [info] [<correlation id>] message"
inline constexpr const char* kLogPattern = "[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] [%*] %v";

// A formatter for kLogPattern (with the %* flag); for sinks the engine or tests create.
std::unique_ptr<spdlog::formatter> makeLogFormatter();

// Sets the default logger's pattern and level ("trace", "debug", "info", "warn", "error", "critical",
// "off"). Throws std::invalid_argument on an unknown level.
void configureLogging(const std::string& level);

}  // namespace georep::engine
