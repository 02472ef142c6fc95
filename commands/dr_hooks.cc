#include "commands/dr_hooks.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/api/command_error.h"

namespace georep::commands {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw api::CommandError(api::ErrorCode::kInvalidArgument, where + ": " + what, "hooks");
}

bool printable(const std::string& s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

void onlyKeys(const nlohmann::json& hook, const std::string& where, const std::set<std::string>& known) {
  for (const auto& [key, value] : hook.items()) {
    if (!known.count(key)) bad(where, "unknown key '" + key.substr(0, 64) + "'");
  }
}

std::string requiredString(const nlohmann::json& hook, const std::string& where, const char* key, std::size_t max) {
  if (!hook.contains(key) || !hook.at(key).is_string()) bad(where + "." + key, "a string is required");
  const auto s = hook.at(key).get<std::string>();
  if (s.empty() || s.size() > max) bad(where + "." + key, "must be 1.." + std::to_string(max) + " characters");
  if (!printable(s)) bad(where + "." + key, "control characters are not allowed");
  return s;
}

int timeoutSeconds(const nlohmann::json& hook, const std::string& where, int def, int max) {
  if (!hook.contains("timeout_seconds")) return def;
  const auto& v = hook.at("timeout_seconds");
  if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > max) {
    bad(where + ".timeout_seconds", "must be an integer within 1.." + std::to_string(max));
  }
  return v.get<int>();
}

void checkUrl(const std::string& url, const std::string& where) {
  std::string rest;
  if (url.rfind("https://", 0) == 0) rest = url.substr(8);
  else if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else bad(where, "only http:// and https:// URLs are allowed");
  for (char c : url) {
    if (c == ' ' || static_cast<unsigned char>(c) >= 0x7f) bad(where, "spaces and non-ASCII characters are not allowed");
  }
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) {
    bad(where, "credentials in the URL are not allowed (they would be stored in clear)");
  }
  if (authority.empty() || authority.front() == ':') bad(where, "the URL names no host");
}

nlohmann::json webhook(const nlohmann::json& hook, const std::string& where) {
  onlyKeys(hook, where, {"type", "url", "timeout_seconds"});
  const std::string url = requiredString(hook, where, "url", 2048);
  checkUrl(url, where + ".url");
  return {{"type", "webhook"}, {"url", url}, {"timeout_seconds", timeoutSeconds(hook, where, 30, 300)}};
}

nlohmann::json program(const nlohmann::json& hook, const std::string& where,
                       const std::map<std::string, std::string>& programs, const std::vector<std::string>& nodes) {
  onlyKeys(hook, where, {"type", "program", "args", "node", "timeout_seconds"});
  const std::string name = requiredString(hook, where, "program", 64);
  if (!programs.count(name)) {
    std::string known;
    for (const auto& [n, path] : programs) known += (known.empty() ? "" : ", ") + n;
    bad(where + ".program", "'" + name + "' is not in the dr.hook_programs allow-list of the engine config (" +
                                (known.empty() ? std::string("empty") : known) + ")");
  }
  nlohmann::json args = nlohmann::json::array();
  if (hook.contains("args")) {
    const auto& a = hook.at("args");
    if (!a.is_array() || a.size() > 32) bad(where + ".args", "must be an array of at most 32 strings");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string at = where + ".args[" + std::to_string(i) + "]";
      if (!a[i].is_string()) bad(at, "must be a string");
      const auto s = a[i].get<std::string>();
      if (s.size() > 1024 || !printable(s)) bad(at, "at most 1024 printable characters");
      args.push_back(s);
    }
  }
  const std::string node = requiredString(hook, where, "node", 255);
  if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) {
    bad(where + ".node", "'" + node + "' is not a host of the session's cluster");
  }
  return {{"type", "program"}, {"program", name}, {"args", args}, {"node", node},
          {"timeout_seconds", timeoutSeconds(hook, where, 300, 3600)}};
}

}  // namespace

nlohmann::json validateDrHooks(const nlohmann::json& hooks, const std::map<std::string, std::string>& programs,
                               const std::vector<std::string>& clusterNodes) {
  if (!hooks.is_object()) bad("hooks", "must be an object {\"pre\": [...], \"post\": [...]}");
  onlyKeys(hooks, "hooks", {"pre", "post"});
  nlohmann::json out{{"pre", nlohmann::json::array()}, {"post", nlohmann::json::array()}};
  for (const char* phase : {"pre", "post"}) {
    if (!hooks.contains(phase)) continue;
    const auto& list = hooks.at(phase);
    const std::string where = std::string("hooks.") + phase;
    if (!list.is_array()) bad(where, "must be an array");
    if (list.size() > kMaxHooksPerPhase) bad(where, "at most " + std::to_string(kMaxHooksPerPhase) + " hooks");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = where + "[" + std::to_string(i) + "]";
      const auto& hook = list[i];
      if (!hook.is_object() || !hook.contains("type") || !hook.at("type").is_string()) {
        bad(at, "must be an object with a \"type\" (webhook or program)");
      }
      const auto type = hook.at("type").get<std::string>();
      if (type == "webhook") out[phase].push_back(webhook(hook, at));
      else if (type == "program") out[phase].push_back(program(hook, at, programs, clusterNodes));
      else bad(at + ".type", "must be webhook or program");
    }
  }
  return out;
}

std::map<std::string, std::string> parseDrHookPrograms(const nlohmann::json& section) {
  std::map<std::string, std::string> programs;
  if (section.is_null()) return programs;
  if (!section.is_object()) throw std::invalid_argument("dr.hook_programs must be an object {name: path}");
  for (const auto& [name, path] : section.items()) {
    const bool nameOk = !name.empty() && name.size() <= 64 &&
                        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
    if (!nameOk) throw std::invalid_argument("dr.hook_programs: bad name '" + name.substr(0, 64) + "' ([a-z0-9_-], 1..64)");
    if (!path.is_string() || path.get<std::string>().empty() || path.get<std::string>().front() != '/' ||
        path.get<std::string>().find("..") != std::string::npos) {
      throw std::invalid_argument("dr.hook_programs." + name + " must be an absolute path without '..'");
    }
    programs.emplace(name, path.get<std::string>());
  }
  return programs;
}

}  // namespace georep::commands
