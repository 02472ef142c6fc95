// JSON Schemas (OpenAPI 3.1 dialect) of what record_json.h renders, for the `resultSchema` of the plugin's
// REST routes and so for GET /api/openapi.json. Kept beside record_json.cc, which they describe; the
// engine's OpenAPI test checks real replies against them.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

namespace georep::commands {

// One session (sessionJson); withDetails adds the per-brick workers and config of georep.session.get.
nlohmann::json sessionSchema(bool withDetails);
// {"sessions": [session...], "total": n} of georep.session.list.
nlohmann::json sessionCollectionSchema();
// {"session_id", "config": [option...]} of georep.config.list.
nlohmann::json optionListSchema();
// One option {"key", "value", "is_default"} (configJson's items).
nlohmann::json optionSchema();

}  // namespace georep::commands
