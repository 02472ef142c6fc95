// How georepctl shows DR runs as text: the live progress line of `dr run now --follow` (from the result
// of georep.dr.run.get) and the `dr runs` history table (from georep.dr.run.list). Cells go through
// sanitizeForTerminal (text_table.h): server data never moves the cursor.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace georep::cli {

// "session 3 run 17  wait  workers 1/2 done  pending entry 3 data 40 meta 1  elapsed 1m05s"
std::string drProgressLine(std::int64_t sessionId, const nlohmann::json& run);

// The ending of a run: "session 3 run 17  succeeded in 65 s; data consistent as of 2026-...Z" or
// "session 3 run 17  failed at wait: <error> (brick h:/p)".
std::string drResultLine(std::int64_t sessionId, const nlohmann::json& run);

// The history table: RUN TRIGGER SCHEDULED STARTED DURATION RESULT STEP CHECKPOINT(T) ERROR.
std::string drRunsTable(const nlohmann::json& runs);

// "1m05s", "2h03m", "45s".
std::string drElapsed(std::int64_t seconds);

}  // namespace georep::cli
