// Envelope checks and typed field conversions for the XML parsers (gluster/xml_detail.h).
#include "gluster/xml_detail.h"

#include <charconv>
#include <chrono>
#include <string>

#include "gluster/errors.h"
#include "gluster/refusal.h"

namespace georep::gluster::xml_detail {

namespace {

// Escapes, no EOL normalisation or attribute whitespace conversion (glusterd's output needs neither),
// trimmed PCDATA so that stray whitespace around a value cannot change its meaning.
constexpr unsigned kParseOptions = pugi::parse_escapes | pugi::parse_trim_pcdata;

// A printable, bounded excerpt of untrusted output for error messages.
std::string excerpt(std::string_view s) {
  constexpr std::size_t kMax = 160;
  std::string out;
  for (char c : s.substr(0, kMax)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (u < 0x20 || u == 0x7f) {
      out += '?';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (s.size() > kMax) out += "...";
  return out;
}

std::string_view trimLeft(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // UTF-8 BOM
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  return s;
}

bool parseIntExact(std::string_view v, std::int64_t& out) {
  if (v.empty()) return false;
  const char* first = v.data();
  const char* last = v.data() + v.size();
  if (*first == '+') return false;
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last;
}

int digits(std::string_view v, std::size_t pos, std::size_t n) {
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = v[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

void malformed(std::string_view what, std::string_view detail) {
  std::string message = "malformed gluster ";
  message += what;
  message += " XML: ";
  message += detail;
  throw GatewayError(ErrorKind::kMalformedXml, std::move(message));
}

Envelope loadEnvelope(pugi::xml_document& doc, std::string_view xml, std::string_view what) {
  const std::string_view body = trimLeft(xml);
  if (body.empty()) {
    throw GatewayError(ErrorKind::kNotXml, "gluster " + std::string(what) + ": empty output, expected XML");
  }
  if (body.front() != '<') {
    throw GatewayError(ErrorKind::kNotXml,
                       "gluster " + std::string(what) + ": output is not XML: " + excerpt(body));
  }
  // Parse in place from a per-thread buffer that keeps its capacity: a status listing of 1,000 sessions is
  // ~3.5 MB, and a fresh buffer per call would be mmap'd, page-faulted in and unmapped every 10 s cycle.
  // The document points into this buffer; every parser is done with it before the next call on the thread.
  thread_local std::string buffer;
  constexpr std::size_t kKeepCapacity = 16u << 20;
  if (buffer.capacity() > kKeepCapacity && body.size() <= kKeepCapacity) std::string().swap(buffer);
  buffer.assign(body);
  const pugi::xml_parse_result result =
      doc.load_buffer_inplace(buffer.data(), buffer.size(), kParseOptions, pugi::encoding_utf8);
  if (!result) {
    malformed(what, std::string(result.description()) + " at offset " + std::to_string(result.offset));
  }
  Envelope env;
  env.root = doc.document_element();
  if (!env.root || std::string_view(env.root.name()) != "cliOutput") {
    malformed(what, "root element is not <cliOutput>");
  }
  const pugi::xml_node opRet = env.root.child("opRet");
  if (!opRet) malformed(what, "no <opRet>");
  std::int64_t value = 0;
  if (!parseIntExact(text(opRet), value) || value < INT32_MIN || value > INT32_MAX) {
    malformed(what, "<opRet> is not an integer: " + excerpt(text(opRet)));
  }
  env.opRet = static_cast<int>(value);
  if (const pugi::xml_node opErrno = env.root.child("opErrno")) {
    if (!parseIntExact(text(opErrno), value) || value < INT32_MIN || value > INT32_MAX) {
      malformed(what, "<opErrno> is not an integer: " + excerpt(text(opErrno)));
    }
    env.opErrno = static_cast<int>(value);
  }
  env.opErrstr = text(env.root.child("opErrstr"));
  if (env.opRet != 0) {
    std::string message(env.opErrstr);
    if (message.empty()) {
      message = "glusterd refused the " + std::string(what) + " request (opRet " + std::to_string(env.opRet) +
                ", opErrno " + std::to_string(env.opErrno) + ")";
    }
    throw GatewayError(classifyRefusal(env.opErrno, env.opErrstr), std::move(message), env.opRet, env.opErrno);
  }
  return env;
}

pugi::xml_node required(pugi::xml_node parent, const char* name, std::string_view what) {
  pugi::xml_node node = parent.child(name);
  if (!node) malformed(what, std::string("<") + parent.name() + "> has no <" + name + ">");
  return node;
}

std::optional<std::string> optionalText(std::string_view v) {
  if (isAbsent(v)) return std::nullopt;
  return std::string(v);
}

std::optional<std::int64_t> optionalInt(std::string_view v, std::string_view what, std::string_view field) {
  if (isAbsent(v)) return std::nullopt;
  std::int64_t out = 0;
  if (!parseIntExact(v, out)) malformed(what, "<" + std::string(field) + "> is not an integer: " + excerpt(v));
  return out;
}

std::int64_t requiredInt(std::string_view v, std::string_view what, std::string_view field) {
  std::int64_t out = 0;
  if (!parseIntExact(v, out)) malformed(what, "<" + std::string(field) + "> is not an integer: " + excerpt(v));
  return out;
}

std::optional<TimePoint> parseUtcTime(std::string_view v) {
  // YYYY-MM-DD HH:MM:SS
  if (v.size() != 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' || v[16] != ':') {
    return std::nullopt;
  }
  const int y = digits(v, 0, 4), mo = digits(v, 5, 2), d = digits(v, 8, 2);
  const int h = digits(v, 11, 2), mi = digits(v, 14, 2), s = digits(v, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint{std::chrono::sys_days{ymd}} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

std::optional<TimePoint> optionalTime(std::string_view v, std::string_view what, std::string_view field) {
  if (isAbsent(v)) return std::nullopt;
  auto t = parseUtcTime(v);
  if (!t) malformed(what, "<" + std::string(field) + "> is not a \"YYYY-MM-DD HH:MM:SS\" time: " + excerpt(v));
  return t;
}

std::optional<bool> optionalYesNo(std::string_view v, std::string_view what, std::string_view field) {
  if (isAbsent(v)) return std::nullopt;
  if (v == "Yes") return true;
  if (v == "No") return false;
  malformed(what, "<" + std::string(field) + "> is not Yes/No/N/A: " + excerpt(v));
}

}  // namespace georep::gluster::xml_detail
