// georepctl: the command-line client of georep-engine. runGeorepctl() is the whole program (main()
// only forwards to it) so that tests can drive it with their own argv and streams.
//   georepctl [--url URL] [--json] [--timeout S] commands | call CMD key=value... | events | health
//   georepctl gluster parse <status|config|volinfo|volstatus|reply> FILE
//   georepctl login | logout | whoami | token create|list|revoke   (auth_commands.h)
//   georepctl session ... | config ... | volume ...               (resource_verbs.h)
//   georepctl dr run now ID... [--follow] | dr runs ID | dr cancel ID  (dr_verbs.h)
// Exit status: 0 ok; 1 the engine (or the parser) answered with a typed error, printed as code,
// field and message (a 401 adds "not logged in or token expired: run georepctl login"), or an unsafe
// credentials file; 2 usage error; 3 the engine could not be reached or answered garbage.
// Thread-safety: runGeorepctl reads the environment (GEOREP_URL, GEOREP_TOKEN, HOME) and the credentials
// file; call it from one thread at a time.
#pragma once

#include <iosfwd>

namespace georep::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

int runGeorepctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
// The same with `in` as standard input (login --password-stdin reads it).
int runGeorepctl(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace georep::cli
