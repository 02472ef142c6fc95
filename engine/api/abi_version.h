// The ABI version of the host<->plugin contract (everything under engine/api).
// Bump it on any change to a type or virtual interface in engine/api. The engine refuses a plugin whose
// manifest.json or exported `georep_abi_version` symbol disagrees with it. Thread-safety: constants only.
#pragma once

namespace georep::api {

inline constexpr int kAbiVersion = 5;  // 4: HostServices::metrics (engine/api/metrics.h); 5: HostServices::leadership

// Exported symbol names (BOOST_DLL_ALIAS) every plugin provides.
inline constexpr const char* kFactorySymbol = "georep_plugin_factory";
inline constexpr const char* kAbiVersionSymbol = "georep_plugin_abi_version";

}  // namespace georep::api
