#include "commands/session_eligibility.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include <soci/soci.h>

#include "commands/command_errors.h"
#include "commands/eligibility_facts.h"
#include "commands/param_specs.h"
#include "commands/session_access.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

constexpr std::size_t kMaxSecondaryVolume = 4096;  // a directory path is accepted, to be explained

nlohmann::json reasonSchema() {
  return {{"type", "object"},
          {"required", {"code", "message", "blocking"}},
          {"properties",
           {{"code",
             {{"type", "string"},
              {"enum",
               {"not_started", "same_cluster", "already_secondary", "too_small", "not_empty", "version_mismatch",
                "unreachable", "unverifiable", "directory_secondary"}}}},
            {"message", {{"type", "string"}}},
            {"blocking", {{"type", "boolean"}}}}}};
}

}  // namespace

api::CommandSpec sessionEligibilitySpec() {
  api::CommandSpec spec;
  spec.name = "georep.session.eligibility";
  spec.role = api::Role::kViewer;
  spec.description =
      "The candidate secondary volumes for a master volume on a secondary host, each with every reason it is not "
      "eligible (not_started, same_cluster, already_secondary, too_small, not_empty, version_mismatch, unreachable, "
      "directory_secondary; unverifiable when a check could not be made, which does not block). The secondary's "
      "glusterd is read only when the host belongs to a cluster registered in georep.";
  spec.params.push_back(clusterSpec(true, "The cluster of the master volume."));
  spec.params.push_back(volumeNameSpec("master_volume", true, "The master (primary) volume."));
  spec.params.push_back(secondaryHostSpec());
  spec.params.push_back(secondaryUserSpec("The SSH user on the secondary (reported back; the checks do not depend on it)."));
  api::ParamSpec volume;
  volume.name = "secondary_volume";
  volume.maxLength = kMaxSecondaryVolume;
  volume.description = "Judge only this secondary volume (default: every volume of the secondary cluster).";
  spec.params.push_back(volume);
  return spec;
}

nlohmann::json sessionEligibility(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  EligibilityQuery query;
  query.masterVolume = params.at("master_volume").get<std::string>();
  query.secondaryHost = params.at("secondary_host").get<std::string>();
  query.secondaryUser = params.value("secondary_user", std::string("root"));
  if (params.contains("secondary_volume") && !params["secondary_volume"].is_null()) {
    query.secondaryVolume = params["secondary_volume"].get<std::string>();
  }
  try {
    gluster::validateVolumeName(query.masterVolume, "master_volume");
    gluster::validateSecondaryHost(query.secondaryHost, "secondary_host");
    gluster::validateUserName(query.secondaryUser, "secondary_user");
    if (query.secondaryVolume && (query.secondaryVolume->empty() || query.secondaryVolume->front() != '/')) {
      gluster::validateVolumeName(*query.secondaryVolume, "secondary_volume");
    }
    query.masterCluster = clusterByName(deps, params.at("cluster").get<std::string>());
    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    const EligibilityReport report = assessEligibility(deps, lease.sql(), query);
    if (report.namedVolumeMissing) {
      throw CommandError(ErrorCode::kNotFound,
                         "cluster " + report.secondaryCluster->name + " has no volume " + *query.secondaryVolume,
                         "secondary_volume");
    }
    return eligibilityJson(report);
  } catch (const gluster::GatewayError& e) {
    throw toCommandError(e);
  }
}

EligibilityVerdict enforceSessionEligibility(CommandDeps& deps, soci::session& sql, const api::Cluster& cluster,
                                             const std::vector<gluster::VolumeInfo>& masterLive,
                                             const gluster::SessionRef& session, bool force) {
  dao::SecondaryVolumeLock lock(sql, session.secondaryVolume, deps.options.lockWait);
  const auto master = std::find_if(masterLive.begin(), masterLive.end(),
                                   [&](const gluster::VolumeInfo& v) { return v.name == session.primaryVolume; });
  EligibilityQuery query;
  query.masterCluster = cluster;
  query.masterVolume = session.primaryVolume;
  query.secondaryHost = session.secondaryHost;
  query.secondaryUser = session.secondaryUser;
  query.secondaryVolume = session.secondaryVolume;
  const EligibilityReport report = assessEligibility(
      deps, sql, query, master == masterLive.end() ? std::nullopt : std::optional<gluster::VolumeInfo>(*master));
  if (report.namedVolumeMissing) {
    throw CommandError(ErrorCode::kNotFound,
                       "secondary volume " + session.secondaryVolume + " does not exist in cluster " +
                           report.secondaryCluster->name + " (of host " + session.secondaryHost + ")",
                       "secondary_volume");
  }
  std::vector<EligibilityReason> blocking;
  for (const auto& c : report.candidates) {
    for (auto& r : c.blockingReasons()) blocking.push_back(std::move(r));
  }
  if (!blocking.empty() && !force) {
    throw CommandError(ErrorCode::kConflict,
                       "secondary volume " + session.secondaryVolume + " on " + session.secondaryHost +
                           " is not eligible: " + reasonsSummary(blocking) + " (force=true overrides)",
                       {}, nlohmann::json{{"reasons", reasonsJson(blocking)}});
  }
  return {reasonsJson(blocking), std::move(lock)};
}

std::vector<api::RouteSpec> eligibilityRouteSpecs() {
  api::RouteSpec spec = api::makeRoute(
      "GET", "/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-eligibility", "georep.session.eligibility",
      "The candidate secondary volumes on ?secondary_host= for a session from this master volume, each with every "
      "reason it is not eligible (?secondary_user=, ?secondary_volume= to judge one).");
  spec.params = {api::pathParam("cluster"), api::pathParam("volume", "master_volume"),
                 api::queryParam("secondary_host"), api::queryParam("secondary_user"),
                 api::queryParam("secondary_volume")};
  spec.xml = {"georeplication_eligibility", {}, {}, {}};
  spec.resultSchema = eligibilitySchema();
  return {std::move(spec)};
}

nlohmann::json eligibilitySchema() {
  const nlohmann::json candidate = {
      {"type", "object"},
      {"required", {"volume", "cluster", "eligible", "reasons"}},
      {"properties",
       {{"volume", {{"type", "string"}}},
        {"cluster", {{"type", {"string", "null"}}}},
        {"eligible", {{"type", "boolean"}, {"description", "No blocking reason."}}},
        {"reasons", {{"type", "array"}, {"items", reasonSchema()}}}}}};
  return {{"type", "object"},
          {"required", {"master_volume", "secondary_host", "secondary_user", "secondary_cluster", "candidates"}},
          {"properties",
           {{"master_volume", {{"type", "string"}}},
            {"secondary_host", {{"type", "string"}}},
            {"secondary_user", {{"type", "string"}}},
            {"secondary_cluster",
             {{"type", {"string", "null"}},
              {"description", "The registered cluster the secondary host belongs to; null = none (not read)."}}},
            {"candidates", {{"type", "array"}, {"items", candidate}}}}}};
}

nlohmann::json withEligibilityOverridden(nlohmann::json sessionSchema) {
  sessionSchema["properties"]["eligibility_overridden"] = {
      {"type", "array"},
      {"items", reasonSchema()},
      {"description", "The blocking eligibility reasons force=true overrode (empty when none)."}};
  return sessionSchema;
}

}  // namespace georep::commands
