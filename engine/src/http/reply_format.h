// Content negotiation of the REST API: which of JSON (the default) and XML a request's Accept header asks
// for. Media ranges are weighed by their q (q=0 refuses); on equal q the more specific range wins, then
// JSON. application/xml and text/xml are XML; */* and application/* are JSON. A header accepting neither
// (e.g. "text/html") gets 406 from the caller.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace georep::engine {

enum class ReplyFormat { kJson, kXml };

// nullopt when the header accepts neither format; an absent or blank header accepts JSON.
std::optional<ReplyFormat> negotiateReplyFormat(std::string_view accept);

std::string_view contentTypeOf(ReplyFormat format);

}  // namespace georep::engine
