// gluster-mountbroker, as GlusterFS documents it for non-root geo-replication secondaries, as argv for a
// Transport to a destination node (root access: the node is a host of a cluster in georep's inventory):
//   getent passwd USER / getent group GROUP / groupadd GROUP / id -nG USER / usermod -a -G GROUP USER,
//   gluster-mountbroker setup ROOT GROUP, gluster-mountbroker add VOLUME USER,
//   then a glusterd restart per node (the admin-configured argv), and after `create push-pem`:
//   set_geo_rep_pem_keys.sh USER PRIMARY SECONDARY.
// mountbrokerConfigured() reads glusterd.vol to tell whether a restart is still needed (glusterd reads
// the mountbroker options only when it starts). Every input is validated (GatewayError kInvalidInput).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

inline constexpr const char* kGlusterdVol = "/etc/glusterfs/glusterd.vol";

void validateGroupName(std::string_view group, std::string_view field = "mountbroker_group");
void validateAbsolutePath(std::string_view path, std::string_view field);

std::vector<std::string> getentPasswdArgv(const std::string& user);
std::vector<std::string> getentGroupArgv(const std::string& group);
std::vector<std::string> groupAddArgv(const std::string& group);
std::vector<std::string> userGroupsArgv(const std::string& user);
std::vector<std::string> addUserToGroupArgv(const std::string& user, const std::string& group);
std::vector<std::string> mountbrokerSetupArgv(const std::string& root, const std::string& group);
std::vector<std::string> mountbrokerAddArgv(const std::string& volume, const std::string& user);
std::vector<std::string> readGlusterdVolArgv();
std::vector<std::string> setPemKeysArgv(const std::string& script, const std::string& user,
                                        const std::string& primaryVolume, const std::string& secondaryVolume);

// The home directory of `getent passwd USER` output (field 6), when it is a plain absolute path.
std::optional<std::string> homeOfPasswdEntry(std::string_view getentOutput);

// gverify.sh (glusterd's create check) runs `gluster --version` as the secondary user after sourcing
// /etc/profile; Debian's /etc/profile leaves /usr/sbin (where gluster is) out of a non-root PATH. The check
// (exit 0 when found) and the fix: /etc/profile.d/glusterfs-georep.sh adding the directory of root's
// `gluster` to PATH (fixed text; the directory comes from the node, not from input).
std::vector<std::string> userFindsGlusterArgv(const std::string& user);
std::vector<std::string> glusterInProfileArgv();
inline constexpr const char* kProfileScript = "/etc/profile.d/glusterfs-georep.sh";

// True when `id -nG` output lists the group.
bool groupListed(std::string_view idOutput, std::string_view group);

// True when glusterd.vol (its text) has mountbroker-root ROOT, geo-replication-log-group GROUP and
// mountbroker-geo-replication.USER listing VOLUME: the options glusterd must have been started with.
bool mountbrokerConfigured(std::string_view glusterdVol, std::string_view root, std::string_view group,
                           std::string_view volume, std::string_view user);

}  // namespace georep::gluster
