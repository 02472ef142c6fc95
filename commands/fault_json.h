// The JSON of why a brick's worker is Faulty (dao::BrickFaultRecord), one shape for georep.session.get's
// per-brick "fault" and the "reason" of georep.brick.faulty events: class, hint, excerpt, logged_at,
// log_path, read_error, attempts, first_seen_at, read_at.
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "dao/fault_dao.h"

namespace georep::commands {

nlohmann::json brickFaultJson(const dao::BrickFaultRecord& fault);

}  // namespace georep::commands
