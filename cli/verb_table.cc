#include "cli/verb_table.h"

#include "cli/destination_verbs.h"

namespace georep::cli {
namespace {

using Kind = VerbArgKind;
using Type = VerbValueType;

VerbArg sessionId() { return {Kind::kPositional, "ID", "session_id", Type::kSessionId, true, "the session's id (see session list)"}; }
VerbArg force(std::string help) { return {Kind::kFlag, "--force", "force", Type::kString, false, std::move(help)}; }
VerbArg clusterOption(bool required, std::string help) {
  return {Kind::kOption, "--cluster", "cluster", Type::kString, required, std::move(help)};
}

ResourceVerb sessionAction(const std::string& verb, const std::string& help, const std::string& forceHelp) {
  return {"session", verb, "georep.session." + verb, help, {sessionId(), force(forceHelp)}};
}

std::vector<ResourceVerb> buildTable() {
  std::vector<ResourceVerb> table{
      {"session", "list", "georep.session.list", "list the geo-replication sessions with their status",
       {clusterOption(false, "only the sessions of this cluster"),
        {Kind::kOption, "--volume", "master_volume", Type::kString, false,
         "only the sessions of this primary volume (needs --cluster)"}}},
      {"session", "get", "georep.session.get", "show one session: status, per-brick workers and config",
       {sessionId()}},
      {"session", "create", "georep.session.create",
       "create a session from a primary volume to a secondary volume (admin)",
       {clusterOption(true, "the cluster of the primary volume"),
        {Kind::kOption, "--primary", "master_volume", Type::kString, true,
         "the primary (master) volume; started and known to georep (volume refresh)"},
        {Kind::kOption, "--secondary", "", Type::kSecondary, true,
         "[USER@]HOST::VOL: the secondary volume, a node of its cluster and the SSH user (default root)"},
        {Kind::kOption, "--ssh-port", "ssh_port", Type::kPort, false, "SSH port of the secondary (default 22)"},
        force("create despite blocking eligibility reasons (session eligibility) and glusterd's secondary "
              "size/version checks, or over an existing gluster session"),
        {Kind::kFlag, "--no-verify", "no_verify", Type::kString, false,
         "skip glusterd's checks of the secondary (keys must already be in place)"}}},
      {"session", "eligibility", "georep.session.eligibility",
       "list the candidate secondary volumes on a host for a primary volume, with every reason each is not eligible",
       {clusterOption(true, "the cluster of the primary volume"),
        {Kind::kOption, "--primary", "master_volume", Type::kString, true, "the primary (master) volume"},
        {Kind::kOption, "--secondary-host", "secondary_host", Type::kString, true,
         "a node of the secondary cluster, as the primary's nodes reach it"},
        {Kind::kOption, "--secondary-user", "secondary_user", Type::kString, false, "the SSH user there (default root)"},
        {Kind::kOption, "--secondary-volume", "secondary_volume", Type::kString, false,
         "judge only this volume (default: every volume of the host's registered cluster)"}}},
      sessionAction("start", "start a session", "start even with nodes down (gluster's start force)"),
      sessionAction("stop", "stop a session", "stop even with nodes down (gluster's stop force)"),
      sessionAction("pause", "pause a running session", "pause even with nodes down (gluster's pause force)"),
      sessionAction("resume", "resume a paused session", "resume even with nodes down (gluster's resume force)"),
      {"session", "delete", "georep.session.delete", "delete a stopped or created session",
       {sessionId(), force("delete whatever the stored state (glusterd still refuses running workers)"),
        {Kind::kFlag, "--reset-sync-time", "reset_sync_time", Type::kString, false,
         "also reset the sync time: a session created again later syncs from scratch"}}},
      {"config", "list", "georep.config.list", "show a session's geo-replication config, defaults marked",
       {sessionId(), {Kind::kFlag, "--changed-only", "changed_only", Type::kString, false,
                      "only the keys whose value differs from the default"}}},
      {"config", "set", "georep.config.set", "set one config key of a session",
       {sessionId(), {Kind::kPositional, "KEY", "key", Type::kString, true, "the key, '-' or '_' form (sync-jobs)"},
        {Kind::kPositional, "VALUE", "value", Type::kString, true,
         "the value, sent as text; put -- before a value that starts with '-'"}}},
      {"config", "reset", "georep.config.reset", "reset one config key of a session to its default",
       {sessionId(), {Kind::kPositional, "KEY", "key", Type::kString, true, "the key, '-' or '_' form"}}},
      {"volume", "list", "georep.volume.list",
       "list a cluster's volumes as georep stored them at the last refresh, with their bricks (viewer)",
       {clusterOption(true, "the cluster")}},
      {"volume", "refresh", "georep.volume.refresh",
       "read a cluster's volumes and bricks from GlusterFS into georep and list them (operator)",
       {clusterOption(true, "the cluster to read")}},
  };
  for (auto& v : destinationVerbs()) table.push_back(std::move(v));  // cli/destination_verbs.h
  return table;
}

}  // namespace

const std::vector<ResourceVerb>& resourceVerbs() {
  static const std::vector<ResourceVerb> kTable = buildTable();
  return kTable;
}

std::string verbGroupHelp(std::string_view group) {
  if (group == "session") {
    return "geo-replication sessions: list, get, create, eligibility, start, stop, pause, resume, delete";
  }
  if (group == "config") return "a session's geo-replication config: list, set, reset";
  if (group == "volume") return "a cluster's volumes: list, refresh";
  if (group == "destination") {
    return "geo-replication destinations (passwordless SSH set up by georep): probe, create, list, get, test, "
           "reestablish, remove, keys";
  }
  return std::string(group);
}

nlohmann::json parseSecondaryAddress(std::string_view text) {
  const auto sep = text.find("::");
  if (sep == std::string_view::npos || text.find("::", sep + 2) != std::string_view::npos)
    throw SecondaryAddressError("--secondary '" + std::string(text) + "' is not [USER@]HOST::VOL");
  std::string_view host = text.substr(0, sep);
  const std::string_view volume = text.substr(sep + 2);
  nlohmann::json params = nlohmann::json::object();
  if (const auto at = host.find('@'); at != std::string_view::npos) {
    const std::string_view user = host.substr(0, at);
    if (user.empty()) throw SecondaryAddressError("--secondary '" + std::string(text) + "' has '@' but no user before it");
    params["secondary_user"] = std::string(user);
    host.remove_prefix(at + 1);
  }
  if (host.empty()) throw SecondaryAddressError("--secondary '" + std::string(text) + "' has no host before '::'");
  if (volume.empty()) throw SecondaryAddressError("--secondary '" + std::string(text) + "' has no volume after '::'");
  params["secondary_host"] = std::string(host);
  params["secondary_volume"] = std::string(volume);
  return params;
}

}  // namespace georep::cli
