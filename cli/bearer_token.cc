#include "cli/bearer_token.h"

#include <cstdlib>

#include "cli/secure_file.h"

namespace georep::cli {
namespace {

constexpr std::size_t kMaxTokenBytes = 512;

std::string trimLine(std::string text) {
  const auto eol = text.find_first_of("\r\n");
  if (eol != std::string::npos) text.resize(eol);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
  return text;
}

BearerToken checked(std::string value, std::string source) {
  if (!isWellFormedToken(value))
    throw CredentialsError("the token from " + source + " is malformed (one line of printable characters expected)");
  return BearerToken{std::move(value), std::move(source)};
}

bool sameServer(const std::string& stored, const ServerUrl& server) {
  try {
    return ServerUrl::parse(stored).toString() == server.toString();
  } catch (const UrlError&) {
    return false;
  }
}

}  // namespace

bool isWellFormedToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return false;
  for (char c : token)
    if (c <= ' ' || c > '~') return false;
  return true;
}

std::optional<BearerToken> resolveBearerToken(const ServerUrl& server, const std::string& tokenFile,
                                              const CredentialsStore& store) {
  if (!tokenFile.empty()) {
    const auto text = readPrivateFile(tokenFile, 4096);
    if (!text) throw CredentialsError("--token-file " + tokenFile + " does not exist");
    return checked(trimLine(*text), "--token-file " + tokenFile);
  }
  if (const char* env = std::getenv("GEOREP_TOKEN"); env != nullptr && *env != '\0') {
    std::string value = env;
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    return checked(std::move(value), "GEOREP_TOKEN");
  }
  const auto stored = store.load();
  if (!stored || !sameServer(stored->url, server)) return std::nullopt;
  return checked(stored->token, store.file().string());
}

}  // namespace georep::cli
