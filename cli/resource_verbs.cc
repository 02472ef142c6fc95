#include "cli/resource_verbs.h"

#include <istream>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/client_factory.h"
#include "cli/engine_reply.h"
#include "cli/georepctl_app.h"
#include "cli/password_prompt.h"

namespace georep::cli {
namespace {

using nlohmann::json;

// An id as the engine takes it: a whole number >= 1 (CLI11's PositiveNumber would take 1.5).
CLI::Validator idCheck(const std::string& what, const std::string& listing) {
  return CLI::Validator(
      [what, listing](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.size() <= 18 && text.front() != '0' &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        return digits ? std::string() : "a " + what + " id is a whole number >= 1 (see georepctl " + listing + "), not '" + text + "'";
      },
      "INT>=1");
}
const CLI::Validator kSessionIdCheck = idCheck("session", "session list");
const CLI::Validator kDestinationIdCheck = idCheck("destination", "destination list");

// --ask-password / --password-stdin: the password, read here, never from the command line.
std::optional<std::string> readPassword(VerbArgKind kind, std::istream& in) {
  if (kind == VerbArgKind::kPasswordStdin) return readPasswordLine(in);
  return readPasswordFromTerminal("password of the destination user: ");
}

}  // namespace

ResourceVerbs::ResourceVerbs(CLI::App& app) {
  std::map<std::string, CLI::App*> groups;
  for (const ResourceVerb& verb : resourceVerbs()) {
    CLI::App*& group = groups[verb.group];
    if (group == nullptr) {
      group = app.add_subcommand(verb.group, verbGroupHelp(verb.group));
      group->require_subcommand(1);
    }
    CLI::App* verbApp = group->add_subcommand(verb.verb, verb.help);
    verbApp->footer("Runs the engine command " + verb.command +
                    " (georepctl commands lists its parameters); prints what `georepctl call " + verb.command +
                    "` prints.");
    BoundVerb& bound = verbs_.emplace_back(BoundVerb{&verb, verbApp, {}});
    for (const VerbArg& arg : verb.args) bind(*verbApp, bound, arg);
  }
}

void ResourceVerbs::bind(CLI::App& verbApp, BoundVerb& bound, const VerbArg& arg) {
  BoundArg& target = args_.emplace_back();
  target.spec = &arg;
  bound.args.push_back(&target);
  if (arg.kind == VerbArgKind::kFlag || arg.kind == VerbArgKind::kPasswordPrompt ||
      arg.kind == VerbArgKind::kPasswordStdin) {
    target.option = verbApp.add_flag(arg.name, target.flag, arg.help);
    return;
  }
  const bool integer = arg.type == VerbValueType::kSessionId || arg.type == VerbValueType::kPort ||
                       arg.type == VerbValueType::kDestinationId;
  target.option = integer ? verbApp.add_option(arg.name, target.integer, arg.help)
                          : verbApp.add_option(arg.name, target.text, arg.help);
  if (arg.required) target.option->required();
  if (arg.type == VerbValueType::kSessionId) target.option->check(kSessionIdCheck);
  if (arg.type == VerbValueType::kPort) target.option->check(CLI::Range(1, 65535));
  if (arg.type == VerbValueType::kDestinationId) target.option->check(kDestinationIdCheck);
}

json ResourceVerbs::paramsOf(const BoundVerb& verb) {
  json params = json::object();
  for (const BoundArg* arg : verb.args) {
    if (arg->option->count() == 0) continue;
    const VerbArg& spec = *arg->spec;
    if (spec.kind == VerbArgKind::kPasswordPrompt || spec.kind == VerbArgKind::kPasswordStdin) {
      continue;  // read by run()
    } else if (spec.kind == VerbArgKind::kFlag) {
      if (arg->flag) params[spec.param] = true;
    } else if (spec.type == VerbValueType::kSecondary) {
      params.update(parseSecondaryAddress(arg->text));
    } else if (spec.type == VerbValueType::kString) {
      params[spec.param] = arg->text;
    } else {
      params[spec.param] = arg->integer;
    }
  }
  return params;
}

std::optional<int> ResourceVerbs::run(const Settings& s, const CredentialsStore& store, std::istream& in,
                                      std::ostream& out, std::ostream& err) const {
  for (const BoundVerb& verb : verbs_) {
    if (!*verb.app) continue;
    json params;
    try {
      params = paramsOf(verb);
    } catch (const SecondaryAddressError& e) {
      err << "error: " << e.what() << "\n(see georepctl " << verb.spec->group << " " << verb.spec->verb
          << " --help)\n";
      return kExitUsage;
    }
    for (const BoundArg* arg : verb.args) {
      const VerbArgKind kind = arg->spec->kind;
      if ((kind != VerbArgKind::kPasswordPrompt && kind != VerbArgKind::kPasswordStdin) || !arg->flag) continue;
      std::optional<std::string> password = readPassword(kind, in);
      if (!password || password->empty()) {
        err << "error: no password read (" << arg->spec->name << ": "
            << (kind == VerbArgKind::kPasswordStdin ? "standard input is empty" : "no terminal") << ")\n";
        return kExitUsage;
      }
      params[arg->spec->param] = std::move(*password);
    }
    return runAndShowCommand(makeClient(s, store), verb.spec->command, params, s.json, out, err);
  }
  return std::nullopt;
}

}  // namespace georep::cli
