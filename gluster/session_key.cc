// Session keys and secondary URLs (gluster/session_key.h).
#include "gluster/session_key.h"

#include <string>

#include "gluster/errors.h"

namespace georep::gluster {

namespace {

[[noreturn]] void badKey(std::string_view why) {
  throw GatewayError(ErrorKind::kMalformedXml, "malformed geo-replication session key: " + std::string(why));
}

bool isUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// Printable, no whitespace, no separators of the key's own grammar beyond what the part may hold.
bool isPlainToken(std::string_view s, std::string_view forbidden) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || forbidden.find(c) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

SessionKey parseSessionKey(std::string_view raw) {
  // <creator uuid>:ssh://[user@]host::volume:<secondary volume uuid>
  constexpr std::string_view kScheme = ":ssh://";
  if (raw.size() < 36 + kScheme.size() || raw.substr(36, kScheme.size()) != kScheme) {
    badKey("expected \"<uuid>:ssh://[user@]host::volume:<uuid>\"");
  }
  SessionKey key;
  key.raw.assign(raw);
  const std::string_view creator = raw.substr(0, 36);
  if (!isUuid(creator)) badKey("creator node uuid is not a uuid");
  key.creatorUuid.assign(creator);

  std::string_view rest = raw.substr(36 + kScheme.size());  // [user@]host::volume:<uuid>
  const std::size_t lastColon = rest.rfind(':');
  if (lastColon == std::string_view::npos || lastColon == 0 || rest[lastColon - 1] == ':') {
    badKey("no secondary volume uuid");
  }
  const std::string_view volumeUuid = rest.substr(lastColon + 1);
  if (!isUuid(volumeUuid)) badKey("secondary volume uuid is not a uuid");
  key.secondaryVolumeUuid.assign(volumeUuid);
  rest = rest.substr(0, lastColon);  // [user@]host::volume

  const std::size_t sep = rest.rfind("::");
  if (sep == std::string_view::npos) badKey("secondary is not \"host::volume\"");
  const std::string_view volume = rest.substr(sep + 2);
  std::string_view host = rest.substr(0, sep);
  if (!isPlainToken(volume, ":@/")) badKey("bad secondary volume name");

  key.secondaryUser = "root";
  if (const std::size_t at = host.find('@'); at != std::string_view::npos) {
    const std::string_view user = host.substr(0, at);
    if (!isPlainToken(user, ":@/")) badKey("bad secondary user");
    key.secondaryUser.assign(user);
    host = host.substr(at + 1);
  }
  if (!isPlainToken(host, "@/")) badKey("bad secondary host");
  key.secondaryHost.assign(host);
  key.secondaryVolume.assign(volume);
  return key;
}

std::string formatSecondaryUrl(std::string_view user, std::string_view host, std::string_view volume) {
  std::string url;
  url.reserve(user.size() + host.size() + volume.size() + 3);
  if (!user.empty() && user != "root") {
    url.append(user);
    url += '@';
  }
  url.append(host);
  url += "::";
  url.append(volume);
  return url;
}

}  // namespace georep::gluster
