#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suites and benchmarks, from Debian's
# packages (postgresql-15 server binaries): initdb in a temporary directory as a
# non-root user, listening on 127.0.0.1 only, on a free port, trust authentication.
#
#   scripts/pg-test-cluster.sh start    # prints the URL, e.g. postgres://istpg@127.0.0.1:41234/isthmus
#   scripts/pg-test-cluster.sh url      # prints the URL of the running cluster
#   scripts/pg-test-cluster.sh halt     # stops the server, keeps its data (outage tests)
#   scripts/pg-test-cluster.sh resume   # starts it again on the same port
#   scripts/pg-test-cluster.sh stop     # stops the server and removes the cluster
#
# State (data directory, port, OS user) lives in $ISTHMUS_PG_STATE
# (default /tmp/isthmus-pg-test.env), so halt/resume/stop find the cluster again.
set -euo pipefail

STATE="${ISTHMUS_PG_STATE:-/tmp/isthmus-pg-test.env}"
DB="${ISTHMUS_PG_DB:-isthmus}"

find_bin() {
  local name="$1"
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/$name" ]; then echo "$PG_BINDIR/$name"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return; fi
  done
  command -v "$name" || { echo "pg-test-cluster: $name not found (install postgresql)" >&2; exit 1; }
}

# Runs a command as the cluster's OS user (initdb and postgres refuse to run as root).
as_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PGUSER_OS" -- "$@"
  else
    "$@"
  fi
}

pick_user() {
  if [ "$(id -u)" != 0 ]; then PGUSER_OS="$(id -un)"; return; fi
  PGUSER_OS="${ISTHMUS_PG_OS_USER:-istpg}"
  if ! id "$PGUSER_OS" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

url() {
  echo "postgres://${PGUSER_OS}@127.0.0.1:${PGPORT}/${DB}"
}

server_start() {
  as_user "$(find_bin pg_ctl)" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c max_connections=300 -c fsync=on" start >/dev/null
}

load_state() {
  if [ ! -f "$STATE" ]; then echo "pg-test-cluster: no cluster (state file $STATE missing)" >&2; exit 1; fi
  # shellcheck disable=SC1090
  . "$STATE"
}

cmd="${1:-}"
case "$cmd" in
  start)
    if [ -f "$STATE" ]; then
      . "$STATE"
      if as_user "$(find_bin pg_ctl)" -D "$PGDATA" status >/dev/null 2>&1; then url; exit 0; fi
    fi
    pick_user
    BASE="$(mktemp -d /tmp/isthmus-pg.XXXXXX)"
    chown "$PGUSER_OS" "$BASE"
    PGDATA="$BASE/data"
    PGPORT="$(free_port)"
    as_user "$(find_bin initdb)" -D "$PGDATA" -U "$PGUSER_OS" -A trust -E UTF8 --no-locale >/dev/null
    printf 'PGDATA=%q\nPGPORT=%q\nPGUSER_OS=%q\nBASE=%q\n' "$PGDATA" "$PGPORT" "$PGUSER_OS" "$BASE" >"$STATE"
    server_start
    as_user "$(find_bin createdb)" -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER_OS" "$DB"
    url
    ;;
  url)
    load_state; url ;;
  halt)
    load_state
    as_user "$(find_bin pg_ctl)" -D "$PGDATA" -m fast -w stop >/dev/null ;;
  resume)
    load_state
    server_start ;;
  stop)
    if [ ! -f "$STATE" ]; then exit 0; fi
    . "$STATE"
    as_user "$(find_bin pg_ctl)" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$BASE" "$STATE" ;;
  *)
    echo "usage: $0 start|url|halt|resume|stop" >&2; exit 2 ;;
esac
