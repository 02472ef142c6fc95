#include "engine/src/config/allow_list.h"

#include <array>
#include <system_error>

#include <nlohmann/json.hpp>

#include "engine/api/command_error.h"
#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

constexpr std::array<const char*, 3> kStandardGlusterPaths{"/usr/sbin/gluster", "/sbin/gluster",
                                                           "/usr/local/sbin/gluster"};
constexpr const char* kPackagedGlusterPath = "/usr/sbin/gluster";
constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxPathLength = 4096;

bool isAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool isValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || !isAlnum(name.front())) return false;
  for (char c : name)
    if (!isAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

// Why `path` is not an acceptable allow-list path, or empty when it is.
std::string pathProblem(std::string_view path) {
  if (path.empty() || path.front() != '/') return "is not an absolute path";
  if (path.size() > kMaxPathLength) return "is longer than 4096 characters";
  if (path.back() == '/') return "names a directory";
  for (char c : path)
    if (!isAlnum(c) && std::string_view("/._+@-").find(c) == std::string_view::npos)
      return "holds a character other than letters, digits and / . _ + @ -";
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return "has an empty, '.' or '..' component";
    start = slash + 1;
  }
  return {};
}

std::map<std::string, AllowedPath, std::less<>> readGroup(const nlohmann::json& section, const char* group) {
  std::map<std::string, AllowedPath, std::less<>> out;
  const auto it = section.find(group);
  if (it == section.end() || it->is_null()) return out;
  const std::string where = std::string("config: allow.") + group;
  if (!it->is_object()) throw ConfigError(where + " must be an object of name -> absolute path");
  for (const auto& [name, value] : it->items()) {
    if (!isValidName(name))
      throw ConfigError(where + ": name '" + name.substr(0, kMaxNameLength) +
                        "' must be 1..64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    if (!value.is_string()) throw ConfigError(where + "." + name + " must be a path string");
    const std::string path = value.get<std::string>();
    if (const std::string problem = pathProblem(path); !problem.empty())
      throw ConfigError(where + "." + name + ": '" + path.substr(0, 256) + "' " + problem);
    out.emplace(name, AllowedPath{path, true});
  }
  return out;
}

std::string namesOf(const std::map<std::string, AllowedPath, std::less<>>& group) {
  std::string names;
  for (const auto& [name, entry] : group) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? std::string("none") : names;
}

const AllowedPath& lookup(const std::map<std::string, AllowedPath, std::less<>>& group, std::string_view field,
                          std::string_view name, std::string_view what, std::string_view section) {
  const auto it = group.find(name);
  if (it != group.end()) return it->second;
  const std::string shown(name.substr(0, kMaxNameLength));
  std::string message = std::string(field) + " '" + shown + (name.size() > kMaxNameLength ? "...'" : "'");
  message += name.find('/') != std::string_view::npos
                 ? " is a path: " + std::string(field) + " takes the NAME of " + std::string(what) +
                       " allow-listed in the engine's config file, never a path"
                 : " is not the name of " + std::string(what) + " allow-listed in the engine's config file";
  message += " (allow." + std::string(section) + "; names: " + namesOf(group) + ")";
  throw api::invalidArgument(std::string(field), message);
}

}  // namespace

std::optional<std::string> AllowList::locateStandardGluster() {
  for (const char* path : kStandardGlusterPaths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return std::string(path);
  }
  return std::nullopt;
}

AllowList::AllowList() : AllowList(fromJson(nullptr)) {}

AllowList AllowList::fromJson(const nlohmann::json* section, const GlusterLocator& locate) {
  AllowList list{Empty{}};
  if (section != nullptr && !section->is_null()) {
    if (!section->is_object()) throw ConfigError("config: \"allow\" must be an object");
    for (const auto& [key, value] : section->items()) {
      if (key != "gluster_commands" && key != "ssh_keys")
        throw ConfigError("config: unknown key allow." + key + " (allowed: gluster_commands, ssh_keys)");
    }
    list.glusterCommands_ = readGroup(*section, "gluster_commands");
    list.sshKeys_ = readGroup(*section, "ssh_keys");
  }
  if (!list.glusterCommands_.count(kBuiltinGlusterCommand)) {
    const auto found = locate ? locate() : std::nullopt;
    list.glusterCommands_.emplace(std::string(kBuiltinGlusterCommand),
                                  AllowedPath{found.value_or(kPackagedGlusterPath), false});
  }
  return list;
}

std::string AllowList::glusterCommandPath(std::string_view field, std::string_view name) const {
  return lookup(glusterCommands_, field, name, "a gluster command", "gluster_commands").path;
}

std::string AllowList::sshKeyPath(std::string_view field, std::string_view name) const {
  return lookup(sshKeys_, field, name, "an SSH private key", "ssh_keys").path;
}

std::optional<std::string> AllowList::sshKeyName(std::string_view path) const {
  for (const auto& [name, entry] : sshKeys_)
    if (entry.path == path) return name;
  return std::nullopt;
}

}  // namespace georep::engine
