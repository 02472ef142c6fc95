// The resource verbs of georepctl (`session list`, `config set`, ...), as data: each verb names the engine
// command it runs (POST /api/commands/<name>) and how its positional arguments and options become that
// command's parameters. resource_verbs.h turns the table into CLI11 subcommands; adding a verb is adding a
// row here.
// Thread-safety: immutable data and pure functions.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace georep::cli {

enum class VerbArgKind {
  kPositional,  // `session get ID`
  kOption,      // `--cluster C`
  kFlag,        // `--force`: sends `param: true` when given, nothing otherwise
  kPasswordPrompt,  // `--ask-password`: reads `param` from the terminal without echo (never from the command line)
  kPasswordStdin,   // `--password-stdin`: reads `param` as the first line of standard input
};

enum class VerbValueType {
  kSessionId,  // integer >= 1
  kPort,       // integer 1..65535
  kString,     // sent as a JSON string exactly as typed (never inferred: `config set 1 sync-jobs 3` sends "3")
  kSecondary,  // [USER@]HOST::VOL, sent as secondary_user (when given), secondary_host, secondary_volume
  kDestinationId,  // integer >= 1
};

struct VerbArg {
  VerbArgKind kind;
  std::string name;   // positional name (ID) or option/flag names (--cluster)
  std::string param;  // the command parameter it fills (unused for kSecondary)
  VerbValueType type = VerbValueType::kString;
  bool required = false;
  std::string help;
};

struct ResourceVerb {
  std::string group;    // session, config, volume
  std::string verb;     // list, get, start, ...
  std::string command;  // the engine command it runs
  std::string help;
  std::vector<VerbArg> args;
};

// Every resource verb, grouped in table order.
const std::vector<ResourceVerb>& resourceVerbs();

// One-line descriptions of the verb groups.
std::string verbGroupHelp(std::string_view group);

// A malformed [USER@]HOST::VOL; the message says what is wrong.
class SecondaryAddressError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// [USER@]HOST::VOL as {secondary_user?, secondary_host, secondary_volume}; the engine validates the names.
nlohmann::json parseSecondaryAddress(std::string_view text);

}  // namespace georep::cli
