// Hostile strings for the argv builder and transport tests: shell syntax, quotes, control characters,
// leading dashes, gluster CLI options, unicode, invalid UTF-8 and very long input. None holds a NUL.
// Thread-safety: returns a fresh vector.
#pragma once

#include <string>
#include <vector>

namespace georep::testing {

inline std::vector<std::string> hostileStrings() {
  std::string longMixed;
  while (longMixed.size() < 50000) longMixed += "a'b\"c $(id) `id` ; | & \\ \n";
  return {
      ";rm -rf /",
      "$(id)",
      "`id`",
      "${HOME}",
      "$HOME",
      "'",
      "a'b",
      "'\\''",
      "\"double\"",
      "back\\slash",
      "line1\nline2",
      "carriage\rreturn",
      "tab\there",
      "\x1b[31mred",
      "with space",
      "  leading spaces",
      "-leading-dash",
      "--remote-host=evil.example",
      "--xml",
      "--",
      "a;b|c&d>e<f",
      "*",
      "?",
      "[ab]",
      "~root",
      "#comment",
      "!event",
      "%s%n",
      "vol::other",
      "user@host",
      "\xc3\xbc" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9" " \xe2\x9c\x93",
      "\xff\xfe",
      "",
      std::string(300, 'v'),
      longMixed,
  };
}

}  // namespace georep::testing
