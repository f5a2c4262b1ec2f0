#!/usr/bin/env bash
# pg-cluster.sh — a throw-away PostgreSQL cluster for the tests, in a temporary folder, run by the
# `postgres` user and listening on a loopback port only.
#
#   scripts/pg-cluster.sh start DIR   initdb into DIR (created), start, wait until it answers;
#                                     prints the URL to connect to (postgresql://postgres@127.0.0.1:PORT)
#   scripts/pg-cluster.sh stop DIR    stops it (fast) and removes DIR
#
# Installs Debian's postgresql first when it is missing (scripts/install-deps.sh has it).
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?folder}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  "$(dirname "$0")/install-deps.sh" >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

# The cluster belongs to `postgres` (initdb refuses root); another user runs it as itself.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
elif [ "$(id -un)" != postgres ] && command -v sudo >/dev/null 2>&1 && sudo -n -u postgres true 2>/dev/null; then
  as_pg=(sudo -n -u postgres --)
fi

case "$cmd" in
start)
  mkdir -p "$dir"
  if [ ${#as_pg[@]} -gt 0 ]; then
    chown postgres: "$dir"
    # mktemp -d makes a folder only its owner may enter; postgres must reach DIR through it
    chmod o+x "$(dirname "$(readlink -f "$dir")")"
  fi
  "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # a free loopback port: ask the kernel for one
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=300" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  for _ in $(seq 1 100); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.1
  done
  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL did not answer on port $port" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
