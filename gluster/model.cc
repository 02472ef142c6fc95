// Names of the model's enums (gluster/model.h).
#include "gluster/model.h"

namespace georep::gluster {

std::string_view workerStatusName(WorkerStatus s) {
  switch (s) {
    case WorkerStatus::kCreated: return "Created";
    case WorkerStatus::kInitializing: return "Initializing";
    case WorkerStatus::kActive: return "Active";
    case WorkerStatus::kPassive: return "Passive";
    case WorkerStatus::kFaulty: return "Faulty";
    case WorkerStatus::kPaused: return "Paused";
    case WorkerStatus::kStopped: return "Stopped";
    case WorkerStatus::kOffline: return "Offline";
    case WorkerStatus::kConfigCorrupted: return "Config Corrupted";
    case WorkerStatus::kUnknown: return "Unknown";
  }
  return "Unknown";
}

WorkerStatus parseWorkerStatus(std::string_view text) {
  // glusterd's spellings (cli: gf_gsync_status_t "status"), plus our own names so that stored values
  // round-trip ("Initializing", "Offline", "Unknown").
  if (text == "Active") return WorkerStatus::kActive;
  if (text == "Passive") return WorkerStatus::kPassive;
  if (text == "Faulty") return WorkerStatus::kFaulty;
  if (text == "Initializing..." || text == "Initializing") return WorkerStatus::kInitializing;
  if (text == "Created") return WorkerStatus::kCreated;
  if (text == "Paused") return WorkerStatus::kPaused;
  if (text == "Stopped") return WorkerStatus::kStopped;
  if (text == "Offline") return WorkerStatus::kOffline;
  if (text == "Config Corrupted") return WorkerStatus::kConfigCorrupted;
  return WorkerStatus::kUnknown;
}

std::string_view volumeStateName(VolumeState s) {
  switch (s) {
    case VolumeState::kCreated: return "Created";
    case VolumeState::kStarted: return "Started";
    case VolumeState::kStopped: return "Stopped";
  }
  return "Created";
}

}  // namespace georep::gluster
