#!/usr/bin/env bash
# Stops the server start-isthmus.sh started from DIR (default ./isthmus-ci): SIGTERM to
# the PID in DIR/server.pid, then waits up to 10 s for it to exit. The store stays.
#
#   examples/ci/stop-isthmus.sh [--dir DIR]
set -euo pipefail
dir=./isthmus-ci
if [ "${1:-}" = --dir ]; then dir="$2"; fi
if [ ! -f "$dir/server.pid" ]; then
  echo "stop-isthmus.sh: no $dir/server.pid" >&2
  exit 1
fi
pid="$(cat "$dir/server.pid")"
if kill -TERM "$pid" 2>/dev/null; then
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-isthmus.sh: PID $pid still runs after 10 s" >&2
    exit 1
  fi
fi
rm -f "$dir/server.pid"
echo "isthmus: stopped (PID $pid)"
