#include "cli/georepctl_app.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/auth_commands.h"
#include "cli/call_params.h"
#include "cli/client_factory.h"
#include "cli/engine_reply.h"
#include "cli/http_client.h"
#include "cli/dr_verbs.h"
#include "cli/resource_verbs.h"
#include "cli/result_renderer.h"
#include "cli/server_url.h"
#include "gluster/errors.h"
#include "gluster/parse_debug.h"

namespace georep::cli {
namespace {

using nlohmann::json;

constexpr const char* kCallFooter = R"(Parameters are key=value arguments:
  key=value     integers (42, -1), true/false and JSON arrays/objects ([...], {...}) are
                sent as JSON; anything else is sent as a string
  key='"text"'  double quotes around the value force a string: id='"42"' sends "42"
  key:=json     the value is always parsed as JSON: ratio:=0.5, x:=null, tags:='["a","b"]'
Examples:
  georepctl call cluster.add name=prod
  georepctl call host.add cluster=prod address=gl1.example.com ssh_port=2222 \
      host_key_fingerprint=SHA256:...   (ssh-keyscan gl1.example.com | ssh-keygen -lf -)
  georepctl call host.list cluster=prod --json)";

constexpr const char* kMainFooter = R"(Server: --url, else GEOREP_URL, else http://127.0.0.1:8470.
Identity: georepctl login first; every command but health then sends the token kept by login (only to
the server it was issued by), or the one in GEOREP_TOKEN or --token-file.
Output: tables by default; --json prints the engine's JSON answer.
Exit status: 0 ok, 1 typed error from the engine or the parser (code, field and message are
printed; also an unsafe credentials file), 2 usage error, 3 engine unreachable or not answering HTTP/JSON.)";

bool isValidCommandName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

int runCommands(const Settings& s, const CredentialsStore& store, std::ostream& out, std::ostream& err) {
  const HttpResponse response = makeClient(s, store).get("/api/commands");
  const json reply = parseReply(response);
  if (isErrorReply(response, reply)) return reportError(response, reply, s.json, out, err);
  if (s.json) {
    out << printableJson(reply) << "\n";
  } else {
    out << renderCommands(reply);
  }
  return kExitOk;
}

int runCall(const Settings& s, const CredentialsStore& store, const std::string& command,
            const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  if (!isValidCommandName(command)) {
    err << "error: '" << command << "' is not a command name (letters, digits, '.', '_', '-')\n";
    return kExitUsage;
  }
  json params;
  try {
    params = parseCallParams(args);
  } catch (const CallParamError& e) {
    err << "error: " << e.what() << "\n(see georepctl call --help)\n";
    return kExitUsage;
  }
  return runAndShowCommand(makeClient(s, store), command, params, s.json, out, err);
}

struct EventsOptions {
  std::int64_t since = 0;
  std::size_t limit = 100;
  bool follow = false;
  double intervalSeconds = 1.0;
};

int runEvents(const Settings& s, const CredentialsStore& store, const EventsOptions& o, std::ostream& out,
              std::ostream& err) {
  const HttpClient client = makeClient(s, store);
  std::int64_t since = o.since;
  bool warned = false;
  for (;;) {
    json reply;
    try {
      const HttpResponse response =
          client.get("/api/events?since=" + std::to_string(since) + "&limit=" + std::to_string(o.limit));
      reply = parseReply(response);
      if (isErrorReply(response, reply)) return reportError(response, reply, s.json, out, err);
    } catch (const TransportError& e) {
      if (!o.follow) throw;
      if (!warned) err << "warning: " << e.what() << "; retrying\n";
      warned = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(o.intervalSeconds * 1000)));
      continue;
    }
    warned = false;
    const json events = reply.value("events", json::array());
    const std::int64_t last = reply.value("last_id", since);
    if (!o.follow) {
      if (s.json) {
        out << printableJson(reply) << "\n";
      } else {
        out << renderEvents(events);
        if (events.size() >= o.limit) err << "(more events: --since " << last << ")\n";
      }
      return kExitOk;
    }
    for (const auto& e : events)
      out << (s.json ? e.dump(-1, ' ', false, json::error_handler_t::replace) + "\n" : renderEventLine(e));
    out.flush();
    since = last;
    if (events.size() < o.limit)
      std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(o.intervalSeconds * 1000)));
  }
}

