// GlusterGateway: every GlusterFS operation the plugin performs, on one host, as typed calls. It builds
// the argv (gluster --mode=script --xml ...), validates every input before anything is sent, runs it
// on a Transport, parses the XML, and turns every failure into a GatewayError. Actions are returned only
// when glusterd accepted them (opRet 0); callers still verify the resulting state (GLUSTER.md).
// Actions (create, start, stop, pause, resume, delete, config set/reset, gsec_create) are not idempotent:
// actionSent() tells whether one was handed to the transport, so that ClusterGateway never sends it
// again to another host after a failure that may have happened after it ran.
// status() tells "no session at all" (empty report) from a failed listing (throws).
// Thread-safety: calls may run concurrently if the transport allows it (all shipped transports do).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gluster/model.h"
#include "gluster/transport.h"

namespace georep::gluster {

// One geo-replication session as the CLI addresses it: PRIMARYVOL [user@]host::secvol.
struct SessionRef {
  std::string primaryVolume;
  std::string secondaryHost;
  std::string secondaryVolume;
  std::string secondaryUser = "root";
};

enum class PemMode { kPushPem, kNoVerify, kNone };

struct CreateOptions {
  std::optional<int> sshPort;
  PemMode pem = PemMode::kPushPem;
  bool force = false;
};

struct GatewayOptions {
  std::string glusterCommand = "gluster";
  std::chrono::milliseconds timeout{120000};  // per gluster call
};

class GlusterGateway {
 public:
  GlusterGateway(std::shared_ptr<Transport> transport, GatewayOptions options);

  std::vector<VolumeInfo> volumeInfo(const std::optional<std::string>& volume = std::nullopt);
  std::vector<VolumeStatus> volumeStatus(const std::optional<std::string>& volume = std::nullopt);
  // `volume status VOL detail`: as volumeStatus, with each online brick's sizeTotal/sizeFree.
  std::vector<VolumeStatus> volumeStatusDetail(const std::string& volume);
  // `volume get all cluster.op-version` (e.g. 100000 on GlusterFS 10.x).
  std::int64_t clusterOpVersion();
  // `pool list`: every peer of the cluster, this node included.
  std::vector<Peer> peers();
  // All sessions of the cluster (no argument), of one primary volume, or one session.
  StatusReport status();
  StatusReport status(const std::string& primaryVolume);
  StatusReport status(const SessionRef& session);
  ConfigMap config(const SessionRef& session);

  ActionReply create(const SessionRef& session, const CreateOptions& options);
  ActionReply start(const SessionRef& session, bool force);
  ActionReply stop(const SessionRef& session, bool force);
  ActionReply pause(const SessionRef& session, bool force);
  ActionReply resume(const SessionRef& session, bool force);
  ActionReply remove(const SessionRef& session, bool resetSyncTime);
  ActionReply configSet(const SessionRef& session, const std::string& key, const std::string& value);
  ActionReply configReset(const SessionRef& session, const std::string& key);
  void gsecCreate();

  // True once an action was handed to the transport (whatever came of it).
  bool actionSent() const { return actionSent_; }

 private:
  ActionReply runAction(const std::vector<std::string>& argv);

  std::shared_ptr<Transport> transport_;
  GatewayOptions options_;
  bool actionSent_ = false;
};

}  // namespace georep::gluster
