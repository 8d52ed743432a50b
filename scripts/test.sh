#!/usr/bin/env bash
# `make test`: every test of every crate against real parts. Starts one throwaway PostgreSQL
# cluster, one Pub/Sub emulator and one real Movement local chain (scripts/localnet.sh: the real
# Move VM, with move/jobs published) for the whole run (tests make their own databases, topics and
# chain accounts inside them), runs the Move unit tests (make move-test), the conformance suite
# (make conformance: a fresh dev chain held to a fresh local chain of its own), the upgrade check
# (make upgrade-check: move/jobs published over the contract it replaced), every
# crate's tests (the end-to-end ones on the dev chain and on the local chain) and the API fuzz run
# (scripts/api-fuzz.sh), and stops all three, whatever happens; then the short chaos run (scripts/chaos.py --short, with its own
# Postgres, emulator and dev chain; CHAOS=0 skips it).
#
# The Movement CLI is found by scripts/movement-cli.sh ($MOVEMENT_CLI, PATH, ../shared/tools).
# Without it the run fails and says so, unless LOCALNET=0 (then every test and step that needs the
# real chain is skipped, and the run says which).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need() { command -v "$1" >/dev/null 2>&1 || { echo "test: missing '$1'. $2" >&2; exit 1; }; }
need cargo "Install Rust (https://rustup.rs)."
need psql "Install the PostgreSQL client, e.g. 'apt-get install postgresql-client'."
need java "The Pub/Sub emulator needs Java 11+, e.g. 'apt-get install openjdk-17-jre-headless'."
need curl "Install curl."
localnet=${LOCALNET:-1}
if [ "$localnet" != 0 ] && ! scripts/movement-cli.sh >/dev/null; then
  echo "test: the Movement CLI is missing (see above); the real-VM tests need it. LOCALNET=0 skips them." >&2
  exit 1
fi

state=$root/target/testkit
mkdir -p "$state"
pg_dir=$state/pg-run-$$
free_port() { python3 "$root/scripts/harness.py" free-ports; }
pg_port=$(free_port)
ps_port=$(free_port)
ln_dir=$state/localnet-run-$$

cleanup() {
  PUBSUB_PIDFILE=$state/pubsub-$ps_port.pgid scripts/pubsub-emulator.sh stop "$ps_port" || true
  scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "$pg_dir.initdb.log"
  if [ -d "$ln_dir" ]; then scripts/localnet.sh stop "$ln_dir" >/dev/null 2>&1 || true; rm -rf "$ln_dir"; fi
}
trap cleanup EXIT INT TERM

echo "test: starting PostgreSQL on 127.0.0.1:$pg_port and the Pub/Sub emulator on 127.0.0.1:$ps_port"
TESTKIT_DATABASE_URL=$(scripts/postgres.sh start "$pg_dir" "$pg_port" --watch-pid $$)
PUBSUB_EMULATOR_HOST=$(PUBSUB_PIDFILE=$state/pubsub-$ps_port.pgid scripts/pubsub-emulator.sh start "$ps_port" --watch-pid $$ --log "$state/pubsub-$ps_port.log")
export TESTKIT_DATABASE_URL PUBSUB_EMULATOR_HOST
export RUST_BACKTRACE=${RUST_BACKTRACE:-0}
filter=()
if [ "$localnet" != 0 ]; then
  echo "test: starting Movement's local chain (scripts/localnet.sh) in $ln_dir"
  mkdir -p "$ln_dir"
  scripts/localnet.sh start "$ln_dir" --operators 0 --watch-pid $$ --log "$state/localnet-$$.log" >/dev/null
  export TESTKIT_LOCALNET_ENV=$ln_dir/env
  # The Move unit tests need only the CLI; a filtered run leaves them out.
  if [ $# -eq 0 ]; then
    make --no-print-directory move-test
    # The dev chain held to the real one: one suite, both chains, each started fresh for it by
    # scripts/conformance.sh (a local chain is ready in seconds). Gas depends on the contract's
    # paid-id trie (move/jobs keeps paid ids in shared leaves), so the suite needs both chains
    # to start from the same, empty trie, and the tests below need the trie the suite leaves
    # behind no more than the suite needs theirs: on this run's chain after the tests, a
    # two-grant job found a leaf the fresh dev chain had to create; before them, the thousands of
    # ids it paid put a full 473-grant batch of a test over the execution limit (a cascading
    # split).
    env -u CONFORMANCE_LOCALNET_ENV make --no-print-directory conformance
    # Upgrade without forgetting: move/jobs published over the contract it replaced, from an
    # account of its own on this run's chain, still refuses an id paid under the old one.
    UPGRADE_LOCALNET_ENV=$ln_dir/env make --no-print-directory upgrade-check
  fi
else
  echo "test: LOCALNET=0: no Move unit tests, no conformance, and the end-to-end tests run on the dev chain only"
  filter=(-E 'not test(/real_local_chain/)')
fi

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast --test-threads "${TEST_THREADS:-4}" "${filter[@]}" "$@"
else
  if [ "$localnet" = 0 ] && [ $# -eq 0 ]; then set -- -- --skip real_local_chain; fi
  cargo test --workspace --no-fail-fast "$@"
fi
# Doc tests (nextest does not run them).
cargo test --workspace --doc --quiet
# The harness bench.py and chaos.py run on (scripts/harness.py): its ports and parameters.
python3 -m unittest discover -s scripts/tests -p 'test_harness.py'
# campaign-svc's HTTP API fuzzed from its OpenAPI document (schemathesis), in this Postgres and
# emulator: no 5xx, responses as documented.
scripts/api-fuzz.sh
# The short chaos run (scripts/chaos.py --short): both services SIGKILLed and restarted under load,
# the emulator and Postgres restarted, the dev chain's faults on; then every grant is audited
# against the contract and every wallet against the ledger (lost, double-paid and mismatched must
# all be 0). Then the same on the real local chain (--chain localnet: kills and restarts, no chain
# faults), unless LOCALNET=0. It starts its own Postgres, emulator and chain, so this run's are
# stopped first (nothing after it may need them). CHAOS=0 skips it; so does a filtered run
# (arguments given) unless CHAOS=1.
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
  if [ "$localnet" != 0 ]; then
    scripts/chaos.py --short --no-build --profile debug --chain localnet
  fi
else
  echo "test: short chaos run skipped ($why; CHAOS=1 runs it)"
fi
