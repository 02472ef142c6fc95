// Where georepctl's bearer token comes from: --token-file, then GEOREP_TOKEN, then the login's
// credentials file, and only for the server the login was made to.
#include "cli/bearer_token.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

namespace fs = std::filesystem;

class BearerTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("GEOREP_TOKEN");
    std::string templ = fs::temp_directory_path() / "georepctl-token.XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
    store_ = std::make_unique<CredentialsStore>(root_ / "georep" / "credentials.json");
    store_->save(Credentials{"http://127.0.0.1:8470", "alice", "grt_stored", "2026-12-01T15:00:00Z"});
  }
  void TearDown() override {
    ::unsetenv("GEOREP_TOKEN");
    fs::remove_all(root_);
  }

  std::optional<BearerToken> resolve(const std::string& url, const std::string& tokenFile = "") {
    return resolveBearerToken(ServerUrl::parse(url), tokenFile, *store_);
  }

  fs::path writeTokenFile(const std::string& content, mode_t mode) {
    const fs::path file = root_ / "token";
    std::ofstream(file, std::ios::trunc) << content;
    ::chmod(file.c_str(), mode);
    return file;
  }

  fs::path root_;
  std::unique_ptr<CredentialsStore> store_;
};

TEST_F(BearerTokenTest, TheStoredTokenGoesOnlyToTheServerItWasIssuedBy) {
  auto same = resolve("http://127.0.0.1:8470");
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->value, "grt_stored");
  EXPECT_EQ(resolve("http://127.0.0.1:8470/")->value, "grt_stored") << "the same server written differently";
  EXPECT_FALSE(resolve("http://127.0.0.1:8471").has_value()) << "another port is another server";
  EXPECT_FALSE(resolve("http://evil.example.com:8470").has_value());
  EXPECT_FALSE(resolve("http://127.0.0.1:8470/other").has_value()) << "another prefix";
}

TEST_F(BearerTokenTest, GeorepTokenWinsOverTheStoredOneAndTheTokenFileOverBoth) {
  ::setenv("GEOREP_TOKEN", "grt_env\n", 1);
  EXPECT_EQ(resolve("http://127.0.0.1:8470")->value, "grt_env");
  EXPECT_EQ(resolve("http://10.0.0.1:8470")->source, "GEOREP_TOKEN") << "an explicit token is sent where asked";
  const fs::path file = writeTokenFile("grt_file\n", 0600);
  const auto fromFile = resolve("http://127.0.0.1:8470", file.string());
  EXPECT_EQ(fromFile->value, "grt_file");
  EXPECT_EQ(fromFile->source, "--token-file " + file.string());
}

TEST_F(BearerTokenTest, ATokenFileOthersCanReadIsRefused) {
  const fs::path file = writeTokenFile("grt_file\n", 0644);
  EXPECT_THROW(resolve("http://127.0.0.1:8470", file.string()), CredentialsError);
  EXPECT_THROW(resolve("http://127.0.0.1:8470", (root_ / "missing").string()), CredentialsError);
}

TEST_F(BearerTokenTest, ATokenThatWouldBreakTheHeaderIsRefused) {
  EXPECT_TRUE(isWellFormedToken("grt_abcDEF123-_.~"));
  EXPECT_FALSE(isWellFormedToken(""));
  EXPECT_FALSE(isWellFormedToken("grt_a b"));
  EXPECT_FALSE(isWellFormedToken("grt_a\r\nX-Injected: 1"));
  EXPECT_FALSE(isWellFormedToken(std::string(513, 'a')));
  ::setenv("GEOREP_TOKEN", "grt_a\rX-Injected: 1", 1);
  EXPECT_THROW(resolve("http://127.0.0.1:8470"), CredentialsError);
}

TEST_F(BearerTokenTest, NoTokenAnywhereIsNothing) {
  store_->remove();
  EXPECT_FALSE(resolve("http://127.0.0.1:8470").has_value());
}

}  // namespace
}  // namespace georep::cli
