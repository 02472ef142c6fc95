// georepctl's `destination` verbs (georep.destination.*), rows of the resource verb table (verb_table.h).
// A password is never taken from the command line: --ask-password reads it from the terminal without echo,
// --password-stdin from the first line of standard input (scripts); --private-key names an allow-listed key.
// Thread-safety: pure function.
#pragma once

#include <vector>

#include "cli/verb_table.h"

namespace georep::cli {

std::vector<ResourceVerb> destinationVerbs();

}  // namespace georep::cli
