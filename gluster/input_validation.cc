#include "gluster/input_validation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "gluster/errors.h"

namespace georep::gluster {
namespace {

[[noreturn]] void refuse(std::string_view field, std::string_view value, std::string_view why) {
  std::string message(field);
  message += " '";
  message += printableValue(value);
  message += "' is invalid: ";
  message += why;
  throw GatewayError(ErrorKind::kInvalidInput, message, 0, 0, std::string(field));
}

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Words the gluster CLI gives a meaning of its own where a volume name is expected.
constexpr std::array<std::string_view, 13> kReservedVolumeNames = {
    "volume",      "type",  "subvolumes", "option",         "end-volume", "all", "volume_not_in_ring",
    "description", "force", "snap-max-hard-limit", "snap-max-soft-limit", "auto-delete",
    "activate-on-create"};

}  // namespace

std::string printableValue(std::string_view value, std::size_t max) {
  std::string out;
  std::size_t shown = 0;
  for (char ch : value) {
    if (shown >= max) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
    ++shown;
  }
  return out;
}

void validateVolumeName(std::string_view name, std::string_view field) {
  if (name.empty()) refuse(field, name, "a volume name is required");
  if (name.size() > kMaxVolumeNameLength) {
    refuse(field, name, "longer than " + std::to_string(kMaxVolumeNameLength) + " characters");
  }
  if (name.front() == '-') refuse(field, name, "a volume name must not start with '-'");
  for (char c : name) {
    if (!isAsciiAlnum(c) && c != '_' && c != '-') {
      refuse(field, name, "volume names hold only letters, digits, '-' and '_'");
    }
  }
  if (std::find(kReservedVolumeNames.begin(), kReservedVolumeNames.end(), name) != kReservedVolumeNames.end()) {
    refuse(field, name, "a word the gluster CLI reserves");
  }
}

bool isIpv4Address(std::string_view text) {
  if (text.empty() || text.size() > 15) return false;
  std::string s(text);
  in_addr addr{};
  return inet_pton(AF_INET, s.c_str(), &addr) == 1;
}

bool isIpv6Address(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  std::string s(text);
  in6_addr addr{};
  return inet_pton(AF_INET6, s.c_str(), &addr) == 1;
}

void validateHostName(std::string_view host, std::string_view field) {
  if (host.empty()) refuse(field, host, "a host name or address is required");
  if (isIpv4Address(host) || isIpv6Address(host)) return;
  if (host.size() > 253) refuse(field, host, "longer than 253 characters");
  bool allNumeric = true;
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = host.find('.', start);
    const std::size_t end = dot == std::string_view::npos ? host.size() : dot;
    const std::string_view label = host.substr(start, end - start);
    if (label.empty()) refuse(field, host, "empty label in host name");
    if (label.size() > 63) refuse(field, host, "a host name label is longer than 63 characters");
    if (label.front() == '-' || label.back() == '-') {
      refuse(field, host, "a host name label must not start or end with '-'");
    }
    for (char c : label) {
      if (!isAsciiAlnum(c) && c != '-') {
        refuse(field, host, "host names hold only letters, digits, '-' and '.' (or give an IP address)");
      }
      if (!isAsciiDigit(c)) allNumeric = false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (allNumeric) refuse(field, host, "not a valid IPv4 address");
}

void validateSecondaryHost(std::string_view host, std::string_view field) {
  if (isIpv6Address(host)) {
    refuse(field, host, "IPv6 literals cannot be used in a geo-replication secondary URL (host::volume); use a host name");
  }
  validateHostName(host, field);
}

void validateUserName(std::string_view user, std::string_view field) {
  if (user.empty()) refuse(field, user, "a user name is required");
  if (user.size() > 32) refuse(field, user, "longer than 32 characters");
  if (user.front() == '-') refuse(field, user, "a user name must not start with '-'");
  for (char c : user) {
    if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != '-') {
      refuse(field, user, "user names hold only letters, digits, '.', '_' and '-'");
    }
  }
}

void validateGlusterCommand(std::string_view command, std::string_view field) {
  if (command.empty()) refuse(field, command, "the gluster executable is required");
  if (command.size() > 4096) refuse(field, command, "longer than 4096 characters");
  if (command.front() == '-') refuse(field, command, "must not start with '-'");
  for (char c : command) {
    if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != '-' && c != '+' && c != '/') {
      refuse(field, command, "an absolute path or a plain name of letters, digits, '.', '_', '+', '-' only");
    }
  }
  const bool hasSlash = command.find('/') != std::string_view::npos;
  if (hasSlash && command.front() != '/') refuse(field, command, "a path must be absolute");
  if (command.find("//") != std::string_view::npos || (hasSlash && command.back() == '/')) {
    refuse(field, command, "empty path component");
  }
  std::size_t start = 0;
  while (start < command.size()) {
    std::size_t end = command.find('/', start);
    if (end == std::string_view::npos) end = command.size();
    const std::string_view part = command.substr(start, end - start);
    if (part == "." || part == "..") refuse(field, command, "'.' and '..' path components are not allowed");
    if (part.size() > 255) refuse(field, command, "a path component is longer than 255 characters");
    start = end + 1;
  }
}

void validatePort(int port, std::string_view field) {
  if (port < 1 || port > 65535) refuse(field, std::to_string(port), "a port is 1..65535");
}

void validateArgv(const std::vector<std::string>& argv, std::string_view field) {
  if (argv.empty() || argv.front().empty()) {
    throw GatewayError(ErrorKind::kInvalidInput, "empty command", 0, 0, std::string(field));
  }
  for (const auto& arg : argv) {
    if (arg.find('\0') != std::string::npos) refuse(field, arg, "an argument holds a NUL byte");
  }
}

}  // namespace georep::gluster
