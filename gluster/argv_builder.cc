#include "gluster/argv_builder.h"

#include <utility>

#include "gluster/config_keys.h"
#include "gluster/input_validation.h"
#include "gluster/session_key.h"

namespace georep::gluster {

ArgvBuilder::ArgvBuilder(std::string glusterCommand) : glusterCommand_(std::move(glusterCommand)) {
  validateGlusterCommand(glusterCommand_, "gluster_command");
}

Argv ArgvBuilder::base(OutputMode mode) const {
  Argv argv{glusterCommand_, "--mode=script"};
  if (mode == OutputMode::kXml) argv.emplace_back("--xml");
  argv.emplace_back("--");  // end of the CLI's options: nothing later is read as one (see header)
  return argv;
}

void ArgvBuilder::validateSession(const SessionRef& session) {
  validateVolumeName(session.primaryVolume, "volume");
  validateSecondaryHost(session.secondaryHost, "secondary_host");
  validateUserName(session.secondaryUser, "secondary_user");
  validateVolumeName(session.secondaryVolume, "secondary_volume");
}

std::string ArgvBuilder::secondaryUrl(const SessionRef& session) {
  validateSecondaryHost(session.secondaryHost, "secondary_host");
  validateUserName(session.secondaryUser, "secondary_user");
  validateVolumeName(session.secondaryVolume, "secondary_volume");
  return formatSecondaryUrl(session.secondaryUser, session.secondaryHost, session.secondaryVolume);
}

Argv ArgvBuilder::georep(const SessionRef& session, OutputMode mode) const {
  validateVolumeName(session.primaryVolume, "volume");
  std::string url = secondaryUrl(session);
  Argv argv = base(mode);
  argv.insert(argv.end(), {"volume", "geo-replication", session.primaryVolume, std::move(url)});
  return argv;
}

Argv ArgvBuilder::volumeInfo(const std::optional<std::string>& volume) const {
  if (volume) validateVolumeName(*volume, "volume");
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"volume", "info"});
  if (volume) argv.push_back(*volume);
  return argv;
}

Argv ArgvBuilder::volumeStatus(const std::optional<std::string>& volume) const {
  if (volume) validateVolumeName(*volume, "volume");
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"volume", "status"});
  if (volume) argv.push_back(*volume);
  return argv;
}

Argv ArgvBuilder::volumeStatusDetail(const std::string& volume) const {
  validateVolumeName(volume, "volume");
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"volume", "status", volume, "detail"});
  return argv;
}

Argv ArgvBuilder::clusterOpVersion() const {
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"volume", "get", "all", "cluster.op-version"});
  return argv;
}

Argv ArgvBuilder::poolList() const {
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"pool", "list"});
  return argv;
}

Argv ArgvBuilder::statusAll(OutputMode mode) const {
  Argv argv = base(mode);
  argv.insert(argv.end(), {"volume", "geo-replication", "status"});
  return argv;
}

Argv ArgvBuilder::statusOfVolume(const std::string& primaryVolume, OutputMode mode) const {
  validateVolumeName(primaryVolume, "volume");
  Argv argv = base(mode);
  argv.insert(argv.end(), {"volume", "geo-replication", primaryVolume, "status"});
  return argv;
}

Argv ArgvBuilder::statusOfSession(const SessionRef& session, OutputMode mode) const {
  Argv argv = georep(session, mode);
  argv.emplace_back("status");
  return argv;
}

Argv ArgvBuilder::create(const SessionRef& session, const CreateOptions& options) const {
  if (options.sshPort) validatePort(*options.sshPort, "ssh_port");
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back("create");
  if (options.sshPort) {
    argv.emplace_back("ssh-port");
    argv.push_back(std::to_string(*options.sshPort));
  }
  switch (options.pem) {
    case PemMode::kPushPem: argv.emplace_back("push-pem"); break;
    case PemMode::kNoVerify: argv.emplace_back("no-verify"); break;
    case PemMode::kNone: break;
  }
  if (options.force) argv.emplace_back("force");
  return argv;
}

Argv ArgvBuilder::simpleAction(const SessionRef& session, const char* verb, bool force) const {
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back(verb);
  if (force) argv.emplace_back("force");
  return argv;
}

Argv ArgvBuilder::start(const SessionRef& session, bool force) const { return simpleAction(session, "start", force); }
Argv ArgvBuilder::stop(const SessionRef& session, bool force) const { return simpleAction(session, "stop", force); }
Argv ArgvBuilder::pause(const SessionRef& session, bool force) const { return simpleAction(session, "pause", force); }
Argv ArgvBuilder::resume(const SessionRef& session, bool force) const { return simpleAction(session, "resume", force); }

Argv ArgvBuilder::remove(const SessionRef& session, bool resetSyncTime) const {
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back("delete");
  if (resetSyncTime) argv.emplace_back("reset-sync-time");
  return argv;
}

Argv ArgvBuilder::configGetAll(const SessionRef& session) const {
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back("config");
  return argv;
}

Argv ArgvBuilder::configSet(const SessionRef& session, const std::string& key, const std::string& value) const {
  const std::string normalized = normalizeConfigKey(key);
  validateConfigValue(normalized, value);
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back("config");
  argv.push_back(cliConfigKey(normalized));
  argv.push_back(value);
  return argv;
}

Argv ArgvBuilder::configReset(const SessionRef& session, const std::string& key) const {
  const std::string normalized = normalizeConfigKey(key);
  Argv argv = georep(session, OutputMode::kXml);
  argv.emplace_back("config");
  argv.push_back("!" + cliConfigKey(normalized));
  return argv;
}

Argv ArgvBuilder::gsecCreate() const {
  Argv argv = base(OutputMode::kXml);
  argv.insert(argv.end(), {"system::", "execute", "gsec_create"});
  return argv;
}

}  // namespace georep::gluster
