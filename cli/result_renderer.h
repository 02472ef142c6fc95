// How georepctl shows the engine's JSON answers as text (its default; --json prints the JSON itself):
// arrays of objects become aligned tables (one column per key: id, name, cluster, address first, then
// the others in key order), objects become
// aligned "key  value" lines (nested objects flattened as a.b), a result that is a single named list
// or object ({"clusters":[..]}, {"cluster":{..}}) shows just that list or object.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace georep::cli {

// A JSON value as one table cell: strings bare, null empty, everything else compact JSON.
std::string cellText(const nlohmann::json& value);

// A command result.
std::string renderResult(const nlohmann::json& result);

// The reply of GET /api/commands: each command, its description and its parameters.
std::string renderCommands(const nlohmann::json& reply);

// Events (the "events" array of GET /api/events) as a table; one line per event for --follow.
std::string renderEvents(const nlohmann::json& events);
std::string renderEventLine(const nlohmann::json& event);

// A typed error object {code, message, field?, details?} (and the correlation id when known), as the
// lines printed on stderr.
std::string renderError(const nlohmann::json& error, const nlohmann::json& correlationId);

}  // namespace georep::cli
