// Allow-lists of ssh, rsync and glusterfs-mount options (gluster/option_list_check.h). Sources: OpenSSH's
// getopt string "1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:P:Q:R:S:TVw:W:XYy" (ssh.c), rsync
// 3.2's popt table (options.c), glusterfs 10.3's glusterfsd option table, and gsyncd's use of the
// values (resource.py: ssh-options/rsync-options/gluster-params .split()).
#include "gluster/option_list_check.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gluster/errors.h"

namespace georep::gluster {
namespace {

[[noreturn]] void refuse(std::string_view key, std::string_view option, std::string_view why) {
  throw GatewayError(ErrorKind::kInvalidInput,
                     "config " + std::string(key) + ": option '" + std::string(option) + "' is refused: " +
                         std::string(why),
                     0, 0, "value");
}

bool isAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool onlyChars(std::string_view text, std::string_view extra) {
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return isAlnum(c) || extra.find(c) != std::string_view::npos; });
}

// A decimal number with an optional fraction and size/unit suffix letters: "1000", "1.5", "100K", "1MiB".
bool isNumberWithSuffix(std::string_view v, std::string_view suffixes) {
  if (v.empty() || !(v.front() >= '0' && v.front() <= '9')) return false;
  std::size_t i = 0;
  while (i < v.size() && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.')) ++i;
  if (std::count(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), '.') > 1) return false;
  return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(i), v.end(),
                     [&](char c) { return suffixes.find(c) != std::string_view::npos; });
}

