// The engine refuses to start on a config file, or allow-listed program or key, that someone other than
// root (or the engine's user) could change: files made in a private temp dir, chmod/chown'ed (chown needs
// root: those cases are skipped otherwise). Also the allow-list's parsing and name lookups.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/api/command_error.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/config/config_file_check.h"
#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uid_t kNobody = 65534;

class ConfigFileCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Under the build tree (root-owned, not world-writable parents), not /tmp (1777): the allow-list check
    // also checks every directory above an allow-listed file.
    std::string tmpl = (fs::path(GEOREP_TEST_BINARY_DIR) / "georep_cfgcheck_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;  // mkdtemp: mode 0700, owned by us
    uid_ = ::geteuid();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path write(const fs::path& path, const std::string& text, mode_t mode) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  // The ConfigError message `f` throws ("" and a test failure when it throws none).
  template <typename F>
  std::string errorOf(F&& f) {
    try {
      f();
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no ConfigError";
    return {};
  }
  bool isRoot() const { return uid_ == 0; }

  fs::path dir_;
  uid_t uid_ = 0;
};

TEST_F(ConfigFileCheckTest, AConfigFileOnlyItsOwnerCanWriteIsAccepted) {
  const auto file = write(dir_ / "engine.json", "{}", 0600);
  EXPECT_NO_THROW(checkConfigFileTrusted(file, uid_));
  ::chmod(file.c_str(), 0644);
  EXPECT_NO_THROW(checkConfigFileTrusted(file, uid_));
}

TEST_F(ConfigFileCheckTest, AGroupOrWorldWritableConfigFileOrDirectoryIsRefusedNamingIt) {
  const auto file = write(dir_ / "engine.json", "{}", 0664);
  std::string e = errorOf([&] { checkConfigFileTrusted(file, uid_); });
  EXPECT_NE(e.find(file.string()), std::string::npos) << e;
  EXPECT_NE(e.find("writable by group or others"), std::string::npos) << e;
  ::chmod(file.c_str(), 0602);
  EXPECT_NE(errorOf([&] { checkConfigFileTrusted(file, uid_); }).find("0602"), std::string::npos);
  ::chmod(file.c_str(), 0600);
  ::chmod(dir_.c_str(), 0777);
  e = errorOf([&] { checkConfigFileTrusted(file, uid_); });
  EXPECT_NE(e.find("directory"), std::string::npos) << e;
  EXPECT_NE(e.find(dir_.string()), std::string::npos) << e;
  ::chmod(dir_.c_str(), 01777);  // sticky like /tmp: still refused (anyone may create the file first)
  EXPECT_FALSE(errorOf([&] { checkConfigFileTrusted(file, uid_); }).empty());
  ::chmod(dir_.c_str(), 0700);
  EXPECT_NO_THROW(checkConfigFileTrusted(file, uid_));
}

TEST_F(ConfigFileCheckTest, AConfigFileOwnedBySomeoneElseIsRefused) {
  if (!isRoot()) GTEST_SKIP() << "chown needs root";
  const auto file = write(dir_ / "engine.json", "{}", 0600);
  ASSERT_EQ(::chown(file.c_str(), kNobody, kNobody), 0);
  const std::string e = errorOf([&] { checkConfigFileTrusted(file, uid_); });
  EXPECT_NE(e.find("owned by uid 65534"), std::string::npos) << e;
  // The engine's own user may own it (an engine that does not run as root).
  EXPECT_NO_THROW(checkConfigFileTrusted(file, kNobody));
  ASSERT_EQ(::chown(file.c_str(), 0, 0), 0);
  ASSERT_EQ(::chown(dir_.c_str(), kNobody, kNobody), 0);
  EXPECT_NE(errorOf([&] { checkConfigFileTrusted(file, uid_); }).find("directory"), std::string::npos);
}

TEST_F(ConfigFileCheckTest, ASymlinkedConfigFileIsCheckedWhereItPoints) {
  const auto target = write(dir_ / "real" / "engine.json", "{}", 0666);
  fs::create_symlink(target, dir_ / "engine.json");
  EXPECT_NE(errorOf([&] { checkConfigFileTrusted(dir_ / "engine.json", uid_); }).find("writable"), std::string::npos);
}

TEST_F(ConfigFileCheckTest, LoadEngineConfigRefusesToStartOnAWritableFile) {
  const auto file = write(dir_ / "engine.json", R"({"database": {"connect": "dbname=g"}})", 0666);
  const auto env = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_NE(errorOf([&] { loadEngineConfig(file, env); }).find("writable by group or others"), std::string::npos);
  ::chmod(file.c_str(), 0600);
  EXPECT_EQ(loadEngineConfig(file, env).databaseConnect, "dbname=g");
}

AllowList allowOf(const json& section) { return AllowList::fromJson(&section, [] { return std::nullopt; }); }

TEST_F(ConfigFileCheckTest, AllowListedProgramsAndKeysMustBeSafe) {
  const auto gluster = write(dir_ / "bin" / "gluster", "#!/bin/sh\n", 0755);
  const auto key = write(dir_ / "keys" / "id_lab", "key", 0600);
  ::chmod((dir_ / "bin").c_str(), 0755);
  ::chmod((dir_ / "keys").c_str(), 0700);
  const json ok{{"gluster_commands", {{"lab", gluster.string()}}}, {"ssh_keys", {{"lab", key.string()}}}};
  // Every directory above the files must be safe too: the temp dir's parents (e.g. /tmp) may not be.
  const bool parentsSafe = [&] {
    for (auto d = dir_.parent_path();; d = d.parent_path()) {
      struct stat st {};
      if (::stat(d.c_str(), &st) != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) || (st.st_uid != 0 && st.st_uid != uid_))
        return false;
      if (d == d.root_path()) return true;
    }
  }();
  if (!parentsSafe) {
    const std::string e = errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); });
    EXPECT_NE(e.find("directory"), std::string::npos) << e;  // e.g. /tmp (1777) above the temp dir
    GTEST_SKIP() << "the temp dir's parents are writable by others (" << e << ")";
  }
  EXPECT_NO_THROW(checkAllowListTrusted(allowOf(ok), uid_));

  ::chmod(key.c_str(), 0640);
  std::string e = errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); });
  EXPECT_NE(e.find("allow.ssh_keys.lab"), std::string::npos) << e;
  EXPECT_NE(e.find("readable by group or others"), std::string::npos) << e;
  ::chmod(key.c_str(), 0600);

  ::chmod(gluster.c_str(), 0775);
  e = errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); });
  EXPECT_NE(e.find("allow.gluster_commands.lab"), std::string::npos) << e;
  EXPECT_NE(e.find("writable by group or others"), std::string::npos) << e;
  ::chmod(gluster.c_str(), 0644);
  EXPECT_NE(errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); }).find("not executable"), std::string::npos);
  ::chmod(gluster.c_str(), 0755);

  ::chmod((dir_ / "bin").c_str(), 0777);  // the directory holding the program
  e = errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); });
  EXPECT_NE(e.find((dir_ / "bin").string()), std::string::npos) << e;
  ::chmod((dir_ / "bin").c_str(), 0755);

  const json missing{{"ssh_keys", {{"gone", (dir_ / "keys" / "nope").string()}}}};
  EXPECT_NE(errorOf([&] { checkAllowListTrusted(allowOf(missing), uid_); }).find("allow.ssh_keys.gone"),
            std::string::npos);
  const json directory{{"gluster_commands", {{"d", (dir_ / "bin").string()}}}};
  EXPECT_NE(errorOf([&] { checkAllowListTrusted(allowOf(directory), uid_); }).find("not a regular file"),
            std::string::npos);

  if (isRoot()) {
    ASSERT_EQ(::chown(key.c_str(), kNobody, kNobody), 0);
    EXPECT_NE(errorOf([&] { checkAllowListTrusted(allowOf(ok), uid_); }).find("owned by uid 65534"), std::string::npos);
  }
}

