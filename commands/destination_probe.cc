// georep.destination.probe: what answers at host:port before anything is trusted: the host key
// (fingerprint, type) and the SSH banner. The password is NOT sent to a host whose key nobody confirmed
// (that is what trust on first use prevents): gluster_version and volumes are read only when the admin
// also gives the `fingerprint` they confirmed (checked first, conflict otherwise) with the password or an
// allow-listed key, and only a root login can ask glusterd; otherwise they are null.
#include "commands/destination_access.h"
#include "commands/destination_handlers.h"
#include "commands/param_specs.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "gluster/errors.h"
#include "gluster/gateway.h"
#include "gluster/input_validation.h"
#include "gluster/model_json.h"
#include "gluster/shell_quote.h"
#include "gluster/ssh_session.h"
#include "gluster/ssh_target.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

// A Transport over one open destination session (probe only).
class SessionTransport : public gluster::Transport {
 public:
  explicit SessionTransport(gluster::SshSession& session) : session_(session) {}
  gluster::ExecResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override {
    bool sent = false;
    return session_.exec(gluster::shellCommandLine(argv), timeout, sent);
  }

 private:
  gluster::SshSession& session_;
};

}  // namespace

api::CommandSpec destinationProbeSpec() {
  api::CommandSpec spec;
  spec.name = "georep.destination.probe";
  spec.role = api::Role::kAdmin;
  spec.description = "Connect to a destination host and show its SSH host key fingerprint and banner, trusting "
                     "nothing. With the confirmed fingerprint and a root password (or allow-listed key), also "
                     "the GlusterFS version and volumes.";
  spec.params.push_back(clusterSpec(true, "The source cluster (for the record; nothing is run on it)."));
  api::ParamSpec host;
  host.name = "host";
  host.required = true;
  host.maxLength = 253;
  host.description = "The destination node: DNS name or IPv4 address.";
  spec.params.push_back(host);
  api::ParamSpec port;
  port.name = "port";
  port.type = api::ParamType::kInteger;
  port.minimum = 1;
  port.maximum = 65535;
  port.defaultValue = 22;
  port.description = "SSH port of the destination.";
  spec.params.push_back(port);
  api::ParamSpec user;
  user.name = "user";
  user.maxLength = 32;
  user.defaultValue = "root";
  user.description = "The destination user.";
  spec.params.push_back(user);
  spec.params.push_back(fingerprintSpec(false));
  spec.params.push_back(passwordSpec());
  spec.params.push_back(privateKeySpec());
  return spec;
}

nlohmann::json destinationProbe(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const std::string host = params.at("host").get<std::string>();
  const int port = params.at("port").get<int>();
  const std::string user = params.at("user").get<std::string>();
  DestinationCredentials creds;
  readCredentials(deps, params, false, creds);
  try {
    gluster::validateSecondaryHost(host, "host");
    gluster::validateUserName(user, "user");
  } catch (const gluster::GatewayError& e) {
    throw CommandError(ErrorCode::kInvalidArgument, e.what(), e.field());
  }
  (void)clusterByName(deps, params.at("cluster").get<std::string>());

  gluster::SshProbe probe;
  try {
    probe = gluster::SshSession::probe(gluster::SshTarget{host, port, user, {}, {}},
                                       deps.options.destinations.connectTimeout);
  } catch (const gluster::GatewayError& e) {
    throw CommandError(ErrorCode::kUnavailable, std::string("cannot reach ") + host + ":" + std::to_string(port) +
                                                    ": " + e.what(),
                       "host");
  }
  nlohmann::json result{{"host", host},
                        {"port", port},
                        {"fingerprint", probe.hostKey.fingerprint},
                        {"key_type", probe.hostKey.type},
                        {"ssh_banner", probe.banner},
                        {"gluster_version", nullptr},
                        {"volumes", nullptr}};
  const bool confirmed = params.contains("fingerprint") && params["fingerprint"].is_string();
  if (!confirmed || creds.empty()) return result;

  const std::string fingerprint = validFingerprint(params["fingerprint"].get<std::string>());
  auto session = connectDestination(deps, host, port, user, fingerprint, creds);
  const auto version = runOnSession(*session, {"gluster", "--version"}, std::chrono::seconds(20));
  if (version.exitStatus == 0) {
    const std::string first = version.out.substr(0, version.out.find('\n'));
    result["gluster_version"] = first.rfind("glusterfs ", 0) == 0 ? first.substr(10) : first;
  }
  try {
    gluster::GlusterGateway gw(std::make_shared<SessionTransport>(*session), gluster::GatewayOptions{});
    nlohmann::json volumes = nlohmann::json::array();
    for (const auto& v : gw.volumeInfo()) {
      volumes.push_back({{"name", v.name}, {"status", std::string(gluster::volumeStateName(v.state))}});
    }
    result["volumes"] = std::move(volumes);
  } catch (const gluster::GatewayError&) {
    // glusterd does not answer this user (non-root) or is down: volumes stay null.
  }
  return result;
}

}  // namespace georep::commands
