// The credentials file of `georepctl login`: created private (directory 0700, file 0600), replaced
// atomically, and refused (never read) when another user could have read or planted it.
#include "cli/credentials_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

namespace fs = std::filesystem;

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

ino_t inodeOf(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_ino;
}

class CredentialsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = fs::temp_directory_path() / "georepctl-cred.XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
    dir_ = root_ / "config" / "georep";
    file_ = dir_ / "credentials.json";
  }
  void TearDown() override { fs::remove_all(root_); }

  Credentials sample(const std::string& token = "grt_first") const {
    return Credentials{"http://127.0.0.1:8470", "alice", token, "2026-12-01T15:00:00Z"};
  }

  fs::path root_, dir_, file_;
};

TEST_F(CredentialsStoreTest, SaveCreatesAPrivateDirectoryAndFileThatLoadReadsBack) {
  const CredentialsStore store(file_);
  EXPECT_FALSE(store.load().has_value()) << "no file yet: nothing, not an error";
  store.save(sample());
  EXPECT_EQ(modeOf(dir_), 0700u);
  EXPECT_EQ(modeOf(file_), 0600u);
  const auto loaded = store.load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->url, "http://127.0.0.1:8470");
  EXPECT_EQ(loaded->user, "alice");
  EXPECT_EQ(loaded->token, "grt_first");
  EXPECT_EQ(loaded->expiresAt, "2026-12-01T15:00:00Z");
}

TEST_F(CredentialsStoreTest, AnExistingDirectoryReadableByOthersIsTightenedTo0700) {
  fs::create_directories(dir_);
  ::chmod(dir_.c_str(), 0755);
  CredentialsStore(file_).save(sample());
  EXPECT_EQ(modeOf(dir_), 0700u);
}

TEST_F(CredentialsStoreTest, SaveReplacesTheFileByRenameLeavingNoTemporaryFile) {
  const CredentialsStore store(file_);
  store.save(sample("grt_first"));
  const ino_t before = inodeOf(file_);
  store.save(sample("grt_second"));
  EXPECT_NE(inodeOf(file_), before) << "a new file renamed over the old one, not the old one rewritten in place";
  EXPECT_EQ(store.load()->token, "grt_second");
  EXPECT_EQ(modeOf(file_), 0600u);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "credentials.json") << "left over: " << e.path();
  }
  EXPECT_EQ(entries, 1u);
}

TEST_F(CredentialsStoreTest, AFileOthersCanReadIsRefusedWithTheFix) {
  const CredentialsStore store(file_);
  store.save(sample());
  for (mode_t mode : {0640, 0604, 0660}) {
    ::chmod(file_.c_str(), mode);
    try {
      store.load();
      ADD_FAILURE() << "mode " << std::oct << mode << " was accepted";
    } catch (const CredentialsError& e) {
      EXPECT_NE(std::string(e.what()).find("chmod 600 " + file_.string()), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("grt_first"), std::string::npos) << "the token must not be shown";
    }
  }
}

TEST_F(CredentialsStoreTest, AFileOwnedBySomeoneElseIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the file to another user";
  const CredentialsStore store(file_);
  store.save(sample());
  ASSERT_EQ(::chown(file_.c_str(), 65534, 65534), 0);
  EXPECT_THROW(store.load(), CredentialsError);
}

TEST_F(CredentialsStoreTest, ASymbolicLinkIsNeverFollowed) {
  fs::create_directories(dir_);
  ::chmod(dir_.c_str(), 0700);
  const fs::path target = root_ / "elsewhere.json";
  std::ofstream(target) << R"({"url":"http://127.0.0.1:8470","user":"x","token":"grt_planted"})";
  ::chmod(target.c_str(), 0600);
  fs::create_symlink(target, file_);
  EXPECT_THROW(CredentialsStore(file_).load(), CredentialsError);
}

TEST_F(CredentialsStoreTest, ADirectoryOthersCanWriteIsRefused) {
  const CredentialsStore store(file_);
  store.save(sample());
  ::chmod(dir_.c_str(), 0777);
  EXPECT_THROW(store.load(), CredentialsError);
  EXPECT_THROW(store.save(sample()), CredentialsError);
}

TEST_F(CredentialsStoreTest, AMalformedFileIsAnErrorNotAnEmptyLogin) {
  const CredentialsStore store(file_);
  store.save(sample());
  std::ofstream(file_, std::ios::trunc) << R"({"url":"http://127.0.0.1:8470","user":"alice"})";
  EXPECT_THROW(store.load(), CredentialsError);
  std::ofstream(file_, std::ios::trunc) << "not json";
  EXPECT_THROW(store.load(), CredentialsError);
}

TEST_F(CredentialsStoreTest, RemoveDeletesTheFile) {
  const CredentialsStore store(file_);
  EXPECT_FALSE(store.remove());
  store.save(sample());
  EXPECT_TRUE(store.remove());
  EXPECT_FALSE(fs::exists(file_));
}

TEST_F(CredentialsStoreTest, TheDefaultLocationIsUnderXdgConfigHomeElseHome) {
  const char* oldXdg = std::getenv("XDG_CONFIG_HOME");
  const std::string savedXdg = oldXdg ? oldXdg : "";
  ::setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
  EXPECT_EQ(CredentialsStore::atDefaultLocation().file(), fs::path("/x/cfg/georep/credentials.json"));
  ::unsetenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (home != nullptr)
    EXPECT_EQ(CredentialsStore::atDefaultLocation().file(), fs::path(home) / ".config/georep/credentials.json");
  if (oldXdg) ::setenv("XDG_CONFIG_HOME", savedXdg.c_str(), 1);
}

}  // namespace
}  // namespace georep::cli
