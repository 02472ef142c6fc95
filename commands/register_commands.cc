#include "commands/register_commands.h"

#include <functional>
#include <utility>

#include "commands/dr_handlers.h"
#include "commands/handlers.h"
#include "commands/session_eligibility.h"
#include "commands/destination_handlers.h"

namespace georep::commands {
namespace {

using Handler = nlohmann::json (*)(CommandDeps&, const nlohmann::json&, const api::CommandContext&);

struct Entry {
  api::CommandSpec (*spec)();
  Handler handler;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> kEntries{
      {volumeRefreshSpec, volumeRefresh}, {sessionCreateSpec, sessionCreate}, {sessionStartSpec, sessionStart},
      {sessionStopSpec, sessionStop},     {sessionPauseSpec, sessionPause},   {sessionResumeSpec, sessionResume},
      {sessionDeleteSpec, sessionDelete}, {sessionListSpec, sessionList},     {sessionGetSpec, sessionGet},
      {configSetSpec, configSet},         {configResetSpec, configReset},     {configListSpec, configList},
      {volumeListSpec, volumeList},       {volumeGetSpec, volumeGet},         {configGetSpec, configGet},
      {sessionHistorySpec, sessionHistory},
      {drPolicyCreateSpec, drPolicyCreate}, {drPolicyUpdateSpec, drPolicyUpdate}, {drPolicyPauseSpec, drPolicyPause},
      {drPolicyResumeSpec, drPolicyResume}, {drPolicyDeleteSpec, drPolicyDelete}, {drPolicyGetSpec, drPolicyGet},
      {drPolicyListSpec, drPolicyList}, {drRunListSpec, drRunList}, {drRunGetSpec, drRunGet},
      {sessionEligibilitySpec, sessionEligibility},
  };
  return kEntries;
}

}  // namespace

std::vector<api::CommandSpec> commandSpecs() {
  std::vector<api::CommandSpec> specs;
  for (const auto& e : entries()) specs.push_back(e.spec());
  for (auto& s : destinationCommandSpecs()) specs.push_back(std::move(s));  // registered by registerDestinations
  return specs;
}

std::vector<api::Registration> registerCommands(api::CommandBus& bus, CommandDeps& deps) {
  std::vector<api::Registration> registrations;
  for (const auto& e : entries()) {
    Handler handler = e.handler;
    registrations.push_back(bus.registerHandler(
        e.spec(), [&deps, handler](const nlohmann::json& params, const api::CommandContext& ctx) {
          return handler(deps, params, ctx);
        }));
  }
  return registrations;
}

}  // namespace georep::commands
