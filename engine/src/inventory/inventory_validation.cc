#include "engine/src/inventory/inventory_validation.h"

#include <arpa/inet.h>

#include <string>

#include "engine/api/command_error.h"

namespace georep::engine::inventory {
namespace {

[[noreturn]] void refuse(std::string_view field, const std::string& message) {
  throw api::invalidArgument(std::string(field), std::string(field) + " " + message);
}

bool isAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool onlyChars(std::string_view text, std::string_view extra) {
  for (char c : text)
    if (!isAlnum(c) && extra.find(c) == std::string_view::npos) return false;
  return true;
}

bool hasDotDotComponent(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

bool isDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.back() == '.') name.remove_suffix(1);  // a fully qualified name with its root dot
  std::size_t start = 0;
  bool allDigitsAndDots = true;
  while (true) {
    const auto dot = name.find('.', start);
    const auto label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!isAlnum(c) && c != '-') return false;
      if (!(c >= '0' && c <= '9')) allDigitsAndDots = false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // "1.2.3.999" is neither a valid IPv4 address nor a sensible host name.
  return !allDigitsAndDots;
}

}  // namespace

void validateClusterName(std::string_view field, std::string_view name) {
  if (name.empty()) refuse(field, "must not be empty");
  if (name.size() > 64) refuse(field, "must be at most 64 characters");
  if (!isAlnum(name.front()) || !onlyChars(name, "._-"))
    refuse(field, "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'");
}

void validateGlusterCommand(std::string_view field, std::string_view command) {
  if (command.empty()) refuse(field, "must not be empty");
  if (command.size() > kMaxPathLength) refuse(field, "is too long");
  if (command.front() == '-') refuse(field, "must not start with '-'");
  if (!onlyChars(command, "/._+-"))
    refuse(field, "must be an executable name or absolute path of letters, digits, '/', '.', '_', '+' and '-' "
                  "(no spaces or shell characters)");
  if (command.find('/') != std::string_view::npos && command.front() != '/')
    refuse(field, "must be a bare executable name or an absolute path");
  if (hasDotDotComponent(command)) refuse(field, "must not contain a '..' component");
}

void validateTransport(std::string_view field, std::string_view transport) {
  if (transport != "ssh" && transport != "local") refuse(field, "must be 'ssh' or 'local'");
}

void validateHostAddress(std::string_view field, std::string_view address) {
  if (address.empty()) refuse(field, "must not be empty");
  const std::string text(address);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return;
  if (!isDnsName(address))
    refuse(field, "must be a DNS name (letters, digits, '-' and '.', at most 253 characters), an IPv4 or an "
                  "IPv6 address");
}

void validateSshPort(std::string_view field, std::int64_t port) {
  if (port < 1 || port > 65535) refuse(field, "must be between 1 and 65535");
}

void validateSshUser(std::string_view field, std::string_view user) {
  if (user.empty()) refuse(field, "must not be empty");
  if (user.size() > 32) refuse(field, "must be at most 32 characters");
  const char first = user.front();
  if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_') || !onlyChars(user, "._-"))
    refuse(field, "must start with a letter or '_' and contain only letters, digits, '.', '_' and '-'");
}

void validateSshKeyPath(std::string_view field, std::string_view path) {
  if (path.empty()) return;  // ssh-agent only
  if (path.find("-----BEGIN") != std::string_view::npos || path.find('\n') != std::string_view::npos)
    refuse(field, "must be the path of the private key file on the engine host, not the key itself "
                  "(key material is never stored)");
  if (path.size() > kMaxPathLength) refuse(field, "is too long");
  if (path.front() != '/') refuse(field, "must be an absolute path");
  if (!onlyChars(path, "/._+@-"))
    refuse(field, "must contain only letters, digits, '/', '.', '_', '+', '@' and '-' (no spaces or shell "
                  "characters)");
  if (hasDotDotComponent(path)) refuse(field, "must not contain a '..' component");
  if (path.back() == '/') refuse(field, "must name a file, not a directory");
}

void validateHostKeyFingerprint(std::string_view field, std::string_view fingerprint) {
  constexpr std::string_view kPrefix = "SHA256:";
  constexpr std::size_t kDigestChars = 43;  // 32 bytes in unpadded base64
  const std::string hint =
      "must be a SHA256 host-key fingerprint as `ssh-keyscan HOST | ssh-keygen -lf -` prints it "
      "(SHA256: followed by 43 base64 characters)";
  if (fingerprint.substr(0, kPrefix.size()) != kPrefix) refuse(field, hint);
  const auto digest = fingerprint.substr(kPrefix.size());
  if (digest.size() != kDigestChars || !onlyChars(digest, "+/")) refuse(field, hint);
}

}  // namespace georep::engine::inventory
