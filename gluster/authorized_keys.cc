#include "gluster/authorized_keys.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace georep::gluster {
namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool printableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// The next whitespace-separated token; inside double quotes whitespace does not separate.
std::string_view nextToken(std::string_view& rest, bool quotes) {
  rest = trim(rest);
  std::size_t i = 0;
  bool quoted = false;
  for (; i < rest.size(); ++i) {
    const char c = rest[i];
    if (quotes && c == '"' && (i == 0 || rest[i - 1] != '\\')) quoted = !quoted;
    if (!quoted && (c == ' ' || c == '\t')) break;
  }
  std::string_view token = rest.substr(0, i);
  rest.remove_prefix(i);
  return token;
}

}  // namespace

bool isSupportedKeyType(std::string_view type) {
  static const std::set<std::string_view> kTypes = {
      "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
      "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"};
  return kTypes.count(type) != 0;
}

bool isBase64Blob(std::string_view text) {
  if (text.empty() || text.size() > 16384) return false;
  std::size_t padding = 0;
  for (char c : text) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding != 0) return false;  // '=' only at the end
    if (!alnum && c != '+' && c != '/') return false;
  }
  return padding <= 2;
}

std::optional<AuthorizedKey> parseAuthorizedKey(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#' || !printableAscii(line)) return std::nullopt;
  std::string_view rest = line;
  AuthorizedKey key;
  std::string_view first = nextToken(rest, true);
  if (!isSupportedKeyType(first)) {
    key.options = std::string(first);
    first = nextToken(rest, false);
    if (!isSupportedKeyType(first)) return std::nullopt;
  }
  key.type = std::string(first);
  const std::string_view blob = nextToken(rest, false);
  if (!isBase64Blob(blob)) return std::nullopt;
  key.base64 = std::string(blob);
  key.comment = std::string(trim(rest));
  return key;
}

std::vector<std::string> georepKeyLines(std::string_view commonSecretPub) {
  std::vector<std::string> lines;
  int number = 0;
  for (std::string_view raw : splitLines(commonSecretPub)) {
    ++number;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const auto key = parseAuthorizedKey(line);
    const std::string where = "common_secret.pem.pub line " + std::to_string(number);
    if (!key) throw std::invalid_argument(where + " is not a public key line");
    if (key->options.rfind("command=\"", 0) != 0 || key->options.back() != '"') {
      throw std::invalid_argument(where + " has no command= restriction (refused: it would allow any command)");
    }
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.emplace_back(line);
  }
  if (lines.empty()) throw std::invalid_argument("common_secret.pem.pub holds no key (run gsec_create)");
  return lines;
}

std::string plainKeyLine(std::string_view line) {
  line = trim(line);
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  const auto key = parseAuthorizedKey(line);
  if (!key || !key->options.empty()) throw std::invalid_argument("not a plain public key line");
  std::string out = key->type + " " + key->base64;
  if (!key->comment.empty()) out += " " + key->comment;
  return out;
}

std::vector<std::string> missingLines(std::string_view existing, const std::vector<std::string>& wanted) {
  std::set<std::string_view> present;
  for (std::string_view l : splitLines(existing)) present.insert(l);
  std::vector<std::string> missing;
  for (const auto& w : wanted) {
    if (present.count(w) != 0) continue;
    if (std::find(missing.begin(), missing.end(), w) != missing.end()) continue;
    missing.push_back(w);
  }
  return missing;
}

std::string withoutLines(std::string_view existing, const std::vector<std::string>& remove) {
  const std::set<std::string_view> gone(remove.begin(), remove.end());
  std::string out;
  for (std::string_view l : splitLines(existing)) {
    if (gone.count(l) != 0) continue;
    out.append(l);
    out.push_back('\n');
  }
  return out;
}

// Positional parameters only; `grep -x -F -e LINE` compares whole lines literally (as peer_add_secret_pub).
const char* const kAppendKeysScript =
    "set -e\n"
    "umask 077\n"
    "d=\"$HOME/.ssh\"; f=\"$d/authorized_keys\"\n"
    "[ -d \"$d\" ] || mkdir -m 700 \"$d\"\n"
    "[ -e \"$f\" ] || : > \"$f\"\n"
    "if [ -s \"$f\" ] && [ -n \"$(tail -c 1 \"$f\")\" ]; then printf '\\n' >> \"$f\"; fi\n"
    "for l in \"$@\"; do\n"
    "  if ! grep -q -x -F -e \"$l\" \"$f\"; then printf '%s\\n' \"$l\" >> \"$f\"; printf 'added\\t%s\\n' \"$l\"; fi\n"
    "done\n"
    "chmod 600 \"$f\"; chmod go-w \"$d\"\n"
    "printf 'keys\\tOK\\n'\n";

const char* const kRemoveKeysScript =
    "set -e\n"
    "umask 077\n"
    "f=\"$HOME/.ssh/authorized_keys\"\n"
    "[ -f \"$f\" ] || { printf 'removed\\t0\\n'; exit 0; }\n"
    "t=\"$f.georep-tmp.$$\"\n"
    "cp \"$f\" \"$t\"\n"
    "before=$(wc -l < \"$t\")\n"
    "for l in \"$@\"; do grep -v -x -F -e \"$l\" \"$t\" > \"$t.n\" || true; mv \"$t.n\" \"$t\"; done\n"
    "after=$(wc -l < \"$t\")\n"
    "chmod 600 \"$t\"; mv \"$t\" \"$f\"\n"
    "printf 'removed\\t%s\\n' $((before - after))\n";

std::vector<std::string> keysScriptArgv(const char* script, const std::vector<std::string>& lines) {
  std::vector<std::string> argv{"sh", "-c", script, "georep-keys"};
  argv.insert(argv.end(), lines.begin(), lines.end());
  return argv;
}

std::vector<std::string> parseAppendOutput(std::string_view out) {
  std::vector<std::string> added;
  bool finished = false;
  for (std::string_view l : splitLines(out)) {
    if (l.rfind("added\t", 0) == 0) added.emplace_back(l.substr(6));
    if (l == "keys\tOK") finished = true;
  }
  if (!finished) throw std::runtime_error("the authorized_keys update did not finish");
  return added;
}

}  // namespace georep::gluster
