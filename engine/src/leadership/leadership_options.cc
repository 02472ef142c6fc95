#include "engine/src/leadership/leadership_options.h"

#include <unistd.h>

#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace georep::engine {
namespace {

std::chrono::milliseconds millis(const nlohmann::json& section, const char* key, std::chrono::milliseconds fallback,
                                 long long min, long long max) {
  const auto it = section.find(key);
  if (it == section.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw std::invalid_argument(std::string("leadership.") + key + " must be an integer");
  const auto v = it->get<long long>();
  if (v < min || v > max || (it->is_number_unsigned() && it->get<unsigned long long>() > static_cast<unsigned long long>(max))) {
    throw std::invalid_argument(std::string("leadership.") + key + " must be between " + std::to_string(min) +
                                " and " + std::to_string(max));
  }
  return std::chrono::milliseconds(v);
}

}  // namespace

bool validEngineId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string generateEngineId() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string clean;
  for (const char* p = host; *p != '\0' && clean.size() < 96; ++p) clean += validEngineId(std::string(1, *p)) ? *p : '_';
  if (clean.empty()) clean = "engine";
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
  return clean + "-" + std::to_string(::getpid()) + "-" + suffix;
}

LeadershipOptions LeadershipOptions::fromJson(const nlohmann::json& section) {
  LeadershipOptions o;
  if (section.is_null()) return o;
  if (!section.is_object()) throw std::invalid_argument("leadership must be an object");
  for (const auto& [key, value] : section.items()) {
    if (key != "engine_id" && key != "tick_ms" && key != "lease_ms") {
      throw std::invalid_argument("unknown key leadership." + key + " (allowed: engine_id, lease_ms, tick_ms)");
    }
  }
  if (const auto it = section.find("engine_id"); it != section.end() && !it->is_null()) {
    if (!it->is_string() || !validEngineId(it->get<std::string>())) {
      throw std::invalid_argument("leadership.engine_id must be 1 to 128 of A-Z a-z 0-9 . _ : -");
    }
    o.engineId = it->get<std::string>();
  }
  o.tick = millis(section, "tick_ms", o.tick, 100, 60000);
  o.lease = millis(section, "lease_ms", std::max(o.lease, 2 * o.tick), 200, 600000);
  if (o.lease < 2 * o.tick) throw std::invalid_argument("leadership.lease_ms must be at least twice leadership.tick_ms");
  return o;
}

}  // namespace georep::engine