int runHealth(const Settings& s, std::ostream& out, std::ostream& err) {
  const HttpResponse response = makeAnonymousClient(s).get("/api/health");
  const json reply = parseReply(response);
  if (isErrorReply(response, reply)) return reportError(response, reply, s.json, out, err);
  if (s.json) {
    out << reply.dump(2) << "\n";
  } else {
    out << reply.value("status", "?") << "\n";
  }
  return reply.value("status", "") == "ok" ? kExitOk : kExitError;
}

int runGlusterParse(const std::string& kind, const std::string& file, std::ostream& out, std::ostream& err) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << "error: cannot read " << file << "\n";
      return kExitError;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  try {
    out << gluster::parseForDebug(kind, text).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return kExitOk;
  } catch (const gluster::GatewayError& e) {
    err << "error: " << gluster::errorKindName(e.kind()) << ": " << e.what() << "\n";
    if (!e.field().empty()) err << "  field: " << e.field() << "\n";
    if (e.opRet() != 0 || e.opErrno() != 0) err << "  opRet: " << e.opRet() << ", opErrno: " << e.opErrno() << "\n";
    return kExitError;
  }
}

}  // namespace

int runGeorepctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return runGeorepctl(argc, argv, std::cin, out, err);
}

int runGeorepctl(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"georepctl: the command-line client of georep-engine (GlusterFS geo-replication manager)",
               "georepctl"};
  app.require_subcommand(1);
  app.fallthrough();
  Settings settings;
  app.add_option("--url", settings.url, "engine URL, http://HOST:PORT")
      ->envname("GEOREP_URL")
      ->capture_default_str();
  app.add_flag("--json", settings.json, "print the engine's JSON answer instead of tables");
  app.add_option("--timeout", settings.timeoutSeconds, "give up after this many seconds (0 = wait as long as it takes)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--token-file", settings.tokenFile,
                 "send the API token in this file (mode 0600, yours) instead of GEOREP_TOKEN or the login's");

  CLI::App* commands = app.add_subcommand("commands", "list the engine's commands and their parameters");

  CLI::App* call = app.add_subcommand("call", "run a command: georepctl call <command> key=value ...");
  std::string commandName;
  std::vector<std::string> callArgs;
  call->add_option("command", commandName, "command name, e.g. cluster.add (see georepctl commands)")->required();
  call->add_option("params", callArgs, "parameters: key=value, key='\"text\"' or key:=json");
  call->footer(kCallFooter);

  CLI::App* events = app.add_subcommand("events", "show audit-log events (oldest first)");
  EventsOptions eventsOptions;
  events->add_option("--since", eventsOptions.since, "only events with an id greater than this")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  events->add_option("--limit", eventsOptions.limit, "at most this many events per request")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  events->add_flag("-f,--follow", eventsOptions.follow, "keep printing new events as they come (Ctrl-C ends)");
  events->add_option("--interval", eventsOptions.intervalSeconds, "seconds between polls with --follow")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();

  CLI::App* health = app.add_subcommand("health", "check that the engine answers");

  CLI::App* gluster = app.add_subcommand("gluster", "debugging aids for gluster output");
  gluster->require_subcommand(1);
  CLI::App* parse = gluster->add_subcommand(
      "parse", "parse a saved gluster --xml answer with georep's parsers and print what was understood");
  std::string kind, file;
  parse->add_option("kind", kind, "status, config, volinfo, volstatus or reply")->required();
  parse->add_option("file", file, "the saved XML ('-' = standard input)")->required();

  const ResourceVerbs verbs(app);
  const DrVerbs drVerbs(app);
  const AuthCommands auth(app);
  app.footer(kMainFooter);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e, out, err);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  try {
    if (*parse) return runGlusterParse(kind, file, out, err);
    if (*health) return runHealth(settings, out, err);
    const CredentialsStore store = CredentialsStore::atDefaultLocation();
    if (*commands) return runCommands(settings, store, out, err);
    if (*call) return runCall(settings, store, commandName, callArgs, out, err);
    if (*events) return runEvents(settings, store, eventsOptions, out, err);
    if (const auto status = verbs.run(settings, store, in, out, err)) return *status;
    if (const auto status = drVerbs.run(settings, store, out, err)) return *status;
    if (const auto status = auth.run(settings, store, in, out, err)) return *status;
  } catch (const CredentialsError& e) {
    err << "error: " << e.what() << "\n";
    return kExitError;
  } catch (const UrlError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const TransportError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUnreachable;
  } catch (const std::exception& e) {
    err << "error: internal: " << e.what() << "\n";
    return kExitError;
  }
  err << "error: no command given (see georepctl --help)\n";
  return kExitUsage;
}

}  // namespace georep::cli