bool isDigits(std::string_view v) {
  return !v.empty() && v.size() <= 10 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The words gsyncd's str.split() makes: the callers have refused control characters and non-ASCII bytes
// are refused per word, so ' ' is the only separator left.
std::vector<std::string_view> words(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t end = std::min(value.find(' ', pos), value.size());
    if (end > pos) out.push_back(value.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

template <typename List>
bool contains(const List& list, std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// ---- ssh -------------------------------------------------------------------------------------------

constexpr std::string_view kSshWordChars = "._,=:@/+-";
constexpr std::string_view kSshFlags = "46CqvTxk";
constexpr std::string_view kSshArgumentOptions = "bcDeEFiIJlLmOopQRSwW";  // every ssh option taking one

// -o keys that choose neither a program, a file, a socket, a forwarding nor a remote command.
constexpr std::string_view kSshConfigKeys[] = {
    "AddressFamily",        "BatchMode",           "CheckHostIP",
    "Ciphers",              "Compression",         "ConnectionAttempts",
    "ConnectTimeout",       "FingerprintHash",     "GSSAPIAuthentication",
    "HashKnownHosts",       "HostKeyAlgorithms",
    "IdentitiesOnly",       "IPQoS",               "KbdInteractiveAuthentication",
    "ChallengeResponseAuthentication", "KexAlgorithms", "LogLevel",
    "MACs",                 "NumberOfPasswordPrompts", "PasswordAuthentication",
    "Port",                 "PreferredAuthentications", "PubkeyAcceptedAlgorithms",
    "PubkeyAcceptedKeyTypes", "PubkeyAuthentication", "RekeyLimit",
    "ServerAliveCountMax",  "ServerAliveInterval", "StrictHostKeyChecking",
    "TCPKeepAlive",         "User",                "VerifyHostKeyDNS",
    "VisualHostKey"};

std::string_view sshOptionReason(char option) {
  switch (option) {
    case 'F': return "-F names an ssh configuration file (which can run commands)";
    case 'i': return "-i names a private key file that root reads; only gsyncd's own keys are accepted";
    case 'E': return "-E names a log file that root writes";
    case 'S': return "-S names a control socket file";
    case 'I': return "-I names a PKCS#11 library that ssh loads";
    case 'J': return "-J makes ssh run another ssh through other hosts";
    case 'L': case 'R': case 'D': case 'W': return "port, socket and stdio forwardings are not allowed";
    case 'w': return "-w opens tunnel devices";
    case 'M': case 'O': return "control master mode and commands are not allowed";
    case 'A': return "-A lends root's ssh agent (its keys) to the remote host";
    case 'X': case 'Y': return "X11 forwarding runs xauth";
    case 'G': case 'V': case 'Q': case 'N': case 'f': case 's': return "it changes what ssh runs";
    default: return "it is not one of the ssh options georep accepts (-4 -6 -C -q -v -T -x -k -c -m -p -l, -o KEY=VALUE "
                    "for harmless keys, -i with gsyncd's own key)";
  }
}

void checkSshArgument(std::string_view key, char option, std::string_view arg, std::string_view word) {
  const std::string shown = "-" + std::string(1, option) + std::string(arg);
  switch (option) {
    case 'c':
    case 'm':
      if (!onlyChars(arg, "@.,+-")) refuse(key, shown, "algorithm names hold only letters, digits and @ . , + -");
      return;
    case 'p':
      if (!isDigits(arg) || std::stoll(std::string(arg)) < 1 || std::stoll(std::string(arg)) > 65535)
        refuse(key, shown, "a port is 1..65535");
      return;
    case 'l':
      if (arg.front() == '-' || !onlyChars(arg, "._-")) refuse(key, shown, "a login name holds only letters, digits and . _ -");
      return;
    case 'i':
      if (!contains(kGsyncdIdentityFiles, arg)) refuse(key, shown, sshOptionReason('i'));
      return;
    case 'o': {
      const std::size_t eq = arg.find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == arg.size())
        refuse(key, word, "write -oKEY=VALUE as one word (gsyncd splits the value on spaces)");
      const std::string_view name = arg.substr(0, eq);
      const std::string_view setting = arg.substr(eq + 1);
      bool known = false;
      for (std::string_view k : kSshConfigKeys) known = known || equalsIgnoreCase(k, name);
      if (!known)
        refuse(key, word, "ssh option " + std::string(name) +
                              " is not one georep accepts (options that run commands or name files, sockets, keys "
                              "or forwardings are refused)");
      if (!onlyChars(setting, "._,:@+-")) refuse(key, word, "an -o value holds only letters, digits and . _ , : @ + -");
      return;
    }
    default:
      refuse(key, shown, sshOptionReason(option));
  }
}

// ---- rsync -----------------------------------------------------------------------------------------

constexpr std::string_view kRsyncWordChars = "._,=:+-";
constexpr std::string_view kRsyncShortFlags = "aAcdDEgHhiIJkKlLmNOopqrRsStUuvWxXz0468";

constexpr std::string_view kRsyncLongFlags[] = {
    "8-bit-output", "acls", "append", "append-verify", "archive", "atimes", "blocking-io", "checksum",
    "copy-dirlinks", "copy-links", "copy-unsafe-links", "crtimes", "delay-updates", "devices", "dirs",
    "executability", "existing", "fake-super", "from0", "fsync", "group", "hard-links", "human-readable",
    "ignore-existing", "ignore-missing-args", "ignore-times", "inplace", "insecure-links", "ipv4", "ipv6",
    "itemize-changes", "keep-dirlinks", "links", "mkpath", "msgs2stderr", "munge-links", "numeric-ids",
    "old-args", "omit-dir-times", "omit-link-times", "one-file-system", "open-noatime", "owner", "partial",
    "perms", "preallocate", "protect-args", "prune-empty-dirs", "quiet", "recursive", "relative",
    "safe-links", "secluded-args", "size-only", "sparse", "specials", "stats", "super", "times", "update",
    "verbose", "whole-file", "xattrs", "compress", "implied-dirs", "motd"};

enum class RsyncArg { kNumber, kName, kOption };
struct RsyncLongArgument {
  std::string_view name;
  RsyncArg kind;
};
constexpr RsyncLongArgument kRsyncLongArguments[] = {
    {"block-size", RsyncArg::kNumber},      {"bwlimit", RsyncArg::kNumber},       {"checksum-choice", RsyncArg::kName},
    {"cc", RsyncArg::kName},                {"chmod", RsyncArg::kName},           {"compress-choice", RsyncArg::kName},
    {"zc", RsyncArg::kName},                {"compress-level", RsyncArg::kNumber}, {"zl", RsyncArg::kNumber},
    {"contimeout", RsyncArg::kNumber},      {"debug", RsyncArg::kName},           {"info", RsyncArg::kName},
    {"iconv", RsyncArg::kName},             {"max-alloc", RsyncArg::kNumber},     {"max-delete", RsyncArg::kNumber},
    {"max-size", RsyncArg::kNumber},        {"min-size", RsyncArg::kNumber},      {"modify-window", RsyncArg::kNumber},
    {"outbuf", RsyncArg::kName},            {"protocol", RsyncArg::kNumber},      {"remote-option", RsyncArg::kOption},
    {"skip-compress", RsyncArg::kName},     {"timeout", RsyncArg::kNumber}};

struct RsyncRefusal {
  std::string_view name;
  std::string_view why;
};
constexpr RsyncRefusal kRsyncRefusals[] = {
    {"rsh", "--rsh/-e chooses the remote shell program"},
    {"rsync-path", "--rsync-path chooses the program run on the remote side"},
    {"log-file", "--log-file names a file that root writes"},
    {"files-from", "--files-from names a file that root reads"},
    {"exclude-from", "--exclude-from names a file that root reads"},
    {"include-from", "--include-from names a file that root reads"},
    {"filter", "filter rules can merge files that root reads"},
    {"cvs-exclude", "--cvs-exclude reads ignore files"},
    {"password-file", "--password-file names a file that root reads"},
    {"early-input", "--early-input names a file that root reads"},
    {"temp-dir", "--temp-dir names a directory"},
    {"partial-dir", "--partial-dir names a directory"},
    {"backup-dir", "--backup-dir names a directory"},
    {"compare-dest", "--compare-dest names a directory"},
    {"copy-dest", "--copy-dest names a directory"},
    {"link-dest", "--link-dest names a directory"},
    {"write-batch", "--write-batch names a file that root writes"},
    {"only-write-batch", "--only-write-batch names a file that root writes"},
    {"read-batch", "--read-batch names a file that root reads"},
    {"write-devices", "--write-devices writes into device files"},
    {"copy-devices", "--copy-devices reads device files"},
    {"daemon", "--daemon runs an rsync daemon"},
    {"config", "--config names a daemon configuration file"},
    {"server", "--server is rsync's internal mode"},
    {"sender", "--sender is rsync's internal mode"},
};

std::string_view rsyncShortReason(char option) {
  switch (option) {
    case 'e': return "-e/--rsh chooses the remote shell program";
    case 'f': case 'F': return "filter rules can merge files that root reads";
    case 'T': return "-T/--temp-dir names a directory";
    case 'C': return "--cvs-exclude reads ignore files";
    default: return "it is not one of the rsync options georep accepts";
  }
}

void checkRsyncWord(std::string_view key, std::string_view word, bool nested);

void checkRsyncArgument(std::string_view key, std::string_view word, RsyncArg kind, std::string_view arg, bool nested) {
  switch (kind) {
    case RsyncArg::kNumber:
      if (!isNumberWithSuffix(arg, "KMGTkmgtBbi"))  // sizes and rates: 1000, 1.5M, 100K, 1MiB
        refuse(key, word, "expected a number (with an optional K/M/G suffix)");
      return;
    case RsyncArg::kName:
      if (arg.empty() || !onlyChars(arg, "._,:+-=")) refuse(key, word, "a value holds only letters, digits and . _ , : + - =");
      return;
    case RsyncArg::kOption:
      if (nested) refuse(key, word, "--remote-option cannot be nested");
      checkRsyncWord(key, arg, /*nested=*/true);
      return;
  }
}

void checkRsyncLong(std::string_view key, std::string_view word, bool nested) {
  const std::string_view body = word.substr(2);
  const std::size_t eq = body.find('=');
  const std::string_view name = body.substr(0, eq);
  for (const auto& r : kRsyncRefusals) {
    if (name == r.name) refuse(key, word, r.why);
  }
  if (name.substr(0, 3) == "no-" && contains(kRsyncLongFlags, name.substr(3))) {
    if (eq != std::string_view::npos) refuse(key, word, "--" + std::string(name) + " takes no value");
    return;
  }
  if (contains(kRsyncLongFlags, name)) {
    if (eq != std::string_view::npos) refuse(key, word, "--" + std::string(name) + " takes no value");
    return;
  }
  for (const auto& a : kRsyncLongArguments) {
    if (name != a.name) continue;
    if (eq == std::string_view::npos)
      refuse(key, word, "write --" + std::string(name) + "=VALUE as one word (gsyncd splits the value on spaces)");
    checkRsyncArgument(key, word, a.kind, body.substr(eq + 1), nested);
    return;
  }
  refuse(key, word, "it is not one of the rsync options georep accepts");
}

void checkRsyncWord(std::string_view key, std::string_view word, bool nested) {
  if (!onlyChars(word, kRsyncWordChars))
    refuse(key, word, "rsync options hold only ASCII letters, digits and . _ , = : + - (no paths)");
  if (word == "--") refuse(key, word, "\"--\" ends rsync's options: what follows would be paths");
  if (word.size() < 2 || word.front() != '-')
    refuse(key, word, "a word that is not an option would be a path rsync reads or writes");
  if (word[1] == '-') return checkRsyncLong(key, word, nested);
  for (std::size_t j = 1; j < word.size(); ++j) {
    const char c = word[j];
    if (kRsyncShortFlags.find(c) != std::string_view::npos) continue;
    if (c == 'B') return checkRsyncArgument(key, word, RsyncArg::kNumber, word.substr(j + 1), nested);
    if (c == 'M') {
      if (j + 1 == word.size()) refuse(key, word, "write -MOPTION as one word");
      return checkRsyncArgument(key, word, RsyncArg::kOption, word.substr(j + 1), nested);
    }
    refuse(key, word, "-" + std::string(1, c) + ": " + std::string(rsyncShortReason(c)));
  }
}

// ---- glusterfs mount parameters --------------------------------------------------------------------

constexpr std::string_view kMountFlags[] = {"aux-gfid-mount", "acl", "selinux", "resolve-gids", "enable-ino32",
                                            "fopen-keep-cache", "mem-accounting"};
constexpr std::string_view kMountNumbers[] = {"entry-timeout", "attribute-timeout", "negative-timeout", "gid-timeout",
                                              "background-qlen", "congestion-threshold"};

bool isOneOf(std::string_view value, std::string_view commaList) {
  while (!commaList.empty()) {
    const std::size_t comma = commaList.find(',');
    if (commaList.substr(0, comma) == value) return true;
    commaList = comma == std::string_view::npos ? std::string_view{} : commaList.substr(comma + 1);
  }
  return false;
}

}  // namespace

void checkSshOptionList(std::string_view key, std::string_view value) {
  const auto list = words(value);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string_view word = list[i];
    if (!onlyChars(word, kSshWordChars))
      refuse(key, word, "ssh options hold only ASCII letters, digits and . _ , = : @ / + -");
    if (word == "--" || word.substr(0, 2) == "--") refuse(key, word, "ssh has no long options; \"--\" ends its options");
    if (word.size() < 2 || word.front() != '-')
      refuse(key, word, "a word that is not an option would become ssh's destination or remote command");
    for (std::size_t j = 1; j < word.size(); ++j) {
      const char c = word[j];
      if (kSshFlags.find(c) != std::string_view::npos) continue;
      if (kSshArgumentOptions.find(c) == std::string_view::npos) refuse(key, word, sshOptionReason(c));
      std::string_view arg = word.substr(j + 1);
      std::string_view whole = word;
      if (arg.empty()) {
        if (i + 1 == list.size()) refuse(key, word, "the option needs a value");
        arg = list[++i];
        if (!onlyChars(arg, kSshWordChars))
          refuse(key, arg, "ssh options hold only ASCII letters, digits and . _ , = : @ / + -");
        whole = arg;
      }
      checkSshArgument(key, c, arg, whole);
      break;
    }
  }
}

void checkRsyncOptionList(std::string_view key, std::string_view value) {
  for (std::string_view word : words(value)) checkRsyncWord(key, word, /*nested=*/false);
}

void checkGlusterMountParams(std::string_view key, std::string_view value) {
  for (std::string_view word : words(value)) {
    if (!onlyChars(word, "-=._")) refuse(key, word, "mount options hold only ASCII letters, digits and - = . _");
    const std::size_t eq = word.find('=');
    const std::string_view name = word.substr(0, eq);
    const std::string_view arg = eq == std::string_view::npos ? std::string_view{} : word.substr(eq + 1);
    if (eq == std::string_view::npos && contains(kMountFlags, name)) continue;
    if (eq != std::string_view::npos) {
      if (contains(kMountNumbers, name) && isNumberWithSuffix(arg, "")) continue;
      if (name == "log-level" && isOneOf(arg, "CRITICAL,ERROR,WARNING,INFO,DEBUG,TRACE,NONE")) continue;
      if (name == "direct-io-mode" && isOneOf(arg, "enable,disable,auto,yes,no")) continue;
      if (name == "use-readdirp" && isOneOf(arg, "yes,no,true,false")) continue;
    }
    refuse(key, word,
           "it is not one of the glusterfs mount options georep accepts (options naming files, volfiles, "
           "servers, translators or the client pid are refused)");
  }
}

}  // namespace georep::gluster
