#!/usr/bin/env bash
# The attack of issue 15, as a local unprivileged user would run it: a real georep-engine (as root, the real
# plugin, a fresh database on GEOREP_TEST_DB's server, the sync job running every 500 ms), and `nobody`
# calling every mutating command with curl:
#   - without a token          -> 401 unauthenticated (+ WWW-Authenticate: Bearer)
#   - with a viewer's token    -> 403 forbidden
# among them cluster.add with gluster_command=<nobody's script>, host.add, georep.volume.refresh and
# georep.config.set ssh_command=<nobody's script>: the marker file that script would write as root must
# never appear, and nothing may be stored. Then wrong-password logins from nobody must be throttled (429 with
# Retry-After) and each raise an engine.auth.login_failed event that does not contain the password tried.
# Usage: unprivileged_attack_test.sh ENGINE_BINARY PLUGIN_DIR. Exit 0 pass, 1 fail, 77 skip (not root, no
# runuser/curl, or no GEOREP_TEST_DB). Every failed check is printed; the run goes on to show them all.
set -uo pipefail
engine=$(realpath -m "${1:?usage: unprivileged_attack_test.sh ENGINE_BINARY PLUGIN_DIR}")
plugin_dir=$(realpath -m "${2:?usage: unprivileged_attack_test.sh ENGINE_BINARY PLUGIN_DIR}")

skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "must run as root (it runs curl as the user nobody against a root engine)"
for tool in runuser curl psql python3; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
[ -n "${GEOREP_TEST_DB:-}" ] || skip "GEOREP_TEST_DB is not set (scripts/pg-temp start DIR)"
[ -x "$engine" ] || { echo "FAIL: georep-engine is not built: $engine"; exit 1; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

work=$(mktemp -d /tmp/georep-attack.XXXXXX)
chown nobody: "$work"
chmod 755 "$work"
# curl writes the answers here, as nobody or as root: created by nobody so that both can write them.
runuser -u nobody -- touch "$work/body" "$work/headers"
marker="$work/pwned-by-nobody"
dbname="georep_attack_$$_$RANDOM"
connect=$(sed -E "s/dbname=[^ ]*/dbname=$dbname/" <<<"$GEOREP_TEST_DB")
engine_pid=""
cleanup() {
  if [ -n "$engine_pid" ]; then kill -TERM "$engine_pid" 2>/dev/null; wait "$engine_pid" 2>/dev/null; fi
  psql "$GEOREP_TEST_DB" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  if [ "$failures" -eq 0 ]; then rm -rf "$work"; else echo "kept $work (engine.log) for the post-mortem"; fi
}
trap cleanup EXIT

# The hostile program, written by nobody: it would leave the marker if root ever ran it.
runuser -u nobody -- sh -c "printf '#!/bin/sh\ntouch %s\n' '$marker' > '$work/x.sh' && chmod 755 '$work/x.sh'"
[ -x "$work/x.sh" ] || { echo "FAIL: could not write the hostile script as nobody"; failures=1; exit 1; }

psql "$GEOREP_TEST_DB" -qc "CREATE DATABASE $dbname" >/dev/null || { echo "FAIL: cannot create $dbname"; failures=1; exit 1; }
# The engine's config lives in a directory of root's (the engine refuses a config others could change).
mkdir -m 700 "$work/etc"
conf="$work/etc/engine.json"
cat >"$conf" <<EOF
{"database": {"connect": "$connect", "pool_size": 8},
 "http": {"address": "127.0.0.1", "port": 0},
 "plugins": ["$plugin_dir"],
 "log_level": "info",
 "plugin_config": {"georep": {"sync": {"enabled": true, "interval_ms": 500, "config_interval_ms": 1000}}}}
EOF
chmod 600 "$conf"
"$engine" --config "$conf" >"$work/engine.log" 2>&1 &
engine_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -nE 's|.*listening on http://127\.0\.0\.1:([0-9]+).*|\1|p' "$work/engine.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$engine_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then echo "FAIL: the engine did not start:"; cat "$work/engine.log"; failures=1; exit 1; fi
base="http://127.0.0.1:$port"
echo "engine on $base (pid $engine_pid), database $dbname, work dir $work"

# post USER NAME JSON [TOKEN_HEADER_FILE] -> prints "<status> <body>"; the response headers go to $work/headers.
post() {
  local user=$1 path=$2 body=$3 auth=${4:-}
  local args=(-sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body")
  [ -n "$auth" ] && args+=(-H "@$auth")
  local code
  if [ "$user" = root ]; then code=$(curl "${args[@]}" "$base$path"); else code=$(runuser -u "$user" -- curl "${args[@]}" "$base$path"); fi
  echo "$code $(cat "$work/body" 2>/dev/null)"
}
error_code() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("error",{}).get("code",""))' "$1" 2>/dev/null; }

# --- an admin (the engine binary, as scripts/run does) and a viewer token made by that admin -----------
admin_password="attack-test-admin-$RANDOM$RANDOM"
admin_token=""
if GEOREP_ADMIN_PASSWORD=$admin_password "$engine" --config "$conf" --bootstrap-admin admin >/dev/null 2>"$work/bootstrap.err"; then
  admin_token=$("$engine" --config "$conf" --issue-token admin --token-name attack-test 2>"$work/issue.err")
fi
viewer_auth="$work/viewer.header"
admin_auth="$work/admin.header"
if [[ "$admin_token" == grt_* ]]; then
  printf 'Authorization: Bearer %s\n' "$admin_token" >"$admin_auth"
  chmod 600 "$admin_auth"
  read -r code body < <(post root /api/commands/auth.token.create '{"name":"attack-viewer","role":"viewer"}' "$admin_auth")
  viewer_token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["result"]["token"])' "$body" 2>/dev/null)
  if [ "$code" = 200 ] && [[ "$viewer_token" == grt_* ]]; then
    printf 'Authorization: Bearer %s\n' "$viewer_token" >"$viewer_auth"
    chown nobody: "$viewer_auth"; chmod 600 "$viewer_auth"
  else
    fail "admin could not create a viewer token: $code $body"
  fi
