#!/usr/bin/env bash
# Starts an Isthmus server for a CI job (or any script) and writes one account's
# credentials per ACCOUNT as shell exports; stop-isthmus.sh ends it. Run it from a
# checkout where `npm ci` has run (it uses that checkout's bin/isthmus).
#
#   examples/ci/start-isthmus.sh [--dir DIR] [--listen HOST:PORT] [ACCOUNT ...]
#
# DIR (default ./isthmus-ci) receives the embedded store (store/), server.pid,
# server.log and ACCOUNT.env for each ACCOUNT (default: one account named ci), holding
# ISTHMUS_ENDPOINT, ISTHMUS_AK, ISTHMUS_SK and ISTHMUS_PROJECT_ID (which bin/isthmus
# reads) and ISTHMUS_ACCOUNT, ISTHMUS_USER, ISTHMUS_PASSWORD, ISTHMUS_REGION (for token
# logins and the console). Two accounts give a test its cross-account peerings.
# The server runs without a data plane: the API only, no root needed.
set -euo pipefail

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir=./isthmus-ci
listen=127.0.0.1:8080
accounts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --listen) listen="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "start-isthmus.sh: unknown option $1" >&2; exit 2 ;;
    *) accounts+=("$1"); shift ;;
  esac
done
[ ${#accounts[@]} -gt 0 ] || accounts=(ci)
bin="$checkout/bin/isthmus"

mkdir -p "$dir"
if [ -f "$dir/server.pid" ] && kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then
  echo "start-isthmus.sh: a server from $dir already runs (PID $(cat "$dir/server.pid"))" >&2
  exit 1
fi
# node itself in the background (not a shell function, which would fork a subshell): $! is
# then the server's own PID, the one stop-isthmus.sh signals.
LOG_LEVEL=info node "$bin" serve --listen "$listen" --data-dir "$dir/store" --dataplane none >"$dir/server.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/server.pid"
# Any failure from here on stops the server again: a CI step that fails leaves nothing running.
started=0
written=()
on_exit() {
  if [ "$started" != 1 ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true # the address is free again when this script returns
    rm -f "$dir/server.pid" "${written[@]}"
  fi
}
trap on_exit EXIT

# Ready when this server has logged that it listens and /health answers 200 (node's fetch:
# curl need not be installed); the log line makes sure the answer is not another process's
# on the same address. 30 s at most.
endpoint="http://$listen"
ready=0
for _ in $(seq 1 150); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-isthmus.sh: the server exited; its log ($dir/server.log):" >&2
    cat "$dir/server.log" >&2
    exit 1
  fi
  if grep -q 'Server listening at' "$dir/server.log" && node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$endpoint/health"; then
    ready=1
    break
  fi
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  echo "start-isthmus.sh: no answer from $endpoint/health after 30 s; stopping PID $pid" >&2
  exit 1
fi

# Each value single-quoted for the shell (a quote inside becomes '\'').
exports='
  const a = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const q = (v) => `'"'"'${String(v).replace(/'"'"'/g, `'"'"'\\'"'"''"'"'`)}'"'"'`;
  const vars = { ISTHMUS_ENDPOINT: process.argv[1], ISTHMUS_AK: a.access_key, ISTHMUS_SK: a.secret_key,
    ISTHMUS_PROJECT_ID: a.project_id, ISTHMUS_REGION: a.region, ISTHMUS_ACCOUNT: a.account_name,
    ISTHMUS_USER: a.user, ISTHMUS_PASSWORD: a.password };
  for (const [k, v] of Object.entries(vars)) process.stdout.write(`export ${k}=${q(v)}\n`);
'
umask 077 # the files hold secret keys and passwords
for account in "${accounts[@]}"; do
  created="$(node "$bin" account create "$account" --data-dir "$dir/store" --json)"
  written+=("$dir/$account.env")
  printf '%s' "$created" | node -e "$exports" "$endpoint" >"$dir/$account.env"
done
started=1
echo "isthmus: serving $endpoint (PID $pid); credentials in $(for a in "${accounts[@]}"; do printf '%s ' "$dir/$a.env"; done)"
