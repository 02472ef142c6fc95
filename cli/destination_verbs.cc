#include "cli/destination_verbs.h"

namespace georep::cli {
namespace {

using Kind = VerbArgKind;
using Type = VerbValueType;

VerbArg destinationId() {
  return {Kind::kPositional, "ID", "destination", Type::kDestinationId, true, "the destination's id (see destination list)"};
}
VerbArg option(const char* name, const char* param, bool required, const char* help, Type type = Type::kString) {
  return {Kind::kOption, name, param, type, required, help};
}
std::vector<VerbArg> credentials() {
  return {{Kind::kPasswordPrompt, "--ask-password", "password", Type::kString, false,
           "ask for the destination user's password (no echo; used once, never stored)"},
          {Kind::kPasswordStdin, "--password-stdin", "password", Type::kString, false,
           "read the destination user's password from the first line of standard input"},
          option("--private-key", "private_key", false, "instead of a password: an allow-listed key NAME (destination keys)")};
}
std::vector<VerbArg> with(std::vector<VerbArg> args, const std::vector<VerbArg>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

std::vector<ResourceVerb> destinationVerbs() {
  const VerbArg cluster = option("--cluster", "cluster", true, "the source cluster");
  const VerbArg host = option("--host", "host", true, "the destination node (DNS name or IPv4)");
  const VerbArg port = option("--port", "port", false, "its SSH port (22)", Type::kPort);
  const VerbArg user = option("--user", "user", false, "the destination user (root)");
  const VerbArg fingerprint = option("--fingerprint", "fingerprint", true,
                                     "the host key fingerprint you confirmed (SHA256:..., see destination probe)");
  return {
      {"destination", "probe", "georep.destination.probe",
       "show a destination host's SSH host key fingerprint, trusting nothing (admin)", {cluster, host, port, user}},
      {"destination", "create", "georep.destination.create",
       "set up passwordless SSH from a source cluster to a destination user (admin)",
       with({cluster, option("--source-host", "source_host", true, "the source node to test from (a host of the cluster)"),
             host, port, user, fingerprint},
            credentials())},
      {"destination", "list", "georep.destination.list", "list the destinations with their status",
       {option("--cluster", "cluster", false, "only those of this source cluster")}},
      {"destination", "get", "georep.destination.get", "show one destination, its pinned nodes and last test",
       {destinationId()}},
      {"destination", "test", "georep.destination.test",
       "ssh with the geo-rep key from the source node to each destination node (operator)", {destinationId()}},
      {"destination", "reestablish", "georep.destination.reestablish",
       "push the keys again and re-pin a changed host key (admin)", with({destinationId(), fingerprint}, credentials())},
      {"destination", "remove", "georep.destination.remove",
       "take away the keys georep added and forget the destination (admin)", with({destinationId()}, credentials())},
      {"destination", "keys", "georep.destination.keys", "list the allow-listed private key names (admin)", {}},
  };
}

}  // namespace georep::cli
