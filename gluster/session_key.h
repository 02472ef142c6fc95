// Geo-replication session keys as glusterd lists them in status (<session_secondary>):
// "<creator node uuid>:ssh://[user@]host::volume:<secondary volume uuid>", and the secondary URL
// the CLI takes ("[user@]host::volume"). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "gluster/model.h"

namespace georep::gluster {

// Splits a session key; the user defaults to "root". Throws GatewayError kMalformedXml on a bad key.
SessionKey parseSessionKey(std::string_view raw);

// "host::volume" for root, "user@host::volume" otherwise (the CLI's form of the secondary).
std::string formatSecondaryUrl(std::string_view user, std::string_view host, std::string_view volume);

}  // namespace georep::gluster
