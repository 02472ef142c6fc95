// Input validation for everything that ends up on a gluster command line or in an SSH connection:
// volume names (glusterd's own rules), host names and IP addresses, user names, the gluster executable,
// ports and raw argv elements. Each check throws GatewayError kInvalidInput with `field` naming the
// parameter at fault and a message that shows the offending value escaped and shortened (never raw
// control characters). Config keys and values are checked by gluster/config_keys.h.
// Thread-safety: pure functions; safe to call concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

// glusterd's rules (cli_validate_volname): 1..256 characters of [A-Za-z0-9_-], not starting with '-',
// not one of the words the CLI reserves ("all", "volume", "force", ...).
inline constexpr std::size_t kMaxVolumeNameLength = 256;
void validateVolumeName(std::string_view name, std::string_view field = "volume");

bool isIpv4Address(std::string_view text);
bool isIpv6Address(std::string_view text);
// A DNS name (RFC 1123: labels of [A-Za-z0-9-], 1..63 characters, not starting or ending with '-',
// 253 characters at most), an IPv4 address or an IPv6 address (without brackets).
void validateHostName(std::string_view host, std::string_view field = "host");
// A host usable in a geo-replication secondary URL (host::volume): a DNS name or IPv4 address. IPv6
// literals are refused because gluster splits the URL on "::".
void validateSecondaryHost(std::string_view host, std::string_view field = "secondary_host");

// POSIX portable user names: 1..32 characters of [A-Za-z0-9._-], not starting with '-'.
void validateUserName(std::string_view user, std::string_view field = "user");

// The gluster executable: an absolute path or a plain name, of [A-Za-z0-9._+/-] only, no "..", no
// leading '-', no empty path component, components of at most 255 characters.
void validateGlusterCommand(std::string_view command, std::string_view field = "gluster_command");

// 1..65535.
void validatePort(int port, std::string_view field = "port");

// A non-empty argv whose elements hold no NUL byte (they cannot be passed to exec or over SSH intact).
void validateArgv(const std::vector<std::string>& argv, std::string_view field = "argv");

// The value as it may appear in an error message: control characters and non-ASCII bytes escaped
// (\n, \x1b, ...), cut to `max` characters with "..." appended.
std::string printableValue(std::string_view value, std::size_t max = 64);

}  // namespace georep::gluster
