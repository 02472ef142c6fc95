// The geo-replication config key catalog (gluster/config_keys.h), from GlusterFS 10.3's
// geo-replication/gsyncd.conf.in (keys, types, validations, defaults; @SBIN_DIR@ = /usr/sbin and
// @GLUSTERD_WORKDIR@ = /var/lib/glusterd as packaged), glusterd-geo-rep.c (gsync_reserved_opts) and
// cli-cmd-parser.c (config_parse: "checkpoint now" or "Y-m-d H:M:S").
#include "gluster/config_keys.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>

#include "gluster/errors.h"
#include "gluster/option_list_check.h"

namespace georep::gluster {

namespace {

enum class ValueType {
  kInt,         // decimal digits within [min, max]
  kBool,        // exactly "true" or "false"
  kChoice,      // one of `choices` (comma separated), case-sensitive as gsyncd's validate_choice
  kCheckpoint,  // "now" or "YYYY-MM-DD HH:MM:SS" (the CLI turns it into a Unix time)
  kRootChoice,  // names a program, a directory or program options that root uses on the nodes: only its
                // own default may be set (reset restores it); `why` says what the key names
  kSshOptions,  // ssh options: allow-listed (gluster/option_list_check.h)
  kRsyncOptions,  // rsync options: allow-listed (gluster/option_list_check.h)
  kMountParams,   // glusterfs mount options: allow-listed (gluster/option_list_check.h)
  kArchiveFormat,  // a strftime format that becomes part of a file name: no '/', no '.'
  kText,        // free text
  kFixed,       // not settable (configurable=false in gsyncd.conf.in, or reserved by glusterd)
};

struct KeySpec {
  std::string_view name;  // underscore form
  ValueType type;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::string_view choices = {};
  bool hasDefault = false;
  std::string_view defaultValue = {};
  std::string_view why = {};  // kRootChoice: what the key names, for the refusal
};

constexpr std::int64_t kIntMax = 2147483647;
constexpr std::string_view kLogLevels = "ERROR,INFO,WARNING,DEBUG";

constexpr KeySpec fixed(std::string_view name) { return KeySpec{name, ValueType::kFixed}; }
constexpr KeySpec integer(std::string_view name, std::int64_t min, std::int64_t max, std::string_view def) {
  return KeySpec{name, ValueType::kInt, min, max, {}, true, def};
}
constexpr KeySpec boolean(std::string_view name, std::string_view def) {
  return KeySpec{name, ValueType::kBool, 0, 0, {}, true, def};
}
constexpr KeySpec choice(std::string_view name, std::string_view choices, std::string_view def) {
  return KeySpec{name, ValueType::kChoice, 0, 0, choices, true, def};
}
constexpr KeySpec typed(std::string_view name, ValueType type, std::string_view def) {
  return KeySpec{name, type, 0, 0, {}, true, def};
}
constexpr KeySpec derived(std::string_view name, ValueType type) { return KeySpec{name, type}; }
constexpr KeySpec rootChoice(std::string_view name, std::string_view def, std::string_view why) {
  return KeySpec{name, ValueType::kRootChoice, 0, 0, {}, true, def, why};
}

// Sorted by name (checked at compile time below).
constexpr auto kCatalog = std::to_array<KeySpec>({
    boolean("access_mount", "false"),
    typed("allow_network", ValueType::kText, ""),
    choice("change_detector", "changelog,xsync", "changelog"),
    integer("change_interval", 1, kIntMax, "5"),
    typed("changelog_archive_format", ValueType::kArchiveFormat, "%Y%m"),
    integer("changelog_batch_size", 1, kIntMax, "727040"),
    fixed("changelog_log_file"),
    choice("changelog_log_level", kLogLevels, "INFO"),
    KeySpec{"checkpoint", ValueType::kCheckpoint, 0, 0, {}, true, "0"},
    fixed("cli_log_file"),
    choice("cli_log_level", kLogLevels, "INFO"),
    integer("connection_timeout", 1, kIntMax, "60"),
    fixed("georep_session_working_dir"),
    boolean("gfid_conflict_resolution", "true"),
    rootChoice("gluster_cli_options", "",
               "adds options to the gluster CLI that gsyncd runs as root (they can name log files, sockets and "
               "hosts)"),
    KeySpec{"gluster_command", ValueType::kFixed, 0, 0, {}, true, "gluster"},  // reserved by glusterd
    rootChoice("gluster_command_dir", "/usr/sbin", "names the directory whose gluster program gsyncd runs as root"),
    fixed("gluster_log_file"),
    choice("gluster_log_level", kLogLevels, "INFO"),
    rootChoice("gluster_logdir", "/var/log/glusterfs", "names the directory where root writes gsyncd's logs"),
    typed("gluster_params", ValueType::kMountParams, "aux-gfid-mount acl"),
    rootChoice("gluster_rundir", "/var/run/gluster", "names the directory where root creates sockets and pid files"),
    rootChoice("glusterd_workdir", "/var/lib/glusterd", "names the directory root reads glusterd's state and keys from"),
    rootChoice("gsyncd_miscdir", "/var/lib/misc/gluster/gsyncd", "names the directory where root keeps gsyncd's state"),
    boolean("ignore_deletes", "false"),
    typed("isolated_secondarys", ValueType::kText, ""),
    fixed("local_id"),    // reserved by glusterd
    fixed("local_path"),  // reserved by glusterd
    fixed("log_file"),
    choice("log_level", kLogLevels, "INFO"),
    boolean("log_rsync_performance", "false"),
    integer("max_rsync_retries", 0, kIntMax, "10"),
    rootChoice("meta_volume_mnt", "/run/gluster/shared_storage",
               "names the mount point where root takes its locks and writes"),
    fixed("pid_file"),
    fixed("primary_bricks"),
    fixed("primary_disperse_count"),
    fixed("primary_distribution_count"),
    fixed("primary_replica_count"),
    fixed("primary_volume_id"),
    KeySpec{"remote_gsyncd", ValueType::kRootChoice, 0, 0, {}, false, {},  // derived: the secondary's own gsyncd
            "names the gsyncd program run as root on the secondary nodes"},
    integer("replica_failover_interval", 1, kIntMax, "1"),
    rootChoice("rsync_command", "rsync", "names the rsync program gsyncd runs as root"),
    boolean("rsync_opt_existing", "true"),
    boolean("rsync_opt_ignore_missing_args", "true"),
    typed("rsync_options", ValueType::kRsyncOptions, ""),
    typed("rsync_ssh_options", ValueType::kSshOptions, ""),
    boolean("secondary_access_mount", "false"),
    fixed("secondary_bricks"),
    rootChoice("secondary_gluster_command_dir", "/usr/sbin",
               "names the directory whose gluster program runs as root on the secondary nodes"),
    fixed("secondary_gluster_log_file"),
    fixed("secondary_gluster_log_file_mbr"),
    choice("secondary_gluster_log_level", kLogLevels, "INFO"),
    typed("secondary_gluster_params", ValueType::kMountParams, "aux-gfid-mount acl"),
    fixed("secondary_id"),  // reserved by glusterd
    fixed("secondary_log_file"),
    choice("secondary_log_level", kLogLevels, "INFO"),
    integer("secondary_timeout", 0, kIntMax, "120"),  // 0 disables the check
    fixed("secondary_volume_id"),
    fixed("session_owner"),  // reserved by glusterd
    fixed("socketdir"),      // reserved by glusterd
    choice("special_sync_mode", "normal,partial,recover", ""),  // gsyncd's <Mode>Mixin classes
    rootChoice("ssh_command", "ssh", "names the ssh program gsyncd runs as root"),
    typed("ssh_options", ValueType::kSshOptions,
          "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/secret.pem"),
    typed("ssh_options_tar", ValueType::kSshOptions,
          "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/tar_ssh.pem"),
    integer("ssh_port", 1, 65535, "22"),
    fixed("state_file"),
    KeySpec{"state_socket_unencoded", ValueType::kFixed, 0, 0, {}, true, ""},  // reserved by glusterd
    derived("stime_xattr_prefix", ValueType::kText),  // per session: trusted.glusterfs.<pri uuid>.<sec uuid>
    boolean("sync_acls", "true"),
    integer("sync_jobs", 1, 100, "3"),
    choice("sync_method", "rsync,tarssh", "rsync"),
    boolean("sync_xattrs", "true"),
    rootChoice("tar_command", "tar", "names the tar program gsyncd runs as root"),
    boolean("use_meta_volume", "false"),
    boolean("use_rsync_xattrs", "false"),
    fixed("working_dir"),
});

static_assert(std::is_sorted(kCatalog.begin(), kCatalog.end(),
                             [](const KeySpec& a, const KeySpec& b) { return a.name < b.name; }),
              "kCatalog must be sorted by name");

// Keys glusterd itself refuses to set ("Reserved option"), glusterd-geo-rep.c gsync_reserved_opts.
constexpr std::array<std::string_view, 9> kGlusterdReserved{
    "gluster_command", "pid_file", "state_file", "session_owner", "state_socket_unencoded",
    "socketdir", "local_id", "local_path", "secondary_id"};

constexpr std::size_t kMaxValueLength = 4096;

const KeySpec* find(std::string_view name) {
  auto it = std::lower_bound(kCatalog.begin(), kCatalog.end(), name,
                             [](const KeySpec& s, std::string_view n) { return s.name < n; });
  return (it != kCatalog.end() && it->name == name) ? &*it : nullptr;
}

[[noreturn]] void badKey(std::string message) {
  throw GatewayError(ErrorKind::kInvalidInput, std::move(message), 0, 0, "key");
}

[[noreturn]] void badValue(std::string_view key, std::string message) {
  throw GatewayError(ErrorKind::kInvalidInput, "config " + std::string(key) + ": " + message, 0, 0, "value");
}

bool isDigits(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// Any text that reaches the gluster command line and gsyncd's INI config file. `optionList` is for values
// that are themselves command-line options of rsync/ssh and may start with "--".
void checkCommonText(std::string_view key, std::string_view value, bool optionList = false) {
  if (value.empty()) badValue(key, "empty value (reset the key to restore its default)");
  if (value.size() > kMaxValueLength) badValue(key, "value longer than 4096 bytes");
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) badValue(key, "control characters are not allowed");
  }
  if (!isValidUtf8(value)) badValue(key, "value is not valid UTF-8");
  // The gluster CLI takes every argument starting with "--" as one of its own options up to a "--" word
  // (cli.c parse_cmdline; "--remote-host=X" would redirect it). The argv builder ends the CLI's options
  // with "--"; as a second line of defence only rsync/ssh option lists, which need it, may start so.
  if (!optionList && value.substr(0, 2) == "--") {
    badValue(key, "a value starting with \"--\" would be read by the gluster CLI as an option");
  }
  if (value.front() == ' ' || value.back() == ' ') badValue(key, "leading or trailing spaces are not allowed");
}

bool checkpointTime(std::string_view v) {
  // YYYY-MM-DD HH:MM:SS, the only form (besides "now") cli-cmd-parser.c's strptime accepts.
  if (v.size() != 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' || v[16] != ':') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
    if (v[i] < '0' || v[i] > '9') return false;
  }
  auto num = [&](std::size_t pos, std::size_t n) {
    int x = 0;
    for (std::size_t i = pos; i < pos + n; ++i) x = x * 10 + (v[i] - '0');
    return x;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  const int hour = num(11, 2), minute = num(14, 2), second = num(17, 2);
  if (year < 1971 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int maxDay = kDays[month - 1];
  if (month == 2 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) maxDay = 28;
  return day >= 1 && day <= maxDay;
}

}  // namespace

std::string normalizeConfigKey(std::string_view key) {
  if (key.empty()) badKey("empty config key");
  if (key.size() > 64) badKey("config key longer than 64 characters");
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '-') {
      out += '_';
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      out += c;
    } else {
      badKey("config key may hold only lowercase letters, digits, '-' and '_'");
    }
  }
  if (std::find(kGlusterdReserved.begin(), kGlusterdReserved.end(), out) != kGlusterdReserved.end()) {
    throw GatewayError(ErrorKind::kReservedOption, "config key " + out + " is reserved: glusterd refuses to set it",
                       0, 0, "key");
  }
  const KeySpec* spec = find(out);
  if (!spec) badKey("unknown config key: " + out);
  if (spec->type == ValueType::kFixed) {
    throw GatewayError(ErrorKind::kReservedOption,
                       "config key " + out + " is not configurable (derived by gsyncd from the session)", 0, 0, "key");
  }
  return out;
}

