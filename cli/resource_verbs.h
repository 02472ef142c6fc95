// georepctl's resource verbs, read like the gluster CLI and run over the engine's commands:
//   session list [--cluster C] [--volume V] | get ID | start|stop|pause|resume ID [--force]
//   session delete ID [--force] [--reset-sync-time]
//   session create --cluster C --primary VOL --secondary [USER@]HOST::VOL [--ssh-port N] [--force] [--no-verify]
//   config list ID [--changed-only] | set ID KEY VALUE | reset ID KEY
//   volume list --cluster C | volume refresh --cluster C
// The subcommands are made from verb_table.h; each runs one POST /api/commands/<name> and prints what
// `georepctl call` prints for it (tables, or the JSON with --json; same errors and exit statuses).
// Thread-safety: the object holds CLI11's option targets; use it from one thread, and do not move it.
#pragma once

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_settings.h"
#include "cli/credentials_store.h"
#include "cli/verb_table.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace georep::cli {

class ResourceVerbs {
 public:
  // Adds the `session`, `config` and `volume` subcommands to `app`.
  explicit ResourceVerbs(CLI::App& app);
  ResourceVerbs(const ResourceVerbs&) = delete;
  ResourceVerbs& operator=(const ResourceVerbs&) = delete;

  // Runs the verb the command line chose and returns its exit status; nothing when it chose none of
  // these. Throws UrlError, TransportError, CredentialsError (runGeorepctl reports them). `in` is read
  // only by --password-stdin.
  std::optional<int> run(const Settings& settings, const CredentialsStore& store, std::istream& in,
                         std::ostream& out, std::ostream& err) const;

 private:
  // One argument of one verb, with the storage CLI11 parses into.
  struct BoundArg {
    const VerbArg* spec = nullptr;
    CLI::Option* option = nullptr;
    std::string text;
    std::int64_t integer = 0;
    bool flag = false;
  };
  struct BoundVerb {
    const ResourceVerb* spec = nullptr;
    CLI::App* app = nullptr;
    std::vector<BoundArg*> args;
  };

  void bind(CLI::App& verbApp, BoundVerb& bound, const VerbArg& arg);
  // The command parameters the parsed arguments give; throws SecondaryAddressError.
  static nlohmann::json paramsOf(const BoundVerb& verb);

  std::deque<BoundArg> args_;  // a deque: CLI11 keeps pointers into it
  std::vector<BoundVerb> verbs_;
};

}  // namespace georep::cli
