#include "engine/src/config/config_file_check.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/src/config/allow_list.h"
#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

std::string octalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string ownerText(uid_t engineUid) {
  return engineUid == 0 ? std::string("root") : "root or uid " + std::to_string(engineUid) + " (the engine's user)";
}

struct stat statOrThrow(const std::filesystem::path& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw ConfigError("config: " + what + " " + path.string() + " cannot be checked: " + std::strerror(errno));
  }
  return st;
}

// Owned by root or the engine's uid, not writable by group or others.
void checkOwnerAndMode(const std::filesystem::path& path, const struct stat& st, uid_t engineUid,
                       const std::string& what) {
  if (st.st_uid != 0 && st.st_uid != engineUid) {
    throw ConfigError("config: " + what + " " + path.string() + " is owned by uid " + std::to_string(st.st_uid) +
                      ", not by " + ownerText(engineUid) + ": whoever owns it could make the engine run or read "
                      "anything (chown root " + path.string() + ")");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw ConfigError("config: " + what + " " + path.string() + " is writable by group or others (mode " +
                      octalMode(st.st_mode) + "): whoever can change it could make the engine run or read anything "
                      "(chmod go-w " + path.string() + ")");
  }
}

void checkDirectory(const std::filesystem::path& dir, uid_t engineUid, const std::string& what) {
  const struct stat st = statOrThrow(dir, "the directory of " + what);
  checkOwnerAndMode(dir, st, engineUid, "the directory of " + what);
}

void checkAllowedFile(const std::string& entry, const AllowedPath& allowed, bool isKey, uid_t engineUid) {
  const std::filesystem::path path(allowed.path);
  const std::string what = entry + " (" + allowed.path + ")";
  if (!path.is_absolute()) throw ConfigError("config: " + entry + ": '" + allowed.path + "' is not an absolute path");
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec) {
    if (!allowed.fromConfigFile && ec == std::errc::no_such_file_or_directory) return;  // built-in, not local
    throw ConfigError("config: " + entry + ": " + allowed.path + " cannot be used: " + ec.message());
  }
  const struct stat st = statOrThrow(real, entry);
  if (!S_ISREG(st.st_mode)) throw ConfigError("config: " + entry + ": " + allowed.path + " is not a regular file");
  checkOwnerAndMode(real, st, engineUid, entry);
  if (!isKey && (st.st_mode & S_IXUSR) == 0)
    throw ConfigError("config: " + entry + ": " + allowed.path + " is not executable");
  if (isKey && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw ConfigError("config: " + entry + ": the private key " + allowed.path + " is readable by group or others (mode " +
                      octalMode(st.st_mode) + "): chmod 600 " + allowed.path);
  }
  for (auto dir = real.parent_path();; dir = dir.parent_path()) {
    checkDirectory(dir, engineUid, what);
    if (dir == dir.root_path()) break;
  }
}

}  // namespace

void checkConfigFileTrusted(const std::filesystem::path& file, uid_t engineUid) {
  const std::filesystem::path absolute = std::filesystem::absolute(file);
  const struct stat st = statOrThrow(absolute, "file");
  if (!S_ISREG(st.st_mode)) throw ConfigError("config: " + absolute.string() + " is not a regular file");
  checkOwnerAndMode(absolute, st, engineUid, "file");
  checkDirectory(absolute.parent_path(), engineUid, "the config file " + absolute.string());
  std::error_code ec;
  const auto real = std::filesystem::canonical(absolute, ec);
  if (!ec && real != absolute) {  // a symbolic link: the file it names and that file's directory too
    checkOwnerAndMode(real, statOrThrow(real, "file"), engineUid, "file");
    checkDirectory(real.parent_path(), engineUid, "the config file " + real.string());
  }
}

void checkAllowListTrusted(const AllowList& allow, uid_t engineUid) {
  for (const auto& [name, entry] : allow.glusterCommands())
    checkAllowedFile("allow.gluster_commands." + name, entry, /*isKey=*/false, engineUid);
  for (const auto& [name, entry] : allow.sshKeys())
    checkAllowedFile("allow.ssh_keys." + name, entry, /*isKey=*/true, engineUid);
}

}  // namespace georep::engine
