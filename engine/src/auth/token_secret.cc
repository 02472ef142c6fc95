#include "engine/src/auth/token_secret.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <sodium.h>

#include "engine/src/auth/password_hasher.h"

namespace georep::engine::auth {

std::string randomBase64Url(std::size_t bytes) {
  ensureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(), kVariant);
  sodium_memzero(raw.data(), raw.size());
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::string newTokenSecret() { return std::string(kTokenPrefix) + randomBase64Url(32); }

bool looksLikeToken(std::string_view token) {
  if (token.size() != kTokenLength || token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return false;
  return std::all_of(token.begin() + static_cast<long>(kTokenPrefix.size()), token.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_';
  });
}

std::string tokenHash(std::string_view token) {
  ensureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

}  // namespace georep::engine::auth
