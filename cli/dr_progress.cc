#include "cli/dr_progress.h"

#include "cli/result_renderer.h"
#include "cli/text_table.h"

namespace georep::cli {
namespace {

std::string text(const nlohmann::json& v) { return sanitizeForTerminal(cellText(v)); }

std::int64_t integer(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

std::string drElapsed(std::int64_t s) {
  if (s < 0) s = 0;
  auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + two(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + two(s / 60 % 60) + "m";
}

std::string drProgressLine(std::int64_t sessionId, const nlohmann::json& run) {
  const auto progress = run.value("progress", nlohmann::json::object());
  return "session " + std::to_string(sessionId) + " run " + text(run.value("run_id", nlohmann::json())) + "  " +
         text(progress.value("step", run.value("step", nlohmann::json()))) + "  workers " +
         std::to_string(integer(progress, "workers_done")) + "/" + std::to_string(integer(progress, "workers_active")) +
         " done  pending entry " + std::to_string(integer(progress, "pending_entry")) + " data " +
         std::to_string(integer(progress, "pending_data")) + " meta " + std::to_string(integer(progress, "pending_meta")) +
         "  elapsed " + drElapsed(integer(progress, "elapsed_seconds"));
}

std::string drResultLine(std::int64_t sessionId, const nlohmann::json& run) {
  const std::string result = run.value("result", std::string());
  std::string line = "session " + std::to_string(sessionId) + " run " + text(run.value("run_id", nlohmann::json())) +
                     "  " + sanitizeForTerminal(result);
  if (result == "succeeded") {
    line += " in " + drElapsed(integer(run, "duration_seconds"));
    if (run.contains("checkpoint_time") && run["checkpoint_time"].is_string()) {
      line += "; data consistent as of " + text(run["checkpoint_time"]);
    }
    return line;
  }
  line += " at " + text(run.value("step", nlohmann::json()));
  if (run.contains("error") && run["error"].is_string()) line += ": " + text(run["error"]);
  if (run.contains("brick") && run["brick"].is_string()) line += " (brick " + text(run["brick"]) + ")";
  return line;
}

std::string drRunsTable(const nlohmann::json& runs) {
  TextTable table({"RUN", "TRIGGER", "SCHEDULED", "STARTED", "DURATION", "RESULT", "STEP", "CHECKPOINT (T)", "ERROR"});
  for (const auto& r : runs) {
    const auto duration = r.find("duration_seconds");
    table.addRow({text(r.value("run_id", nlohmann::json())), text(r.value("trigger", nlohmann::json())),
                  text(r.value("scheduled_for", nlohmann::json())), text(r.value("started_at", nlohmann::json())),
                  duration != r.end() && duration->is_number_integer() ? drElapsed(duration->get<std::int64_t>()) : "",
                  text(r.value("result", nlohmann::json())), text(r.value("step", nlohmann::json())),
                  text(r.value("checkpoint_time", nlohmann::json())), text(r.value("error", nlohmann::json()))});
  }
  return table.render();
}

}  // namespace georep::cli
