// The reusable parts of the OpenAPI document (openapi_document.h): the JSON Schema of one command
// parameter (from its api::ParamSpec), the bearer security scheme, the typed error body and one shared
// response per HTTP status the engine maps a typed error code to (httpStatusFor), so an operation lists
// the error statuses it can answer by reference.
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"

namespace georep::engine::openapi {

// The schema of a parameter read as `type` (a path or query text is read as the route says; a body field
// as the command says), with the command's constraints when `spec` is known: enum, bounds, maxLength,
// default, description; a secret is writeOnly with format "password".
nlohmann::json paramSchema(const api::ParamSpec* spec, api::ParamType type);

// `components`: securitySchemes.bearerAuth, schemas.Error / ErrorBody, and responses.Error<status>.
nlohmann::json components();

// {"$ref": "#/components/responses/Error<status>"}.
nlohmann::json errorResponseRef(unsigned status);

// The error statuses an operation can answer: `authenticated` adds 401, `role` above viewer adds 403,
// `takesBody` adds 415, `mayChange` (a command that acts, not a read) adds 409 and 502; every operation
// has 400, 404, 500 and 503.
std::vector<unsigned> errorStatuses(bool authenticated, api::Role role, bool takesBody, bool mayChange);

}  // namespace georep::engine::openapi
