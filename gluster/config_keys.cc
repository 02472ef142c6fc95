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

namespace georep::gluster {

namespace {

enum class ValueType {
  kInt,         // decimal digits within [min, max]
  kBool,        // exactly "true" or "false"
  kChoice,      // one of `choices` (comma separated), case-sensitive as gsyncd's validate_choice
  kCheckpoint,  // "now" or "YYYY-MM-DD HH:MM:SS" (the CLI turns it into a Unix time)
  kCommand,     // an executable: absolute path or bare command name, no spaces
  kDirectory,   // an absolute path
  kSshOptions,  // ssh options: free text without options that run local commands
  kRsyncOptions,  // rsync options: free text without options that choose the remote shell/program
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

// Sorted by name (checked at compile time below).
constexpr auto kCatalog = std::to_array<KeySpec>({
    boolean("access_mount", "false"),
    typed("allow_network", ValueType::kText, ""),
    choice("change_detector", "changelog,xsync", "changelog"),
    integer("change_interval", 1, kIntMax, "5"),
    typed("changelog_archive_format", ValueType::kText, "%Y%m"),
    integer("changelog_batch_size", 1, kIntMax, "727040"),
    fixed("changelog_log_file"),
    choice("changelog_log_level", kLogLevels, "INFO"),
    KeySpec{"checkpoint", ValueType::kCheckpoint, 0, 0, {}, true, "0"},
    fixed("cli_log_file"),
    choice("cli_log_level", kLogLevels, "INFO"),
    integer("connection_timeout", 1, kIntMax, "60"),
    fixed("georep_session_working_dir"),
    boolean("gfid_conflict_resolution", "true"),
    typed("gluster_cli_options", ValueType::kText, ""),
    KeySpec{"gluster_command", ValueType::kFixed, 0, 0, {}, true, "gluster"},  // reserved by glusterd
    typed("gluster_command_dir", ValueType::kDirectory, "/usr/sbin"),
    fixed("gluster_log_file"),
    choice("gluster_log_level", kLogLevels, "INFO"),
    typed("gluster_logdir", ValueType::kDirectory, "/var/log/glusterfs"),
    typed("gluster_params", ValueType::kText, "aux-gfid-mount acl"),
    typed("gluster_rundir", ValueType::kDirectory, "/var/run/gluster"),
    typed("glusterd_workdir", ValueType::kDirectory, "/var/lib/glusterd"),
    typed("gsyncd_miscdir", ValueType::kDirectory, "/var/lib/misc/gluster/gsyncd"),
    boolean("ignore_deletes", "false"),
    typed("isolated_secondarys", ValueType::kText, ""),
    fixed("local_id"),    // reserved by glusterd
    fixed("local_path"),  // reserved by glusterd
    fixed("log_file"),
    choice("log_level", kLogLevels, "INFO"),
    boolean("log_rsync_performance", "false"),
    integer("max_rsync_retries", 0, kIntMax, "10"),
    typed("meta_volume_mnt", ValueType::kDirectory, "/run/gluster/shared_storage"),
    fixed("pid_file"),
    fixed("primary_bricks"),
    fixed("primary_disperse_count"),
    fixed("primary_distribution_count"),
    fixed("primary_replica_count"),
    fixed("primary_volume_id"),
    derived("remote_gsyncd", ValueType::kCommand),  // empty by default: the secondary's own gsyncd
    integer("replica_failover_interval", 1, kIntMax, "1"),
    typed("rsync_command", ValueType::kCommand, "rsync"),
    boolean("rsync_opt_existing", "true"),
    boolean("rsync_opt_ignore_missing_args", "true"),
    typed("rsync_options", ValueType::kRsyncOptions, ""),
    typed("rsync_ssh_options", ValueType::kSshOptions, ""),
    boolean("secondary_access_mount", "false"),
    fixed("secondary_bricks"),
    typed("secondary_gluster_command_dir", ValueType::kDirectory, "/usr/sbin"),
    fixed("secondary_gluster_log_file"),
    fixed("secondary_gluster_log_file_mbr"),
    choice("secondary_gluster_log_level", kLogLevels, "INFO"),
    typed("secondary_gluster_params", ValueType::kText, "aux-gfid-mount acl"),
    fixed("secondary_id"),  // reserved by glusterd
    fixed("secondary_log_file"),
    choice("secondary_log_level", kLogLevels, "INFO"),
    integer("secondary_timeout", 0, kIntMax, "120"),  // 0 disables the check
    fixed("secondary_volume_id"),
    fixed("session_owner"),  // reserved by glusterd
    fixed("socketdir"),      // reserved by glusterd
    typed("special_sync_mode", ValueType::kText, ""),
    typed("ssh_command", ValueType::kCommand, "ssh"),
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
    typed("tar_command", ValueType::kCommand, "tar"),
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

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
  return out;
}

bool isPathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
         c == '_' || c == '-' || c == '+' || c == '@' || c == ':' || c == ',' || c == '=' || c == '~';
}

void checkPathChars(std::string_view key, std::string_view value) {
  if (!std::all_of(value.begin(), value.end(), isPathChar)) {
    badValue(key, "only letters, digits and / . _ - + @ : , = ~ are allowed in a path");
  }
  // No ".." component.
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const std::size_t end = std::min(value.find('/', pos), value.size());
    if (value.substr(pos, end - pos) == "..") badValue(key, "\"..\" is not allowed in a path");
    pos = end + 1;
  }
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
    case ValueType::kCommand:
      checkCommonText(key, value);
      checkPathChars(key, value);
      if (value.back() == '/') badValue(key, "expected an executable, not a directory");
      return;
    case ValueType::kDirectory:
      checkCommonText(key, value);
      if (value.front() != '/') badValue(key, "expected an absolute path");
      checkPathChars(key, value);
      return;
    case ValueType::kSshOptions: {
      checkCommonText(key, value, true);
      const std::string lower = lowerAscii(value);
      for (std::string_view banned : {"proxycommand", "localcommand", "permitlocalcommand", "knownhostscommand"}) {
        if (lower.find(banned) != std::string::npos) {
          badValue(key, "ssh options that run local commands are not allowed");
        }
      }
      return;
    }
    case ValueType::kRsyncOptions: {
      checkCommonText(key, value, true);
      // Split on spaces the way gsyncd does (str.split()) and refuse the remote shell/program options.
      std::string_view rest = value;
      while (!rest.empty()) {
        const std::size_t sp = rest.find(' ');
        const std::string_view word = rest.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
        if (word == "-e" || word.substr(0, 5) == "--rsh" || word.substr(0, 12) == "--rsync-path" ||
            (word.size() > 1 && word[0] == '-' && word[1] != '-' && word.find('e') != std::string_view::npos)) {
          badValue(key, "rsync options choosing the remote shell or program (-e, --rsh, --rsync-path) are not allowed");
        }
      }
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
