#include "engine/src/db/migration_script_check.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace georep::engine {
namespace {

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

bool isForbidden(std::string_view word) {
  static constexpr std::array<std::string_view, 3> kWords{"COMMIT", "ROLLBACK", "CONCURRENTLY"};
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) {
    return w.size() == word.size() && std::equal(w.begin(), w.end(), word.begin(), [](char a, char b) {
             return a == std::toupper(static_cast<unsigned char>(b));
           });
  });
}

}  // namespace

std::optional<ForbiddenWord> findTransactionControl(std::string_view s) {
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = s.size();
  // Advances past s[from..to), counting lines.
  auto skipTo = [&](std::size_t to) {
    for (; i < to && i < n; ++i) line += s[i] == '\n' ? 1 : 0;
    i = std::min(to, n);
  };
  while (i < n) {
    const char c = s[i];
    if (c == '-' && i + 1 < n && s[i + 1] == '-') {  // line comment
      const auto end = s.find('\n', i);
      skipTo(end == std::string_view::npos ? n : end);
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {  // block comment, nested as PostgreSQL does
      int depth = 0;
      std::size_t j = i;
      while (j < n) {
        if (s[j] == '/' && j + 1 < n && s[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (s[j] == '*' && j + 1 < n && s[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      skipTo(j);
    } else if (c == '\'' || c == '"') {  // 'literal' with '' escapes (E'..' also \x), "identifier"
      const bool backslashes = c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
      std::size_t j = i + 1;
      while (j < n) {
        if (backslashes && s[j] == '\\') {
          j += 2;
        } else if (s[j] == c) {
          if (j + 1 < n && s[j + 1] == c) {
            j += 2;
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      skipTo(j);
    } else if (c == '$' && (i == 0 || !isWordChar(s[i - 1]))) {  // $tag$ ... $tag$
      std::size_t j = i + 1;
      while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '_')) ++j;
      if (j < n && s[j] == '$') {
        const std::string_view tag = s.substr(i, j - i + 1);
        const auto end = s.find(tag, j + 1);
        skipTo(end == std::string_view::npos ? n : end + tag.size());
      } else {
        skipTo(j);  // a positional parameter ($1) or a lone $
      }
    } else if (isWordChar(c)) {
      std::size_t j = i;
      while (j < n && isWordChar(s[j])) ++j;
      const std::string_view word = s.substr(i, j - i);
      if (isForbidden(word)) return ForbiddenWord{std::string(word), line};
      skipTo(j);
    } else {
      skipTo(i + 1);
    }
  }
  return std::nullopt;
}

}  // namespace georep::engine