TEST(AllowList, BuiltInGlusterAndNamedEntries) {
  const AllowList builtins = AllowList::fromJson(nullptr, [] { return std::optional<std::string>("/sbin/gluster"); });
  EXPECT_EQ(builtins.glusterCommandPath("gluster_command", "gluster"), "/sbin/gluster");
  const AllowList none = AllowList::fromJson(nullptr, [] { return std::nullopt; });
  EXPECT_EQ(none.glusterCommandPath("gluster_command", "gluster"), "/usr/sbin/gluster");  // packaged location
  EXPECT_TRUE(none.sshKeys().empty());

  const json section{{"gluster_commands", {{"gluster", "/opt/gluster/sbin/gluster"}, {"v11", "/opt/g11/gluster"}}},
                     {"ssh_keys", {{"lab", "/var/lib/georep-lab/ssh/id_lab"}}}};
  const AllowList list = allowOf(section);
  EXPECT_EQ(list.glusterCommandPath("gluster_command", "gluster"), "/opt/gluster/sbin/gluster");  // overridden
  EXPECT_EQ(list.glusterCommandPath("gluster_command", "v11"), "/opt/g11/gluster");
  EXPECT_EQ(list.sshKeyPath("ssh_key", "lab"), "/var/lib/georep-lab/ssh/id_lab");
  EXPECT_EQ(list.sshKeyName("/var/lib/georep-lab/ssh/id_lab"), "lab");
  EXPECT_EQ(list.sshKeyName("/etc/shadow"), std::nullopt);
}

