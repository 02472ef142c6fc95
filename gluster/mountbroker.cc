#include "gluster/mountbroker.h"

#include <algorithm>
#include <sstream>

#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::gluster {

void validateGroupName(std::string_view group, std::string_view field) {
  validateUserName(group, field);  // the same POSIX portable name rules
}

void validateAbsolutePath(std::string_view path, std::string_view field) {
  const bool charset = std::all_of(path.begin(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
           c == '_' || c == '-';
  });
  if (path.size() < 2 || path.size() > 255 || path.front() != '/' || !charset ||
      path.find("/../") != std::string_view::npos || path.find("/./") != std::string_view::npos ||
      path.substr(path.size() - 3) == "/..") {
    throw GatewayError(ErrorKind::kInvalidInput,
                       std::string(field) + " must be an absolute path of [A-Za-z0-9/._-] without . or .. parts", 0,
                       0, std::string(field));
  }
}

std::vector<std::string> getentPasswdArgv(const std::string& user) {
  validateUserName(user, "secondary_user");
  return {"getent", "passwd", user};
}
std::vector<std::string> getentGroupArgv(const std::string& group) {
  validateGroupName(group);
  return {"getent", "group", group};
}
std::vector<std::string> groupAddArgv(const std::string& group) {
  validateGroupName(group);
  return {"groupadd", group};
}
std::vector<std::string> userGroupsArgv(const std::string& user) {
  validateUserName(user, "secondary_user");
  return {"id", "-nG", user};
}
std::vector<std::string> addUserToGroupArgv(const std::string& user, const std::string& group) {
  validateUserName(user, "secondary_user");
  validateGroupName(group);
  return {"usermod", "-a", "-G", group, user};
}
std::vector<std::string> mountbrokerSetupArgv(const std::string& root, const std::string& group) {
  validateAbsolutePath(root, "mountbroker_root");
  validateGroupName(group);
  return {"gluster-mountbroker", "setup", root, group};
}
std::vector<std::string> mountbrokerAddArgv(const std::string& volume, const std::string& user) {
  validateVolumeName(volume, "secondary_volume");
  validateUserName(user, "secondary_user");
  return {"gluster-mountbroker", "add", volume, user};
}
std::vector<std::string> readGlusterdVolArgv() { return {"cat", kGlusterdVol}; }
std::vector<std::string> setPemKeysArgv(const std::string& script, const std::string& user,
                                        const std::string& primaryVolume, const std::string& secondaryVolume) {
  validateAbsolutePath(script, "set_pem_keys_script");
  validateUserName(user, "secondary_user");
  validateVolumeName(primaryVolume, "master_volume");
  validateVolumeName(secondaryVolume, "secondary_volume");
  return {script, user, primaryVolume, secondaryVolume};
}

std::optional<std::string> homeOfPasswdEntry(std::string_view getentOutput) {
  const std::string line(getentOutput.substr(0, getentOutput.find('\n')));
  std::vector<std::string> fields;
  for (std::size_t start = 0;;) {
    const auto end = line.find(':', start);
    fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (fields.size() < 7) return std::nullopt;
  try {
    validateAbsolutePath(fields[5], "home");
  } catch (const GatewayError&) {
    return std::nullopt;
  }
  return fields[5];
}

std::vector<std::string> userFindsGlusterArgv(const std::string& user) {
  validateUserName(user, "secondary_user");
  return {"runuser", "-u", user, "--", "sh", "-c", ". /etc/profile >/dev/null 2>&1; command -v gluster"};
}

std::vector<std::string> glusterInProfileArgv() {
  return {"sh", "-c",
          "set -e\n"
          "g=$(command -v gluster); d=${g%/gluster}\n"
          "case \"$d\" in /*) ;; *) echo 'gluster not found as root' >&2; exit 1 ;; esac\n"
          "umask 022\n"
          "{ echo '# Made by georep: geo-replication runs gluster as a non-root secondary user (gverify.sh).'\n"
          "  printf 'case \":$PATH:\" in *\":%s:\"*) ;; *) PATH=\"$PATH:%s\"; export PATH ;; esac\\n' \"$d\" \"$d\"\n"
          "} > \"$1\"\n",
          "georep-profile", kProfileScript};
}

bool groupListed(std::string_view idOutput, std::string_view group) {
  std::istringstream in{std::string(idOutput)};
  std::string g;
  while (in >> g) {
    if (g == group) return true;
  }
  return false;
}

bool mountbrokerConfigured(std::string_view glusterdVol, std::string_view root, std::string_view group,
                           std::string_view volume, std::string_view user) {
  bool rootOk = false;
  bool groupOk = false;
  bool userOk = false;
  std::istringstream in{std::string(glusterdVol)};
  std::string line;
  const std::string userOption = "mountbroker-geo-replication." + std::string(user);
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string option, name, value;
    if (!(words >> option >> name) || option != "option") continue;
    std::getline(words, value);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) value.pop_back();
    if (name == "mountbroker-root") rootOk = value == root;
    if (name == "geo-replication-log-group") groupOk = value == group;
    if (name == userOption) {
      std::istringstream vols(value);
      std::string v;
      while (std::getline(vols, v, ',')) userOk = userOk || v == volume;
    }
  }
  return rootOk && groupOk && userOk;
}

}  // namespace georep::gluster
