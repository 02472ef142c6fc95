#include "plugin/destination_options.h"

#include <stdexcept>

#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/mountbroker.h"

namespace georep::plugin {
namespace {

std::string text(const nlohmann::json& s, const char* key, const std::string& def) {
  if (!s.contains(key)) return def;
  if (!s.at(key).is_string()) throw std::invalid_argument(std::string("destinations.") + key + " must be a string");
  return s.at(key).get<std::string>();
}

void path(const std::string& value, const std::string& name) {
  try {
    gluster::validateAbsolutePath(value, name);
  } catch (const gluster::GatewayError& e) {
    throw std::invalid_argument("destinations." + name + ": " + e.what());
  }
}

long long integer(const nlohmann::json& s, const char* key, long long def, long long min, long long max) {
  if (!s.contains(key)) return def;
  const auto& v = s.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(std::string("destinations.") + key + " must be an integer");
  const long long n = v.get<long long>();
  if (n < min || n > max) {
    throw std::invalid_argument(std::string("destinations.") + key + " must be within " + std::to_string(min) + ".." +
                                std::to_string(max));
  }
  return n;
}

}  // namespace

commands::DestinationOptions parseDestinationOptions(const nlohmann::json& s) {
  commands::DestinationOptions o;
  if (s.contains("private_keys")) {
    const auto& keys = s.at("private_keys");
    if (!keys.is_object()) throw std::invalid_argument("destinations.private_keys must be an object name -> path");
    for (const auto& [name, value] : keys.items()) {
      try {
        gluster::validateUserName(name, "private_keys");
      } catch (const gluster::GatewayError&) {
        throw std::invalid_argument("destinations.private_keys: " + name + " is not a name of [A-Za-z0-9._-]");
      }
      if (!value.is_string()) throw std::invalid_argument("destinations.private_keys." + name + " must be a path");
      path(value.get<std::string>(), "private_keys." + name);
      o.privateKeys[name] = value.get<std::string>();
    }
  }
  if (s.contains("glusterd_restart")) {
    const auto& argv = s.at("glusterd_restart");
    if (!argv.is_array() || argv.empty()) {
      throw std::invalid_argument("destinations.glusterd_restart must be a non-empty argv array");
    }
    o.glusterdRestart.clear();
    for (const auto& a : argv) {
      if (!a.is_string() || a.get<std::string>().find('\0') != std::string::npos) {
        throw std::invalid_argument("destinations.glusterd_restart holds a non-string element");
      }
      o.glusterdRestart.push_back(a.get<std::string>());
    }
  }
  o.mountbrokerRoot = text(s, "mountbroker_root", o.mountbrokerRoot);
  path(o.mountbrokerRoot, "mountbroker_root");
  o.mountbrokerGroup = text(s, "mountbroker_group", o.mountbrokerGroup);
  try {
    gluster::validateGroupName(o.mountbrokerGroup, "mountbroker_group");
  } catch (const gluster::GatewayError& e) {
    throw std::invalid_argument(std::string("destinations.") + e.what());
  }
  o.setPemKeysScript = text(s, "set_pem_keys_script", o.setPemKeysScript);
  path(o.setPemKeysScript, "set_pem_keys_script");
  o.connectTimeout = std::chrono::milliseconds(integer(s, "connect_timeout_ms", 10000, 1000, 120000));
  const long long interval = integer(s, "test_interval_ms", 300000, 0, 86400000);
  if (interval != 0 && interval < 10000) {
    throw std::invalid_argument("destinations.test_interval_ms must be 0 (off) or at least 10000");
  }
  o.testInterval = std::chrono::milliseconds(interval);
  return o;
}

}  // namespace georep::plugin
