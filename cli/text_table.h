// TextTable: aligned plain-text columns for terminal output (georepctl's default format). Cells are
// made safe for a terminal first: control characters (including ESC and C1 controls) are shown
// escaped, so data from a server cannot move the cursor or change colours. Widths count UTF-8 code
// points. The last column is not padded, so lines carry no trailing spaces.
// Thread-safety: a plain value; not safe for concurrent mutation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace georep::cli {

// The text with control characters escaped (\n, \t, \r, \xNN, \u0085...) and invalid UTF-8 bytes as \xNN.
std::string sanitizeForTerminal(std::string_view text);

// Number of UTF-8 code points (the display width for the scripts georep meets).
std::size_t displayWidth(std::string_view text);

class TextTable {
 public:
  // No header line when headers is empty.
  explicit TextTable(std::vector<std::string> headers = {}, std::string indent = {});

  // Rows shorter than the widest row are padded with empty cells.
  void addRow(std::vector<std::string> cells);
  std::size_t rows() const { return rows_.size(); }

  // Columns separated by two spaces, every line ending in '\n'.
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::string indent_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace georep::cli
