#!/usr/bin/env bash
# Stops the server start-isthmus.sh started from DIR (default ./isthmus-ci): SIGTERM to
# the PID in DIR/server.pid, then waits up to 10 s for it to exit. The store stays.
#
#   examples/ci/stop-isthmus.sh [--dir DIR]
set -euo pipefail
dir=./isthmus-ci
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    *) echo "stop-isthmus.sh: unknown argument $1 (usage: stop-isthmus.sh [--dir DIR])" >&2; exit 2 ;;
  esac
done
if [ ! -f "$dir/server.pid" ]; then
  echo "stop-isthmus.sh: no $dir/server.pid" >&2
  exit 1
fi
pid="$(cat "$dir/server.pid")"
if ! kill -TERM "$pid" 2>/dev/null; then
  rm -f "$dir/server.pid"
  echo "isthmus: PID $pid was not running"
  exit 0
fi
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
  echo "stop-isthmus.sh: PID $pid still runs after 10 s" >&2
  exit 1
fi
rm -f "$dir/server.pid"
echo "isthmus: stopped (PID $pid)"
