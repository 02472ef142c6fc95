// maskConnectString: passwords never reach logs.
#include <gtest/gtest.h>

#include "engine/src/db/connect_string.h"

namespace georep::engine {
namespace {

TEST(MaskConnectString, MasksKeywordPasswords) {
  EXPECT_EQ(maskConnectString("dbname=georep user=app password=s3cret host=db"),
            "dbname=georep user=app password=*** host=db");
  EXPECT_EQ(maskConnectString("password='it\\'s a secret' user=app"), "password=*** user=app");
  EXPECT_EQ(maskConnectString("password='it''s a secret' user=app"), "password=*** user=app");
  EXPECT_EQ(maskConnectString("user=app password = 'a \\' b' host=x"), "user=app password = *** host=x");
  EXPECT_EQ(maskConnectString("dbname=georep user=postgres host=/tmp/s"), "dbname=georep user=postgres host=/tmp/s");
}

TEST(MaskConnectString, MasksUriPasswords) {
  EXPECT_EQ(maskConnectString("postgresql://app:s3cret@db:5432/georep"), "postgresql://app:***@db:5432/georep");
  EXPECT_EQ(maskConnectString("postgres://app@db/georep?password=s3cret&sslmode=require"),
            "postgres://app@db/georep?password=***&sslmode=require");
  EXPECT_EQ(maskConnectString("postgresql://db/georep"), "postgresql://db/georep");
}

}  // namespace
}  // namespace georep::engine
