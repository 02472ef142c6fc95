// Text tables: alignment, no trailing spaces, UTF-8 widths, terminal-safe cells.
#include "cli/text_table.h"

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

TEST(TextTable, ColumnsAreAlignedWithoutTrailingSpaces) {
  TextTable t({"ID", "NAME", "TRANSPORT"});
  t.addRow({"1", "prod", "ssh"});
  t.addRow({"12", "disaster-recovery", "local"});
  EXPECT_EQ(t.render(),
            "ID  NAME               TRANSPORT\n"
            "1   prod               ssh\n"
            "12  disaster-recovery  local\n");
}

TEST(TextTable, ShortRowsAndEmptyLastCells) {
  TextTable t({"A", "B", "C"});
  t.addRow({"x"});
  t.addRow({"yy", "z", ""});
  EXPECT_EQ(t.render(),
            "A   B  C\n"
            "x\n"
            "yy  z\n");
}

TEST(TextTable, IndentAndNoHeader) {
  TextTable t({}, "    ");
  t.addRow({"name", "string"});
  t.addRow({"ssh_port", "integer"});
  EXPECT_EQ(t.render(),
            "    name      string\n"
            "    ssh_port  integer\n");
}

TEST(TextTable, WidthsCountCodePoints) {
  EXPECT_EQ(displayWidth("grüße"), 5u);
  TextTable t({"K", "V"});
  t.addRow({"grüße", "1"});
  t.addRow({"abc", "2"});
  EXPECT_EQ(t.render(),
            "K      V\n"
            "grüße  1\n"
            "abc    2\n");
}

TEST(TextTable, ControlCharactersAreShownEscapedNeverEmitted) {
  EXPECT_EQ(sanitizeForTerminal("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(sanitizeForTerminal("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(sanitizeForTerminal("bell\a del\x7f"), "bell\\x07 del\\x7f");
  EXPECT_EQ(sanitizeForTerminal("c1:\xc2\x9b"), "c1:\\u009b");       // CSI as a C1 control
  EXPECT_EQ(sanitizeForTerminal("bad:\xff\xc3"), "bad:\\xff\\xc3");  // invalid UTF-8
  EXPECT_EQ(sanitizeForTerminal("ünïcode ✓"), "ünïcode ✓");
  TextTable t({"MESSAGE"});
  t.addRow({"line1\nline2\x1b]0;title\a"});
  EXPECT_EQ(t.render().find('\x1b'), std::string::npos);
  EXPECT_EQ(t.render(), "MESSAGE\nline1\\nline2\\x1b]0;title\\x07\n");
}

}  // namespace
}  // namespace georep::cli
