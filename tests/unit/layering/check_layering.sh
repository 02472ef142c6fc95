#!/usr/bin/env bash
# Enforces DESIGN.md's dependency rules on includes:
#  - plugin-side code (plugin/ commands/ dao/ gluster/ sync-jobs/ dr/) includes no engine header outside engine/api/;
#  - dr/'s schedule (dr/*, not dr/jobs/) depends on no other part of georep;
#  - gluster/ and dao/ know nothing of commands/ or sync-jobs/; gluster/ knows nothing of dao/.
set -u
root=${1:?usage: check_layering.sh REPO_ROOT}
cd "$root" || exit 2
status=0
report() { echo "layering violation: $1"; status=1; }
while IFS= read -r hit; do report "$hit (plugin code may include only engine/api/)"; done < <(
  grep -rnE '#include[[:space:]]*[<"]engine/' plugin commands dao gluster sync-jobs dr 2>/dev/null | grep -vE '[<"]engine/api/')
while IFS= read -r hit; do report "$hit (gluster/ and dao/ must not depend on commands/ or sync-jobs/)"; done < <(
  grep -rnE '#include[[:space:]]*[<"](commands|sync-jobs)/' gluster dao 2>/dev/null)
while IFS= read -r hit; do report "$hit (gluster/ must not depend on dao/)"; done < <(
  grep -rnE '#include[[:space:]]*[<"]dao/' gluster 2>/dev/null)
while IFS= read -r hit; do report "$hit (dr/'s schedule depends on nothing else of georep)"; done < <(
  grep -nE '#include[[:space:]]*"(engine|commands|dao|gluster|sync-jobs|plugin)/' dr/*.h dr/*.cc 2>/dev/null)
[ $status -eq 0 ] && echo "layering: ok"
exit $status
