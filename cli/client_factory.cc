#include "cli/client_factory.h"

#include "cli/bearer_token.h"

namespace georep::cli {

HttpClient makeAnonymousClient(const Settings& s) {
  return HttpClient(ServerUrl::parse(s.url),
                    std::chrono::milliseconds(static_cast<long long>(s.timeoutSeconds * 1000.0)));
}

HttpClient makeClient(const Settings& s, const CredentialsStore& store) {
  HttpClient client = makeAnonymousClient(s);
  if (auto token = resolveBearerToken(client.url(), s.tokenFile, store)) client.setBearerToken(std::move(token->value));
  return client;
}

}  // namespace georep::cli
