// Reading a password for `georepctl login`: from the terminal (/dev/tty) with echo off, or one line
// from standard input (--password-stdin). The password is returned to the caller only, never echoed,
// printed or logged.
// Thread-safety: the terminal variant changes the terminal's mode (restored before it returns); one
// caller at a time.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace georep::cli {

// Writes `prompt` to the terminal and reads one line without echo; nothing when there is no terminal.
std::optional<std::string> readPasswordFromTerminal(const std::string& prompt);

// The first line of `in` without its line end; nothing when `in` is empty.
std::optional<std::string> readPasswordLine(std::istream& in);

}  // namespace georep::cli
