#include "commands/destination_access.h"

#include <string.h>  // explicit_bzero

#include <soci/soci.h>

#include <algorithm>
#include <chrono>

#include "commands/command_errors.h"
#include "engine/api/command_error.h"
#include "engine/api/inventory.h"
#include "gluster/authorized_keys.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/georep_ssh.h"
#include "gluster/input_validation.h"
#include "gluster/model_json.h"
#include "gluster/shell_quote.h"
#include "gluster/ssh_session.h"
#include "gluster/ssh_target.h"

namespace georep::commands {

using api::CommandError;
using api::ErrorCode;

void wipe(std::string& secret) {
  if (!secret.empty()) explicit_bzero(secret.data(), secret.size());
  secret.clear();
}

DestinationCredentials::~DestinationCredentials() { wipe(password); }

api::ParamSpec destinationIdSpec() {
  api::ParamSpec p;
  p.name = "destination";
  p.type = api::ParamType::kInteger;
  p.required = true;
  p.minimum = 1;
  p.description = "The destination's id (georep.destination.list).";
  return p;
}

api::ParamSpec passwordSpec() {
  api::ParamSpec p;
  p.name = "password";
  p.maxLength = 1024;
  p.secret = true;
  p.description = "The destination user's password, used for this one connection and then wiped: never stored, "
                  "logged or echoed.";
  return p;
}

api::ParamSpec privateKeySpec() {
  api::ParamSpec p;
  p.name = "private_key";
  p.maxLength = 64;
  p.description = "Instead of a password: the NAME of a private key of the engine's allow-list "
                  "(georep.destination.keys; plugin config destinations.private_keys).";
  return p;
}

api::ParamSpec fingerprintSpec(bool required) {
  api::ParamSpec p;
  p.name = "fingerprint";
  p.required = required;
  p.maxLength = 64;
  p.description = "The destination host's SSH host key fingerprint as the admin confirmed it (SHA256:...; "
                  "georep.destination.probe shows it). It must equal what the host presents now.";
  return p;
}

std::string validFingerprint(const std::string& value, const std::string& field) {
  std::string v = value;
  while (!v.empty() && v.back() == '=') v.pop_back();
  const std::string body = v.rfind("SHA256:", 0) == 0 ? v.substr(7) : std::string();
  const bool ok = body.size() == 43 && gluster::isBase64Blob(body);
  if (!ok) {
    throw CommandError(ErrorCode::kInvalidArgument,
                       field + " must be an SSH SHA256 fingerprint (SHA256: and 43 base64 characters)", field);
  }
  return v;
}

void readCredentials(const CommandDeps& deps, const nlohmann::json& params, bool required,
                     DestinationCredentials& out) {
  const bool hasPassword = params.contains("password") && params["password"].is_string() &&
                           !params["password"].get_ref<const std::string&>().empty();
  const bool hasKey = params.contains("private_key") && params["private_key"].is_string() &&
                      !params["private_key"].get_ref<const std::string&>().empty();
  if (hasPassword && hasKey) {
    throw CommandError(ErrorCode::kInvalidArgument, "give either password or private_key, not both", "private_key");
  }
  if (required && !hasPassword && !hasKey) {
    throw CommandError(ErrorCode::kInvalidArgument,
                       "give the destination user's password (used once, never stored) or the name of an "
                       "allow-listed private_key",
                       "password");
  }
  if (hasPassword) out.password = params["password"].get<std::string>();
  if (hasKey) {
    const std::string name = params["private_key"].get<std::string>();
    const auto& keys = deps.options.destinations.privateKeys;
    const auto it = keys.find(name);
    if (it == keys.end()) {
      std::string known;
      for (const auto& [n, path] : keys) known += (known.empty() ? "" : ", ") + n;
      throw CommandError(ErrorCode::kInvalidArgument,
                         "private_key " + gluster::printableValue(name) + " is not in the engine's allow-list (" +
                             (known.empty() ? std::string("empty: plugin config destinations.private_keys") : known) +
                             ")",
                         "private_key");
    }
    out.keyName = name;
    out.keyPath = it->second;
  }
}

std::unique_ptr<gluster::SshSession> connectDestination(const CommandDeps& deps, const std::string& host, int port,
                                                        const std::string& user, const std::string& fingerprint,
                                                        const DestinationCredentials& creds) {
  gluster::SshTarget target{host, port, user, creds.keyPath, fingerprint};
  const auto timeout = deps.options.destinations.connectTimeout;
  try {
    if (!creds.password.empty()) return gluster::SshSession::openWithPassword(target, creds.password, timeout);
    return gluster::SshSession::open(target, timeout);
  } catch (const gluster::GatewayError& e) {
    switch (e.kind()) {
      case gluster::ErrorKind::kHostKeyMismatch:
        throw CommandError(ErrorCode::kConflict,
                           "the host key of " + target.display() + " is not the confirmed " + fingerprint +
                               ": nothing was changed. Check the host's key out of band (ssh-keygen -lf) and confirm "
                               "the one it presents, or find out why it changed",
                           "fingerprint", nlohmann::json{{"presented_fingerprint", e.presentedKey()}});
      case gluster::ErrorKind::kAuthFailed: {
        const std::string field = creds.password.empty() ? "private_key" : "password";
        throw CommandError(ErrorCode::kInvalidArgument,
                           "authentication as " + target.display() + " failed with the given " + field +
                               ": nothing was changed",
                           field, nlohmann::json{{"reason", "auth_failed"}});
      }
      case gluster::ErrorKind::kInvalidInput:
        throw toCommandError(e);
      default:
        throw CommandError(ErrorCode::kUnavailable, "cannot reach " + target.display() + ": " + e.what(), "host",
                           nlohmann::json{{"reason", std::string(gluster::errorKindName(e.kind()))}});
    }
  }
}

gluster::ExecResult runOnSession(gluster::SshSession& session, const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout) {
  bool sent = false;
  try {
    return session.exec(gluster::shellCommandLine(argv), timeout, sent);
  } catch (const gluster::GatewayError& e) {
    throw CommandError(ErrorCode::kUnavailable,
                       std::string("the connection to the destination failed: ") + e.what(), "host");
  }
}

api::Host sourceHostOf(CommandDeps& deps, const api::Cluster& cluster, const std::string& address,
                       const std::string& field) {
  for (const auto& h : deps.inventory.hosts(cluster.id)) {
    if (h.address == address) return h;
  }
  throw CommandError(ErrorCode::kInvalidArgument,
                     gluster::printableValue(address) + " is not a host of cluster " + cluster.name, field);
}

namespace {

gluster::ExecResult onNode(CommandDeps& deps, const api::Cluster& cluster, const std::string& address,
                           const std::vector<std::string>& argv) {
  gluster::ExecResult result;
  try {
    deps.clusters.onNode(cluster, address, [&](gluster::Transport& t, const api::Host&) {
      result = t.run(argv, deps.clusters.callTimeout());
    });
  } catch (const gluster::GatewayError& e) {
    throw CommandError(ErrorCode::kUnavailable, "source node " + address + " of cluster " + cluster.name +
                                                    " does not answer: " + e.what(),
                       "source_host");
  }
  return result;
}

}  // namespace

std::vector<std::string> sourceKeyLines(CommandDeps& deps, const api::Cluster& cluster, const std::string& sourceHost) {
  try {
    deps.clusters.withHost(cluster, [](gluster::GlusterGateway& gw, const api::Host&) { gw.gsecCreate(); });
  } catch (const gluster::GatewayError& e) {
    throw toCommandError(e);
  }
  const auto secret = onNode(deps, cluster, sourceHost, gluster::readCommonSecretArgv());
  if (secret.exitStatus != 0) {
    throw CommandError(ErrorCode::kGlusterError,
                       "cannot read " + std::string(gluster::kGeorepDir) + "/common_secret.pem.pub on " + sourceHost +
                           " after gsec_create: " + gluster::printableValue(secret.err, 200));
  }
  std::vector<std::string> lines;
  try {
    lines = gluster::georepKeyLines(secret.out);
  } catch (const std::invalid_argument& e) {
    throw CommandError(ErrorCode::kGlusterError, std::string("refusing the source's geo-rep keys: ") + e.what());
  }
  for (const auto& host : deps.inventory.hosts(cluster.id)) {
    if (host.state == api::HostState::kMaintenance) continue;
    const auto ids = onNode(deps, cluster, host.address, gluster::rootIdentityArgv());
    try {
      for (auto& k : gluster::parseRootIdentities(ids.out)) {
        if (std::find(lines.begin(), lines.end(), k) == lines.end()) lines.push_back(std::move(k));
      }
    } catch (const std::exception& e) {
      throw CommandError(ErrorCode::kGlusterError, "source node " + host.address + ": " + e.what() + " (" +
                                                       gluster::printableValue(ids.err, 200) + ")");
    }
  }
  return lines;
}

std::optional<api::Cluster> inventoryClusterOf(CommandDeps& deps, const std::string& host) {
  for (const auto& c : deps.inventory.clusters()) {
    for (const auto& h : deps.inventory.hosts(c.id)) {
      if (h.address == host) return c;
    }
  }
  return std::nullopt;
}

std::vector<NodeTest> testFromSource(CommandDeps& deps, const api::Cluster& cluster, const dao::DestinationRecord& d) {
  std::vector<NodeTest> tests;
  for (const auto& node : d.nodes) {
    NodeTest t;
    t.host = node.host;
    const auto started = std::chrono::steady_clock::now();
    gluster::SshPathTest spec{node.host, d.port, d.user, node.hostKeyType, node.hostKey, 10};
    try {
      gluster::ExecResult r;
      deps.clusters.onNode(cluster, d.sourceHost, [&](gluster::Transport& transport, const api::Host&) {
        r = transport.run(gluster::sshPathTestArgv(spec), std::chrono::seconds(30));
      });
      const auto c = gluster::classifySshPathTest(r);
      t.ok = c.ok;
      t.status = c.status;
      t.error = c.error;
    } catch (const gluster::GatewayError& e) {
      t.status = "unknown";
      t.error = "source node " + d.sourceHost + " does not answer: " + e.what();
    }
    t.elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                      .count();
    tests.push_back(std::move(t));
  }
  return tests;
}

std::string aggregateStatus(const std::vector<NodeTest>& tests) {
  if (tests.empty()) return "unknown";
  for (const char* worst : {"host_key_changed", "auth_failed", "unreachable", "unknown"}) {
    for (const auto& t : tests) {
      if (t.status == worst) return worst;
    }
  }
  return "connected";
}

nlohmann::json destinationJson(const dao::DestinationRecord& d, const std::string& clusterName) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& n : d.nodes) {
    nodes.push_back({{"host", n.host},
                     {"fingerprint", n.fingerprint},
                     {"status", n.status},
                     {"error", n.error ? nlohmann::json(*n.error) : nlohmann::json()},
                     {"added_keys", n.addedKeys.size()}});
  }
  const auto at = [](std::int64_t epoch) {
    return gluster::formatIsoUtc(gluster::TimePoint{std::chrono::seconds{epoch}});
  };
  return nlohmann::json{{"id", d.id},
                        {"cluster", clusterName},
                        {"source_host", d.sourceHost},
                        {"host", d.host},
                        {"port", d.port},
                        {"user", d.user},
                        {"fingerprint", d.fingerprint},
                        {"status", d.status},
                        {"last_tested_at", d.lastTestedAt ? nlohmann::json(at(*d.lastTestedAt)) : nlohmann::json()},
                        {"nodes", std::move(nodes)},
                        {"mountbroker", d.mountbroker},
                        {"created_at", at(d.createdAt)}};
}

dao::DestinationRecord destinationById(soci::session& sql, std::int64_t id) {
  auto d = dao::DestinationDao{}.findById(sql, id);
  if (!d) throw CommandError(ErrorCode::kNotFound, "no destination " + std::to_string(id), "destination");
  return std::move(*d);
}

}  // namespace georep::commands
