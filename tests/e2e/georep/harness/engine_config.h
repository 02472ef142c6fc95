// How the e2e tests launch georep-engine: the JSON config file text, the command-line arguments and the
// environment, in the format engine/src/main.cc reads (see README "Configuration"). Kept in one place so
// that a change of the engine's config format is one edit here.
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/engine_process.h"

namespace georep::testing::e2e {

struct EngineLaunch {
  std::string configText;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
};

EngineLaunch engineLaunch(const EngineOptions& options, std::uint16_t port, const std::filesystem::path& configFile);

}  // namespace georep::testing::e2e
