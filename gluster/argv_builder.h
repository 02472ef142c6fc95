// ArgvBuilder: the exact argv of every gluster CLI call the plugin makes, with every input validated
// before an argv exists (GatewayError kInvalidInput, field = the parameter at fault; config keys and
// values through gluster/config_keys.h, which may also throw kReservedOption).
//
// Shape: <gluster> --mode=script [--xml] -- volume geo-replication ...
//   --xml comes before `volume` (after `config`, later words would be taken as the value), and "--"
//   ends the CLI's own option parsing: without it the gluster CLI takes ANY later word starting with
//   "--" as one of its options (e.g. a config value "--remote-host=evil" would redirect the CLI to
//   another glusterd). Verified on GlusterFS 10.3: `gluster --xml -- volume info --nolog` looks up a
//   volume named "--nolog", without "--" the word is eaten as an option.
// Geo-replication grammar (GLUSTER.md): create [ssh-port N] [push-pem|no-verify] [force],
// start|stop|pause|resume [force], delete [reset-sync-time], status, config, config KEY VALUE,
// config !KEY. `status` is used without `detail`: glusterd ignores `detail` and the XML of both forms
// carries every field (counters, checkpoint); the captures status_session.xml and
// status_detail_active.xml are identical.
// Thread-safety: immutable after construction; safe to use concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gluster/gateway.h"

namespace georep::gluster {

using Argv = std::vector<std::string>;

enum class OutputMode { kXml, kText };

class ArgvBuilder {
 public:
  // Validates the executable (field "gluster_command").
  explicit ArgvBuilder(std::string glusterCommand);

  const std::string& glusterCommand() const { return glusterCommand_; }

  Argv volumeInfo(const std::optional<std::string>& volume = std::nullopt) const;
  Argv volumeStatus(const std::optional<std::string>& volume = std::nullopt) const;
  // volume status VOL detail: per brick also its filesystem's size and free space.
  Argv volumeStatusDetail(const std::string& volume) const;
  // volume get all cluster.op-version: the operating version of the cluster's glusterd pool.
  Argv clusterOpVersion() const;
  // pool list: the peers of the cluster (this node included) with their UUIDs.
  Argv poolList() const;

  // volume geo-replication status | PRIMARY status | PRIMARY SECURL status
  Argv statusAll(OutputMode mode = OutputMode::kXml) const;
  Argv statusOfVolume(const std::string& primaryVolume, OutputMode mode = OutputMode::kXml) const;
  Argv statusOfSession(const SessionRef& session, OutputMode mode = OutputMode::kXml) const;

  Argv create(const SessionRef& session, const CreateOptions& options) const;
  Argv start(const SessionRef& session, bool force) const;
  Argv stop(const SessionRef& session, bool force) const;
  Argv pause(const SessionRef& session, bool force) const;
  Argv resume(const SessionRef& session, bool force) const;
  Argv remove(const SessionRef& session, bool resetSyncTime) const;
  // All keys (single-key reads lose one-character values, GLUSTER.md).
  Argv configGetAll(const SessionRef& session) const;
  // KEY in either '-' or '_' form; sent in the CLI's dash form.
  Argv configSet(const SessionRef& session, const std::string& key, const std::string& value) const;
  // `config !KEY` as one argv element.
  Argv configReset(const SessionRef& session, const std::string& key) const;
  // system:: execute gsec_create (plain-text answer; --xml is accepted and ignored by the CLI there).
  Argv gsecCreate() const;

  // "host::vol" or "user@host::vol" (root omitted), after validating the three parts
  // (fields secondary_host, secondary_volume, secondary_user).
  static std::string secondaryUrl(const SessionRef& session);
  // Validates every part of a session reference (fields volume, secondary_host, secondary_user,
  // secondary_volume).
  static void validateSession(const SessionRef& session);

 private:
  Argv base(OutputMode mode) const;
  Argv georep(const SessionRef& session, OutputMode mode) const;
  Argv simpleAction(const SessionRef& session, const char* verb, bool force) const;

  std::string glusterCommand_;
};

}  // namespace georep::gluster
