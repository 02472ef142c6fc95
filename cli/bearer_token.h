// Which bearer token georepctl sends, first found wins:
//   1. --token-file FILE  (must be a private file of the caller's: see secure_file.h)
//   2. GEOREP_TOKEN       (environment)
//   3. the credentials file of `georepctl login` (credentials_store.h), but only when the URL stored with
//      the token is the server being called: a token is never sent to another server.
// A token is one line of printable ASCII without spaces (it goes into an HTTP header: no CR/LF).
// Thread-safety: reads the environment; call from one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/credentials_store.h"
#include "cli/server_url.h"

namespace georep::cli {

struct BearerToken {
  std::string value;
  std::string source;  // for messages: "--token-file /x", "GEOREP_TOKEN", "/root/.config/georep/credentials.json"
};

// True for a token that can go into an Authorization header (see above).
bool isWellFormedToken(std::string_view token);

// Nothing when no source has a token for `server`. Throws CredentialsError for an unsafe or malformed
// token file, credentials file or GEOREP_TOKEN.
std::optional<BearerToken> resolveBearerToken(const ServerUrl& server, const std::string& tokenFile,
                                              const CredentialsStore& store);

}  // namespace georep::cli
