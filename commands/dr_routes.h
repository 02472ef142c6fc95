// The REST routes of the DR policy commands, under a session resource (register_routes.cc passes the
// session path template and its scope check, so a policy is only reachable under its own cluster/volume):
//   GET    {session}/dr-policy          georep.dr.policy.get
//   POST   {session}/dr-policy          georep.dr.policy.create (201; the body holds the settings)
//   PUT    {session}/dr-policy          georep.dr.policy.update (only the body fields given change)
//   DELETE {session}/dr-policy          georep.dr.policy.delete
//   POST   {session}/dr-policy/pause    georep.dr.policy.pause
//   POST   {session}/dr-policy/resume   georep.dr.policy.resume
//   GET    {session}/dr-runs?limit=N    georep.dr.run.list
//   GET    /api/dr-policies             georep.dr.policy.list
// Body fields are listed one by one (never "every body field"), so a body cannot override session_id.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "engine/api/routes.h"

namespace georep::commands {

std::vector<api::RouteSpec> drPolicyRouteSpecs(const std::string& sessionPath, const api::RouteScope& sessionScope);

}  // namespace georep::commands
