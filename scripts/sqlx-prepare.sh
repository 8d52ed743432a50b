#!/usr/bin/env bash
# campaign-svc's offline query data, campaign-svc/.sqlx: what sqlx's query macros (`query!`,
# `query_as!`, ...) read instead of a database when DATABASE_URL is unset or SQLX_OFFLINE=true
# (CI, the Docker build, a fresh clone). Without it campaign-svc does not build offline; with it
# stale, a schema change would only show in production.
#
#   scripts/sqlx-prepare.sh          write campaign-svc/.sqlx afresh         (make sqlx-prepare)
#   scripts/sqlx-prepare.sh --check  compare instead: exit 1 naming every stale, missing or extra
#                                    file                                    (make sqlx-check)
#   ... [-- CARGO_ARGS]              compile with `cargo CARGO_ARGS` instead of
#                                    `cargo check -p campaign-svc --lib`
#
# What `cargo sqlx prepare [--check]` does, without installing sqlx-cli:
# 1. a throwaway PostgreSQL (scripts/postgres.sh) gets campaign-svc's migrations, applied by sqlx's
#    own migrator (campaign-svc/migrate, which does not need campaign-svc compiled), and the demo
#    game table (campaign-svc/queries/demo_users_table.sql);
# 2. campaign-svc is compiled against it: DATABASE_URL set, SQLX_OFFLINE=false, and
#    SQLX_OFFLINE_DIR an empty directory, where every query macro expanded online writes its
#    query-<hash>.json (sqlx-macros-core 0.8, src/query/mod.rs). campaign-svc/src/lib.rs is touched
#    first, so cargo expands every macro again even when nothing else changed;
# 3. that directory replaces campaign-svc/.sqlx, or is compared with it.
# A build that runs with DATABASE_URL set checks the queries against that database instead
# (sqlx's rule), and fails on a query that no longer fits the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=prepare
if [ "${1:-}" = --check ]; then mode=check; shift; fi
if [ "${1:-}" = -- ]; then shift; fi
if [ $# -gt 0 ]; then compile=("$@"); else compile=(check -p campaign-svc --lib); fi
if [ $# -gt 0 ] && [ "${compile[0]}" != check ] && [ "${compile[0]}" != clippy ] && [ "${compile[0]}" != build ]; then
  echo "sqlx-prepare: after --, give cargo's arguments (check|clippy|build ...)" >&2; exit 2
fi

started=$(date +%s)
state=$root/target/sqlx-prepare
mkdir -p "$state"
pg_dir=$state/pg-$$
out=$(mktemp -d "${TMPDIR:-/tmp}/sqlx-prepare.XXXXXX")
cleanup() {
  scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "$pg_dir.initdb.log" "$out"
}
trap cleanup EXIT INT TERM

port=$(python3 scripts/harness.py free-ports)
url=$(scripts/postgres.sh start "$pg_dir" "$port" --watch-pid $$)
cargo run --quiet -p campaign-svc-migrate -- "$url" campaign-svc/queries/demo_users_table.sql
echo "sqlx-prepare: PostgreSQL on 127.0.0.1:$port migrated ($(( $(date +%s) - started )) s); compiling campaign-svc against it"

touch campaign-svc/src/lib.rs
if ! DATABASE_URL=$url SQLX_OFFLINE=false SQLX_OFFLINE_DIR=$out cargo "${compile[@]}"; then
  echo "sqlx-prepare: campaign-svc does not compile against its migrations (above)" >&2
  exit 1
fi
generated=$(find "$out" -name 'query-*.json' | wc -l)
if [ "$generated" = 0 ]; then
  echo "sqlx-prepare: the compile wrote no query data (were campaign-svc's macros expanded?)" >&2
  exit 1
fi

committed=campaign-svc/.sqlx
if [ $mode = prepare ]; then
  rm -rf "$committed"
  mkdir -p "$committed"
  cp "$out"/query-*.json "$committed"/
  echo "sqlx-prepare: wrote $generated query files to $committed ($(( $(date +%s) - started )) s)"
  exit 0
fi

# The first words of a query file's statement, to say which query it is.
query_text() {
  python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["query"].split())[:90])' "$1"
}
problems=0
for f in "$out"/query-*.json; do
  name=${f##*/}
  if [ ! -f "$committed/$name" ]; then
    echo "missing: $committed/$name ($(query_text "$f")...)"; problems=$((problems + 1))
  elif ! cmp -s "$f" "$committed/$name"; then
    echo "stale:   $committed/$name ($(query_text "$f")...)"; problems=$((problems + 1))
  fi
done
for f in "$committed"/query-*.json; do
  [ -e "$f" ] || continue
  [ -f "$out/${f##*/}" ] || { echo "extra:   $f (no query is $(query_text "$f")... any more)"; problems=$((problems + 1)); }
done
if [ $problems -gt 0 ]; then
  echo "sqlx-check: campaign-svc/.sqlx does not match the queries and migrations ($problems files); run 'make sqlx-prepare' and commit campaign-svc/.sqlx" >&2
  exit 1
fi
echo "sqlx-check: campaign-svc/.sqlx matches its $generated queries ($(( $(date +%s) - started )) s)"
