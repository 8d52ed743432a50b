#!/usr/bin/env bash
# `make test`: every test of every crate against real parts. Starts one throwaway PostgreSQL
# cluster and one Pub/Sub emulator for the whole run (tests make their own databases and topics
# inside them), runs the tests, then the API fuzz run (scripts/api-fuzz.sh), and stops both,
# whatever happens; then the short chaos run (scripts/chaos.py --short, with its own Postgres,
# emulator and dev chain; CHAOS=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need() { command -v "$1" >/dev/null 2>&1 || { echo "test: missing '$1'. $2" >&2; exit 1; }; }
need cargo "Install Rust (https://rustup.rs)."
need psql "Install the PostgreSQL client, e.g. 'apt-get install postgresql-client'."
need java "The Pub/Sub emulator needs Java 11+, e.g. 'apt-get install openjdk-17-jre-headless'."
need curl "Install curl."

state=$root/target/testkit
mkdir -p "$state"
pg_dir=$state/pg-run-$$
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
ps_port=$(free_port)

cleanup() {
  PUBSUB_PIDFILE=$state/pubsub-$ps_port.pgid scripts/pubsub-emulator.sh stop "$ps_port" || true
  scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "$pg_dir.initdb.log"
}
trap cleanup EXIT INT TERM

echo "test: starting PostgreSQL on 127.0.0.1:$pg_port and the Pub/Sub emulator on 127.0.0.1:$ps_port"
TESTKIT_DATABASE_URL=$(scripts/postgres.sh start "$pg_dir" "$pg_port" --watch-pid $$)
PUBSUB_EMULATOR_HOST=$(PUBSUB_PIDFILE=$state/pubsub-$ps_port.pgid scripts/pubsub-emulator.sh start "$ps_port" --watch-pid $$ --log "$state/pubsub-$ps_port.log")
export TESTKIT_DATABASE_URL PUBSUB_EMULATOR_HOST
export RUST_BACKTRACE=${RUST_BACKTRACE:-0}

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast --test-threads "${TEST_THREADS:-4}" "$@"
else
  cargo test --workspace --no-fail-fast "$@"
fi
# Doc tests (nextest does not run them).
cargo test --workspace --doc --quiet
# campaign-svc's HTTP API fuzzed from its OpenAPI document (schemathesis), in this Postgres and
# emulator: no 5xx, responses as documented.
scripts/api-fuzz.sh
# The short chaos run (scripts/chaos.py --short): both services SIGKILLed and restarted under load,
# the emulator and Postgres restarted, the dev chain's faults on; then every grant is audited
# against the contract and every wallet against the ledger (lost, double-paid and mismatched must
# all be 0). It starts its own Postgres, emulator and dev chain, so this run's are stopped first
# (nothing after it may need them). CHAOS=0 skips it; so does a filtered run (arguments given)
# unless CHAOS=1.
if [ -n "${CHAOS:-}" ]; then chaos=$CHAOS why="CHAOS=$CHAOS"
elif [ $# -gt 0 ]; then chaos=0 why="a filtered run"
else chaos=1 why=""; fi
if [ "$chaos" != 0 ]; then
  cleanup
  # The debug binaries, as the tests built them: a no-op after the tests that only refreshes
  # target/debug/<bin> (`cargo build --bins` would rebuild dependencies without the
  # dev-dependencies' features: minutes, not seconds).
  cargo test --workspace --no-run --quiet
  scripts/chaos.py --short --no-build --profile debug
else
  echo "test: short chaos run skipped ($why; CHAOS=1 runs it)"
fi
