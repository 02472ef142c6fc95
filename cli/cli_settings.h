// Settings: georepctl's global options (--url, --json, --timeout, --token-file), shared by every
// subcommand.
// Thread-safety: a plain value.
#pragma once

#include <string>

#include "cli/server_url.h"

namespace georep::cli {

struct Settings {
  std::string url = kDefaultServerUrl;
  bool json = false;
  double timeoutSeconds = 0;
  std::string tokenFile;  // --token-file; see bearer_token.h for where the token comes from otherwise
};

}  // namespace georep::cli
