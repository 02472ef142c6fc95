// AllowList: the programs and files an admin may make the engine use, from the "allow" section of the
// engine's own config file (root-owned, checked at start by config_file_check.h):
//   "allow": {
//     "gluster_commands": {"default": "/usr/sbin/gluster"},         // cluster.add gluster_command=NAME
//     "ssh_keys":         {"lab": "/var/lib/georep-lab/id_ed25519"}  // host.add ssh_key=NAME
//   }
// API callers pick an entry BY NAME and never give a path: the engine runs (gluster, as root, locally or
// over SSH) or reads (a private key, as root) only what the config file's owner listed.
// Built in, unless the file names it otherwise: gluster command "gluster" = the gluster CLI found in the
// standard sbin directories of the engine host (/usr/sbin/gluster when none has it: the packaged location
// on the cluster's nodes). Names: 1..64 of [A-Za-z0-9._-], starting with a letter or digit; paths:
// absolute, of [A-Za-z0-9/._+@-], no "." or ".." component. A bad section throws ConfigError naming the
// entry. Lookups of an unknown name throw api::CommandError invalid_argument naming the parameter and
// listing the names an admin may pick.
// Thread-safety: immutable after construction; const methods may be called concurrently.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace georep::engine {

struct AllowedPath {
  std::string path;
  bool fromConfigFile = true;  // false for the built-in gluster command
};

class AllowList {
 public:
  static constexpr std::string_view kBuiltinGlusterCommand = "gluster";

  // Finds the built-in gluster CLI: the first existing of kStandardGlusterPaths by default.
  using GlusterLocator = std::function<std::optional<std::string>()>;
  static std::optional<std::string> locateStandardGluster();

  // Built-ins only (no "allow" section).
  AllowList();
  // `section` may be null (no "allow" section). Throws ConfigError.
  static AllowList fromJson(const nlohmann::json* section, const GlusterLocator& locate = locateStandardGluster);

  // The path of an allow-listed entry; `field` names the command parameter in the error.
  std::string glusterCommandPath(std::string_view field, std::string_view name) const;
  std::string sshKeyPath(std::string_view field, std::string_view name) const;
  // The name under which a key path is listed, if it is (for listings).
  std::optional<std::string> sshKeyName(std::string_view path) const;

  const std::map<std::string, AllowedPath, std::less<>>& glusterCommands() const { return glusterCommands_; }
  const std::map<std::string, AllowedPath, std::less<>>& sshKeys() const { return sshKeys_; }

 private:
  struct Empty {};
  explicit AllowList(Empty) {}

  std::map<std::string, AllowedPath, std::less<>> glusterCommands_;
  std::map<std::string, AllowedPath, std::less<>> sshKeys_;
};

}  // namespace georep::engine
