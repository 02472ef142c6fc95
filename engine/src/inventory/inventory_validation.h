// Validation of inventory input (cluster names, host addresses, SSH settings) before anything is
// stored. Each check throws api::CommandError kInvalidArgument naming the field and saying what is
// accepted. The rules are strict on purpose: these values end up in argv of gluster and ssh, so no
// shell metacharacter, whitespace, control character or leading '-' gets through, and only a key
// PATH is ever accepted, never key material.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace georep::engine::inventory {

inline constexpr std::size_t kMaxPathLength = 4096;

// ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ (the clusters.name CHECK).
void validateClusterName(std::string_view field, std::string_view name);
// An executable name or absolute path: [A-Za-z0-9/._+-], not starting with '-', no ".." component.
void validateGlusterCommand(std::string_view field, std::string_view command);
// "ssh" or "local".
void validateTransport(std::string_view field, std::string_view transport);
// A DNS name (RFC 1123 labels, at most 253 characters), an IPv4 address or an IPv6 address.
void validateHostAddress(std::string_view field, std::string_view address);
// 1..65535.
void validateSshPort(std::string_view field, std::int64_t port);
// A login name: ^[A-Za-z_][A-Za-z0-9._-]{0,31}$.
void validateSshUser(std::string_view field, std::string_view user);
// Empty (ssh-agent) or an absolute path of [A-Za-z0-9/._+@-] with no ".." component. Key material
// (a PEM/OpenSSH block) is refused with a message saying only a path is stored.
void validateSshKeyPath(std::string_view field, std::string_view path);
// "SHA256:" followed by 43 base64 characters (no padding), as `ssh-keygen -lf` prints it.
void validateHostKeyFingerprint(std::string_view field, std::string_view fingerprint);

}  // namespace georep::engine::inventory
