// JSON of the stored records, as the commands return them: snake_case names, times as ISO-8601 UTC
// ("2026-11-21T11:58:27Z"), absent values as null, statuses by their stored names.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dao/records.h"

namespace georep::commands {

nlohmann::json sessionJson(const dao::SessionRecord& session, const std::string& clusterName);
nlohmann::json sessionBrickJson(const dao::SessionBrickRecord& brick);
nlohmann::json configJson(const std::vector<dao::ConfigEntry>& config);
nlohmann::json volumeJson(const dao::VolumeRecord& volume, const std::vector<dao::BrickRecord>& bricks);

}  // namespace georep::commands
