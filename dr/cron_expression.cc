#include "dr/cron_expression.h"

#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "dr/schedule_error.h"

namespace georep::dr {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                        "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// One field's allowed values and, for month and weekday, its names (names[i] stands for low + i).
struct FieldShape {
  const char* label;
  unsigned low;
  unsigned high;
  const std::string_view* names = nullptr;
  std::size_t nameCount = 0;
};

constexpr std::array<FieldShape, 5> kFields{{
    {"minute", 0, 59},
    {"hour", 0, 23},
    {"day of month", 1, 31},
    {"month", 1, 12, kMonthNames.data(), kMonthNames.size()},
    {"day of week", 0, 7, kWeekdayNames.data(), kWeekdayNames.size()},
}};

struct Macro {
  std::string_view name;
  std::string_view fields;
};
constexpr std::array<Macro, 7> kMacros{{{"@hourly", "0 * * * *"},
                                        {"@daily", "0 0 * * *"},
                                        {"@midnight", "0 0 * * *"},
                                        {"@weekly", "0 0 * * 0"},
                                        {"@monthly", "0 0 1 * *"},
                                        {"@yearly", "0 0 1 1 *"},
                                        {"@annually", "0 0 1 1 *"}}};

[[noreturn]] void fail(const FieldShape& f, const std::string& what) {
  throw ScheduleError(ScheduleErrorKind::kBadCron, std::string("cron ") + f.label + " field: " + what);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

// Reads a number or (for month/weekday) a name at s[pos]; advances pos.
unsigned readValue(const FieldShape& f, std::string_view s, std::size_t& pos) {
  if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    unsigned value = 0;
    std::size_t digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (++digits > 2) fail(f, "number too long in '" + std::string(s) + "'");
      value = value * 10 + static_cast<unsigned>(s[pos++] - '0');
    }
    if (value < f.low || value > f.high) {
      fail(f, std::to_string(value) + " is out of range " + std::to_string(f.low) + "-" + std::to_string(f.high));
    }
    return value;
  }
  if (f.names != nullptr && pos + 3 <= s.size()) {
    const std::string word = lower(s.substr(pos, 3));
    for (std::size_t i = 0; i < f.nameCount; ++i) {
      if (f.names[i] == word) {
        pos += 3;
        return f.low == 0 ? static_cast<unsigned>(i) : static_cast<unsigned>(i) + 1;
      }
    }
  }
  fail(f, "expected a number" + std::string(f.names ? " or a name" : "") + " in '" + std::string(s) + "'");
}

unsigned readStep(const FieldShape& f, std::string_view s, std::size_t& pos) {
  if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos]))) fail(f, "a step needs a number after '/'");
  unsigned step = 0;
  std::size_t digits = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    if (++digits > 2) fail(f, "step too long");
    step = step * 10 + static_cast<unsigned>(s[pos++] - '0');
  }
  if (step == 0 || step > f.high - f.low + 1) {
    fail(f, "step " + std::to_string(step) + " is out of range 1-" + std::to_string(f.high - f.low + 1));
  }
  return step;
}

// Parses one comma-separated element (`*`, `n`, `a-b`, with an optional `/step` on `*` and ranges) and
// sets its values in `bits` (indexed by value).
template <std::size_t N>
void parseElement(const FieldShape& f, std::string_view element, std::bitset<N>& bits) {
  if (element.empty()) fail(f, "empty list element");
  std::size_t pos = 0;
  unsigned first = f.low;
  unsigned last = f.high;
  bool single = false;
  if (element[0] == '*') {
    pos = 1;
  } else {
    first = readValue(f, element, pos);
    last = first;
    single = true;
    if (pos < element.size() && element[pos] == '-') {
      ++pos;
      last = readValue(f, element, pos);
      single = false;
      if (last < first) fail(f, "range " + std::string(element) + " runs backwards");
    }
  }
  unsigned step = 1;
  if (pos < element.size() && element[pos] == '/') {
    if (single) fail(f, "a step needs '*' or a range before it, not a single value ('" + std::string(element) + "')");
    ++pos;
    step = readStep(f, element, pos);
  }
  if (pos != element.size()) fail(f, "unexpected '" + std::string(element.substr(pos)) + "'");
  for (unsigned v = first; v <= last; v += step) bits.set(v);
}

template <std::size_t N>
std::bitset<N> parseField(const FieldShape& f, std::string_view field) {
  std::bitset<N> bits;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = field.find(',', start);
    parseElement(f, field.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start), bits);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return bits;
}

std::vector<std::string_view> splitBlanks(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && isBlank(s[i])) ++i;
    if (i == s.size()) break;
    const std::size_t start = i;
    while (i < s.size() && !isBlank(s[i])) ++i;
    parts.push_back(s.substr(start, i - start));
  }
  return parts;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  if (text.size() > kMaxLength) {
    throw ScheduleError(ScheduleErrorKind::kBadCron,
                        "cron expression longer than " + std::to_string(kMaxLength) + " characters");
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t') throw ScheduleError(ScheduleErrorKind::kBadCron, "cron expression has a control character");
    if (u >= 0x7f) throw ScheduleError(ScheduleErrorKind::kBadCron, "cron expression has a non-ASCII character");
  }
  CronExpression e;
  e.text_ = std::string(trim(text));
  std::string_view body = e.text_;
  if (!body.empty() && body.front() == '@') {
    const std::string name = lower(body);
    const Macro* found = nullptr;
    for (const auto& m : kMacros) {
      if (m.name == name) found = &m;
    }
    if (found == nullptr) {
      throw ScheduleError(ScheduleErrorKind::kBadCron,
                          "unknown cron macro '" + e.text_ + "' (@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)");
    }
    body = found->fields;
  }
  const auto fields = splitBlanks(body);
  if (fields.size() != 5) {
    throw ScheduleError(ScheduleErrorKind::kBadCron, "a cron expression has 5 fields (minute hour day-of-month month "
                                                     "day-of-week), this one has " + std::to_string(fields.size()));
  }
  e.minutes_ = parseField<60>(kFields[0], fields[0]);
  e.hours_ = parseField<24>(kFields[1], fields[1]);
  e.daysOfMonth_ = parseField<32>(kFields[2], fields[2]);
  e.months_ = parseField<13>(kFields[3], fields[3]);
  const auto weekdays = parseField<8>(kFields[4], fields[4]);
  for (unsigned d = 0; d < 7; ++d) e.weekdays_[d] = weekdays[d];
  if (weekdays[7]) e.weekdays_.set(0);
  // Vixie: a field whose text starts with '*' is a "star" field for the day rule (so `*/2` is one too).
  e.dayOfMonthStar_ = fields[2].front() == '*';
  e.weekdayStar_ = fields[4].front() == '*';
  return e;
}

bool CronExpression::matchesDay(unsigned dayOfMonth, unsigned weekday) const {
  if (dayOfMonth < 1 || dayOfMonth > 31 || weekday > 6) return false;
  const bool dom = daysOfMonth_.test(dayOfMonth);
  const bool dow = weekdays_.test(weekday);
  return (dayOfMonthStar_ || weekdayStar_) ? (dom && dow) : (dom || dow);
}

}  // namespace georep::dr
