// Classification of glusterd refusals (opRet != 0): maps glusterd's opErrno and its message text
// (cli/src/cli-rpc-ops.c, xlators/mgmt/glusterd/src/glusterd-geo-rep.c) to an ErrorKind.
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "gluster/errors.h"

namespace georep::gluster {

// The kind of a refusal, from glusterd's opErrno and opErrstr. Anything not recognised is kRefused.
ErrorKind classifyRefusal(int opErrno, std::string_view message);

}  // namespace georep::gluster
