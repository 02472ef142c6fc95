// Registration of the georep.destination.* commands and the periodic destination test.
#include <utility>

#include "commands/destination_handlers.h"

namespace georep::commands {
namespace {

using Handler = nlohmann::json (*)(CommandDeps&, const nlohmann::json&, const api::CommandContext&);

const std::vector<std::pair<api::CommandSpec (*)(), Handler>>& entries() {
  static const std::vector<std::pair<api::CommandSpec (*)(), Handler>> kEntries{
      {destinationProbeSpec, destinationProbe},   {destinationCreateSpec, destinationCreate},
      {destinationReestablishSpec, destinationReestablish}, {destinationListSpec, destinationList},
      {destinationGetSpec, destinationGet},       {destinationTestSpec, destinationTest},
      {destinationRemoveSpec, destinationRemove}, {destinationKeysSpec, destinationKeys}};
  return kEntries;
}

}  // namespace

std::vector<api::CommandSpec> destinationCommandSpecs() {
  std::vector<api::CommandSpec> specs;
  for (const auto& e : entries()) specs.push_back(e.first());
  return specs;
}

std::vector<std::string> destinationEventNames() {
  return {"georep.destination.created",       "georep.destination.create_failed",
          "georep.destination.reestablished", "georep.destination.reestablish_failed",
          "georep.destination.removed",       "georep.destination.remove_failed",
          "georep.destination.status_changed"};
}

std::vector<api::Registration> registerDestinations(api::CommandBus& bus, api::Scheduler& scheduler,
                                                    CommandDeps& deps) {
  std::vector<api::Registration> registrations;
  for (const auto& [spec, handler] : entries()) {
    Handler h = handler;
    registrations.push_back(bus.registerHandler(
        spec(), [&deps, h](const nlohmann::json& params, const api::CommandContext& ctx) { return h(deps, params, ctx); }));
  }
  if (deps.options.destinations.testInterval.count() > 0) {
    api::JobSpec job;
    job.name = "georep.destination.test";
    job.interval = deps.options.destinations.testInterval;
    job.jitter = job.interval / 10;
    job.run = [&deps] { testAllDestinations(deps); };
    registrations.push_back(scheduler.schedule(std::move(job)));
  }
  return registrations;
}

}  // namespace georep::commands
