#include "commands/param_specs.h"

#include <utility>

#include "gluster/input_validation.h"

namespace georep::commands {

api::ParamSpec sessionIdSpec() {
  api::ParamSpec p;
  p.name = "session_id";
  p.type = api::ParamType::kInteger;
  p.required = true;
  p.minimum = 1;
  p.description = "The geo-replication session: its id as returned by georep.session.create and georep.session.list.";
  return p;
}

api::ParamSpec forceSpec(std::string description) {
  api::ParamSpec p;
  p.name = "force";
  p.type = api::ParamType::kBoolean;
  p.description = std::move(description);
  p.defaultValue = false;
  return p;
}

api::ParamSpec clusterSpec(bool required, std::string description) {
  api::ParamSpec p;
  p.name = "cluster";
  p.type = api::ParamType::kString;
  p.required = required;
  p.maxLength = 64;
  p.description = std::move(description);
  return p;
}

api::ParamSpec volumeNameSpec(std::string name, bool required, std::string description) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.type = api::ParamType::kString;
  p.required = required;
  p.maxLength = gluster::kMaxVolumeNameLength;
  p.description = std::move(description);
  return p;
}

api::ParamSpec secondaryHostSpec() {
  api::ParamSpec host;
  host.name = "secondary_host";
  host.required = true;
  host.maxLength = 253;
  host.description = "A node of the secondary cluster: DNS name or IPv4 address, as the master nodes reach it.";
  return host;
}

api::ParamSpec secondaryUserSpec(std::string description) {
  api::ParamSpec user;
  user.name = "secondary_user";
  user.maxLength = 32;
  user.defaultValue = "root";
  user.description = std::move(description);
  return user;
}

}  // namespace georep::commands
