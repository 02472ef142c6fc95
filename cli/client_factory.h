// The HttpClient every georepctl subcommand uses: the server from Settings::url, the timeout from
// Settings::timeoutSeconds and, unless anonymous, the bearer token that bearer_token.h resolves.
// Thread-safety: reads the environment and the credentials file; one thread at a time.
#pragma once

#include "cli/cli_settings.h"
#include "cli/credentials_store.h"
#include "cli/http_client.h"

namespace georep::cli {

// Throws UrlError or CredentialsError.
HttpClient makeClient(const Settings& settings, const CredentialsStore& store);
// Without a token: GET /api/health and POST /api/auth/login. Throws UrlError.
HttpClient makeAnonymousClient(const Settings& settings);

}  // namespace georep::cli
