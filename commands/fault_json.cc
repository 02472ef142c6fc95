// Fault reason JSON (commands/fault_json.h).
#include "commands/fault_json.h"

#include "gluster/model_json.h"

namespace georep::commands {

nlohmann::json brickFaultJson(const dao::BrickFaultRecord& f) {
  const auto optional = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return nlohmann::json{{"class", f.reasonClass},
                        {"hint", f.hint},
                        {"excerpt", f.excerpt},
                        {"logged_at", optional(f.loggedAt)},
                        {"log_path", f.logPath},
                        {"read_error", optional(f.readError)},
                        {"attempts", f.attempts},
                        {"first_seen_at", gluster::formatIsoUtc(f.firstSeenAt)},
                        {"read_at", gluster::formatIsoUtc(f.readAt)}};
}

}  // namespace georep::commands
