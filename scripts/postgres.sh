#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and `make run`.
#
#   scripts/postgres.sh start DATA_DIR PORT [--watch-pid PID] [--durable]
#       initdb (if DATA_DIR is empty), start on 127.0.0.1:PORT, print the admin URL.
#       --watch-pid PID  stop and delete the cluster once process PID has exited
#       --durable        keep fsync on (benchmarks); tests run with fsync off
#   scripts/postgres.sh stop DATA_DIR
#
# PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local c
  for c in /usr/lib/postgresql/*/bin/"$name"; do [ -x "$c" ] && { echo "$c"; return; }; done
  die "missing '$name' (PostgreSQL server binaries). Install them, e.g. 'apt-get install postgresql', or use 'docker compose up'."
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; shift || true
case "$cmd" in
  start)
    dir=${1:?DATA_DIR}; port=${2:?PORT}; shift 2
    watch=""; durable=0
    while [ $# -gt 0 ]; do
      case "$1" in
        --watch-pid) watch=$2; shift 2;;
        --durable) durable=1; shift;;
        *) die "unknown option $1";;
      esac
    done
    initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    link=""
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir"; then
      # The postgres user cannot enter a parent of DATA_DIR (e.g. a checkout under `mktemp -d`,
      # mode 700): keep the cluster in a directory of its own under the temp dir, with DATA_DIR
      # a symlink to it (`stop` and a later `start` follow the link).
      [ -z "$(ls -A "$dir")" ] || die "the postgres user cannot reach $dir, and it is not empty"
      link=$dir
      dir=$(mktemp -d "${TMPDIR:-/tmp}/pg-data.XXXXXX")
      rmdir "$link" && ln -s "$dir" "$link"
    fi
    [ "$(id -u)" = 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_pg "$initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-sync >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
    fi
    opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=400"
    opts="$opts -c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min"
    if [ $durable = 0 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_pg "$pg_ctl" -D "$dir" -o "$opts" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
      || { tail -20 "$dir/postgres.log" >&2; die "pg_ctl start failed (port $port in use?)"; }
    if [ -n "$watch" ]; then
      # A reaper in its own session: it outlives a crashed or killed test process.
      setsid bash -c "while kill -0 $watch 2>/dev/null; do sleep 1; done
        $( [ "$(id -u)" = 0 ] && echo "runuser -u postgres --" ) '$pg_ctl' -D '$dir' -m immediate stop >/dev/null 2>&1
        rm -rf '$dir' '$dir.initdb.log' $( [ -n "$link" ] && echo "'$link'" )" </dev/null >/dev/null 2>&1 &
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=$(readlink -f "${1:?DATA_DIR}")
    pg_ctl=$(find_bin pg_ctl)
    [ -f "$dir/postmaster.pid" ] && as_pg "$pg_ctl" -D "$dir" -m fast stop >/dev/null
    ;;
  *)
    sed -n '2,12p' "$0"; exit 2;;
esac
