// Argon2id password hashing and token secrets: verify round trip, salts, limits, token shape and hash.
#include <set>

#include <gtest/gtest.h>

#include "engine/api/command_error.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/auth/token_secret.h"

namespace georep::engine::auth {
namespace {

TEST(PasswordHasher, VerifiesTheRightPasswordOnlyAndSaltsEachHash) {
  const std::string hash = hashPassword("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(verifyPassword(hash, "correct horse battery"));
  EXPECT_FALSE(verifyPassword(hash, "correct horse batterY"));
  EXPECT_FALSE(verifyPassword(hash, ""));
  EXPECT_NE(hashPassword("correct horse battery"), hash) << "each hash has its own salt";
  EXPECT_FALSE(verifyPassword("not a hash", "correct horse battery"));
}

TEST(PasswordHasher, RefusesTooShortAndTooLongPasswordsWithoutQuotingThem) {
  try {
    hashPassword("short");
    FAIL() << "a 5-byte password was accepted";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.field(), "password");
    EXPECT_EQ(std::string(e.what()).find("short"), std::string::npos) << e.what();
  }
  EXPECT_THROW(hashPassword(std::string(kMaxPasswordBytes + 1, 'a')), api::CommandError);
  const std::string hash = hashPassword(std::string(kMaxPasswordBytes, 'a'));
  EXPECT_FALSE(verifyPassword(hash, std::string(kMaxPasswordBytes + 1, 'a'))) << "over the limit is refused unhashed";
}

TEST(TokenSecret, IsPrefixedUrlSafeRandomAndHashedToHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = newTokenSecret();
    EXPECT_EQ(token.rfind("grt_", 0), 0u);
    EXPECT_EQ(token.size(), kTokenLength);
    EXPECT_TRUE(looksLikeToken(token)) << token;
    EXPECT_TRUE(seen.insert(token).second);
  }
  const std::string token = *seen.begin();
  EXPECT_EQ(tokenHash(token), tokenHash(token));
  EXPECT_EQ(tokenHash(token).size(), 64u);
  EXPECT_NE(tokenHash(token), tokenHash(*seen.rbegin()));
  // SHA-256("abc"), to pin the algorithm.
  EXPECT_EQ(tokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  for (const std::string& bad : {std::string(""), std::string("grt_"), token.substr(0, token.size() - 1), "xyz_" + token.substr(4),
                                token.substr(0, 10) + "/" + token.substr(11), token + "A"}) {
    EXPECT_FALSE(looksLikeToken(bad)) << bad;
  }
}

}  // namespace
}  // namespace georep::engine::auth
