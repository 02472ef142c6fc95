#include "dao/status_names.h"

#include <array>
#include <stdexcept>

namespace georep::dao {

using gluster::AggregateStatus;
using gluster::VolumeState;
using gluster::WorkerStatus;

gluster::WorkerStatus workerStatusFromDb(std::string_view name) {
  static constexpr std::array kAll{WorkerStatus::kCreated, WorkerStatus::kInitializing, WorkerStatus::kActive,
                                   WorkerStatus::kPassive, WorkerStatus::kFaulty,       WorkerStatus::kPaused,
                                   WorkerStatus::kStopped, WorkerStatus::kOffline,      WorkerStatus::kConfigCorrupted,
                                   WorkerStatus::kUnknown};
  for (auto s : kAll) {
    if (gluster::workerStatusName(s) == name) return s;
  }
  throw std::runtime_error("unexpected worker status in the database: '" + std::string(name) + "'");
}

gluster::VolumeState volumeStateFromDb(std::string_view name) {
  for (auto s : {VolumeState::kCreated, VolumeState::kStarted, VolumeState::kStopped}) {
    if (gluster::volumeStateName(s) == name) return s;
  }
  throw std::runtime_error("unexpected volume state in the database: '" + std::string(name) + "'");
}

gluster::AggregateStatus aggregateStatusFromDb(std::string_view name) {
  static constexpr std::array kAll{AggregateStatus::kCreated, AggregateStatus::kPaused,
                                   AggregateStatus::kStopped, AggregateStatus::kActive,
                                   AggregateStatus::kInitializing, AggregateStatus::kFaulty,
                                   AggregateStatus::kPartialFaulty, AggregateStatus::kUnknown};
  for (auto s : kAll) {
    if (gluster::aggregateStatusName(s) == name) return s;
  }
  throw std::runtime_error("unexpected session status in the database: '" + std::string(name) + "'");
}

}  // namespace georep::dao
