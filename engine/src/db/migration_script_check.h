// Finds transaction control in a migration script before anything runs: the runner applies each
// migration inside its own transaction, so a COMMIT or ROLLBACK would end it half-way (the rest running
// outside it, the migration recorded or not by chance), and CONCURRENTLY cannot run in a transaction.
// Words inside comments (-- and nested /* */), string literals ('..', E'..' with backslash escapes),
// quoted identifiers ("..") and dollar-quoted bodies ($tag$..$tag$) are ignored.
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace georep::engine {

struct ForbiddenWord {
  std::string word;  // as written
  int line = 0;      // 1-based
};

// The first COMMIT, ROLLBACK or CONCURRENTLY (any case) outside comments, literals and quoted names.
std::optional<ForbiddenWord> findTransactionControl(std::string_view script);

}  // namespace georep::engine
