// POSIX shell quoting for commands sent over SSH. The SSH "exec" request carries ONE string that the
// remote user's login shell runs (sh -c STRING); to keep an argv an argv, every element is wrapped in
// single quotes, inside which a POSIX shell gives no character a meaning, and each ' becomes '\''.
// The remote login shell must be POSIX (sh, bash, dash, ksh, zsh); csh/tcsh are not supported.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

// 'text' with every ' written as '\'' ("" -> '').
std::string shellQuote(std::string_view text);

// The argv as one command line: each element quoted, separated by single spaces.
std::string shellCommandLine(const std::vector<std::string>& argv);

}  // namespace georep::gluster
