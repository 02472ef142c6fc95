// PluginManifest: the manifest.json that sits beside a plugin's library: its id (also its migration
// component and the key of its config section), version, ABI version, library file name and
// migrations directory. Read and checked before the library is loaded.
// Thread-safety: plain values; readPluginManifest is a pure function of the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace georep::engine {

struct PluginManifest {
  std::string id;                                   // [a-z][a-z0-9_-]{0,63}
  std::string name;                                 // human-readable; defaults to id
  std::string version;
  int abiVersion = 0;
  std::string library;                              // file name of the .so in the plugin directory; may be empty
  std::optional<std::filesystem::path> migrations;  // relative to the plugin directory
};

// Throws std::runtime_error saying what is wrong (unreadable, not JSON, a field missing or mistyped,
// an id not matching the pattern, a library or migrations path that leaves the plugin directory).
PluginManifest readPluginManifest(const std::filesystem::path& file);

}  // namespace georep::engine