void validateConfigValue(std::string_view normalizedKey, std::string_view value) {
  const KeySpec* spec = find(normalizedKey);
  if (!spec) badKey("unknown config key: " + std::string(normalizedKey));
  const std::string_view key = spec->name;
  switch (spec->type) {
    case ValueType::kFixed:
      throw GatewayError(ErrorKind::kReservedOption, "config key " + std::string(key) + " is not configurable", 0, 0,
                         "key");
    case ValueType::kInt: {
      if (!isDigits(value) || value.size() > 10 || (value.size() > 1 && value.front() == '0')) {
        badValue(key, "expected a decimal integer in [" + std::to_string(spec->min) + ", " +
                          std::to_string(spec->max) + "]");
      }
      std::int64_t n = 0;
      std::from_chars(value.data(), value.data() + value.size(), n);
      if (n < spec->min || n > spec->max) {
        badValue(key, "out of range [" + std::to_string(spec->min) + ", " + std::to_string(spec->max) + "]");
      }
      return;
    }
    case ValueType::kBool:
      if (value != "true" && value != "false") badValue(key, "expected exactly true or false");
      return;
    case ValueType::kChoice: {
      std::string_view rest = spec->choices;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        if (rest.substr(0, comma) == value) return;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      badValue(key, "expected one of " + std::string(spec->choices));
    }
    case ValueType::kCheckpoint:
      if (value == "now" || checkpointTime(value)) return;
      badValue(key, "expected \"now\" or a time \"YYYY-MM-DD HH:MM:SS\" (the gluster CLI accepts no other form)");
    case ValueType::kRootChoice:
      if (spec->hasDefault && !spec->defaultValue.empty() && value == spec->defaultValue) return;
      throw GatewayError(ErrorKind::kInvalidInput,
                         "config " + std::string(key) + " cannot be set through georep: it " + std::string(spec->why) +
                             ". Only an administrator on the nodes themselves chooses programs and paths; "
                             "georep.config.reset restores the default",
                         0, 0, "key");
    case ValueType::kSshOptions:
      checkCommonText(key, value, true);
      checkSshOptionList(key, value);
      return;
    case ValueType::kRsyncOptions:
      checkCommonText(key, value, true);
      checkRsyncOptionList(key, value);
      return;
    case ValueType::kMountParams:
      checkCommonText(key, value);
      checkGlusterMountParams(key, value);
      return;
    case ValueType::kArchiveFormat: {
      checkCommonText(key, value);
      const bool safe = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' || c == '_' ||
               c == '-';
      });
      if (!safe) badValue(key, "a strftime format that becomes part of a file name: letters, digits, % _ - only");
      return;
    }
    case ValueType::kText:
      checkCommonText(key, value);
      return;
  }
}

std::string cliConfigKey(std::string_view normalizedKey) {
  std::string out(normalizedKey);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::optional<std::string> configDefault(std::string_view normalizedKey) {
  const KeySpec* spec = find(normalizedKey);
  if (!spec || !spec->hasDefault) return std::nullopt;
  return std::string(spec->defaultValue);
}

bool isKnownConfigKey(std::string_view normalizedKey) { return find(normalizedKey) != nullptr; }

std::vector<std::string> knownConfigKeys() {
  std::vector<std::string> out;
  out.reserve(kCatalog.size());
  for (const auto& spec : kCatalog) out.emplace_back(spec.name);
  return out;
}

}  // namespace georep::gluster
