// The brick emptiness probe (gluster/brick_entries.h): its fixed argv, the paths it refuses (hostile
// strings, relative paths, "..", find options), and real runs of find through LocalTransport on brick
// directories laid out as GlusterFS leaves them (.glusterfs, .trashcan, .glusterfs-anonymous-inode-<uuid>).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "gluster/brick_entries.h"
#include "gluster/errors.h"
#include "gluster/local_transport.h"
#include "hostile_strings.h"

namespace georep::gluster {
namespace {

namespace fs = std::filesystem;

class BrickEntriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    brick_ = fs::temp_directory_path() / ("georep-brick-" + std::to_string(::getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(brick_);
    fs::create_directories(brick_ / ".glusterfs" / "00" / "00");
    fs::create_directories(brick_ / ".trashcan" / "internal_op");
    fs::create_directories(brick_ / ".glusterfs-anonymous-inode-a0faa111-2a53-4440-9470-f16d7c585d7b");
    std::ofstream(brick_ / ".glusterfs" / "health_check") << "x";
  }
  void TearDown() override { fs::remove_all(brick_); }

  std::optional<std::string> probe() { return firstBrickEntry(local_, brick_.string(), std::chrono::seconds(10)); }

  fs::path brick_;
  LocalTransport local_;
};

TEST_F(BrickEntriesTest, GlusterfsOwnEntriesOnlyIsEmpty) { EXPECT_EQ(probe(), std::nullopt); }

TEST_F(BrickEntriesTest, AnyOtherEntryIsFound) {
  std::ofstream(brick_ / ".hidden") << "x";
  EXPECT_EQ(probe(), (brick_ / ".hidden").string());
  fs::remove(brick_ / ".hidden");
  fs::create_directory(brick_ / "dir");
  EXPECT_EQ(probe(), (brick_ / "dir").string());
  fs::remove(brick_ / "dir");
  fs::create_symlink("/etc", brick_ / "link");  // listed, never followed
  EXPECT_EQ(probe(), (brick_ / "link").string());
}

TEST_F(BrickEntriesTest, MissingBrickDirectoryIsARefusalWithFindsMessage) {
  fs::remove_all(brick_);
  try {
    probe();
    FAIL() << "no error";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRefused);
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
}

TEST(BrickEntriesArgv, IsFixedButForThePath) {
  EXPECT_EQ(brickEntriesArgv("/bricks/b1"),
            (std::vector<std::string>{"find", "-P", "/bricks/b1", "-mindepth", "1", "-maxdepth", "1", "!", "-name",
                                      ".glusterfs", "!", "-name", ".trashcan", "!", "-name",
                                      ".glusterfs-anonymous-inode-*", "-print", "-quit"}));
}

TEST(BrickEntriesArgv, RefusesPathsItWillNotPassToFind) {
  std::vector<std::string> bad = testing::hostileStrings();
  for (const char* p : {"", "bricks/b1", "-delete", "/bricks/../etc", "/bricks/..", "/a b", "/a;b", "/a\nb",
                        "/a$(id)", "/a*"}) {
    bad.emplace_back(p);
  }
  bad.push_back("/" + std::string(5000, 'a'));
  for (const auto& path : bad) {
    try {
      brickEntriesArgv(path);
      ADD_FAILURE() << "accepted " << path.substr(0, 80);
    } catch (const GatewayError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << path.substr(0, 80);
      EXPECT_EQ(e.field(), "brick_path");
    }
  }
  EXPECT_NO_THROW(brickEntriesArgv("/var/lib/georep-lab/bricks/labsecondary1-1"));
  EXPECT_NO_THROW(brickEntriesArgv("/data/glusterfs/vol_a@b,c=d+e:f/brick..x"));
}

}  // namespace
}  // namespace georep::gluster