else
  fail "georep-engine --bootstrap-admin / --issue-token admin did not give a token: $(head -c 300 "$work/bootstrap.err" "$work/issue.err" 2>/dev/null | tr '\n' ' ')"
fi

# --- every mutating command, as nobody ---------------------------------------------------------------
calls=(
  "cluster.add|{\"name\":\"x\",\"transport\":\"local\",\"gluster_command\":\"$work/x.sh\"}"
  "host.add|{\"cluster\":\"x\",\"address\":\"localhost\"}"
  "georep.volume.refresh|{\"cluster\":\"x\"}"
  "georep.session.create|{\"cluster\":\"x\",\"master_volume\":\"v\",\"secondary_host\":\"localhost\",\"secondary_volume\":\"s\"}"
  "georep.session.start|{\"session_id\":1}"
  "georep.session.pause|{\"session_id\":1}"
  "georep.session.resume|{\"session_id\":1}"
  "georep.session.stop|{\"session_id\":1}"
  "georep.config.set|{\"session_id\":1,\"key\":\"ssh_command\",\"value\":\"$work/x.sh\"}"
  "georep.config.reset|{\"session_id\":1,\"key\":\"ssh_command\"}"
  "georep.session.delete|{\"session_id\":1}"
  "georep.sync.now|{}"
  "host.remove|{\"cluster\":\"other\",\"address\":\"localhost\"}"
  "cluster.remove|{\"name\":\"other\"}"
)
for entry in "${calls[@]}"; do
  name=${entry%%|*}; params=${entry#*|}
  read -r code body < <(post nobody "/api/commands/$name" "$params")
  if [ "$code" = 401 ] && [ "$(error_code "$body")" = unauthenticated ] && grep -qi '^WWW-Authenticate: Bearer' "$work/headers"; then
    pass "$name without a token: 401 unauthenticated"
  else
    fail "$name without a token: expected 401 unauthenticated with WWW-Authenticate: Bearer, got $code $body"
  fi
  if [ -f "$viewer_auth" ]; then
    read -r code body < <(post nobody "/api/commands/$name" "$params" "$viewer_auth")
    if [ "$code" = 403 ] && [ "$(error_code "$body")" = forbidden ]; then
      pass "$name with a viewer token: 403 forbidden"
    else
      fail "$name with a viewer token: expected 403 forbidden, got $code $body"
    fi
  fi
done
if [ -f "$viewer_auth" ]; then
  read -r code body < <(post nobody /api/commands/cluster.list '{}' "$viewer_auth")
  [ "$code" = 200 ] && pass "cluster.list with a viewer token: 200 (the viewer can read)" \
    || fail "cluster.list with a viewer token: $code $body"
fi

# The sync job runs every 500 ms: give a stored cluster's gluster_command time to be run.
sleep 3
if [ -e "$marker" ]; then
  fail "root ran nobody's program: $marker exists ($(stat -c '%U' "$marker"))"
else
  pass "nobody's program was never run (no $marker)"
fi
clusters=$(psql "$connect" -tAc "SELECT count(*) FROM clusters" 2>/dev/null)
[ "$clusters" = 0 ] && pass "nothing was stored (0 clusters)" || fail "the inventory has $clusters cluster(s) after the attack"

# --- brute force: throttled, and every failure is an event --------------------------------------------
wrong="wrong-password-$RANDOM"
throttled=""
for i in $(seq 1 30); do
  read -r code body < <(post nobody /api/auth/login "{\"user\":\"admin\",\"password\":\"$wrong\"}")
  if [ "$code" = 429 ]; then throttled=$i; break; fi
  [ "$code" = 401 ] || { fail "wrong-password login $i: expected 401 or 429, got $code $body"; break; }
done
if [ -n "$throttled" ] && [ "$(error_code "$body")" = rate_limited ] && grep -qi '^Retry-After: *[0-9]' "$work/headers"; then
  pass "wrong-password logins are throttled: 429 rate_limited with Retry-After after $throttled attempts"
else
  fail "30 wrong-password logins were never answered 429 rate_limited with Retry-After (last: $code $body)"
fi
# The first block lasts 1 s: too short for the next curl on a loaded machine (CI runs the lab tests beside
# this one). Each failure after a block doubles the next one (1, 2, 4 s): wait the blocks out with one more
# wrong password each until the engine asks for 4 s or more, then try the right password inside that block.
retry_after() { sed -n 's/^Retry-After: *\([0-9]*\).*/\1/Ip' "$work/headers" | head -n 1; }
retry=$(retry_after)
for round in 1 2 3 4 5 6; do
  [ -n "$throttled" ] && [ "${retry:-0}" -lt 4 ] || break
  sleep "$((${retry:-1} + 1))"
  read -r code body < <(post nobody /api/auth/login "{\"user\":\"admin\",\"password\":\"$wrong\"}")
  read -r code body < <(post nobody /api/auth/login "{\"user\":\"admin\",\"password\":\"$wrong\"}")
  [ "$code" = 429 ] && retry=$(retry_after) || retry=0
done
read -r code body < <(post nobody /api/auth/login "{\"user\":\"admin\",\"password\":\"$admin_password\"}")
[ "$code" = 429 ] && pass "while throttled (Retry-After ${retry:-?} s), even the right password is refused (429)" \
  || fail "while throttled, a login was answered $code (expected 429)"
if [ -f "$admin_auth" ]; then
  curl -sS -H "@$admin_auth" "$base/api/events?since=0&limit=1000" >"$work/events.json"
  failed_events=$(python3 -c 'import json,sys; print(sum(1 for e in json.load(open(sys.argv[1]))["events"] if e["name"]=="engine.auth.login_failed"))' "$work/events.json" 2>/dev/null)
  if [ "${failed_events:-0}" -ge 1 ]; then pass "$failed_events engine.auth.login_failed event(s)"; else fail "no engine.auth.login_failed event"; fi
  grep -q "$wrong" "$work/events.json" && fail "an event contains the password tried"
fi
grep -q "$wrong" "$work/engine.log" && fail "the engine log contains the password tried"
grep -q "$admin_password" "$work/engine.log" && fail "the engine log contains the admin password"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