TEST(AllowList, UnknownNamesAndPathsAreInvalidArgumentsNamingTheParameter) {
  const AllowList list = allowOf(json{{"ssh_keys", {{"lab", "/k/id"}}}});
  for (const char* name : {"/tmp/x.sh", "/usr/sbin/gluster", "x", "../gluster", ""}) {
    try {
      list.glusterCommandPath("gluster_command", name);
      ADD_FAILURE() << name;
    } catch (const api::CommandError& e) {
      EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), "gluster_command");
      EXPECT_NE(std::string(e.what()).find("names: gluster"), std::string::npos) << e.what();
    }
  }
  try {
    list.sshKeyPath("ssh_key", "/etc/shadow");
    ADD_FAILURE();
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.field(), "ssh_key");
    EXPECT_NE(std::string(e.what()).find("never a path"), std::string::npos) << e.what();
  }
}

TEST(AllowList, BadSectionsAreConfigErrorsNamingTheEntry) {
  const auto errorOf = [](const json& section) -> std::string {
    try {
      allowOf(section);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_NE(errorOf(json{{"gluster_commands", {{"x", "gluster"}}}}).find("allow.gluster_commands.x"), std::string::npos);
  EXPECT_NE(errorOf(json{{"gluster_commands", {{"x", "/a/../b"}}}}).find("'..'"), std::string::npos);
  EXPECT_NE(errorOf(json{{"ssh_keys", {{"x", "/a b"}}}}).find("allow.ssh_keys.x"), std::string::npos);
  EXPECT_NE(errorOf(json{{"ssh_keys", {{"x y", "/a"}}}}).find("name"), std::string::npos);
  EXPECT_NE(errorOf(json{{"ssh_keys", {{"x", 1}}}}).find("path string"), std::string::npos);
  EXPECT_NE(errorOf(json{{"programs", json::object()}}).find("allow.programs"), std::string::npos);
  EXPECT_NE(errorOf(json::array()).find("object"), std::string::npos);
}

TEST(AllowList, EngineConfigReadsTheAllowSection) {
  const json file{{"database", {{"connect", "dbname=g"}}}, {"allow", {{"ssh_keys", {{"lab", "/k/id"}}}}}};
  const auto config = makeEngineConfig(file, {}, [](const char*) -> std::optional<std::string> { return std::nullopt; });
  EXPECT_EQ(config.allow.sshKeyPath("ssh_key", "lab"), "/k/id");
  EXPECT_EQ(config.allow.glusterCommands().count("gluster"), 1u);
}

}  // namespace
}  // namespace georep::engine
