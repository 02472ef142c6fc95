// KEY=VALUE lines as the lab scripts print them (`scripts/lab env`, `scripts/lab-cluster env`), parsed
// into a map; required() throws naming the script when a key is missing or empty.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace georep::testing::e2e {

inline std::map<std::string, std::string> parseEnvLines(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

inline std::string requiredEnv(const std::map<std::string, std::string>& env, const std::string& key,
                               const std::string& script) {
  const auto it = env.find(key);
  if (it == env.end() || it->second.empty()) throw std::runtime_error(script + " env did not print " + key);
  return it->second;
}

}  // namespace georep::testing::e2e
