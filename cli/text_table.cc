#include "cli/text_table.h"

#include <algorithm>
#include <cstdio>

namespace georep::cli {
namespace {

std::string hexEscape(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3;
  else if (c >= 0xF0 && c <= 0xF4) len = 4;
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  return len;
}

}  // namespace

std::string sanitizeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: out += hexEscape(c);
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8Length(text, i);
    if (len == 0) {
      out += hexEscape(c);
      ++i;
    } else if (len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
      out += buf;  // a C1 control character (U+0080..U+009F)
      i += 2;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::size_t displayWidth(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++width;
  return width;
}

TextTable::TextTable(std::vector<std::string> headers, std::string indent)
    : headers_(std::move(headers)), indent_(std::move(indent)) {}

void TextTable::addRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

std::string TextTable::render() const {
  std::vector<std::vector<std::string>> lines;
  if (!headers_.empty()) lines.push_back(headers_);
  for (const auto& row : rows_) lines.push_back(row);
  std::size_t columns = 0;
  for (auto& line : lines) {
    for (auto& cell : line) cell = sanitizeForTerminal(cell);
    columns = std::max(columns, line.size());
  }
  std::vector<std::size_t> widths(columns, 0);
  for (const auto& line : lines)
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], displayWidth(line[i]));

  std::string out;
  for (const auto& line : lines) {
    std::string text = indent_;
    for (std::size_t i = 0; i < columns; ++i) {
      const std::string cell = i < line.size() ? line[i] : std::string();
      text += cell;
      if (i + 1 < columns) text.append(widths[i] - displayWidth(cell) + 2, ' ');
    }
    while (text.size() > indent_.size() && text.back() == ' ') text.pop_back();
    out += text;
    out += '\n';
  }
  return out;
}

}  // namespace georep::cli
