#include "commands/record_schemas.h"

#include <string>
#include <utility>

namespace georep::commands {
namespace {

using nlohmann::json;

json type(const char* name) { return {{"type", name}}; }
json nullable(const char* name) { return {{"type", {name, "null"}}}; }
json time() { return {{"type", "string"}, {"format", "date-time"}}; }
json nullableTime() { return {{"type", {"string", "null"}}, {"format", "date-time"}}; }

// An object whose every listed property is required (record_json always writes them, null when absent).
json record(json properties) {
  json required = json::array();
  for (const auto& [name, schema] : properties.items()) required.push_back(name);
  return {{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

json brickSchema() {
  return record({{"position", type("integer")},
                 {"replica_set", type("integer")},
                 {"host", type("string")},
                 {"path", type("string")},
                 {"worker_status", type("string")},
                 {"secondary_node", nullable("string")},
                 {"crawl_status", nullable("string")},
                 {"entry_pending", nullable("integer")},
                 {"data_pending", nullable("integer")},
                 {"meta_pending", nullable("integer")},
                 {"failures", nullable("integer")},
                 {"last_synced", nullableTime()},
                 {"checkpoint_time", nullableTime()},
                 {"checkpoint_completed", nullable("boolean")},
                 {"checkpoint_completion_time", nullableTime()},
                 {"updated_at", time()}});
}

}  // namespace

json optionSchema() {
  return record({{"key", type("string")}, {"value", type("string")}, {"is_default", type("boolean")}});
}

json sessionSchema(bool withDetails) {
  json schema = record({{"session_id", type("integer")},
                        {"cluster", type("string")},
                        {"master_volume", type("string")},
                        {"secondary_host", type("string")},
                        {"secondary_user", type("string")},
                        {"secondary_volume", type("string")},
                        {"secondary_volume_uuid", nullable("string")},
                        {"session_key", type("string")},
                        {"status", type("string")},
                        {"raw_worker_states", type("string")},
                        {"created_at", time()},
                        {"updated_at", time()}});
  if (withDetails) {
    schema["properties"]["bricks"] = {{"type", "array"}, {"items", brickSchema()}};
    schema["properties"]["config"] = {{"type", "array"}, {"items", optionSchema()}};
    schema["required"].push_back("bricks");
    schema["required"].push_back("config");
  }
  return schema;
}

json sessionCollectionSchema() {
  return {{"type", "object"},
          {"required", {"sessions"}},
          {"properties",
           {{"sessions", {{"type", "array"}, {"items", sessionSchema(false)}}},
            {"total", {{"type", "integer"}, {"description", "How many sessions match, whatever the page."}}}}}};
}

json optionListSchema() {
  return record({{"session_id", type("integer")}, {"config", {{"type", "array"}, {"items", optionSchema()}}}});
}

}  // namespace georep::commands
