// Path templates of the REST route table ("/api/clusters/{cluster}/hosts"): checking one, matching a
// request path against it (variables percent-decoded), filling one for a Location header (values
// percent-encoded), and the percent-decoding the query string shares.
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace georep::engine {

using PathVariables = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes ('+' is a space when plusIsSpace); nullopt on a broken escape.
std::optional<std::string> percentDecode(std::string_view in, bool plusIsSpace);

// Encodes everything but unreserved characters (RFC 3986), for one path segment.
std::string percentEncodeSegment(std::string_view in);

// The variable names of a template, in order; nullopt when it is malformed (not under /api/, an empty
// segment, a broken or repeated {var}, a variable that is not [a-z0-9_]+).
std::optional<std::vector<std::string>> templateVariables(std::string_view pathTemplate);

// The variables when `path` matches `pathTemplate`; nullopt otherwise (or on a broken escape).
std::optional<PathVariables> matchTemplate(std::string_view pathTemplate, std::string_view path);

// The template with each {var} replaced by lookup(var), percent-encoded; nullopt when lookup has none.
std::optional<std::string> fillTemplate(std::string_view pathTemplate,
                                        const std::function<std::optional<std::string>(const std::string&)>& lookup);

}  // namespace georep::engine
