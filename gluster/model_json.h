// nlohmann::json conversions of the gluster model, as printed by `georepctl gluster parse` and returned
// by commands: times as ISO-8601 UTC ("2026-11-21T11:58:27Z"), absent values as null, statuses by name.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "gluster/model.h"

namespace georep::gluster {

// "2026-11-21T11:58:27Z"
std::string formatIsoUtc(TimePoint t);

void to_json(nlohmann::json& j, const SessionKey& v);
void to_json(nlohmann::json& j, const BrickStatus& v);
void to_json(nlohmann::json& j, const SessionStatus& v);
void to_json(nlohmann::json& j, const StatusReport& v);
void to_json(nlohmann::json& j, const Brick& v);
void to_json(nlohmann::json& j, const VolumeInfo& v);
void to_json(nlohmann::json& j, const BrickProcessStatus& v);
void to_json(nlohmann::json& j, const VolumeStatus& v);
void to_json(nlohmann::json& j, const ActionReply& v);

// ConfigMap is a std::map<std::string, std::string>, which nlohmann converts to an object directly.
nlohmann::json configToJson(const ConfigMap& config);

}  // namespace georep::gluster
