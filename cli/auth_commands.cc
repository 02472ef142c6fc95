#include "cli/auth_commands.h"

#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/bearer_token.h"
#include "cli/client_factory.h"
#include "cli/engine_reply.h"
#include "cli/georepctl_app.h"
#include "cli/password_prompt.h"
#include "cli/result_renderer.h"

namespace georep::cli {
namespace {

using nlohmann::json;

constexpr const char* kLoginFooter = R"(The password is read from the terminal without echo, or with --password-stdin as
the first line of standard input (for scripts: printf '%s\n' "$PW" | georepctl login --user U --password-stdin).
The token is kept in $XDG_CONFIG_HOME/georep/credentials.json (default ~/.config/georep/, mode 0600)
with the server URL; it is sent only to that server. Passwords are sent only to a loopback engine.)";

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

AuthCommands::AuthCommands(CLI::App& app) {
  login_ = app.add_subcommand("login", "log in to the engine and keep the token for the next commands");
  login_->add_option("--user", user_, "user name (default: GEOREP_USER, else admin)")->envname("GEOREP_USER");
  login_->add_flag("--password-stdin", passwordStdin_, "read the password from the first line of standard input");
  login_->footer(kLoginFooter);

  logout_ = app.add_subcommand("logout", "revoke the token in use and delete the stored credentials");
  whoami_ = app.add_subcommand("whoami", "show the user, role and token the engine sees");

  CLI::App* token = app.add_subcommand("token", "long-lived API tokens for automation (admin)");
  token->require_subcommand(1);
  tokenCreate_ = token->add_subcommand("create", "create an API token; it is printed once, store it then");
  tokenCreate_->add_option("name", tokenName_, "what the token is for, e.g. backup-cron")->required();
  tokenCreate_->add_option("--role", tokenRole_, "viewer, operator or admin (default: the engine's)")
      ->check(CLI::IsMember({"viewer", "operator", "admin"}));
  tokenCreate_->add_option("--expires-in-days", expiresInDays_, "days until it expires (default: the engine's)")
      ->check(CLI::Range(1, 3650));
  tokenList_ = token->add_subcommand("list", "list API tokens (never their values)");
  tokenRevoke_ = token->add_subcommand("revoke", "revoke an API token");
  tokenRevoke_->add_option("id", revokeId_, "the token's id (see token list)")->required()->check(CLI::PositiveNumber);
}

std::optional<int> AuthCommands::run(const Settings& s, const CredentialsStore& store, std::istream& in,
                                     std::ostream& out, std::ostream& err) const {
  if (*login_) return login(s, store, in, out, err);
  if (*logout_) return logout(s, store, out, err);
  if (*whoami_) return show(s, store, "auth.whoami", "{}", out, err);
  if (*tokenCreate_) return tokenCreate(s, store, out, err);
  if (*tokenList_) return show(s, store, "auth.token.list", "{}", out, err);
  if (*tokenRevoke_) return show(s, store, "auth.token.revoke", json{{"id", revokeId_}}.dump(), out, err);
  return std::nullopt;
}

int AuthCommands::login(const Settings& s, const CredentialsStore& store, std::istream& in, std::ostream& out,
                        std::ostream& err) const {
  const HttpClient client = makeAnonymousClient(s);
  if (!isLoopbackHost(client.url().host)) {
    err << "error: georepctl sends a password only to an engine on loopback (plain http); log in on the "
           "engine's machine and use an API token (--token-file) from elsewhere\n";
    return kExitUsage;
  }
  const std::string user = user_.empty() ? "admin" : user_;
  const auto password = passwordStdin_ ? readPasswordLine(in)
                                       : readPasswordFromTerminal("password for " + user + " at " +
                                                                  client.url().toString() + ": ");
  if (!password || password->empty()) {
    err << "error: no password given" << (passwordStdin_ ? " on standard input" : " (no terminal: use --password-stdin)")
        << "\n";
    return kExitUsage;
  }
  const HttpResponse response = client.postJson("/api/auth/login", json{{"user", user}, {"password", *password}}.dump());
  const json reply = parseReply(response);
  if (response.status == 401) {
    err << "error: login refused: wrong user name or password for " << user << "\n";
    return kExitError;
  }
  if (response.status == 429) {
    err << "error: too many failed logins; try again"
        << (response.retryAfter.empty() ? " later" : " in " + response.retryAfter + " s") << "\n";
    return kExitError;
  }
  if (isErrorReply(response, reply)) return reportError(response, reply, s.json, out, err);
  const json result = reply.value("result", json::object());
  Credentials c;
  c.url = client.url().toString();
  c.user = result.value("user", user);
  c.token = result.value("token", "");
  c.expiresAt = result.value("expires_at", "");
  if (!isWellFormedToken(c.token)) throw TransportError("the engine's login answer has no usable token");
  store.save(c);
  if (s.json) {
    out << printableJson(json{{"user", c.user}, {"role", result.value("role", "")}, {"expires_at", c.expiresAt},
                              {"token_id", result.value("token_id", json())}, {"credentials_file", store.file().string()}})
        << "\n";
  } else {
    out << "logged in to " << c.url << " as " << c.user << " (" << result.value("role", "?") << "); the token expires at "
        << c.expiresAt << " and is kept in " << store.file().string() << "\n";
  }
  return kExitOk;
}

int AuthCommands::logout(const Settings& s, const CredentialsStore& store, std::ostream& out, std::ostream& err) const {
  HttpClient client = makeAnonymousClient(s);
  const std::string server = client.url().toString();
  const auto token = resolveBearerToken(client.url(), s.tokenFile, store);
  if (!token) {
    out << "not logged in to " << server << "\n";
    return kExitOk;
  }
  // Only the login's own file is deleted: a --token-file or GEOREP_TOKEN token is revoked, nothing else.
  const bool fromStore = token->source == store.file().string();
  client.setBearerToken(token->value);
  const CommandOutcome outcome = postCommand(client, "auth.logout", json::object());
  // 401: the token is already expired or revoked; the stored copy is useless either way.
  if (outcome.failed() && outcome.response.status != 401)
    return reportError(outcome.response, outcome.reply, s.json, out, err);
  if (fromStore) store.remove();
  out << "logged out of " << server << (fromStore ? "; deleted " + store.file().string() : "") << "\n";
  return kExitOk;
}

int AuthCommands::show(const Settings& s, const CredentialsStore& store, const std::string& command,
                       const std::string& params, std::ostream& out, std::ostream& err) const {
  return runAndShowCommand(makeClient(s, store), command, json::parse(params), s.json, out, err);
}

int AuthCommands::tokenCreate(const Settings& s, const CredentialsStore& store, std::ostream& out,
                              std::ostream& err) const {
  json params{{"name", tokenName_}};
  if (!tokenRole_.empty()) params["role"] = tokenRole_;
  if (expiresInDays_ > 0) params["expires_in_days"] = expiresInDays_;
  const int status = show(s, store, "auth.token.create", params.dump(), out, err);
  if (status == kExitOk && !s.json)
    err << "The token above is shown once: store it now (a 0600 file for --token-file, or GEOREP_TOKEN).\n";
  return status;
}

}  // namespace georep::cli
