#include "engine/src/plugins/plugin_manifest.h"

#include <fstream>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace georep::engine {
namespace {

std::string requireString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw std::runtime_error(std::string("manifest.json has no \"") + key + "\"");
  if (!it->is_string()) throw std::runtime_error(std::string("manifest.json \"") + key + "\" is not a string");
  return it->get<std::string>();
}

std::string optionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::runtime_error(std::string("manifest.json \"") + key + "\" is not a string");
  return it->get<std::string>();
}

// A relative path that stays inside the plugin directory.
bool staysInside(const std::filesystem::path& p) {
  if (p.empty() || p.is_absolute()) return false;
  for (const auto& part : p.lexically_normal()) {
    if (part == "..") return false;
  }
  return true;
}

}  // namespace

PluginManifest readPluginManifest(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("no readable manifest.json at " + file.string());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("manifest.json at " + file.string() + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("manifest.json at " + file.string() + " is not a JSON object");

  PluginManifest m;
  m.id = requireString(j, "id");
  static const std::regex kId("^[a-z][a-z0-9_-]{0,63}$");
  if (!std::regex_match(m.id, kId)) {
    throw std::runtime_error("manifest.json \"id\" '" + m.id + "' is not a valid plugin id ([a-z][a-z0-9_-]{0,63})");
  }
  m.version = requireString(j, "version");
  m.name = optionalString(j, "name");
  if (m.name.empty()) m.name = m.id;
  auto abi = j.find("abi_version");
  if (abi == j.end()) throw std::runtime_error("manifest.json has no \"abi_version\"");
  if (!abi->is_number_integer()) throw std::runtime_error("manifest.json \"abi_version\" is not an integer");
  m.abiVersion = abi->get<int>();
  m.library = optionalString(j, "library");
  if (!m.library.empty() && std::filesystem::path(m.library).filename() != m.library) {
    throw std::runtime_error("manifest.json \"library\" must be a file name in the plugin directory, not '" +
                             m.library + "'");
  }
  const std::string migrations = optionalString(j, "migrations");
  if (!migrations.empty()) {
    if (!staysInside(migrations)) {
      throw std::runtime_error("manifest.json \"migrations\" must be a relative path inside the plugin directory, not '" +
                               migrations + "'");
    }
    m.migrations = std::filesystem::path(migrations);
  }
  return m;
}

}  // namespace georep::engine
